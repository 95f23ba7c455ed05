import { parse as parseCsv } from "csv-parse/sync";
import { z } from "zod";
import { defineSource, type Fetched, type SeriesSpec, type SourceRow } from "./define.ts";
import { SourceShapeError, UpstreamError, checkShape, readJson, whileReading } from "./errors.ts";
import type { HostLimits, HttpClient, RawResponse } from "./http.ts";
import { CountField, parseDecimal } from "./numbers.ts";
import { readPages, type PagingLimits } from "./paging.ts";

/**
 * Which API a portal answers. CKAN: the action API under /api/3/action, datastore included. DKAN
 * (the city's portal, opendata.hochiminhcity.gov.vn): the catalogue calls (package_show) are
 * CKAN-compatible, but its datastore is /api/action/datastore/search.json, paged the same way.
 */
export type PortalApi = "ckan" | "dkan";

/** The portals chiso knows, and the API each runs: declared, since a wrong guess reads the wrong URL. */
export const PORTALS: Record<string, { root: string; api: PortalApi }> = {
  national: { root: "https://data.gov.vn", api: "ckan" },
  city: { root: "https://opendata.hochiminhcity.gov.vn", api: "dkan" },
};

/**
 * One series read from a dataset on a CKAN or DKAN portal.
 *
 * No dataset on the national or the city portal is known yet to carry a catalogued indicator,
 * so DATASETS is empty and nothing is fetched. A series, once one is found, is one line there:
 *
 *   { code: "<resource id>", indicator: "<catalog id>", geo: "VN-SG", unit: "percent",
 *     ...portal("city"), dataset: "<package name>", resource: "<resource id or name>",
 *     period: "<year column>", value: "<figure column>", where: { "<column>": "<value>" } }
 *
 * and its seriesCode is the resource id, which is what the portal shows.
 */
export interface CkanSeries extends SeriesSpec {
  /** Portal root; defaults to the source's base URL. */
  portal?: string;
  /** The API the portal answers; CKAN unless declared. */
  api?: PortalApi;
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
    resources: z.array(
      z.object({
        id: z.string(),
        name: z.string().nullable().optional(),
        url: z.string(),
        format: z.string().nullable().optional(),
        datastore_active: z.boolean().optional(),
      }),
    ),
  }),
});
const Cell = z.union([z.string(), z.number(), z.null()]);
// DKAN may send the total as text ("1003"): either way only a plain decimal is a count.
const DatastorePage = z.object({
  success: z.literal(true),
  result: z.object({ records: z.array(z.record(z.string(), Cell)), total: CountField }),
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
    // A JSON number is finite already (the schema refuses others); text must be a plain decimal.
    const value = typeof cell === "number" ? cell : parseDecimal(cell.trim());
    if (!/^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/.test(period))
      throw new SourceShapeError("ckan", `${origin}: row ${i + 1}, column "${series.period}": "${period}" is not a year or ISO period`);
    if (value === undefined || !Number.isFinite(value))
      throw new SourceShapeError("ckan", `${origin}: row ${i + 1}, column "${series.value}": "${cell}" is not a plain number`);
    rows.push({
      indicatorId: series.indicator,
      geo: series.geo,
      period,
      value,
      unit: series.unit,
      seriesCode: series.code,
      flags: series.proxy ? ["proxy"] : [],
      note: `${series.dataset} / ${series.resource}`,
    });
  });
  return rows;
}

const CKAN_DATASTORE = "/api/3/action/datastore_search";
const DKAN_DATASTORE = "/api/action/datastore/search.json";
const isDatastore = (url: string) => url.includes(CKAN_DATASTORE) || url.includes(DKAN_DATASTORE);

/** The series' portal, as a spread into a series: `...portal("city")`. */
export const portal = (name: keyof typeof PORTALS) => ({ portal: PORTALS[name]!.root, api: PORTALS[name]!.api });

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

/**
 * Whether a resource's rows are in the portal's datastore. CKAN says so in datastore_active; DKAN's
 * package_show may leave it out, and there a resource not said to be outside the datastore is read from it.
 */
const inDatastore = (resource: { datastore_active?: boolean }, dkan: boolean) => resource.datastore_active ?? dkan;

async function fetchSeries(http: HttpClient, root: string, series: CkanSeries, paging?: Partial<PagingLimits>): Promise<RawResponse[]> {
  // package_show is CKAN's call on both kinds of portal.
  const api = `${root}/api/3/action`;
  const dkan = series.api === "dkan";
  // Never conditional: a datastore can change while its package's metadata does not.
  const pkgResponse = await http.get(`${api}/package_show?${new URLSearchParams({ id: series.dataset })}`, { validators: {} });
  const resource = whileReading(series.code, pkgResponse, () => {
    const pkg = action(Package, pkgResponse.body, `package_show ${series.dataset}`);
    const found = pkg.result.resources.find((r) => r.id === series.resource || r.name === series.resource);
    if (!found)
      throw new SourceShapeError(
        "ckan",
        `dataset ${series.dataset} has no resource "${series.resource}" (it has: ${pkg.result.resources.map((r) => r.name ?? r.id).join(", ")})`,
      );
    if (!inDatastore(found, dkan) && !/csv/i.test(found.format ?? "") && !/\.csv($|\?)/i.test(found.url))
      throw new SourceShapeError("ckan", `resource ${found.id} is ${found.format || "of no stated format"}, not in the datastore nor CSV`);
    return found;
  });
  if (!inDatastore(resource, dkan)) return [pkgResponse, await http.get(resource.url, { headers: { accept: "text/csv, */*;q=0.5" } })];
  const pages: RawResponse[] = [pkgResponse];
  await readPages("ckan", series.code, paging, async ({ page, signal }) => {
    const offset = String((page - 1) * PAGE);
    const query = new URLSearchParams({ resource_id: resource.id, limit: String(PAGE), offset });
    const response = await http.get(dkan ? `${root}${DKAN_DATASTORE}?${query}` : `${root}${CKAN_DATASTORE}?${query}`, { signal });
    pages.push(response);
    // A 304 on the first page says the table is as it was.
    if (response.status !== 200) return undefined;
    const { total } = whileReading(series.code, response, () => action(DatastorePage, response.body, `datastore_search ${resource.id}`)).result;
    return { pages: Math.ceil(total / PAGE), from: `GET ${response.url}` };
  });
  return pages;
}

/** The datasets read, as data: none until one is known to carry a catalogued indicator. */
export const DATASETS: CkanSeries[] = [];

const LIMITS: Partial<HostLimits> = { concurrency: 1, intervalCap: 2, intervalMs: 1_000 };

export const ckan = defineSource<CkanSeries>({
  id: "ckan",
  publisher: "Open-data portals of Viet Nam (CKAN) and Ho Chi Minh City (DKAN)",
  kind: "portal",
  // The national open-data portal; a series may name another portal (the city's) in `portal`.
  baseUrl: PORTALS.national!.root,
  licence: "as each dataset states on its portal",
  schedule: "0 6 1 * *",
  series: DATASETS,
  async fetch({ http, baseUrl, series: configured, paging }) {
    const out: Fetched<CkanSeries>[] = [];
    for (const series of configured) {
      const root = (series.portal ?? baseUrl).replace(/\/+$/, "");
      http.limitHost(root, LIMITS);
      for (const response of await fetchSeries(http, root, series, paging)) out.push({ response, series });
    }
    return out;
  },
  parse: parseCkan,
});
