import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { Indicator, type IndicatorInput } from "../../../schemas/indicator.ts";
import { Target } from "../../../schemas/target.ts";
import { submissionContext, type SubmissionContext } from "../../../sources/submission/index.ts";

/** A small catalog with one indicator of each kind the rules tell apart; values invented for tests. */
const base = (id: string, over: Partial<IndicatorInput>): Indicator =>
  Indicator.parse({
    id,
    name: { vi: `Chỉ số ${id}`, en: `Indicator ${id}` },
    definition: { vi: "Định nghĩa thử nghiệm.", en: "A test definition." },
    unit: "percent",
    domain: "digital-government",
    direction: "higher-is-better",
    geographies: ["VN-SG"],
    periodicity: "annual",
    dataGap: { vi: "Sở báo cáo", en: "Department reports" },
    ...over,
  });

export const INDICATORS: Indicator[] = [
  base("fully-online-procedures", {}),
  base("vneid-activation-rate", { periodicity: "irregular", series: [{ source: "report", seriesCode: "x", geo: "VN-SG" }] }),
  base("chip-id-applications", { unit: "count", periodicity: "irregular" }),
  base("mobile-subscriptions", { unit: "per-100-people", series: [{ source: "worldbank", seriesCode: "IT.CEL.SETS.P2", geo: "VN" }] }),
  base("fixed-broadband-subscriptions", {
    unit: "per-100-people",
    series: [
      { source: "worldbank", seriesCode: "IT.NET.BBND.P2", geo: "VN" },
      { source: "report", seriesCode: "y", geo: "VN-SG" },
    ],
  }),
  base("labour-productivity-growth", {}),
  base("e-government-ranking", { unit: "rank", direction: "lower-is-better" }),
  base("ecommerce-revenue", { unit: "vnd-billion", periodicity: "quarterly", geographies: ["VN-SG", "VN"] }),
  base("public-wifi-sessions", { unit: "count", periodicity: "monthly" }),
];

export const TARGETS: Target[] = [
  Target.parse({
    id: "fully-online-procedures-test",
    indicatorId: "fully-online-procedures",
    comparator: ">=",
    value: 80,
    deadline: 2025,
    document: { id: "decision-2393", number: "2393/QĐ-UBND", date: "2023-06-01", clause: "II.1", seed: "001_0123456789abcdef.txt" },
    wording: { vi: "tối thiểu 80%", en: "at least 80%" },
  }),
];

export const SOURCE_KINDS = new Map([
  ["worldbank", "api"],
  ["report", "report"],
]);

export const NOW = new Date("2026-06-15T00:00:00Z");

export const context = (): SubmissionContext => submissionContext({ indicators: INDICATORS, targets: TARGETS }, SOURCE_KINDS, NOW);

export const HEADER_VI = ["Mã chỉ số", "Địa bàn", "Kỳ", "Giá trị", "Tử số", "Mẫu số", "Tình trạng", "Văn bản nguồn", "Ghi chú"];
export const HEADER_EN = ["Indicator ID", "Geography", "Period", "Value", "Numerator", "Denominator", "Status", "Source document", "Note"];

/**
 * Vietnamese as Windows-1258 writes it: the code page has the vowels with circumflex, breve and
 * horn (ô, ă, ơ) but not the tones, which follow as combining marks ("ố" is "ô" + U+0301).
 */
export function toCp1258(text: string): Buffer {
  const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;
  const split = [...text.normalize("NFC")]
    .map((ch) => {
      const d = ch.normalize("NFD");
      const tones = d.match(TONES)?.join("") ?? "";
      return d.replace(TONES, "").normalize("NFC") + tones;
    })
    .join("");
  const bytes = iconv.encode(split, "windows-1258");
  if (iconv.decode(bytes, "windows-1258").normalize("NFC") !== text.normalize("NFC")) throw new Error("text not representable in Windows-1258");
  return bytes;
}

/** UTF-16 with its BOM, as Excel's "Unicode text" saves. */
export const toUtf16 = (text: string, endian: "le" | "be" = "le"): Buffer =>
  endian === "le"
    ? Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, "utf-16le")])
    : Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, "utf-16be")]);

export const csv = (records: string[][], delimiter = ","): string => stringify(records, { delimiter, record_delimiter: "windows" });

/** A worksheet's cells as the text a person sees, row by row, with its empty rows kept: what "Save as CSV" writes. */
export function sheetAsRecords(ws: ExcelJS.Worksheet): string[][] {
  const records: string[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= 9; c++) {
      const cell = row.getCell(c);
      cells.push(cell.isMerged && cell.master.address !== cell.address ? "" : cell.text);
    }
    records.push(cells);
  }
  return records;
}

/** A workbook with one sheet of rows (row 1 first), returned as .xlsx bytes. */
export async function xlsxOf(sheets: Record<string, (string | number | null | ExcelJS.CellValue)[][]>, edit?: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    rows.forEach((r, i) => {
      ws.getRow(i + 1).values = r as ExcelJS.CellValue[];
    });
  }
  edit?.(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
