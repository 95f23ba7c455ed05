import { z } from "zod";
import { defineSource, type Fetched, type SeriesSpec, type SourceRow } from "./define.ts";
import { SourceShapeError, checkShape, readJson, whileReading } from "./errors.ts";
import type { HostLimits } from "./http.ts";
import { parseDecimal } from "./numbers.ts";
import { readPages } from "./paging.ts";

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
  // The figure comes as text. valueType (how to read it) is documented but in no recorded body: optional.
  value: z.string().nullable(),
  valueType: z.string().optional(),
  time_detail: z.string().nullable().optional(),
  source: z.string().nullable().optional(),
  footnotes: z.array(z.string()).nullable().optional(),
  attributes: z.object({ Units: z.string(), Nature: z.string().optional() }).catchall(z.string().nullable()),
  dimensions: z.record(z.string(), z.string()),
});
// size, totalElements and pageNumber are documented but in no recorded body; totalPages drives the paging.
const Page = z.object({
  size: z.number().int().optional(),
  totalElements: z.number().int().optional(),
  totalPages: z.number().int(),
  pageNumber: z.number().int().optional(),
  data: z.array(Observation),
});
export type SdgPage = z.infer<typeof Page>;

/** Reads one page of /v1/sdg/Series/Data; a drifted page names the field. */
export function parseSdgPage(body: Uint8Array | string): SdgPage {
  return checkShape("un-sdg", Page, readJson("un-sdg", body));
}

const wanted = (o: SdgPage["data"][number], s: SdgSeries) =>
  Object.entries(s.dimensions).every(([name, code]) => o.dimensions[name] === undefined || o.dimensions[name] === code);

/**
 * A configured series whose filter keeps none of the observations the API sent for it: a wrong
 * dimension code silently empties a page, so the run fails instead, naming the codes that exist.
 */
export function checkFilterMatches(pages: SdgPage[], series: SdgSeries): void {
  const ours = pages.flatMap((p) => p.data).filter((o) => o.series === series.code && o.geoAreaCode === series.areaCode);
  if (!ours.length || ours.some((o) => wanted(o, series))) return;
  const found = Object.keys(series.dimensions).map((name) => {
    const codes = [...new Set(ours.map((o) => o.dimensions[name]).filter((c) => c !== undefined))].sort();
    return `${name}: ${codes.map((c) => JSON.stringify(c)).join(", ") || "(absent)"}`;
  });
  throw new SourceShapeError(
    "un-sdg",
    `series ${series.code}: no observation matches the filter ${JSON.stringify(series.dimensions)}; the ${ours.length} observations sent carry ${found.join("; ")}`,
  );
}

/** Picks the configured series, area and disaggregation out of one page; one row per year. */
export function rowsFromSdgPage(page: SdgPage, series: SdgSeries): SourceRow[] {
  const byYear = new Map<number, { o: SdgPage["data"][number]; at: number }[]>();
  page.data.forEach((o, at) => {
    if (o.series !== series.code || o.geoAreaCode !== series.areaCode || !wanted(o, series)) return;
    const year = o.timePeriodStart;
    if ((series.from !== undefined && year < series.from) || (series.to !== undefined && year > series.to)) return;
    // Appended in place: copying the list per observation made 80,000 rows of one year take a minute.
    const found = byYear.get(year);
    if (found) found.push({ o, at });
    else byYear.set(year, [{ o, at }]);
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
    const value = parseDecimal(o.value.trim());
    if (value === undefined) throw new SourceShapeError("un-sdg", `field data[${at}].value: "${o.value}" is not a number`);
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
  code,
  indicator,
  geo: "VN",
  areaCode: "704",
  proxy: true,
  unit,
  units,
  dimensions,
  from: 2000,
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
    vietNam("FB_BNK_ACCSS", "account-ownership-15plus", "percent", "PERCENT", {
      Sex: "BOTHSEX",
      Age: "15+",
      Location: "ALLAREA",
      Quantile: "_T",
      "Education level": "_T",
    }),
    // 17.6.1: fixed broadband subscriptions per 100 inhabitants, every speed together.
    vietNam("IT_NET_BBND", "fixed-broadband-subscriptions", "per-100-people", "PER_100_POP", { "Type of speed": "ANYS" }),
    // 17.8.1: individuals using the Internet.
    vietNam("IT_USE_ii99", "internet-users", "percent", "PERCENT", { Sex: "BOTHSEX", Age: "ALLAGE", Location: "ALLAREA" }),
  ],
  seriesLink: (s, base) => sdgPageUrl(base, s, 1),
  async fetch({ http, baseUrl, series: configured, paging }) {
    http.limitHost(baseUrl, LIMITS);
    const out: Fetched<SdgSeries>[] = [];
    for (const series of configured) {
      const read: SdgPage[] = [];
      await readPages("un-sdg", series.code, paging, async ({ page, signal }) => {
        const response = await http.get(sdgPageUrl(baseUrl, series, page), { signal });
        out.push({ response, series });
        // A 304 on page 1 says the series is as it was: no need to walk the rest.
        if (response.status !== 200) return undefined;
        const parsed = whileReading(series.code, response, () => parseSdgPage(response.body));
        read.push(parsed);
        return { pages: parsed.totalPages, from: `GET ${response.url}` };
      });
      const first = out.find((f) => f.series === series)!.response;
      whileReading(series.code, first, () => checkFilterMatches(read, series));
    }
    return out;
  },
  parse: (body, series) => rowsFromSdgPage(parseSdgPage(body), series),
});
