import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { readSubmission, UnreadableSubmission } from "../../../sources/submission/read.ts";
import { csv, HEADER_EN, HEADER_VI, toCp1258, toUtf16, xlsxOf } from "./helpers.ts";

const RECORDS = [
  ["Báo cáo số liệu quý 3 năm 2025"],
  [],
  HEADER_VI,
  HEADER_EN,
  ["vneid-activation-rate", "TP.HCM", "Quý 3/2025", "85,5", "", "", "Sơ bộ", "Báo cáo 123/BC-CA", "Ghi chú: đã đối chiếu"],
];

const texts = async (bytes: Uint8Array, name = "so-lieu.csv") => {
  const read = await readSubmission(bytes, name);
  return { read, rows: read.sheets[0]!.rows.map((r) => [r.row, r.cells.map((c) => c.text)]) };
};

describe("CSV as offices save it", () => {
  it.each([
    ["UTF-8", (t: string) => Buffer.from(t, "utf8"), "utf-8"],
    ["UTF-8 with BOM", (t: string) => Buffer.from(`\ufeff${t}`, "utf8"), "utf-8-bom"],
    ["UTF-16 LE with BOM", (t: string) => toUtf16(t, "le"), "utf-16le"],
    ["UTF-16 BE with BOM", (t: string) => toUtf16(t, "be"), "utf-16be"],
    ["UTF-16 LE without BOM", (t: string) => iconv.encode(t, "utf-16le"), "utf-16le"],
    ["Windows-1258", toCp1258, "windows-1258"],
  ])("%s", async (_, encode, encoding) => {
    for (const delimiter of [",", ";", "\t"]) {
      const { read, rows } = await texts(encode(csv(RECORDS, delimiter)));
      expect(read).toMatchObject({ format: "csv", encoding, delimiter });
      expect(read.sheets[0]!.name).toBe("so-lieu");
      // Empty rows are dropped but the others keep the numbers Excel shows.
      expect(rows).toEqual([
        [1, ["Báo cáo số liệu quý 3 năm 2025"]],
        [3, HEADER_VI],
        [4, HEADER_EN],
        [5, ["vneid-activation-rate", "TP.HCM", "Quý 3/2025", "85,5", "Sơ bộ", "Báo cáo 123/BC-CA", "Ghi chú: đã đối chiếu"]],
      ]);
      // NFC after decoding: the composed letters compare equal to the catalog's.
      expect((rows[0]![1] as string[])[0]).toBe("Báo cáo số liệu quý 3 năm 2025".normalize("NFC"));
    }
  });

  it("picks the semicolon over the commas of decimal figures, with or without quotes", async () => {
    const body = [HEADER_VI.join(";"), "a;VN-SG;2024;85,5;1,5;2,5;;;", "b;VN-SG;2024;12,25;;;;;"].join("\n");
    const { read, rows } = await texts(Buffer.from(body));
    expect(read.delimiter).toBe(";");
    expect(rows[1]![1]).toEqual(["a", "VN-SG", "2024", "85,5", "1,5", "2,5"]);
  });

  it("honours Excel's sep= line and does not count it as a row", async () => {
    const { read, rows } = await texts(Buffer.from(`sep=;\n${HEADER_VI.join(";")}\na;VN-SG;2024;1\n`));
    expect(read.delimiter).toBe(";");
    expect(rows[0]).toEqual([1, HEADER_VI]);
  });

  it("ignores empty trailing rows and columns", async () => {
    const { rows } = await texts(Buffer.from(`${HEADER_VI.join(",")},,,\r\na,VN-SG,2024,1,,,,,,,\r\n,,,,\r\n\r\n;;\r\n`));
    expect(rows).toEqual([
      [1, HEADER_VI],
      [2, ["a", "VN-SG", "2024", "1"]],
      [5, [";;"]],
    ]);
  });

  it("refuses text in no encoding it knows, naming what it may be", async () => {
    // "Mã chỉ số" in TCVN3 (ABC), the legacy Vietnamese font encoding: valid bytes, wrong letters.
    const tcvn3 = Buffer.from([0x4d, 0xb8, 0x20, 0x63, 0x68, 0xd8, 0x20, 0x73, 0xe8, 0x0a, 0x61, 0xb5, 0xb6]);
    await expect(readSubmission(tcvn3, "x.csv")).rejects.toBeInstanceOf(UnreadableSubmission);
    await expect(readSubmission(iconv.encode(`${HEADER_VI.join(",")}\n東京,1`, "shift_jis"), "x.csv")).rejects.toThrow(/not UTF-8, UTF-16 or Windows-1258/);
  });

  it("refuses old .xls and HTML saved as a spreadsheet, telling how to save it", async () => {
    await expect(readSubmission(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), "x.xls")).rejects.toThrow(/save it as \.xlsx/);
    await expect(readSubmission(Buffer.from("<html><table><tr><td>1</td></tr></table></html>"), "x.xls")).rejects.toThrow(/HTML/);
  });
});

describe("XLSX as offices save it", () => {
  it("reads every sheet, keeps a title merged across the top in its first cell only, and a merged indicator in every row", async () => {
    const bytes = await xlsxOf(
      { "Số liệu": [["BÁO CÁO"], HEADER_VI, HEADER_EN, ["ecommerce-revenue", "VN-SG", "2024", 1], [null, "VN", "2024", 2]], "Ghi chú": [["Người lập biểu"]] },
      (wb) => {
        const ws = wb.getWorksheet("Số liệu")!;
        ws.mergeCells("A1:I1");
        ws.mergeCells("A4:A5");
      },
    );
    const read = await readSubmission(bytes, "so-lieu.xlsx");
    expect(read.format).toBe("xlsx");
    expect(read.sheets.map((s) => s.name)).toEqual(["Số liệu", "Ghi chú"]);
    const rows = read.sheets[0]!.rows;
    expect(rows[0]!.cells).toHaveLength(1);
    expect(rows[4]!.cells.map((c) => [c.col, c.text])).toEqual([
      [1, "ecommerce-revenue"],
      [2, "VN"],
      [3, "2024"],
      [4, "2"],
    ]);
  });

  it("hands over formulas as formulas, never their cached result; percent formats, dates and rich text as shown", async () => {
    const bytes = await xlsxOf(
      { S: [[{ formula: "B1*100", result: 85 }, 0.855, new Date(Date.UTC(2024, 8, 1)), { richText: [{ text: "Quý " }, { text: "3/2024" }] }]] },
      (wb) => {
        wb.getWorksheet("S")!.getCell("B1").numFmt = "0.0%";
      },
    );
    const [a, b, c, d] = (await readSubmission(bytes, "f.xlsx")).sheets[0]!.rows[0]!.cells;
    expect(a).toEqual({ col: 1, kind: "formula", text: "=B1*100" });
    expect(b).toMatchObject({ kind: "number", number: 0.855, percentFormat: true });
    expect(c).toMatchObject({ kind: "date" });
    expect(d).toMatchObject({ kind: "text", text: "Quý 3/2024" });
  });

  it("tells an XLSX by its bytes, whatever its name, and refuses a damaged one", async () => {
    const bytes = await xlsxOf({ S: [["x"]] });
    expect((await readSubmission(bytes, "renamed.csv")).format).toBe("xlsx");
    await expect(readSubmission(bytes.subarray(0, 200), "cut.xlsx")).rejects.toBeInstanceOf(UnreadableSubmission);
  });
});
