import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { PORTALS, ckan, parseCkan, portal, type CkanSeries } from "../../sources/ckan.ts";
import { startLocalServer, type Hit, type LocalServer, type Routes } from "../helpers/local-server.ts";
import { runSource, sourceContract } from "./contract.ts";

// Shaped after the documented CKAN action API; the dataset and its values are invented (tests/fixtures/README.md).
const fixture = (name: string) => readFileSync(new URL(`../fixtures/ckan/${name}`, import.meta.url), "utf8");
const PAGES: Record<string, string> = { "0": fixture("datastore_search-offset0.json"), "1000": fixture("datastore_search-offset1000.json") };
const CSV = fixture("indicators.csv");
const INTERNET = { "Chỉ tiêu": "Tỷ lệ người dùng Internet" };

const datastore: CkanSeries = {
  code: "11111111-2222-3333-4444-555555555555",
  indicator: "internet-users",
  geo: "VN-SG",
  unit: "percent",
  dataset: "example-ict-indicators",
  resource: "indicators-by-year",
  period: "Năm",
  value: "Giá trị",
  where: INTERNET,
};
const csv: CkanSeries = { ...datastore, code: "66666666-7777-8888-9999-000000000000", resource: "indicators-csv" };

const routes = (server: { url: string }): Routes => ({
  // The package names its resources by absolute URL: here, back at the test server.
  "GET /api/3/action/package_show": (hit: Hit) =>
    hit.query.get("id") === "example-ict-indicators"
      ? { body: fixture("package_show.json").replaceAll("https://portal.example", server.url) }
      : { status: 404, body: fixture("not-found.json") },
  "GET /api/3/action/datastore_search": (hit: Hit) => ({ body: PAGES[hit.query.get("offset") ?? ""] ?? '{"success":true,"result":{"records":[],"total":0}}' }),
  "GET /files/indicators.csv": { body: CSV, headers: { "content-type": "text/csv; charset=utf-8" } },
});

describe("ckan: the shared source contract", () => {
  sourceContract({
    adapter: ckan,
    series: [datastore, csv],
    routes,
    // package_show twice, two datastore pages, one CSV.
    minRequests: 5,
    expectRows: (rows) => {
      expect(rows.filter((r) => r.seriesCode === datastore.code).map((r) => [r.period, r.value])).toEqual([
        ["2022", 70.1],
        ["2023", 72.5],
        ["2024", 75],
      ]);
      expect(rows.filter((r) => r.seriesCode === csv.code).map((r) => [r.period, r.value])).toEqual([
        ["2022", 70.1],
        ["2023", 72.5],
      ]);
    },
    errorBody: {
      routes: { "GET /api/3/action/package_show": { status: 404, body: fixture("not-found.json") } },
      message: /package_show\?id=example-ict-indicators: HTTP 404: .*"message": "Not found"/,
    },
    empty: {
      routes: {
        "GET /api/3/action/datastore_search": { body: '{"success":true,"result":{"records":[],"total":0}}' },
        "GET /files/indicators.csv": { body: "Năm,Chỉ tiêu,Giá trị\n" },
      },
      expect: "no-rows",
    },
    drifted: {
      routes: { "GET /api/3/action/datastore_search": { body: PAGES["0"]!.replace('"total"', '"count"') } },
      message: /datastore_search 11111111-2222-3333-4444-555555555555: field result\.total: /,
    },
    // package_show is asked unconditionally: a datastore can change under unchanged package metadata.
    allUnchanged: false,
  });
});

// DKAN (the city's portal): package_show as CKAN's, the datastore at /api/action/datastore/search.json.
// Its pages are the CKAN-shaped bodies above, the total sent as text as DKAN may send it.
const dkanSeries: CkanSeries = { ...datastore, api: "dkan" };
const DKAN_PAGES = Object.fromEntries(Object.entries(PAGES).map(([offset, body]) => [offset, body.replace('"total": 1003', '"total": "1003"')]));
const dkanRoutes = (server: { url: string }): Routes => {
  const { "GET /api/3/action/datastore_search": _ckanOnly, ...rest } = routes(server);
  return {
    ...rest,
    "GET /api/action/datastore/search.json": (hit: Hit) => ({
      body: DKAN_PAGES[hit.query.get("offset") ?? ""] ?? '{"success":true,"result":{"records":[],"total":"0"}}',
    }),
  };
};

describe("ckan: the shared source contract, on a DKAN portal", () => {
  sourceContract({
    adapter: ckan,
    series: [dkanSeries, csv],
    routes: dkanRoutes,
    minRequests: 5,
    expectRows: (rows) => {
      expect(rows.filter((r) => r.seriesCode === datastore.code).map((r) => [r.period, r.value])).toEqual([
        ["2022", 70.1],
        ["2023", 72.5],
        ["2024", 75],
      ]);
      expect(rows.filter((r) => r.seriesCode === csv.code).map((r) => [r.period, r.value])).toEqual([
        ["2022", 70.1],
        ["2023", 72.5],
      ]);
    },
    errorBody: {
      routes: { "GET /api/action/datastore/search.json": { body: fixture("not-found.json") } },
      message: /datastore_search 11111111-2222-3333-4444-555555555555: Not found \(series .*, in GET .*\/api\/action\/datastore\/search\.json\?resource_id=/,
    },
    empty: {
      routes: {
        "GET /api/action/datastore/search.json": { body: '{"success":true,"result":{"records":[],"total":"0"}}' },
        "GET /files/indicators.csv": { body: "Năm,Chỉ tiêu,Giá trị\n" },
      },
      expect: "no-rows",
    },
    drifted: {
      routes: { "GET /api/action/datastore/search.json": { body: DKAN_PAGES["0"]!.replace('"total"', '"count"') } },
      message: /field result\.total: /,
    },
    allUnchanged: false,
  });
});

/** A portal whose package points its resources back at the portal itself. */
async function startPortal(): Promise<LocalServer> {
  let served: Routes = {};
  const portal = await startLocalServer(new Proxy({} as Routes, { get: (_, route: string) => served[route] }));
  served = routes(portal);
  return portal;
}

describe("ckan: what is special to CKAN portals", () => {
  let server: LocalServer | undefined;
  afterEach(async () => server?.close());
  const at = (url: string) => ({ url });

  it("ships with no series: no dataset is known yet to carry a catalogued indicator", () => {
    expect(ckan.series).toEqual([]);
  });

  it("declares the city's portal as DKAN and the national one as CKAN", () => {
    expect(PORTALS.city).toEqual({ root: "https://opendata.hochiminhcity.gov.vn", api: "dkan" });
    expect(portal("national")).toEqual({ portal: "https://data.gov.vn", api: "ckan" });
  });

  it("reads a DKAN datastore at /api/action/datastore/search.json, paged, and never CKAN's datastore_search", async () => {
    let served: Routes = {};
    server = await startLocalServer(new Proxy({} as Routes, { get: (_, route: string) => served[route] }));
    served = dkanRoutes(server);
    const { rows } = await runSource(ckan, server.url, {}, [dkanSeries]);
    expect(rows.map((r) => r.period)).toEqual(["2022", "2023", "2024"]);
    expect(server.hits.map((h) => h.path)).toEqual(["/api/3/action/package_show", "/api/action/datastore/search.json", "/api/action/datastore/search.json"]);
    expect(server.hits.slice(1).map((h) => [h.query.get("resource_id"), h.query.get("offset")])).toEqual([
      [datastore.code, "0"],
      [datastore.code, "1000"],
    ]);
  });

  it("reads a series from the portal it names, not the default one", async () => {
    const city = await startPortal();
    server = await startLocalServer({});
    try {
      const { rows } = await runSource(ckan, server.url, {}, [{ ...datastore, portal: `${city.url}/` }]);
      expect(rows.map((r) => r.period)).toEqual(["2022", "2023", "2024"]);
      expect(server.hits).toEqual([]);
      expect(city.hits.filter((h) => h.path.endsWith("datastore_search")).map((h) => [h.query.get("offset"), h.query.get("limit")])).toEqual([
        ["0", "1000"],
        ["1000", "1000"],
      ]);
    } finally {
      await city.close();
    }
  });

  it("turns success: false under HTTP 200 into an upstream error with CKAN's message", () => {
    expect(() => parseCkan(new TextEncoder().encode(fixture("not-found.json")), datastore, at("http://x/api/3/action/datastore_search?resource_id=r"))).toThrow(
      /\[ckan\] datastore_search indicators-by-year: Not found/,
    );
  });

  it("names a missing column and a figure that is not a plain number", () => {
    const body = (text: string) => new TextEncoder().encode(text);
    expect(() => parseCkan(body("Year,Value\n2022,1\n"), csv, at("http://x/a.csv"))).toThrow(
      /\[ckan\] http:\/\/x\/a\.csv: column "Năm" is missing \(columns: Year, Value\)/,
    );
    expect(() => parseCkan(body('Năm,Chỉ tiêu,Giá trị\n2022,Tỷ lệ người dùng Internet,"70,1"\n'), csv, at("http://x/a.csv"))).toThrow(
      /row 1, column "Giá trị": "70,1" is not a plain number/,
    );
    expect(() => parseCkan(body("Năm,Chỉ tiêu,Giá trị\n2022-23,Tỷ lệ người dùng Internet,70\n"), csv, at("http://x/a.csv"))).toThrow(
      /row 1, column "Năm": "2022-23" is not a year or ISO period/,
    );
    for (const text of ["0x1A", "Infinity", "1e999"])
      expect(() => parseCkan(body(`Năm,Chỉ tiêu,Giá trị\n2022,Tỷ lệ người dùng Internet,${text}\n`), csv, at("http://x/a.csv"))).toThrow(
        `row 1, column "Giá trị": "${text}" is not a plain number`,
      );
  });

  it("names the resources a dataset has when the configured one is not among them", async () => {
    server = await startPortal();
    await expect(runSource(ckan, server.url, {}, [{ ...csv, resource: "gone" }])).rejects.toThrow(
      /dataset example-ict-indicators has no resource "gone" \(it has: indicators-by-year, indicators-csv\)/,
    );
  });
});
