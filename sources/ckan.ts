import { parse as parseCsv } from "csv-parse/sync";
import { z } from "zod";
import { defineSource, type Fetched, type SeriesSpec, type SourceRow } from "./define.ts";
import { SourceShapeError, UpstreamError, checkShape, readJson } from "./errors.ts";
import type { HostLimits, HttpClient, RawResponse } from "./http.ts";

/**
 * One series read from a dataset on a CKAN (or DKAN, which answers the same action API) portal.
 *
 * No dataset on the national or the city portal is known yet to carry a catalogued indicator,
 * so `ckan.series` is empty and nothing is fetched. A series, once one is found, reads like:
 *
 *   { code: "<resource id>", indicator: "<catalog id>", geo: "VN-SG", unit: "percent",
 *     portal: "<portal root, e.g. the city portal>", dataset: "<package name>",
 *     resource: "<resource id or name>", period: "<year column>", value: "<figure column>",
 *     where: { "<column>": "<value>" } }
 *
 * and its seriesCode is the resource id, which is what the portal shows.
 */
export interface CkanSeries extends SeriesSpec {
  /** Portal root (the action API is under /api/3/action); defaults to the source's base URL. */
  portal?: string;
  /** Package name or id. */
  dataset: string;
  /** Resource id or name within the package. */
  resource: string;
  /** Column holding the year (or ISO period). */
  period: string;
  /** Column holding the figure. */
  value: string;
  /** Other columns that select the series' rows, e.g. { "Chỉ tiêu": "..." }. */
  where?: Record<string, string>;
  unit: SourceRow["unit"];
}

const Failure = z.object({ success: z.literal(false), error: z.object({ message: z.string().optional() }).catchall(z.unknown()) });
const Package = z.object({
  success: z.literal(true),
  result: z.object({
    name: z.string(),
    resources: z.array(z.object({ id: z.string(), name: z.string().nullable().optional(), url: z.string(), format: z.string().nullable().optional(), datastore_active: z.boolean().optional() })),
  }),
});
const Cell = z.union([z.string(), z.number(), z.null()]);
const DatastorePage = z.object({
  success: z.literal(true),
  result: z.object({ records: z.array(z.record(z.string(), Cell)), total: z.number().int().nonnegative() }),
});

/** CKAN answers a failed action with `success: false` (sometimes under HTTP 200). */
function action<T>(schema: z.ZodType<T>, body: Uint8Array | string, what: string): T {
  const raw = readJson("ckan", body);
  const failed = Failure.safeParse(raw);
  if (failed.success) throw new UpstreamError("ckan", `${what}: ${failed.data.error.message ?? JSON.stringify(failed.data.error)}`);
  return checkShape("ckan", schema, raw, `${what}: `);
}

/** The series' rows out of table records (from the datastore or a CSV), checked column by column. */
export function rowsFromRecords(records: Record<string, string | number | null>[], series: CkanSeries, origin: string): SourceRow[] {
  const columns = records.length ? Object.keys(records[0]!) : [];
  for (const c of [series.period, series.value, ...Object.keys(series.where ?? {})])
    if (records.length && !columns.includes(c)) throw new SourceShapeError("ckan", `${origin}: column "${c}" is missing (columns: ${columns.join(", ")})`);
  const rows: SourceRow[] = [];
  records.forEach((r, i) => {
    if (!Object.entries(series.where ?? {}).every(([c, v]) => String(r[c] ?? "").trim() === v)) return;
    const cell = r[series.value];
    if (cell === null || cell === undefined || String(cell).trim() === "") return;
    const period = String(r[series.period] ?? "").trim();
    const value = typeof cell === "number" ? cell : Number(cell.trim());
    if (!/^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/.test(period))
      throw new SourceShapeError("ckan", `${origin}: row ${i + 1}, column "${series.period}": "${period}" is not a year or ISO period`);
    if (!Number.isFinite(value)) throw new SourceShapeError("ckan", `${origin}: row ${i + 1}, column "${series.value}": "${cell}" is not a plain number`);
    rows.push({ indicatorId: series.indicator, geo: series.geo, period, value, unit: series.unit, seriesCode: series.code, flags: series.proxy ? ["proxy"] : [], note: `${series.dataset} / ${series.resource}` });
  });
  return rows;
}

const isDatastore = (url: string) => url.includes("/api/3/action/datastore_search");

export function parseCkan(body: Uint8Array, series: CkanSeries, response: Pick<RawResponse, "url">): SourceRow[] {
  // package_show comes back to be archived (it says which resource was read); it holds no figures.
  if (response.url.includes("/api/3/action/package_show")) return [];
  if (isDatastore(response.url)) {
    const page = action(DatastorePage, body, `datastore_search ${series.resource}`);
    return rowsFromRecords(page.result.records, series, `datastore ${series.resource}`);
  }
  let records: Record<string, string>[];
  try {
    records = parseCsv(Buffer.from(body), { columns: true, bom: true, skip_empty_lines: true, trim: true });
  } catch (cause) {
    throw new SourceShapeError("ckan", `${response.url}: not a readable CSV: ${(cause as Error).message}`, { cause });
  }
  return rowsFromRecords(records, series, response.url);
}

const PAGE = 1000;

async function fetchSeries(http: HttpClient, root: string, series: CkanSeries): Promise<RawResponse[]> {
  const api = `${root}/api/3/action`;
  // Never conditional: a datastore can change while its package's metadata does not.
  const pkgResponse = await http.get(`${api}/package_show?${new URLSearchParams({ id: series.dataset })}`, { validators: {} });
  const pkg = action(Package, pkgResponse.body, `package_show ${series.dataset}`);
  const resource = pkg.result.resources.find((r) => r.id === series.resource || r.name === series.resource);
  if (!resource) throw new SourceShapeError("ckan", `dataset ${series.dataset} has no resource "${series.resource}" (it has: ${pkg.result.resources.map((r) => r.name ?? r.id).join(", ")})`);
  if (!resource.datastore_active) {
    if (!/csv/i.test(resource.format ?? "") && !/\.csv($|\?)/i.test(resource.url))
      throw new SourceShapeError("ckan", `resource ${resource.id} is ${resource.format || "of no stated format"}, not in the datastore nor CSV`);
    return [pkgResponse, await http.get(resource.url, { headers: { accept: "text/csv, */*;q=0.5" } })];
  }
  const pages: RawResponse[] = [pkgResponse];
  for (let offset = 0, total = 1; offset < total; offset += PAGE) {
    const page = await http.get(`${api}/datastore_search?${new URLSearchParams({ resource_id: resource.id, limit: String(PAGE), offset: String(offset) })}`);
    pages.push(page);
    // A 304 on the first page says the table is as it was.
    if (page.status !== 200) break;
    total = action(DatastorePage, page.body, `datastore_search ${resource.id}`).result.total;
  }
  return pages;
}

const LIMITS: Partial<HostLimits> = { concurrency: 1, intervalCap: 2, intervalMs: 1_000 };

export const ckan = defineSource<CkanSeries>({
  id: "ckan",
  publisher: "Open-data portals of Viet Nam and Ho Chi Minh City (CKAN/DKAN action API)",
  kind: "portal",
  // The national open-data portal; a series may name another portal (the city's) in `portal`.
  baseUrl: "https://data.gov.vn",
  licence: "as each dataset states on its portal",
  schedule: "0 6 1 * *",
  series: [],
  async fetch({ http, baseUrl, series: configured }) {
    const out: Fetched<CkanSeries>[] = [];
    for (const series of configured) {
      const root = (series.portal ?? baseUrl).replace(/\/+$/, "");
      http.limitHost(root, LIMITS);
      for (const response of await fetchSeries(http, root, series)) out.push({ response, series });
    }
    return out;
  },
  parse: parseCkan,
});
