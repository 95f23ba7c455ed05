import { stringify } from "csv-stringify/sync";
import type { ColumnOf } from "../../../schemas/columns.ts";

export const BOM = "\uFEFF";

/** Text that a spreadsheet would read as a formula: =, +, -, @, tab or carriage return first. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Makes a text cell inert in spreadsheets (OWASP "CSV injection"): a leading quote is the
 * convention Excel, LibreOffice and Sheets all honour. Numbers are left alone: -3.5 is data.
 */
export function inertCell(value: unknown): unknown {
  return typeof value === "string" && FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * RFC 4180 CSV, UTF-8 with a byte-order mark so Excel reads Vietnamese text correctly (`bom: false`
 * for the Data Package's copies: the Frictionless libraries read the mark as part of the first
 * header). Lists are joined with ";"; dates are ISO 8601; nulls are empty cells.
 */
export function toCsv<Row extends object>(rows: readonly Row[], columns: readonly ColumnOf<Row>[], opts: { bom?: boolean } = {}): string {
  const records = rows.map((row) =>
    columns.map((c) => {
      const v: unknown = row[c];
      if (v === null || v === undefined) return "";
      if (Array.isArray(v)) return inertCell(v.join(";"));
      if (v instanceof Date) return v.toISOString();
      if (typeof v === "bigint") return Number(v);
      return inertCell(v);
    }),
  );
  // Quoted: an escaped formula, and any field holding a line break (bare LF or CR too, which
  // csv-stringify leaves alone when records end in CRLF), so no reader splits the row there.
  return (opts.bom === false ? "" : BOM) + stringify([[...columns], ...records], { record_delimiter: "\r\n", quoted_match: [/^'[=+\-@\t\r]/, /[\r\n]/] });
}
