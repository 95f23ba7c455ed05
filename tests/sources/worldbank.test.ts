import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { pageUrl, parsePage, rowsFromPage, worldbank, type WorldBankSeries } from "../../sources/worldbank.ts";
import { startLocalServer, type Hit, type LocalServer, type Routes } from "../helpers/local-server.ts";
import { runSource, sourceContract } from "./contract.ts";

// The real envelope (World Bank, US GNI per capita), re-keyed to Viet Nam with invented values.
const recorded = JSON.parse(readFileSync(new URL("../fixtures/worldbank-us-gni.json", import.meta.url), "utf8"));
const FINDEX_NAMES: Record<string, string> = {
  "account.t.d": "Account (% age 15+)",
  "g20.any": "Made or received a digital payment (% age 15+)",
  con9a: "Main mobile phone is a smartphone (% age 15+)",
};
const point = (code: string, date: string, value: number | null) => {
  const findex = code in FINDEX_NAMES;
  return {
    ...recorded[1][0],
    indicator: { id: code, value: FINDEX_NAMES[code] ?? `series ${code}` },
    // Findex (source 28) puts ISO3 in country.id; its rows carry countryiso3code as WDI's do.
    country: findex ? { id: "VNM", value: "Viet Nam" } : { id: "VN", value: "Viet Nam" },
    countryiso3code: "VNM",
    date,
    value,
  };
};
const envelope = (page: number, pages: number, points: unknown[]) => JSON.stringify([{ ...recorded[0], page, pages, per_page: 1000, total: 3 }, points]);
const ERROR_BODY = '[{"message":[{"id":"120","key":"Invalid value","value":"The provided parameter value is not valid"}]}]';

/** Two pages per series: 2022 on the first, 2021 and an empty 2020 on the second. */
const series = (hit: Hit) => {
  const code = hit.path.split("/").at(-1)!;
  const page = Number(hit.query.get("page") ?? 1);
  return { body: page === 1 ? envelope(1, 2, [point(code, "2022", 80.5)]) : envelope(2, 2, [point(code, "2021", 79), point(code, "2020", null)]) };
};
const routes: Routes = Object.fromEntries(worldbank.series.map((s) => [`GET /v2/country/VNM/indicator/${s.code}`, series]));
const everyRoute = (answer: Routes[string]): Routes => Object.fromEntries(Object.keys(routes).map((r) => [r, answer]));

describe("worldbank: the shared source contract", () => {
  sourceContract({
    adapter: worldbank,
    basePath: "/v2",
    routes: () => routes,
    minRequests: worldbank.series.length * 2,
    expectRows: (rows) => {
      expect(rows).toHaveLength(worldbank.series.length * 2);
      for (const s of worldbank.series)
        expect(rows.filter((r) => r.seriesCode === s.code).map((r) => [r.period, r.value, r.indicatorId])).toEqual([
          ["2022", 80.5, s.indicator],
          ["2021", 79, s.indicator],
        ]);
    },
    errorBody: { routes: everyRoute({ body: ERROR_BODY }), message: /API error 120: Invalid value: The provided parameter value is not valid/ },
    empty: { routes: everyRoute({ body: envelope(1, 0, []).replace("[]]", "null]") }), expect: "no-rows" },
    drifted: { routes: everyRoute({ body: envelope(1, 1, [{ ...point("FX.OWN.TOTL.ZS", "2022", 1), date: 2022 }]) }), message: /field \[1\]\[0\]\.date: / },
    allUnchanged: true,
  });
});

describe("worldbank: what is special to the Indicators API", () => {
  let server: LocalServer | undefined;
  afterEach(async () => server?.close());
  const findex = worldbank.series.filter((s) => s.wbSource === 28);

  it("reads Global Findex from source 28: account, digital payments, smartphone as main phone", async () => {
    expect(findex.map((s) => [s.code, s.indicator])).toEqual([
      ["account.t.d", "account-ownership-15plus"],
      ["g20.any", "digital-payments-15plus"],
      ["con9a", "adults-with-smartphone"],
    ]);
    server = await startLocalServer(routes);
    const { rows } = await runSource(worldbank, `${server.url}/v2`, {}, findex);
    expect(server.hits.every((h) => h.query.get("source") === "28")).toBe(true);
    // con9a counts adults whose main phone is a smartphone: a floor under "adults with a smartphone".
    expect(rows.filter((r) => r.seriesCode === "con9a").every((r) => r.flags?.includes("lower-bound") && r.flags.includes("proxy"))).toBe(true);
  });

  it("keys rows by countryiso3code (or country.id), and drops other countries", () => {
    const thailand = { ...point("g20.any", "2021", 99), country: { id: "THA", value: "Thailand" }, countryiso3code: "THA" };
    const page = parsePage(envelope(1, 1, [point("g20.any", "2021", 60), thailand, { ...point("g20.any", "2021", 60), countryiso3code: "" }]));
    expect(rowsFromPage(page, findex[1]!).map((r) => r.value)).toEqual([60, 60]);
  });

  it("refuses a series whose name no longer says what it is read as", () => {
    const page = parsePage(envelope(1, 1, [{ ...point("con9a", "2024", 50), indicator: { id: "con9a", value: "Owns a mobile phone (% age 15+)" } }]));
    expect(() => rowsFromPage(page, findex[2]!)).toThrow(/\[worldbank\] field \[1\]\[0\]\.indicator\.value: con9a is now "Owns a mobile phone/);
  });

  it("takes a JSON number only when it is finite", () => {
    const overflow = envelope(1, 1, [point("FX.OWN.TOTL.ZS", "2022", 1)]).replace('"value":1,', '"value":1e999,');
    expect(overflow).toContain("1e999");
    expect(() => parsePage(overflow)).toThrow(/\[worldbank\] field \[1\]\[0\]\.value: /);
  });

  it("refuses rows of another series than the one asked for", () => {
    const page = parsePage(envelope(1, 1, [point("IT.NET.USER.ZS", "2022", 1)]));
    expect(() => rowsFromPage(page, worldbank.series[0]!)).toThrow(/field \[1\]\[0\]\.indicator\.id: "IT.NET.USER.ZS" answered a request for FX.OWN.TOTL.ZS/);
  });

  it("asks by ISO3 in the path, and keeps the Findex year as the API gives it (Viet Nam's 2021 round is 2022)", async () => {
    server = await startLocalServer(routes);
    const { rows } = await runSource(worldbank, `${server.url}/v2`, {}, [findex[0]!]);
    expect(server.hits.every((h) => h.path === "/v2/country/VNM/indicator/account.t.d")).toBe(true);
    expect(rows.map((r) => r.period)).toEqual(["2022", "2021"]);
  });

  it("asks for a date range or the most recent values when the series says so", () => {
    const s: WorldBankSeries = { ...findex[0]!, date: "2011:2024", mrv: 3 };
    expect(pageUrl("https://api.worldbank.org/v2", s, 2)).toBe(
      "https://api.worldbank.org/v2/country/VNM/indicator/account.t.d?format=json&per_page=1000&page=2&date=2011%3A2024&mrv=3&source=28",
    );
  });

  it("parses the real recorded envelope", () => {
    const page = parsePage(JSON.stringify(recorded));
    expect(page.paging).toMatchObject({ page: 1, pages: 1, total: 8 });
    const us: WorldBankSeries = { ...worldbank.series[0]!, code: "NY.GNP.PCAP.CD", country: "US", iso3: "USA", unit: "count" };
    expect(rowsFromPage(page, us).map((r) => r.period)).toEqual(["1997", "1996", "1995", "1994", "1993", "1992", "1991", "1990"]);
  });
});
