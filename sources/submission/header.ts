/**
 * The columns of a department's submission, and how a header row typed (or retyped) by a clerk
 * is recognised: in Vietnamese, in English or both, whatever the case and the diacritics.
 */

export type ColumnKey = "indicator" | "geo" | "period" | "value" | "numerator" | "denominator" | "status" | "document" | "note";

export interface SubmissionColumn {
  key: ColumnKey;
  vi: string;
  en: string;
  required: boolean;
  /** Other names clerks use for the column, matched the same way. */
  aliases: string[];
}

export const COLUMNS: readonly SubmissionColumn[] = [
  { key: "indicator", vi: "Mã chỉ số", en: "Indicator ID", required: true, aliases: ["Mã chỉ tiêu", "Chỉ số", "Indicator", "Indicator code"] },
  { key: "geo", vi: "Địa bàn", en: "Geography", required: true, aliases: ["Địa phương", "Mã địa bàn", "Geo", "Area"] },
  { key: "period", vi: "Kỳ", en: "Period", required: true, aliases: ["Kỳ báo cáo", "Thời kỳ", "Reporting period"] },
  { key: "value", vi: "Giá trị", en: "Value", required: true, aliases: ["Số liệu", "Figure"] },
  { key: "numerator", vi: "Tử số", en: "Numerator", required: false, aliases: [] },
  { key: "denominator", vi: "Mẫu số", en: "Denominator", required: false, aliases: [] },
  { key: "status", vi: "Tình trạng", en: "Status", required: false, aliases: ["Trạng thái", "Tình trạng số liệu"] },
  { key: "document", vi: "Văn bản nguồn", en: "Source document", required: false, aliases: ["Nguồn", "Văn bản", "Source"] },
  { key: "note", vi: "Ghi chú", en: "Note", required: false, aliases: ["Notes", "Remarks"] },
];

export const columnByKey = (key: ColumnKey): SubmissionColumn => COLUMNS.find((c) => c.key === key)!;

/** "Giá trị / Value", the label a problem report uses for a column. */
export const columnLabel = (key: ColumnKey): string => {
  const c = columnByKey(key);
  return `${c.vi} / ${c.en}`;
};

/**
 * Folds text for comparison: no diacritics (đ is not a combining mark, so it is mapped by hand),
 * lower case, punctuation as spaces. "MÃ CHỈ SỐ:" and "ma chi so" compare equal.
 */
export function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[*:.()[\]_]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

const NAMES = new Map<string, ColumnKey>();
for (const c of COLUMNS) for (const name of [c.vi, c.en, ...c.aliases]) NAMES.set(fold(name), c.key);

/**
 * The column a header cell names, or null. A cell may hold both languages ("Kỳ / Period",
 * "Kỳ\nPeriod"): every part must name the same column, so "Kỳ / Value" is not taken for either.
 */
export function matchHeader(text: string): ColumnKey | null {
  const whole = NAMES.get(fold(text));
  if (whole) return whole;
  const parts = text
    .split(/[/|\n]/)
    .map(fold)
    .filter(Boolean);
  if (parts.length < 2) return null;
  const keys = new Set(parts.map((p) => NAMES.get(p) ?? null));
  const [only] = keys;
  return keys.size === 1 && only ? only : null;
}

/** One cell of a header row: its 1-based column number and its text. */
export interface HeaderCell {
  col: number;
  text: string;
}

export interface FoundHeader {
  /** Rows taken as the header: the first names the columns; a second one (English beneath) is consumed too. */
  rows: number[];
  columns: Map<ColumnKey, number>;
  /** Header cells naming no known column. */
  unknown: HeaderCell[];
  /** A column named twice: the second cell. */
  repeated: { key: ColumnKey; cell: HeaderCell }[];
  missing: ColumnKey[];
}

/** How many distinct known columns a row names: the measure of "this is the header". */
export function headerScore(cells: HeaderCell[]): number {
  return new Set(cells.map((c) => matchHeader(c.text)).filter(Boolean)).size;
}

/** A header must name the indicator and two more columns, so a title or a note above it never passes. */
export const MIN_HEADER_SCORE = 3;

/**
 * Finds the header among the first rows of a sheet. Rows above it (titles, guidance, the
 * indicators' descriptions) are not data. The row beneath is part of the header when every
 * cell in it names the same column as the cell above, or is empty.
 */
export function findHeader(rows: { row: number; cells: HeaderCell[] }[], scanRows = 300): FoundHeader | null {
  const at = rows.slice(0, scanRows).findIndex((r) => {
    return headerScore(r.cells) >= MIN_HEADER_SCORE && r.cells.some((c) => matchHeader(c.text) === "indicator");
  });
  if (at < 0) return null;
  const first = rows[at]!;
  const columns = new Map<ColumnKey, number>();
  const unknown: HeaderCell[] = [];
  const repeated: FoundHeader["repeated"] = [];
  for (const cell of first.cells) {
    if (!cell.text.trim()) continue;
    const key = matchHeader(cell.text);
    if (!key) unknown.push(cell);
    else if (columns.has(key)) repeated.push({ key, cell });
    else columns.set(key, cell.col);
  }
  const used = [first.row];
  const next = rows[at + 1];
  if (next && next.row === first.row + 1 && isSecondHeaderRow(next.cells, columns, unknown)) used.push(next.row);
  const missing = COLUMNS.filter((c) => c.required && !columns.has(c.key)).map((c) => c.key);
  return { rows: used, columns, unknown, repeated, missing };
}

function isSecondHeaderRow(cells: HeaderCell[], columns: Map<ColumnKey, number>, unknown: HeaderCell[]): boolean {
  const keyAt = new Map([...columns].map(([k, col]) => [col, k]));
  let named = 0;
  for (const cell of cells) {
    if (!cell.text.trim()) continue;
    const key = matchHeader(cell.text);
    // An English line beneath an unknown Vietnamese cell is still part of the header.
    if (key && keyAt.get(cell.col) === key) named++;
    else if (!(unknown.some((u) => u.col === cell.col) && !key)) return false;
  }
  return named > 0;
}
