import { parse as parseCsv } from "csv-parse/sync";
import type { Fetched, SourceRow } from "./define.ts";
import { SourceShapeError } from "./errors.ts";
import type { HttpClient, RawResponse } from "./http.ts";
import { parseDecimal } from "./numbers.ts";
import type { WorldBankSeries } from "./worldbank.ts";

/**
 * The World Bank's bulk download of one series (`API_<code>_DS2_en_csv_v2_<n>.csv`, inside the ZIP
 * that `/v2/en/indicator/<code>?downloadformat=csv` answers): four preamble lines ("Data Source",
 * blank, "Last Updated Date", blank), a header, then one row per country and one column per year.
 */
export const BULK_FOLDER = "worldbank";

const escapeRegExp = (code: string) => code.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** The file names the World Bank gives one series' bulk CSV. */
export const bulkFileName = (code: string) => new RegExp(`^API_${escapeRegExp(code)}_DS2_.*\\.csv$`, "i");

/** The request a bulk file answers: the series' download link. */
export const bulkUrl = (base: string, code: string) => `${base}/en/indicator/${code}?downloadformat=csv`;
export const isBulkResponse = (response: Pick<RawResponse, "url">) => response.url.includes("downloadformat=csv");

type Table = string[][];

function readTable(body: Uint8Array | string, origin: string): Table {
  try {
    // The rows end with a comma (an empty last column) and the preamble lines are short: the column count varies.
    return parseCsv(Buffer.from(body), { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as Table;
  } catch (cause) {
    throw new SourceShapeError("worldbank", `${origin}: not a readable CSV: ${(cause as Error).message}`, { cause });
  }
}

/** The date the file says it was last updated ("Last Updated Date"), or undefined when its preamble is gone. */
export function bulkLastUpdated(table: Table): string | undefined {
  const line = table.find((r) => r[0] === "Last Updated Date");
  const date = line?.[1]?.trim();
  return date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : undefined;
}

/** The series' rows for its country out of one bulk file; the other countries' rows are ignored. */
export function rowsFromBulk(body: Uint8Array | string, series: WorldBankSeries, origin: string): SourceRow[] {
  const table = readTable(body, origin);
  const headerAt = table.findIndex((r) => r[0] === "Country Name" && r[1] === "Country Code");
  if (headerAt < 0) throw new SourceShapeError("worldbank", `${origin}: no header row starting "Country Name","Country Code"`);
  const header = table[headerAt]!;
  const codeAt = header.indexOf("Indicator Code");
  const nameAt = header.indexOf("Indicator Name");
  if (codeAt < 0 || nameAt < 0) throw new SourceShapeError("worldbank", `${origin}: header has no "Indicator Code" or "Indicator Name" column`);
  const years = header.map((h, i) => [h, i] as const).filter(([h]) => /^\d{4}$/.test(h));
  if (!years.length) throw new SourceShapeError("worldbank", `${origin}: header has no year column`);
  const updated = bulkLastUpdated(table.slice(0, headerAt));
  const vintage = updated ? `Last Updated Date ${updated}` : "its Last Updated Date is unknown (the file has lost its preamble)";
  const rows: SourceRow[] = [];
  table.slice(headerAt + 1).forEach((r, i) => {
    if (r[1]?.toUpperCase() !== series.iso3.toUpperCase()) return;
    const line = headerAt + i + 2;
    if (r[codeAt] !== series.code)
      throw new SourceShapeError("worldbank", `${origin}: line ${line}, column "Indicator Code": "${r[codeAt]}" in a file read for ${series.code}`);
    if (series.label && !series.label.test(r[nameAt] ?? ""))
      throw new SourceShapeError("worldbank", `${origin}: line ${line}, column "Indicator Name": ${series.code} is now "${r[nameAt]}", not ${series.label}`);
    for (const [year, at] of years) {
      const cell = (r[at] ?? "").trim();
      // An empty cell is a year with no figure.
      if (cell === "") continue;
      const value = parseDecimal(cell);
      if (value === undefined) throw new SourceShapeError("worldbank", `${origin}: line ${line}, column "${year}": "${cell}" is not a plain number`);
      rows.push({
        indicatorId: series.indicator,
        geo: series.geo,
        period: year,
        value,
        unit: series.unit,
        seriesCode: series.code,
        flags: [...(series.proxy ? (["proxy"] as const) : []), ...(series.flags ?? [])],
        note: `${r[nameAt]} (World Bank bulk CSV, ${vintage})`,
      });
    }
  });
  return rows;
}

/**
 * Offline: every bundled bulk file of each series, as one response each, dated by the file's own
 * "Last Updated Date" so that each loads as the vintage it is. Oldest first: refresh loads them in
 * that order. A file without its preamble is dated when it was read, and the log says why.
 */
export function replayBulkFiles(http: HttpClient, baseUrl: string, configured: WorldBankSeries[], log: (m: string) => void): Fetched<WorldBankSeries>[] {
  const dated: Fetched<WorldBankSeries>[] = [];
  for (const series of configured)
    for (const file of http.recordedFiles(BULK_FOLDER, bulkFileName(series.code))) {
      const response = http.replayFile(file, bulkUrl(baseUrl, series.code), (body) => {
        const updated = bulkLastUpdated(readTable(body, `snapshot ${file}`).slice(0, 5));
        if (updated) return `${updated}T00:00:00.000Z`;
        const now = new Date().toISOString();
        log(`worldbank: ${file} has no "Last Updated Date" (its preamble is gone): its own date is unknown, so its vintage is dated when it was read, ${now}`);
        return now;
      });
      dated.push({ response, series });
    }
  return dated.sort((a, b) => a.response.retrievedAt.localeCompare(b.response.retrievedAt));
}
