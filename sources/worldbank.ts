import { z } from "zod";
import { defineSource, type Fetched, type SeriesSpec, type SourceRow } from "./define.ts";
import { SourceShapeError, UpstreamError, checkShape, readJson, whileReading } from "./errors.ts";
import type { Flag } from "../schemas/observation.ts";
import type { HostLimits } from "./http.ts";
import { CountField } from "./numbers.ts";
import { readPages } from "./paging.ts";
import { isBulkResponse, replayBulkFiles, rowsFromBulk } from "./worldbank-bulk.ts";

export interface WorldBankSeries extends SeriesSpec {
  /** ISO2 country code, for links to data.worldbank.org. */
  country: string;
  /** The same country's ISO3 code: the request's path, and the key of every row (WDI and Findex alike). */
  iso3: string;
  unit: SourceRow["unit"];
  /** Indicators API source id; Global Findex series live in source 28. */
  wbSource?: number;
  /** `date` range, e.g. "2000:2025"; omitted means every year. */
  date?: string;
  /** Only the N most recent values (`mrv`). */
  mrv?: number;
  /** The API's name for the series must match: a reused or renamed code fails instead of loading. */
  label?: RegExp;
  /** Flags every row of the series carries (besides `proxy`). */
  flags?: Flag[];
}

/** The API asks for no more than a few requests a second; one at a time keeps us well inside. */
const LIMITS: Partial<HostLimits> = { concurrency: 1, intervalCap: 4, intervalMs: 1_000 };

// per_page comes as text ("50"), the others as numbers; either way only a plain decimal is a count.
const Paging = z.object({
  page: CountField,
  pages: CountField,
  per_page: CountField,
  total: CountField,
});
const Point = z.object({
  indicator: z.object({ id: z.string(), value: z.string() }),
  country: z.object({ id: z.string(), value: z.string() }),
  // Findex rows (source 28) carry it as WDI rows do; country.id is ISO2 in WDI, ISO3 in Findex.
  countryiso3code: z.string().optional(),
  date: z.string(),
  value: z.number().nullable(),
  obs_status: z.string().nullable().optional(),
});
const Envelope = z.tuple([Paging, z.array(Point).nullable()]);
const ErrorBody = z.tuple([z.object({ message: z.array(z.object({ id: z.string(), key: z.string(), value: z.string() })) })]);

export interface WorldBankPage {
  paging: z.infer<typeof Paging>;
  points: z.infer<typeof Point>[];
}

/** Reads one page of the Indicators API v2; an HTTP-200 error body becomes an UpstreamError. */
export function parsePage(body: Uint8Array | string): WorldBankPage {
  const raw = readJson("worldbank", body);
  const error = ErrorBody.safeParse(raw);
  if (error.success) {
    const m = error.data[0].message[0];
    throw new UpstreamError("worldbank", `API error ${m?.id ?? "?"}: ${m?.key ?? ""}: ${m?.value ?? ""}`.trim());
  }
  const [paging, points] = checkShape("worldbank", Envelope, raw);
  return { paging, points: points ?? [] };
}

/** A row is the series' country when countryiso3code (or country.id, ISO2 in WDI and ISO3 in Findex) says so. */
const isCountry = (p: z.infer<typeof Point>, s: WorldBankSeries) =>
  [p.country.id, p.countryiso3code ?? ""].some((id) => [s.country, s.iso3].some((c) => c.toUpperCase() === id.toUpperCase()));

export function rowsFromPage(page: WorldBankPage, series: WorldBankSeries): SourceRow[] {
  return page.points
    .filter((p) => p.value !== null && isCountry(p, series))
    .map((p, i) => {
      if (p.indicator.id.toLowerCase() !== series.code.toLowerCase())
        throw new SourceShapeError("worldbank", `field [1][${i}].indicator.id: "${p.indicator.id}" answered a request for ${series.code}`);
      if (series.label && !series.label.test(p.indicator.value))
        throw new SourceShapeError(
          "worldbank",
          `field [1][${i}].indicator.value: ${series.code} is now "${p.indicator.value}", not ${series.label}: check the definition before loading it`,
        );
      // The year as the API gives it: Findex files Viet Nam's 2021 survey round under 2022, and so do we.
      if (!/^\d{4}$/.test(p.date)) throw new SourceShapeError("worldbank", `field [1][${i}].date: "${p.date}" is not a year`);
      return {
        indicatorId: series.indicator,
        geo: series.geo,
        period: p.date,
        value: p.value!,
        unit: series.unit,
        seriesCode: series.code,
        flags: [...(series.proxy ? (["proxy"] as const) : []), ...(series.flags ?? [])],
        note: p.indicator.value,
      };
    });
}

export function pageUrl(base: string, series: WorldBankSeries, page: number, perPage = 1000): string {
  const params = new URLSearchParams({ format: "json", per_page: String(perPage), page: String(page) });
  if (series.date) params.set("date", series.date);
  if (series.mrv) params.set("mrv", String(series.mrv));
  if (series.wbSource) params.set("source", String(series.wbSource));
  return `${base}/country/${series.iso3}/indicator/${series.code}?${params}`;
}

const vn = (code: string, indicator: string, unit: SourceRow["unit"], more: Partial<WorldBankSeries> = {}): WorldBankSeries => ({
  code,
  indicator,
  geo: "VN",
  country: "VN",
  iso3: "VNM",
  proxy: true,
  unit,
  ...more,
});
const FINDEX = 28;

export const worldbank = defineSource<WorldBankSeries>({
  id: "worldbank",
  publisher: "World Bank",
  kind: "api",
  baseUrl: "https://api.worldbank.org/v2",
  licence: "CC-BY-4.0",
  schedule: "0 3 1 * *",
  homepage: "https://data.worldbank.org",
  series: [
    vn("FX.OWN.TOTL.ZS", "account-ownership-15plus", "percent"),
    vn("IT.NET.USER.ZS", "internet-users", "percent"),
    vn("IT.NET.BBND.P2", "fixed-broadband-subscriptions", "per-100-people"),
    vn("IT.CEL.SETS.P2", "mobile-subscriptions", "per-100-people"),
    // Global Findex, read from its own database: "Account (% age 15+)".
    vn("account.t.d", "account-ownership-15plus", "percent", { wbSource: FINDEX, label: /account/i }),
    // "Made or received a digital payment (% age 15+)"
    vn("g20.any", "digital-payments-15plus", "percent", { wbSource: FINDEX, label: /digital payment/i }),
    // Adults whose main mobile phone (published for the 2024 round only) is a smartphone: someone with a smartphone as a second phone is
    // not counted, so the share of adults who have one is at least this much.
    // "tỷ lệ dân số trưởng thành có điện thoại thông minh"
    vn("con9a", "adults-with-smartphone", "percent", { wbSource: FINDEX, label: /smartphone/i, flags: ["lower-bound"] }),
  ],
  // WDI series have a page on data.worldbank.org; Findex series are read through the API request itself.
  seriesLink: (s, base) => (s.wbSource ? pageUrl(base, s, 1) : `https://data.worldbank.org/indicator/${s.code}?locations=${s.country}`),
  async fetch({ http, baseUrl, series: configured, paging, log }) {
    // Offline, the bundled bulk CSVs stand in for the API: a series with none has nothing offline.
    if (http.offline) {
      const fetched = replayBulkFiles(http, baseUrl, configured, log);
      const without = configured.filter((s) => !fetched.some((f) => f.series === s)).map((s) => s.code);
      if (without.length) log(`worldbank: offline, no bundled bulk CSV for ${without.join(", ")}: nothing to load for them`);
      return fetched;
    }
    http.limitHost(baseUrl, LIMITS);
    const out: Fetched<WorldBankSeries>[] = [];
    // Read page 1, then as many more as it announces. A 304 on page 1 says the series is as it was.
    for (const series of configured)
      await readPages("worldbank", series.code, paging, async ({ page, signal }) => {
        const response = await http.get(pageUrl(baseUrl, series, page), { signal });
        out.push({ response, series });
        if (response.status !== 200) return undefined;
        return { pages: whileReading(series.code, response, () => parsePage(response.body).paging.pages), from: `GET ${response.url}` };
      });
    return out;
  },
  parse: (body, series, response) =>
    isBulkResponse(response)
      ? rowsFromBulk(body, series, response.snapshot ? `snapshot ${response.snapshot}` : response.url)
      : rowsFromPage(parsePage(body), series),
});
