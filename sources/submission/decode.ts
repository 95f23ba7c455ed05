import chardet from "chardet";
import { parse } from "csv-parse/sync";
import iconv from "iconv-lite";
import { findHeader, headerScore } from "./header.ts";
import type { Cell } from "./values.ts";

/** A file that cannot be read at all: said in both languages, and nothing in it is judged. */
export class UnreadableSubmission extends Error {
  constructor(
    readonly vi: string,
    readonly en: string,
  ) {
    super(en);
  }
}

export interface SheetRow {
  /** The row number a person sees in Excel (1-based). */
  row: number;
  /** Non-empty cells only, in column order. */
  cells: Cell[];
}

export interface Sheet {
  name: string;
  rows: SheetRow[];
}

export type Encoding = "utf-8" | "utf-8-bom" | "utf-16le" | "utf-16be" | "windows-1258";

/**
 * Excel's "CSV UTF-8" has a BOM, its "Unicode text" is UTF-16 LE with a BOM, a plain "CSV" saved
 * on a Vietnamese Windows is Windows-1258. Anything else is refused rather than guessed: a wrong
 * guess turns "Địa bàn" into mojibake and every figure into a rejection.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: Encoding } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { text: iconv.decode(buf, "utf-8"), encoding: "utf-8-bom" };
  if (buf[0] === 0xff && buf[1] === 0xfe) return { text: iconv.decode(buf, "utf-16le"), encoding: "utf-16le" };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { text: iconv.decode(buf, "utf-16be"), encoding: "utf-16be" };
  // Text with NUL bytes is UTF-16 without its BOM; iconv-lite's utf16 tells LE from BE by where the NULs fall.
  if (buf.subarray(0, 4096).includes(0)) {
    const text = iconv.decode(buf, "utf16");
    const le = buf[1] === 0;
    return { text, encoding: le ? "utf-16le" : "utf-16be" };
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(buf), encoding: "utf-8" };
  } catch {
    // Not UTF-8: Windows-1258 is the one legacy code page these offices save in.
  }
  const text = iconv.decode(buf, "windows-1258").normalize("NFC");
  const stray = NOT_VIETNAMESE.exec(text);
  if (!stray) return { text, encoding: "windows-1258" };
  const guess = chardet.detect(buf);
  const guessed = guess ? ` (${guess}?)` : "";
  throw new UnreadableSubmission(
    `Không đọc được bảng mã của tệp${guessed}: không phải UTF-8, UTF-16 hay Windows-1258 (có thể là TCVN3/VNI). Hãy lưu lại bằng Excel dưới dạng "CSV UTF-8" hoặc .xlsx.`,
    `The file's encoding is not UTF-8, UTF-16 or Windows-1258${guessed} (it may be TCVN3/VNI). Save it again from Excel as "CSV UTF-8" or as .xlsx.`,
  );
}

/**
 * What Windows-1258 text holds after NFC: ASCII, the Vietnamese letters and common punctuation.
 * A byte the code page leaves undefined (U+FFFD), a tone mark left on no vowel, or a letter of
 * another language (TCVN3 text read as 1258 is full of "¸", "µ", "¶", "¹") means the guess was wrong.
 */
const NOT_VIETNAMESE =
  /[^\t\r\n\x20-\x7e\u00a0\u00b0\u00c0-\u00c3\u00c8-\u00ca\u00cc\u00cd\u00d2-\u00d5\u00d9\u00da\u00dd\u00e0-\u00e3\u00e8-\u00ea\u00ec\u00ed\u00f2-\u00f5\u00f9\u00fa\u00fd\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9\u00a7\u00a9\u00ab\u00ae\u00b1\u00bb\u00d7\u00f7\u2013\u2014\u2018\u2019\u201c\u201d\u201e\u2022\u2026\u2030\u2122\u20ab\u20ac]/u;

export type Delimiter = "," | ";" | "\t";
const DELIMITERS: Delimiter[] = [",", ";", "\t"];

const CODES = DELIMITERS.map((d) => d.charCodeAt(0));
const sniffScore = (info: { char_code: number; total: number; std: number }) => (CODES.includes(info.char_code) ? info.total - info.std : -1);

const parseRecords = (text: string, delimiter: string, toLine?: number): string[][] =>
  parse(text, { delimiter, relax_quotes: true, relax_column_count: true, skip_empty_lines: false, ...(toLine ? { to_line: toLine } : {}) });

/**
 * Picks the delimiter that makes the header readable: a semicolon file full of decimal commas
 * counts more commas than semicolons in its figures, but only the semicolon splits its header into
 * known columns. Null when no delimiter gives a readable header.
 */
export function chooseDelimiter(text: string): Delimiter | null {
  let best: { delimiter: Delimiter; score: number } | null = null;
  for (const delimiter of DELIMITERS) {
    let records: string[][];
    try {
      records = parseRecords(text, delimiter, 300);
    } catch {
      continue;
    }
    const rows = records.map((r, i) => ({ row: i + 1, cells: r.map((text, j) => ({ col: j + 1, text })) }));
    const header = findHeader(rows);
    if (!header) continue;
    const score = Math.max(...header.rows.map((n) => headerScore(rows[n - 1]!.cells)));
    if (!best || score > best.score) best = { delimiter, score };
  }
  return best?.delimiter ?? null;
}

/**
 * A CSV or tab-separated text file as one sheet named after the file, as Excel shows it.
 * Excel's own "sep=;" first line is honoured and, as Excel does, not counted as a row.
 */
export function readDelimited(bytes: Uint8Array, sheetName: string): { sheet: Sheet; encoding: Encoding; delimiter: Delimiter | null } {
  const { text: decoded, encoding } = decodeText(bytes);
  let text = decoded.replace(/^\ufeff/, "");
  let delimiter: Delimiter | null = null;
  const sep = /^sep=([,;\t])\r?\n/i.exec(text);
  if (sep) {
    delimiter = sep[1] as Delimiter;
    text = text.slice(sep[0].length);
  }
  delimiter ??= chooseDelimiter(text);
  let records: string[][];
  try {
    // Without a readable header the file fails on it anyway; csv-parse's own sniffer splits it for the report.
    records = delimiter
      ? parseRecords(text, delimiter)
      : parse(text, { relax_quotes: true, relax_column_count: true, delimiter_auto: { size: 16384, score: sniffScore } });
  } catch (error) {
    throw new UnreadableSubmission(`Tệp CSV bị lỗi định dạng: ${(error as Error).message}`, `The CSV file is malformed: ${(error as Error).message}`);
  }
  const rows: SheetRow[] = [];
  records.forEach((record, i) => {
    const cells: Cell[] = [];
    record.forEach((raw, j) => {
      const t = raw.trim();
      if (t) cells.push({ col: j + 1, kind: "text", text: t });
    });
    if (cells.length) rows.push({ row: i + 1, cells });
  });
  return { sheet: { name: sheetName, rows }, encoding, delimiter };
}
