import { z } from "zod";
import { baseUrlFor, defineSource, type Fetched, type SeriesSpec, type SourceRow } from "./define.ts";
import { SourceShapeError, UpstreamError, fieldPath } from "./errors.ts";
import type { RawResponse } from "./http.ts";

export interface WorldBankSeries extends SeriesSpec {
  /** ISO2 country code as the API takes it. */
  country: string;
  unit: SourceRow["unit"];
  /** Indicators API source id; Global Findex series live in source 28. */
  wbSource?: number;
  /** `date` range, e.g. "2000:2025"; omitted means every year. */
  date?: string;
}

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
  let raw: unknown;
  try {
    raw = JSON.parse(typeof body === "string" ? body : new TextDecoder().decode(body));
  } catch (cause) {
    throw new SourceShapeError("worldbank", `body is not JSON: ${(cause as Error).message}`, { cause });
  }
  const error = ErrorBody.safeParse(raw);
  if (error.success) {
    const m = error.data[0].message[0];
    throw new UpstreamError("worldbank", `API error ${m?.id ?? "?"}: ${m?.key ?? ""}: ${m?.value ?? ""}`.trim());
  }
  const page = Envelope.safeParse(raw);
  if (!page.success) {
    const issue = page.error.issues[0]!;
    throw new SourceShapeError("worldbank", `field ${fieldPath(issue.path)}: ${issue.message}`);
  }
  return { paging: page.data[0], points: page.data[1] ?? [] };
}

export function rowsFromPage(page: WorldBankPage, series: WorldBankSeries): SourceRow[] {
  return page.points
    .filter((p) => p.value !== null && p.country.id.toUpperCase() === series.country.toUpperCase())
    .map((p) => ({
      indicatorId: series.indicator,
      geo: series.geo,
      period: p.date,
      value: p.value!,
      unit: series.unit,
      seriesCode: series.code,
      flags: series.proxy ? ["proxy"] : [],
      note: p.indicator.value,
    }));
}

export function pageUrl(base: string, series: WorldBankSeries, page: number, perPage = 1000): string {
  const params = new URLSearchParams({ format: "json", per_page: String(perPage), page: String(page) });
  if (series.date) params.set("date", series.date);
  if (series.wbSource) params.set("source", String(series.wbSource));
  return `${base}/country/${series.country}/indicator/${series.code}?${params}`;
}

const vn = (code: string, indicator: string, unit: SourceRow["unit"]): WorldBankSeries => ({
  code,
  indicator,
  geo: "VN",
  country: "VN",
  proxy: true,
  unit,
});

export const worldbank = defineSource<WorldBankSeries>({
  id: "worldbank",
  publisher: "World Bank",
  kind: "api",
  baseUrl: baseUrlFor("worldbank", "https://api.worldbank.org/v2"),
  licence: "CC-BY-4.0",
  schedule: "0 3 1 * *",
  homepage: "https://data.worldbank.org",
  series: [
    vn("FX.OWN.TOTL.ZS", "account-ownership-15plus", "percent"),
    vn("IT.NET.USER.ZS", "internet-users", "percent"),
    vn("IT.NET.BBND.P2", "fixed-broadband-subscriptions", "per-100-people"),
    vn("IT.CEL.SETS.P2", "mobile-subscriptions", "per-100-people"),
  ],
  async fetch({ http, baseUrl, series: configured }) {
    const out: Fetched<WorldBankSeries>[] = [];
    for (const series of configured) {
      // Read page 1, then as many more as it announces.
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
