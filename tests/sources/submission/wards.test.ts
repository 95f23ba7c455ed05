import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { Indicator } from "../../../schemas/indicator.ts";
import { checkSubmission, submissionContext, TemplateError, writeTemplate } from "../../../sources/submission/index.ts";
import { LISTS_SHEET } from "../../../sources/submission/template.ts";
import { INDICATORS, NOW, SOURCE_KINDS, TARGETS } from "./helpers.ts";

/** A test indicator a department reports for the city and for every ward (no real one does yet). */
const WARD_INDICATOR = Indicator.parse({
  id: "ward-digital-kiosks",
  name: { vi: "Số ki-ốt số", en: "Digital kiosks" },
  definition: { vi: "Số ki-ốt dịch vụ công số.", en: "Number of digital public-service kiosks." },
  unit: "count",
  domain: "digital-government",
  direction: "higher-is-better",
  geographies: ["VN-SG", "VN-SG/wards"],
  periodicity: "annual",
  dataGap: { vi: "Sở báo cáo", en: "Department reports" },
});
const ctx = () => submissionContext({ indicators: [...INDICATORS, WARD_INDICATOR], targets: TARGETS }, SOURCE_KINDS, NOW);

async function workbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return wb;
}

describe("a submission template with an indicator reported for every ward", () => {
  it("has one row per ward, validated against a hidden list, and a filled copy validates clean", async () => {
    const { bytes, rows } = await writeTemplate(ctx(), { indicatorIds: ["ward-digital-kiosks,fully-online-procedures"], period: "2025", format: "xlsx" });
    expect(rows.filter((r) => r.indicator.id === "ward-digital-kiosks").map((r) => r.geo)).toHaveLength(169);
    const wb = await workbook(bytes);
    expect(wb.worksheets.map((w) => [w.name, w.state])).toEqual([
      ["Số liệu - Figures", "visible"],
      ["Mã - Codes", "visible"],
      [LISTS_SHEET, "hidden"],
    ]);
    const ws = wb.getWorksheet("Số liệu - Figures")!;
    const lists = wb.getWorksheet(LISTS_SHEET)!;
    expect(lists.getCell("A1").text).toBe("VN-SG");
    expect(lists.getCell("A2").text).toBe("VN-SG-25747");
    expect(lists.getCell("A169").text).toBe("VN-SG-27676");
    const formulaOf = (row: number) => ws.getCell(row, 2).dataValidation.formulae?.[0];
    // Excel refuses a list typed into the cell longer than 255 characters: 169 codes are a range.
    expect(formulaOf(5)).toBe(`'${LISTS_SHEET}'!$A$1:$A$169`);
    expect(formulaOf(173)).toBe(`'${LISTS_SHEET}'!$A$1:$A$169`);
    expect(ws.getCell(174, 1).text).toBe("fully-online-procedures");
    expect(formulaOf(174)).toBe('"VN-SG"');
    // The codes sheet names the wards, so a clerk can find theirs.
    const codes: string[] = [];
    wb.getWorksheet("Mã - Codes")!.eachRow((r) => codes.push(`${r.getCell(1).text}|${r.getCell(2).text}`));
    expect(codes).toContain("VN-SG-26740|Phường Sài Gòn");
    expect(codes.find((c) => c.startsWith("ward-digital-kiosks|"))).toBeDefined();

    // Counts for the kiosks, and a share for the other indicator's one row.
    ws.eachRow((row, n) => {
      if (n >= 5) row.getCell(4).value = n % 100;
    });
    const filled = Buffer.from(await wb.xlsx.writeBuffer());
    const checked = await checkSubmission(filled, "filled.xlsx", ctx());
    expect(checked.problems).toEqual([]);
    expect(checked.figures).toHaveLength(170);
    expect(checked.figures.find((f) => f.geo === "VN-SG-26732")).toMatchObject({
      indicatorId: "ward-digital-kiosks",
      period: "2025",
      value: expect.any(Number),
    });
  });

  it("refuses a ward of another province, an unlisted code and a ward before it existed, each with its reason", async () => {
    const { bytes } = await writeTemplate(ctx(), { indicatorIds: ["ward-digital-kiosks"], period: "2025", format: "xlsx" });
    const wb = await workbook(bytes);
    const ws = wb.getWorksheet("Số liệu - Figures")!;
    ws.eachRow((row, n) => {
      if (n >= 5) row.getCell(4).value = 3;
    });
    ws.getCell("B6").value = "VN-HN-00004";
    ws.getCell("B7").value = "VN-SG-99999";
    ws.getCell("C8").value = "2024";
    const checked = await checkSubmission(Buffer.from(await wb.xlsx.writeBuffer()), "filled.xlsx", ctx());
    expect(checked.problems.map((p) => [p.row, p.column, p.rule, p.en])).toEqual([
      [6, "B", "geography-not-covered", "Not a valid geography for this indicator; allowed: VN-SG, every ward and commune of Ho Chi Minh City (VN-SG-xxxxx)."],
      [7, "B", "geography-not-covered", "Not a valid geography for this indicator; allowed: VN-SG, every ward and commune of Ho Chi Minh City (VN-SG-xxxxx)."],
      [8, "C", "ward-not-yet", "Phường Bình Dương (VN-SG-25760) exists only from 2025-07-01; the period 2024 is before it."],
    ]);
    expect(checked.problems[2]!.vi).toBe("Phường Bình Dương (VN-SG-25760) chỉ có từ ngày 2025-07-01; kỳ 2024 ở trước đó.");
    expect(checked.problems[0]!.vi).toContain("được phép: VN-SG, mọi phường, xã, đặc khu của TP. Hồ Chí Minh (VN-SG-xxxxx).");
  });

  it("asks for no ward before the wards existed", async () => {
    const { rows } = await writeTemplate(ctx(), { indicatorIds: ["ward-digital-kiosks"], period: "2024", format: "csv" });
    expect(rows.map((r) => r.geo)).toEqual(["VN-SG"]);
    const wardsOnly = Indicator.parse({ ...WARD_INDICATOR, id: "ward-only-kiosks", geographies: ["VN-SG/wards"] });
    const only = submissionContext({ indicators: [wardsOnly], targets: [] }, SOURCE_KINDS, NOW);
    await expect(writeTemplate(only, { indicatorIds: ["ward-only-kiosks"], period: "2024", format: "csv" })).rejects.toThrow(TemplateError);
    await expect(writeTemplate(only, { indicatorIds: ["ward-only-kiosks"], period: "2024", format: "csv" })).rejects.toThrow(
      'indicator "ward-only-kiosks" is reported by ward, and the wards exist only from 2025-07-01: not for 2024',
    );
  });
});
