import { z } from "zod";
import { defineSource, type Fetched, type SeriesSpec, type SourceRow } from "./define.ts";
import { SourceShapeError, UpstreamError, checkShape, readJson } from "./errors.ts";
import type { Flag } from "../schemas/observation.ts";
import type { HostLimits, RawResponse } from "./http.ts";

export interface WorldBankSeries extends SeriesSpec {
  /** ISO2 country code as the API takes it. */
  country: string;
  /** The same country's ISO3 code: databases other than WDI key rows by it. */
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

const Paging = z.object({
  page: z.coerce.number().int(),
  pages: z.coerce.number().int(),
  per_page: z.coerce.number().int(),
  total: z.coerce.number().int(),
});
const Point = z.object({
  indicator: z.object({ id: z.string(), value: z.string() }),
  country: z.object({ id: z.string(), value: z.string() }),
  // Findex series (source 28) leave countryiso3code blank: country.id is the reliable key.
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

/** WDI keys a row by ISO2 in country.id; Findex (source 28) puts ISO3 there and leaves countryiso3code blank. */
const isCountry = (p: z.infer<typeof Point>, s: WorldBankSeries) =>
  [p.country.id, p.countryiso3code ?? ""].some((id) => [s.country, s.iso3].some((c) => c.toUpperCase() === id.toUpperCase()));

export function rowsFromPage(page: WorldBankPage, series: WorldBankSeries): SourceRow[] {
  return page.points
    .filter((p) => p.value !== null && isCountry(p, series))
    .map((p, i) => {
      if (p.indicator.id.toLowerCase() !== series.code.toLowerCase())
        throw new SourceShapeError("worldbank", `field [1][${i}].indicator.id: "${p.indicator.id}" answered a request for ${series.code}`);
      if (series.label && !series.label.test(p.indicator.value))
        throw new SourceShapeError("worldbank", `field [1][${i}].indicator.value: ${series.code} is now "${p.indicator.value}", not ${series.label}: check the definition before loading it`);
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
  return `${base}/country/${series.country}/indicator/${series.code}?${params}`;
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
    // Adults whose main mobile phone is a smartphone: someone with a smartphone as a second phone is
    // not counted, so the share of adults who have one is at least this much.
    // "tỷ lệ dân số trưởng thành có điện thoại thông minh"
    vn("con9a", "adults-with-smartphone", "percent", { wbSource: FINDEX, label: /smartphone/i, flags: ["lower-bound"] }),
  ],
  // WDI series have a page on data.worldbank.org; Findex series are read through the API request itself.
  seriesLink: (s, base) => (s.wbSource ? pageUrl(base, s, 1) : `https://data.worldbank.org/indicator/${s.code}?locations=${s.country}`),
  async fetch({ http, baseUrl, series: configured }) {
    http.limitHost(baseUrl, LIMITS);
    const out: Fetched<WorldBankSeries>[] = [];
    for (const series of configured) {
      // Read page 1, then as many more as it announces. A 304 on page 1 says the series is as it was.
      let pages = 1;
      for (let page = 1; page <= pages; page++) {
        const response: RawResponse = await http.get(pageUrl(baseUrl, series, page));
        out.push({ response, series });
        if (response.status === 200) pages = parsePage(response.body).paging.pages;
      }
    }
    return out;
  },
  parse: (body, series) => rowsFromPage(parsePage(body), series),
});
