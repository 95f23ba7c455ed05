import { defineSource, type Fetched, type SeriesSpec, type SourceRow } from "./define.ts";
import { NoSnapshotError, SourceShapeError, whileReading } from "./errors.ts";
import { parseTableForm, selectionPost } from "./gso-pxweb-form.ts";
import type { HostLimits, HttpClient, RawResponse } from "./http.ts";
import { type JsonStatCell, parseJsonStat } from "./jsonstat.ts";

export { type JsonStatCell, MAX_CELLS, parseJsonStat } from "./jsonstat.ts";

/** Labels are compared loosely: GSO writes "Thai  Nguyen" and " WHOLE COUNTRY". */
export const sameLabel = (a: string, b: string) => a.replace(/\s+/g, " ").trim().toLowerCase() === b.replace(/\s+/g, " ").trim().toLowerCase();

/** One table of NSO's PX-Web, and the series read from it: adding a table is adding one of these. */
export interface PxTable {
  /** "en" pages carry English labels; the database has an English name there. */
  lang: "en" | "vi";
  /** The database as the page's path names it, e.g. "Population and Employment". */
  database: string;
  /** The table id, e.g. "E02.01". */
  table: string;
  series: Omit<PxSeries, "lang" | "database" | "table">[];
}

export interface PxSeries extends SeriesSpec {
  lang: PxTable["lang"];
  database: string;
  table: string;
  /** The area as the table labels it (selected by label, never by position). */
  area: string;
  /** The measure, as the table labels it. */
  item: string;
  unit: SourceRow["unit"];
}

/** The table's page, whose form answers the data: /pxweb/{lang}/{database}/{database}/{table}.px/ */
export const tablePageUrl = (base: string, s: Pick<PxSeries, "lang" | "database" | "table">) =>
  `${base}/pxweb/${s.lang}/${encodeURIComponent(s.database)}/${encodeURIComponent(s.database)}/${encodeURIComponent(s.table)}.px/`;

/** A year as NSO labels it: "2023", or a preliminary figure's "Sơ bộ 2024" / "Prel. 2024". */
export function yearOf(label: string): { year: string; provisional: boolean } | undefined {
  const text = label.replace(/\s+/g, " ").trim();
  if (/^\d{4}$/.test(text)) return { year: text, provisional: false };
  const prel = /^(?:sơ bộ|prel\.?|preliminary)\s*(\d{4})$/iu.exec(text.normalize("NFC"));
  return prel ? { year: prel[1]!, provisional: true } : undefined;
}

/** The dimension whose every label reads as a year; the table is not a time series without one. */
function yearDimension(cells: JsonStatCell[], table: string): string {
  const names = Object.keys(cells[0]?.dimensions ?? {});
  const found = names.find((name) => cells.every((c) => yearOf(c.dimensions[name]!.label) !== undefined));
  if (found) return found;
  const near = names.find((name) => cells.some((c) => yearOf(c.dimensions[name]!.label)));
  const odd = near && cells.map((c) => c.dimensions[near]!.label).find((l) => !yearOf(l));
  throw new SourceShapeError(
    "gso-pxweb",
    `table ${table}: no year dimension${odd ? ` (dimension "${near}" has the label "${odd}", not a year)` : ` (dimensions: ${names.join(", ")})`}`,
  );
}

/** Picks one series out of a parsed table: the cells whose labels match area and item, by year. */
export function rowsFor(cells: JsonStatCell[], series: PxSeries): SourceRow[] {
  const picked = cells.filter((cell) => {
    const labels = Object.values(cell.dimensions).map((d) => d.label);
    return labels.some((l) => sameLabel(l, series.area)) && labels.some((l) => sameLabel(l, series.item));
  });
  if (picked.length === 0) throw new SourceShapeError("gso-pxweb", `table ${series.table}: no cell labelled "${series.area}" and "${series.item}"`);
  const years = yearDimension(picked, series.table);
  const rows: SourceRow[] = [];
  for (const cell of picked) {
    if (cell.value === null) continue;
    const label = cell.dimensions[years]!.label;
    const { year, provisional } = yearOf(label)!;
    rows.push({
      indicatorId: series.indicator,
      geo: series.geo,
      period: year,
      value: cell.value,
      unit: series.unit,
      ...(provisional ? { status: "provisional" as const } : {}),
      seriesCode: series.code,
      flags: series.proxy ? ["proxy"] : [],
      note: `${cell.table}: ${series.item}, ${series.area.trim()}${provisional ? ` (${label.trim()})` : ""}`,
    });
  }
  return rows;
}

/** Offline only: the recorded body answers the page's post whatever it selects (every value of every variable). */
export const WHOLE_TABLE = "whole-table";

/**
 * GETs the table page, then posts its form back with the series' values and the output set to
 * JSON-stat. The page's hidden state must go back with the post, so a 304 on the page (nothing
 * changed since) still needs it read once more in full. Offline there is no recording of the page:
 * the recorded body, the whole table, answers the post, and rowsFor picks cells by label either way.
 */
async function fetchTable(http: HttpClient, url: string, series: PxSeries[], log: (m: string) => void): Promise<RawResponse[]> {
  const got: RawResponse[] = [];
  try {
    got.push(await http.get(url, { headers: { accept: "text/html, */*;q=0.5" } }));
    if (got[0]!.status === 304) got.push(await http.get(url, { headers: { accept: "text/html, */*;q=0.5" }, validators: {} }));
  } catch (error) {
    if (!(error instanceof NoSnapshotError)) throw error;
    log(`gso-pxweb: ${error.message}; the recorded whole table answers instead`);
  }
  const page = got.find((r) => r.status === 200);
  const codes = [...new Set(series.map((s) => s.code))].join(", ");
  const labels = [...new Set(series.flatMap((s) => [s.area, s.item]))];
  const table = series[0]!.table;
  const post = page
    ? whileReading(codes, page, () => selectionPost(parseTableForm(new TextDecoder().decode(page.body), table), labels, sameLabel, table))
    : WHOLE_TABLE;
  const answer = await http.post(url, post, { headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json, */*;q=0.5" } });
  return [...got, answer];
}

const POPULATION = "Average population (Thous. pers.)";
// NSO's server is small: one request at a time, a pause between.
const LIMITS: Partial<HostLimits> = { concurrency: 1, intervalCap: 1, intervalMs: 1_000 };

/** The tables read, as data. */
export const TABLES: PxTable[] = [
  {
    lang: "en",
    database: "Population and Employment",
    table: "E02.01",
    series: [
      { code: "E02.01", indicator: "average-population", geo: "VN", area: "WHOLE COUNTRY", item: POPULATION, unit: "thousand-persons" },
      { code: "E02.01", indicator: "average-population", geo: "VN-SG", area: "Ho Chi Minh city", item: POPULATION, unit: "thousand-persons" },
    ],
  },
];

export const gsoPxweb = defineSource<PxSeries>({
  id: "gso-pxweb",
  publisher: "National Statistics Office of Viet Nam (Cục Thống kê; formerly the General Statistics Office)",
  kind: "api",
  baseUrl: "https://pxweb.nso.gov.vn",
  licence: "NSO terms of use: free reuse with attribution",
  schedule: "0 4 15 * *",
  homepage: "https://www.nso.gov.vn",
  series: TABLES.flatMap(({ series, ...table }) => series.map((s) => ({ ...s, ...table }))),
  seriesLink: (s, base) => tablePageUrl(base, s),
  async fetch({ http, baseUrl, series: configured, log }) {
    http.limitHost(baseUrl, LIMITS);
    const out: Fetched<PxSeries>[] = [];
    for (const url of new Set(configured.map((s) => tablePageUrl(baseUrl, s)))) {
      const series = configured.filter((s) => tablePageUrl(baseUrl, s) === url);
      for (const response of await fetchTable(http, url, series, log)) for (const s of series) out.push({ response, series: s });
    }
    return out;
  },
  // The page GET comes back too, to be archived as the evidence of what was offered; it holds no figures.
  parse: (body, series, response) => (response.method === "GET" ? [] : rowsFor(parseJsonStat(body), series)),
});
