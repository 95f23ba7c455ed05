import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../../pipelines/cli/main.ts";
import { template } from "../../../pipelines/cli/template.ts";
import { validate } from "../../../pipelines/cli/validate.ts";
import { CliError } from "../../../pipelines/cli/errors.ts";
import { INDICATORS, NOW, TARGETS, csv, sheetAsRecords, toCp1258, toUtf16 } from "./helpers.ts";

// Generated while the tests run and removed after them (see tests/fixtures/README.md).
const DIR = join(import.meta.dirname, "../../fixtures/submission", `run-${process.pid}`);
const catalog = { indicators: INDICATORS, targets: TARGETS, documents: [] };
const quiet = { catalog, now: NOW, print: () => {} };

beforeAll(() => mkdirSync(DIR, { recursive: true }));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

/** Runs `chiso validate` on files; its exit code, its lines and, with json, what it printed. */
async function validated(files: string[], opts: { json?: boolean; lang?: string } = {}) {
  const lines: string[] = [];
  const code = await validate(files, { ...quiet, ...opts, print: (l) => lines.push(l) });
  return { code, lines, json: opts.json ? JSON.parse(lines.join("\n")) : undefined };
}

/** What the department types: decimal commas, thousands dots and "Quý 3/2025", as text. */
const FILL: Record<string, string> = { "vneid-activation-rate": "85,5", "chip-id-applications": "8.500.000", "ecommerce-revenue": "12.500,75" };

const withoutPlace = (figures: { file: string; sheet: string }[]) => figures.map(({ file, sheet, ...f }) => f);

describe("a template, filled in and saved the ways offices save it", () => {
  it("validates clean as XLSX, as semicolon CSV in Windows-1258 and UTF-16, and as Unicode text, to the same rows", async () => {
    const blank = join(DIR, "template.xlsx");
    await template({ ...quiet, indicator: ["vneid-activation-rate", "chip-id-applications,ecommerce-revenue"], period: "2025-Q3", out: blank });

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(blank) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Số liệu - Figures", "Mã - Codes"]);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell("A3").text).toBe("Mã chỉ số");
    expect(ws.getCell("A4").text).toBe("Indicator ID");
    expect(ws.getCell("A5").note).toBeTruthy();
    let filled = 0;
    ws.eachRow((row, n) => {
      const value = FILL[row.getCell(1).text];
      if (n < 5 || !value) return;
      row.getCell(3).value = "Quý 3/2025";
      row.getCell(4).value = value;
      if (row.getCell(2).text === "VN") row.getCell(7).value = "Sơ bộ";
      filled++;
    });
    expect(filled).toBe(4); // ecommerce-revenue is asked for the city and the country
    const xlsx = join(DIR, "filled.xlsx");
    writeFileSync(xlsx, Buffer.from(await wb.xlsx.writeBuffer()));

    const records = sheetAsRecords(ws);
    const cp1258 = join(DIR, "filled-1258.csv");
    const utf16 = join(DIR, "filled-utf16.csv");
    const unicodeText = join(DIR, "filled-unicode.txt");
    writeFileSync(cp1258, toCp1258(csv(records, ";")));
    writeFileSync(utf16, toUtf16(csv(records, ";")));
    writeFileSync(unicodeText, toUtf16(csv(records, "\t")));

    const { code, json, lines } = await validated([xlsx, cp1258, utf16, unicodeText], { json: true });
    expect(lines.join("\n")).not.toContain('"rule"');
    expect(code).toBe(0);
    expect(json.files.map((f: { encoding: string | null; delimiter: string | null }) => [f.encoding, f.delimiter])).toEqual([
      [null, null],
      ["windows-1258", ";"],
      ["utf-16le", ";"],
      ["utf-16le", "\t"],
    ]);
    const byFile = (name: string) => json.figures.filter((f: { file: string }) => f.file === name);
    const fromXlsx = byFile(xlsx);
    expect(
      fromXlsx.map((f: { indicatorId: string; geo: string; period: string; value: number; status: string; row: number }) => [
        f.indicatorId,
        f.geo,
        f.period,
        f.value,
        f.status,
        f.row,
      ]),
    ).toEqual([
      ["vneid-activation-rate", "VN-SG", "2025-Q3", 85.5, "final", 5],
      ["chip-id-applications", "VN-SG", "2025-Q3", 8_500_000, "final", 6],
      ["ecommerce-revenue", "VN-SG", "2025-Q3", 12_500.75, "final", 7],
      ["ecommerce-revenue", "VN", "2025-Q3", 12_500.75, "provisional", 8],
    ]);
    for (const other of [cp1258, utf16, unicodeText]) expect(withoutPlace(byFile(other))).toEqual(withoutPlace(fromXlsx));
  });

  it("reads its own CSV template, with the indicators described above the header, refilled as Windows-1258", async () => {
    const blank = join(DIR, "template.csv");
    await template({ ...quiet, format: "csv", out: blank });
    const empty = await validated([blank], { lang: "en" });
    expect([empty.code, empty.lines[0]]).toEqual([1, `${blank}: The file has no figures filled in. [empty-submission]`]);

    const records: string[][] = parse(readFileSync(blank), { bom: true, relax_column_count: true });
    expect(records.some((r) => r[0]?.startsWith("fully-online-procedures: ") && r[0].includes("≥ 80 (2025, 2393/QĐ-UBND)"))).toBe(true);
    const row = records.findIndex((r) => r[0] === "fully-online-procedures");
    records[row]![3] = "85,5";
    records[row]![2] = "năm 2025";
    const filled = join(DIR, "filled-template.csv");
    // "≥" is not in Windows-1258; an office saving in that code page would have lost it.
    writeFileSync(
      filled,
      toCp1258(
        csv(
          records.map((r) => r.map((c) => c.replace(/≥/g, ">="))),
          ";",
        ),
      ),
    );
    const clean = await validated([filled], { json: true });
    expect(clean.json.problems).toEqual([]);
    expect(
      clean.json.figures.map((f: { indicatorId: string; period: string; value: number; row: number }) => [f.indicatorId, f.period, f.value, f.row]),
    ).toEqual([["fully-online-procedures", "2025", 85.5, row + 1]]);
  });

  it("prints every problem of every file with file, sheet, row and column, and exits 1", async () => {
    const bad = join(DIR, "bad.csv");
    writeFileSync(
      bad,
      csv([
        ["Mã chỉ số / Indicator ID", "Địa bàn / Geography", "Kỳ / Period", "Giá trị / Value"],
        ["fully-online-procedures", "VN-SG", "2025", "120"],
        ["fully-online-procedures", "VN-SG", "2024", "=1+1"],
      ]),
    );
    const missing = join(DIR, "no-such-file.xlsx");
    const { code, lines } = await validated([bad, missing]);
    expect(code).toBe(1);
    expect(lines.slice(0, 3)).toEqual([
      `${bad}, trang/sheet "bad", dòng/row 2, cột/column D (Giá trị / Value), "120": Giá trị 120 ngoài khoảng cho phép của đơn vị phần trăm (%): từ 0 đến 100. | The value 120 is outside the range for percent (%): 0 to 100. [out-of-range]`,
      `${bad}, trang/sheet "bad", dòng/row 3, cột/column D (Giá trị / Value), "=1+1": Nội dung bắt đầu bằng =, +, - hoặc @ mà không phải là số: bị từ chối và không được tính. | The text starts with =, +, - or @ and is not a number: refused, never evaluated. [formula-like-text]`,
      `${missing}: Không tìm thấy tệp. | No such file. [unreadable-file]`,
    ]);
    const vi = await validated([bad], { lang: "vi" });
    expect(vi.lines[0]).toBe(
      `${bad}, trang "bad", dòng 2, cột D (Giá trị), "120": Giá trị 120 ngoài khoảng cho phép của đơn vị phần trăm (%): từ 0 đến 100. [out-of-range]`,
    );
  });
});

describe("the command line", () => {
  it("takes FILE operands for validate only, and refuses bad options", async () => {
    await expect(main(["validate"])).rejects.toThrow(/at least one FILE/);
    await expect(main(["status", "stray"])).rejects.toBeInstanceOf(CliError);
    await expect(main(["template", "stray"])).rejects.toThrow(/positional/i);
    await expect(validate([join(DIR, "x.csv")], { ...quiet, lang: "fr" })).rejects.toThrow(/--lang/);
    await expect(template({ ...quiet, format: "ods" })).rejects.toThrow(/--format/);
    await expect(template({ ...quiet, indicator: ["mobile-subscriptions"] })).rejects.toThrow(/takes no submissions/);
    await expect(template({ ...quiet, indicator: ["fully-online-procedures"], period: "2025-Q3" })).rejects.toThrow(/does not take the period 2025-Q3/);
  });

  it("writes a template of the real catalog and checks it, through main", async () => {
    const out = join(DIR, "real.xlsx");
    const log = console.log;
    const printed: string[] = [];
    console.log = (line: string) => printed.push(line);
    try {
      expect(await main(["template", "--out", out])).toBe(0);
      expect(await main(["validate", out, "--json"])).toBe(1);
    } finally {
      console.log = log;
    }
    const report = JSON.parse(printed.slice(1).join("\n"));
    expect(report.problems.map((p: { rule: string }) => p.rule)).toEqual(["empty-submission"]);
    expect(report.files[0].blankRows).toBeGreaterThan(10);
  });
});
