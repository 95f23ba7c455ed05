import { stringify } from "csv-stringify/sync";
import type { ColumnOf, SqlColumn } from "../../../schemas/columns.ts";

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

/**
 * The same CSV, written by DuckDB: each row becomes one line of text in SQL, by the rules above,
 * and `COPY ... (quote '')` writes the lines as they are, streaming, whatever the table's size. The
 * header (with the byte-order mark) is the line column's name, so the file is written in one pass.
 */
export const CSV_MACROS = `
create or replace temp macro chiso_csv_inert(s) as case when regexp_matches(s, ${sqlText(FORMULA_START.source)}) then '''' || s else s end;
create or replace temp macro chiso_csv_cell(s) as case
  when s is null then ''
  when regexp_matches(s, ${sqlText(`^'[=+\\-@\\t\\r]|[\\r\\n",]`)}) then '"' || replace(s, '"', '""') || '"'
  else s end;
-- A number as JavaScript prints it: 168, not 168.0; 1.5e-7, not 1.5e-07.
create or replace temp macro chiso_csv_number(v) as case
  when v is null then ''
  when isfinite(v) and v = trunc(v) and abs(v) < 1e21 then v::hugeint::varchar
  else regexp_replace(v::varchar, 'e([+-])0*([0-9])', 'e\\1\\2') end;
`;

function sqlText(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** One column's cell as SQL text, by its warehouse type; timestamps in UTC as ISO 8601 with milliseconds. */
export function csvCellSql(column: SqlColumn): string {
  const c = `"${column.name}"`;
  switch (column.type) {
    case "varchar":
      return `chiso_csv_cell(chiso_csv_inert(${c}))`;
    case "varchar[]":
      return `chiso_csv_cell(chiso_csv_inert(array_to_string(${c}, ';')))`;
    case "double":
      return `chiso_csv_number(${c})`;
    case "integer":
      return `coalesce(${c}::varchar, '')`;
    case "timestamptz":
      return `coalesce(strftime(${c}, '%Y-%m-%dT%H:%M:%S.%gZ'), '')`;
  }
}

/** The COPY statement that writes `select` (whose columns are `columns`, in order) as a CSV file. */
export function copyCsvSql(select: string, columns: readonly SqlColumn[], path: string, opts: { bom?: boolean } = {}): string {
  const header = (opts.bom === false ? "" : BOM) + columns.map((c) => c.name).join(",");
  const line = columns.map(csvCellSql).join(" || ',' || ");
  return `copy (select ${line} as "${header.replace(/"/g, '""')}" from (${select})) to ${sqlText(path)}
    (format csv, header true, quote '', escape '', new_line '\\r\\n')`;
}
