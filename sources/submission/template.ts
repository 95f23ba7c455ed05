import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import { EVERY_WARD, EVERY_WARD_LABEL, WARDS, spelledOut } from "../../schemas/geography/wards.ts";
import type { Indicator } from "../../schemas/indicator.ts";
import type { Target } from "../../schemas/target.ts";
import { MERGER_DATE, beforeWardExisted } from "../../schemas/territory.ts";
import { COLUMNS } from "./header.ts";
import { PERIODICITY_NAMES, UNIT_NAMES } from "./messages.ts";
import { GRANULARITIES } from "./measure.ts";
import type { SubmissionContext } from "./rules.ts";
import { GEOGRAPHIES, readPeriod, STATUSES } from "./values.ts";

/** A template that cannot be made as asked: an unknown indicator, a period it does not take. */
export class TemplateError extends Error {}

export interface TemplateRequest {
  /** Indicator ids; all that take submissions (and the period) when empty. */
  indicatorIds?: string[];
  /** Any form readPeriod takes; the previous calendar year when absent. */
  period?: string;
  format: "xlsx" | "csv";
}

/** One row to fill: the figure's key, written in, the rest left to the department. */
export interface TemplateRow {
  indicator: Indicator;
  geo: string;
  period: string;
}

export const FIGURES_SHEET = "Số liệu - Figures";
export const CODES_SHEET = "Mã - Codes";
/** Hidden: the long lists the geography cells are validated against. */
export const LISTS_SHEET = "Danh sách - Lists";

/** The rows a template holds; refuses what a department could never submit. */
export function templateRows(ctx: SubmissionContext, req: Pick<TemplateRequest, "indicatorIds" | "period">): TemplateRow[] {
  const periodText = req.period ?? String(ctx.now.getUTCFullYear() - 1);
  const read = readPeriod({ col: 1, kind: "text", text: periodText });
  if (!read.ok) throw new TemplateError(`--period "${periodText}" is not a period: write 2024, 2024-Q3 or 2024-09`);
  const ids = (req.indicatorIds ?? [])
    .flatMap((s) => s.split(","))
    .map((s) => s.trim())
    .filter(Boolean);
  let indicators: Indicator[];
  if (ids.length) {
    indicators = ids.map((id) => {
      const i = ctx.indicators.get(id);
      if (!i) throw new TemplateError(`unknown indicator "${id}"`);
      if (!ctx.accepts(i)) throw new TemplateError(`indicator "${id}" is read from an API source and takes no submissions`);
      if (!GRANULARITIES[i.periodicity].includes(read.granularity))
        throw new TemplateError(`indicator "${id}" is ${i.periodicity}: it does not take the period ${read.period}`);
      return i;
    });
  } else {
    indicators = [...ctx.indicators.values()].filter((i) => ctx.accepts(i) && GRANULARITIES[i.periodicity].includes(read.granularity));
    if (!indicators.length) throw new TemplateError(`no indicator takes submissions for the period ${read.period}`);
  }
  // One row per ward for an indicator reported by ward; none for a ward that did not exist yet.
  const rowsOf = (indicator: Indicator) =>
    spelledOut(indicator.geographies)
      .filter((geo) => !beforeWardExisted(geo, read.period))
      .map((geo) => ({ indicator, geo, period: read.period }));
  if (ids.length)
    for (const i of indicators)
      if (!rowsOf(i).length)
        throw new TemplateError(`indicator "${i.id}" is reported by ward, and the wards exist only from ${MERGER_DATE}: not for ${read.period}`);
  const rows = indicators.flatMap(rowsOf);
  if (!rows.length) throw new TemplateError(`no indicator takes submissions for the period ${read.period}`);
  return rows;
}

/** Excel keeps a list typed into a validation to 255 characters; a longer one is read from a range. */
const INLINE_LIST_MAX = 255;

const COMPARATOR_SIGNS: Record<Target["comparator"], string> = { ">=": "≥", ">": ">", "=": "=", "<=": "≤", "<": "<" };

/** "≥ 80 (2025, 2393/QĐ-UBND)": each target the indicator answers to. */
export function targetsText(indicator: Indicator, targets: Target[]): string {
  const mine = targets.filter((t) => t.indicatorId === indicator.id);
  if (!mine.length) return "—";
  return mine.map((t) => `${COMPARATOR_SIGNS[t.comparator]} ${t.value} (${t.deadline}, ${t.document.number})`).join("; ");
}

/** Everything a clerk needs to know about an indicator, on one line. */
function aboutText(i: Indicator, targets: Target[]): string {
  const unit = UNIT_NAMES[i.unit];
  return [
    `${i.id}: ${i.name.vi} / ${i.name.en}`,
    `Đơn vị / Unit: ${unit.vi} / ${unit.en}`,
    `Định nghĩa: ${i.definition.vi.replace(/\.$/, "")}`,
    `Definition: ${i.definition.en.replace(/\.$/, "")}`,
    `Mục tiêu / Target: ${targetsText(i, targets)}`,
  ].join(". ");
}

const TITLE = (period: string) => [
  `BÁO CÁO SỐ LIỆU CHỈ SỐ KINH TẾ SỐ, XÃ HỘI SỐ TP. HỒ CHÍ MINH - KỲ ${period} / Ho Chi Minh City digital economy and society figures - period ${period}`,
  `Điền cột "Giá trị" (ví dụ 85,5 hoặc 12.500.000); không dùng công thức; mã chỉ số, địa bàn và tình trạng ở trang "${CODES_SHEET}". / Fill in "Value" (e.g. 85.5 or 12500000); no formulas; the codes are on the "${CODES_SHEET}" sheet.`,
];

const HEADER_VI = COLUMNS.map((c) => c.vi);
const HEADER_EN = COLUMNS.map((c) => c.en);
const dataRow = (r: TemplateRow) => [r.indicator.id, r.geo, r.period, "", "", "", "", "", ""];

/**
 * CSV cannot carry comments or a second sheet, so the indicators are described in rows above the
 * header, one cell each: the header finder skips them. UTF-8 with a BOM, which Excel needs to
 * show Vietnamese; CRLF, which it expects.
 */
export function templateCsv(rows: TemplateRow[], targets: Target[]): Buffer {
  const period = rows[0]?.period ?? "";
  const indicators = [...new Set(rows.map((r) => r.indicator))];
  const records = [...TITLE(period).map((t) => [t]), ...indicators.map((i) => [aboutText(i, targets)]), [], HEADER_VI, HEADER_EN, ...rows.map(dataRow)];
  return Buffer.from(`\ufeff${stringify(records, { record_delimiter: "windows" })}`, "utf8");
}

/**
 * The workbook: the figures sheet (a title, the two header rows, one row per figure, each
 * indicator cell carrying a note that describes it) and a sheet of codes. Key columns are text
 * cells, so Excel does not turn "09/2024" into a date.
 */
export async function templateXlsx(rows: TemplateRow[], targets: Target[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "chiso";
  const ws = wb.addWorksheet(FIGURES_SHEET, { views: [{ state: "frozen", ySplit: 4 }] });
  const period = rows[0]?.period ?? "";
  const last = COLUMNS.length;
  TITLE(period).forEach((text, i) => {
    ws.getRow(i + 1).getCell(1).value = text;
    ws.mergeCells(i + 1, 1, i + 1, last);
  });
  ws.getRow(1).font = { bold: true, size: 13 };
  ws.getRow(2).alignment = { wrapText: true, vertical: "top" };
  ws.getRow(2).height = 32;
  ws.addRow(HEADER_VI).font = { bold: true };
  ws.addRow(HEADER_EN).font = { italic: true };
  // The codes sheet comes second, before the hidden lists the rows may add.
  const codes = wb.addWorksheet(CODES_SHEET);
  const geoList = geographyLists(wb);
  for (const r of rows) {
    const row = ws.addRow(dataRow(r));
    const unit = UNIT_NAMES[r.indicator.unit];
    row.getCell(1).note =
      `${r.indicator.name.vi}\n${r.indicator.name.en}\nĐơn vị / Unit: ${unit.vi} / ${unit.en}\n\n${r.indicator.definition.vi}\n${r.indicator.definition.en}\n\nMục tiêu / Target: ${targetsText(r.indicator, targets)}`;
    row.getCell(2).dataValidation = { type: "list", allowBlank: false, formulae: [geoList(r.indicator)] };
    row.getCell(7).dataValidation = { type: "list", allowBlank: true, formulae: [`"${STATUSES.map((s) => s.vi).join(",")}"`] };
  }
  const widths = [42, 12, 12, 14, 14, 14, 14, 28, 30];
  widths.forEach((w, i) => {
    const col = ws.getColumn(i + 1);
    col.width = w;
    if (i < 3) col.numFmt = "@";
  });
  codesSheet(codes, [...new Set(rows.map((r) => r.indicator))], targets);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * The validation formula of an indicator's geographies: the codes themselves where they fit, else
 * a column of a hidden sheet (every ward of the city is 168 codes), one column per distinct list.
 */
function geographyLists(wb: ExcelJS.Workbook): (indicator: Indicator) => string {
  let sheet: ExcelJS.Worksheet | undefined;
  const columns = new Map<string, string>();
  return (indicator) => {
    const codes = spelledOut(indicator.geographies);
    const inline = `"${codes.join(",")}"`;
    if (inline.length <= INLINE_LIST_MAX) return inline;
    const key = codes.join(",");
    const known = columns.get(key);
    if (known) return known;
    sheet ??= wb.addWorksheet(LISTS_SHEET, { state: "hidden" });
    const col = columns.size + 1;
    codes.forEach((code, i) => {
      sheet!.getCell(i + 1, col).value = code;
    });
    const letter = sheet.getColumn(col).letter;
    const range = `'${LISTS_SHEET}'!$${letter}$1:$${letter}$${codes.length}`;
    columns.set(key, range);
    return range;
  };
}

/** An indicator's geographies as a clerk reads them: "every ward" in words, not 168 codes. */
const geographiesText = (i: Indicator) =>
  i.geographies.map((g) => (g === EVERY_WARD ? `${g} (${EVERY_WARD_LABEL.vi} / ${EVERY_WARD_LABEL.en})` : g)).join(", ");

/** The codes a clerk may write. Its headings name no submission column, so it is never read as figures. */
function codesSheet(ws: ExcelJS.Worksheet, indicators: Indicator[], targets: Target[]): void {
  const heading = (text: string) => {
    ws.addRow([text]).font = { bold: true, size: 12 };
  };
  heading("Chỉ số / Indicators");
  ws.addRow([
    "Mã / Code",
    "Tên",
    "Name",
    "Đơn vị / Unit",
    "Chu kỳ / Periodicity",
    "Địa bàn được phép / Allowed geographies",
    "Định nghĩa",
    "Definition",
    "Mục tiêu / Target",
  ]).font = { bold: true };
  for (const i of indicators) {
    const unit = UNIT_NAMES[i.unit];
    const p = PERIODICITY_NAMES[i.periodicity];
    ws.addRow([
      i.id,
      i.name.vi,
      i.name.en,
      `${unit.vi} / ${unit.en}`,
      `${p.vi} / ${p.en}`,
      geographiesText(i),
      i.definition.vi,
      i.definition.en,
      targetsText(i, targets),
    ]);
  }
  ws.addRow([]);
  heading("Địa bàn / Geographies");
  ws.addRow(["Mã / Code", "Tên", "Name"]).font = { bold: true };
  for (const g of GEOGRAPHIES) ws.addRow([g.code, g.vi, g.en]);
  // The wards only where an indicator on the sheet is reported by ward.
  if (indicators.some((i) => i.geographies.includes(EVERY_WARD))) for (const w of WARDS) ws.addRow([w.geo, w.name, w.name]);
  ws.addRow([]);
  heading("Tình trạng / Statuses");
  ws.addRow(["Mã / Code", "Tên", "Name"]).font = { bold: true };
  for (const s of STATUSES) ws.addRow([s.code, s.vi, s.en]);
  ws.addRow(["", "(để trống = chính thức)", "(blank = final)"]);
  [34, 40, 40, 24, 30, 22, 60, 60, 30].forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
}

/** The template file's bytes, and a file name that says what it is for. */
export async function writeTemplate(ctx: SubmissionContext, req: TemplateRequest): Promise<{ bytes: Buffer; rows: TemplateRow[]; fileName: string }> {
  const rows = templateRows(ctx, req);
  const bytes = req.format === "csv" ? templateCsv(rows, ctx.targets) : await templateXlsx(rows, ctx.targets);
  return { bytes, rows, fileName: `submission-${rows[0]!.period}.${req.format}` };
}
