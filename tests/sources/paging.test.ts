import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { ckan, type CkanSeries } from "../../sources/ckan.ts";
import type { SeriesSpec, SourceAdapter } from "../../sources/define.ts";
import { HttpClient } from "../../sources/http.ts";
import type { PagingLimits } from "../../sources/paging.ts";
import { unSdg } from "../../sources/un-sdg.ts";
import { worldbank } from "../../sources/worldbank.ts";
import { startLocalServer, type Hit, type LocalServer, type Reply, type Routes } from "../helpers/local-server.ts";
import { FAST } from "./contract.ts";

const fixture = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), "utf8");
const MILLION = 1_000_000;

// World Bank: the recorded envelope, announcing as many pages as asked.
const recorded = JSON.parse(fixture("worldbank-us-gni.json"));
const wbSeries = worldbank.series[0]!;
const wbPoint = {
  ...recorded[1][0],
  indicator: { id: wbSeries.code, value: "x" },
  country: { id: "VN", value: "Viet Nam" },
  countryiso3code: "VNM",
  date: "2022",
  value: 1,
};
const wbPage =
  (pages: unknown, more: Record<string, unknown> = {}) =>
  (hit: Hit): Reply => ({
    body: JSON.stringify([{ ...recorded[0], page: Number(hit.query.get("page")), pages, per_page: "1000", total: 3, ...more }, [wbPoint]]),
  });
const wbRoute = `GET /v2/country/VNM/indicator/${wbSeries.code}`;

// UN SDG: the documented page, announcing a million pages.
const sdgPage = JSON.stringify({ ...JSON.parse(fixture("un-sdg/IT_NET_BBND-704-page1.json")), totalPages: MILLION });
const sdgSeries = unSdg.series.find((s) => s.code === "IT_NET_BBND")!;

// CKAN: a datastore announcing a billion records, a million pages of 1,000.
const ckanSeries: CkanSeries = {
  code: "11111111-2222-3333-4444-555555555555",
  indicator: "internet-users",
  geo: "VN-SG",
  unit: "percent",
  dataset: "example-ict-indicators",
  resource: "indicators-by-year",
  period: "Năm",
  value: "Giá trị",
};
const ckanPage = fixture("ckan/datastore_search-offset0.json").replace('"total": 1003', `"total": ${MILLION * 1000}`);

/** Fetches as refresh does, with the given paging caps; answers the requests made, or the failure. */
async function fetchWith<S extends SeriesSpec>(adapter: SourceAdapter<S>, base: string, series: S[], paging?: Partial<PagingLimits>) {
  const http = new HttpClient(adapter.id, FAST);
  try {
    return await adapter.fetch({ http, log: () => {}, baseUrl: base, series, paging });
  } finally {
    await http.close();
  }
}

describe("paging: the upstream's page count is not trusted", () => {
  let server: LocalServer | undefined;
  afterEach(async () => server?.close());
  const serve = async (routes: Routes) => {
    server = await startLocalServer(routes);
    return server;
  };

  it("world bank: a series announcing a million pages fails after its first, naming the series and the count", async () => {
    const s = await serve({ [wbRoute]: wbPage(MILLION) });
    await expect(fetchWith(worldbank, `${s.url}/v2`, [wbSeries])).rejects.toThrow(
      new RegExp(
        `\\[worldbank\\] series ${wbSeries.code}: the upstream announces 1000000 pages, more than the 200 read for one series \\(in GET http://127\\.0\\.0\\.1:\\d+/v2/country/VNM/indicator/`,
      ),
    );
    expect(s.count(wbRoute)).toBe(1);
  });

  it("un-sdg: a series announcing a million pages fails after its first", async () => {
    const s = await serve({ "GET /sdgapi/v1/sdg/Series/Data": { body: sdgPage } });
    await expect(fetchWith(unSdg, `${s.url}/sdgapi/v1/sdg`, [sdgSeries])).rejects.toThrow(
      /\[un-sdg\] series IT_NET_BBND: the upstream announces 1000000 pages, more than the 200/,
    );
    expect(s.hits).toHaveLength(1);
  });

  it("ckan: a datastore announcing a billion records fails after its first page", async () => {
    let served: Routes = {};
    const s = await serve(new Proxy({} as Routes, { get: (_, route: string) => served[route] }));
    served = {
      "GET /api/3/action/package_show": { body: fixture("ckan/package_show.json").replaceAll("https://portal.example", s.url) },
      "GET /api/3/action/datastore_search": { body: ckanPage },
    };
    await expect(fetchWith(ckan, s.url, [ckanSeries])).rejects.toThrow(
      /\[ckan\] series 11111111-2222-3333-4444-555555555555: the upstream announces 1000000 pages/,
    );
    expect(s.count("GET /api/3/action/datastore_search")).toBe(1);
  });

  it("takes the cap from the fetch context", async () => {
    const s = await serve({ [wbRoute]: wbPage(3) });
    await expect(fetchWith(worldbank, `${s.url}/v2`, [wbSeries], { maxPages: 2 })).rejects.toThrow(/announces 3 pages, more than the 2 read for one series/);
    expect((await fetchWith(worldbank, `${s.url}/v2`, [wbSeries], { maxPages: 3 })).map((f) => f.response.status)).toEqual([200, 200, 200]);
  });

  it("gives up on a series whose pages take longer than its deadline, naming the series", async () => {
    const s = await serve({ [wbRoute]: (hit) => ({ ...wbPage(50)(hit), delayMs: 100 }) });
    const t0 = Date.now();
    await expect(fetchWith(worldbank, `${s.url}/v2`, [wbSeries], { seriesDeadlineMs: 500 })).rejects.toThrow(
      new RegExp(`\\[worldbank\\] series ${wbSeries.code}: gave up after 0\\.5 s, the series' deadline`),
    );
    expect(Date.now() - t0).toBeLessThan(3_000);
    expect(s.count(wbRoute)).toBeLessThan(50);
  });

  it("reads a page count only when it is a plain decimal", async () => {
    const s = await serve({ [wbRoute]: wbPage("0x10") });
    await expect(fetchWith(worldbank, `${s.url}/v2`, [wbSeries])).rejects.toThrow(
      /\[worldbank\] field \[0\]\.pages: .*\(series FX\.OWN\.TOTL\.ZS, in GET http:\/\/127\.0\.0\.1/,
    );
  });
});
