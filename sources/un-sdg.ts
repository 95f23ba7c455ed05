import { z } from "zod";
import { defineSource, type Fetched, type SeriesSpec, type SourceRow } from "./define.ts";
import { SourceShapeError, checkShape, readJson } from "./errors.ts";
import type { HostLimits } from "./http.ts";

/** One series of the UN Global SDG Indicators Database, for one area. */
export interface SdgSeries extends SeriesSpec {
  /** M49 area code: 704 is Viet Nam. */
  areaCode: string;
  unit: SourceRow["unit"];
  /** The `attributes.Units` code every observation must carry, e.g. PERCENT, PER_100_POP. */
  units: string;
  /**
   * The disaggregation that is the headline figure, by dimension name. A dimension an observation
   * does not carry is no filter; two observations left for one year is an error, never a guess.
   */
  dimensions: Record<string, string>;
  /** Years kept, inclusive (the API filters by a list of years; we filter here, once). */
  from?: number;
  to?: number;
}

const Observation = z.object({
  series: z.string(),
  seriesDescription: z.string(),
  geoAreaCode: z.string(),
  geoAreaName: z.string(),
  // Sent as a number (2019.0): a year, the start of the observation's period.
  timePeriodStart: z.number(),
  // The figure comes as text; valueType says how to read it.
  value: z.string().nullable(),
  valueType: z.string(),
  time_detail: z.string().nullable().optional(),
  source: z.string().nullable().optional(),
  footnotes: z.array(z.string()).nullable().optional(),
  attributes: z.object({ Units: z.string(), Nature: z.string().optional() }).catchall(z.string().nullable()),
  dimensions: z.record(z.string(), z.string()),
});
const Page = z.object({
  size: z.number().int(),
  totalElements: z.number().int(),
  totalPages: z.number().int(),
  pageNumber: z.number().int(),
  data: z.array(Observation),
});
export type SdgPage = z.infer<typeof Page>;

/** Reads one page of /v1/sdg/Series/Data; a drifted page names the field. */
export function parseSdgPage(body: Uint8Array | string): SdgPage {
  return checkShape("un-sdg", Page, readJson("un-sdg", body));
}

const wanted = (o: SdgPage["data"][number], s: SdgSeries) =>
  Object.entries(s.dimensions).every(([name, code]) => o.dimensions[name] === undefined || o.dimensions[name] === code);

/** Picks the configured series, area and disaggregation out of one page; one row per year. */
export function rowsFromSdgPage(page: SdgPage, series: SdgSeries): SourceRow[] {
  const byYear = new Map<number, { o: SdgPage["data"][number]; at: number }[]>();
  page.data.forEach((o, at) => {
    if (o.series !== series.code || o.geoAreaCode !== series.areaCode || !wanted(o, series)) return;
    const year = o.timePeriodStart;
    if ((series.from !== undefined && year < series.from) || (series.to !== undefined && year > series.to)) return;
    byYear.set(year, [...(byYear.get(year) ?? []), { o, at }]);
  });
  const rows: SourceRow[] = [];
  for (const [year, found] of byYear) {
    if (found.length > 1) {
      const differing = Object.keys(found[0]!.o.dimensions).filter((d) => new Set(found.map((f) => f.o.dimensions[d])).size > 1);
      throw new SourceShapeError(
        "un-sdg",
        `${series.code} ${year}: ${found.length} observations left after filtering by ${JSON.stringify(series.dimensions)}; they differ in ${differing.join(", ") || "nothing but value"}: add the dimension to the series' filter`,
      );
    }
    const { o, at } = found[0]!;
    if (!Number.isInteger(year)) throw new SourceShapeError("un-sdg", `field data[${at}].timePeriodStart: ${year} is not a year`);
    if (o.attributes.Units !== series.units)
      throw new SourceShapeError("un-sdg", `field data[${at}].attributes.Units: "${o.attributes.Units}" where ${series.code} is read as ${series.units}`);
    // No figure for the year: nothing to load, and nothing wrong.
    if (o.value === null || o.value.trim() === "") continue;
    const value = Number(o.value);
    if (!Number.isFinite(value)) throw new SourceShapeError("un-sdg", `field data[${at}].value: "${o.value}" is not a number`);
    rows.push({
      indicatorId: series.indicator,
      geo: series.geo,
      period: String(year),
      value,
      unit: series.unit,
      seriesCode: series.code,
      flags: series.proxy ? ["proxy"] : [],
      note: [o.seriesDescription, o.source, ...(o.footnotes ?? [])].filter(Boolean).join(" | "),
    });
  }
  return rows.sort((a, b) => a.period.localeCompare(b.period));
}

export function sdgPageUrl(base: string, series: SdgSeries, page: number, pageSize = 500): string {
  const params = new URLSearchParams({ seriesCode: series.code, areaCode: series.areaCode, pageSize: String(pageSize), page: String(page) });
  return `${base}/Series/Data?${params}`;
}

/** unstats.un.org answers slowly under load: one request at a time. */
const LIMITS: Partial<HostLimits> = { concurrency: 1, intervalCap: 2, intervalMs: 1_000 };

const vietNam = (code: string, indicator: string, unit: SourceRow["unit"], units: string, dimensions: Record<string, string>): SdgSeries => ({
  code, indicator, geo: "VN", areaCode: "704", proxy: true, unit, units, dimensions, from: 2000,
});

export const unSdg = defineSource<SdgSeries>({
  id: "un-sdg",
  publisher: "United Nations Statistics Division (Global SDG Indicators Database)",
  kind: "api",
  baseUrl: "https://unstats.un.org/sdgapi/v1/sdg",
  licence: "UN data terms of use: free reuse with attribution",
  schedule: "0 5 2 * *",
  homepage: "https://unstats.un.org/sdgs/dataportal",
  series: [
    // 8.10.2: adults (15+) with an account at a financial institution or a mobile-money provider.
    vietNam("FB_BNK_ACCSS", "account-ownership-15plus", "percent", "PERCENT", { Sex: "BOTHSEX", Age: "15+", Location: "ALLAREA", Quantile: "_T", "Education level": "_T" }),
    // 17.6.1: fixed broadband subscriptions per 100 inhabitants, every speed together.
    vietNam("IT_NET_BBND", "fixed-broadband-subscriptions", "per-100-people", "PER_100_POP", { "Type of speed": "ANYS" }),
    // 17.8.1: individuals using the Internet.
    vietNam("IT_USE_ii99", "internet-users", "percent", "PERCENT", { Sex: "BOTHSEX", Age: "ALLAGE", Location: "ALLAREA" }),
  ],
  seriesLink: (s, base) => sdgPageUrl(base, s, 1),
  async fetch({ http, baseUrl, series: configured }) {
    http.limitHost(baseUrl, LIMITS);
    const out: Fetched<SdgSeries>[] = [];
    for (const series of configured) {
      let pages = 1;
      for (let page = 1; page <= pages; page++) {
        const response = await http.get(sdgPageUrl(baseUrl, series, page));
        out.push({ response, series });
        // A 304 on page 1 says the series is as it was: no need to walk the rest.
        if (response.status === 200) pages = parseSdgPage(response.body).totalPages;
      }
    }
    return out;
  },
  parse: (body, series) => rowsFromSdgPage(parseSdgPage(body), series),
});
