import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { parseSdgPage, rowsFromSdgPage, sdgPageUrl, unSdg, type SdgSeries } from "../../sources/un-sdg.ts";
import { startLocalServer, type Hit, type LocalServer, type Routes } from "../helpers/local-server.ts";
import { runSource, sourceContract } from "./contract.ts";

// Shaped after the documented Series/Data response; the values are invented (tests/fixtures/README.md).
const fixture = (name: string) => readFileSync(new URL(`../fixtures/un-sdg/${name}`, import.meta.url), "utf8");
const BBND = [fixture("IT_NET_BBND-704-page1.json"), fixture("IT_NET_BBND-704-page2.json")];
const BODIES: Record<string, string[]> = {
  IT_NET_BBND: BBND,
  FB_BNK_ACCSS: [fixture("FB_BNK_ACCSS-704.json")],
  IT_USE_ii99: [fixture("IT_USE_ii99-704.json")],
};
const EMPTY = fixture("empty-704.json");

/** Answers Series/Data by seriesCode and page, as the API does. */
const byQuery = (bodies: Record<string, string[]>) => (hit: Hit) => {
  const pages = bodies[hit.query.get("seriesCode") ?? ""];
  const page = Number(hit.query.get("page") ?? 1);
  return pages?.[page - 1] ? { body: pages[page - 1]! } : { status: 404, body: '{"message":"not found"}' };
};
const routes: Routes = { "GET /sdgapi/v1/sdg/Series/Data": byQuery(BODIES) };

describe("un-sdg: the shared source contract", () => {
  sourceContract({
    adapter: unSdg,
    basePath: "/sdgapi/v1/sdg",
    routes: () => routes,
    minRequests: 4,
    expectRows: (rows) => {
      const bySeries = (code: string) => rows.filter((r) => r.seriesCode === code).map((r) => [r.period, r.value]);
      // Two pages, every speed together only; 8.10.2 both sexes only; 17.8.1 without its empty year.
      expect(bySeries("IT_NET_BBND")).toEqual([
        ["2019", 15.3],
        ["2020", 17.2],
        ["2021", 19.8],
      ]);
      expect(bySeries("FB_BNK_ACCSS")).toEqual([
        ["2017", 30.8],
        ["2021", 56],
      ]);
      expect(bySeries("IT_USE_ii99")).toEqual([
        ["2020", 70.3],
        ["2021", 74.2],
      ]);
    },
    errorBody: {
      routes: { "GET /sdgapi/v1/sdg/Series/Data": { status: 400, body: '{"message":"Invalid series code"}' } },
      message: /HTTP 400: \{"message":"Invalid series code"\}/,
    },
    empty: { routes: { "GET /sdgapi/v1/sdg/Series/Data": { body: EMPTY } }, expect: "no-rows" },
    drifted: {
      routes: { "GET /sdgapi/v1/sdg/Series/Data": { body: BBND[0]!.replace(/"timePeriodStart"/g, '"timePeriod"') } },
      message: /field data\[0\]\.timePeriodStart: /,
    },
    allUnchanged: true,
  });
});

describe("un-sdg: what is special to the SDG API", () => {
  let server: LocalServer | undefined;
  afterEach(async () => server?.close());
  const [accounts, broadband] = [unSdg.series.find((s) => s.code === "FB_BNK_ACCSS")!, unSdg.series.find((s) => s.code === "IT_NET_BBND")!];

  it("asks for Viet Nam (M49 704) by seriesCode, areaCode, pageSize and page", async () => {
    server = await startLocalServer(routes);
    await runSource(unSdg, `${server.url}/sdgapi/v1/sdg`, {}, [broadband]);
    expect(server.hits.map((h) => Object.fromEntries(h.query))).toEqual([
      { seriesCode: "IT_NET_BBND", areaCode: "704", pageSize: "500", page: "1" },
      { seriesCode: "IT_NET_BBND", areaCode: "704", pageSize: "500", page: "2" },
    ]);
  });

  it("filters years on our side", () => {
    const page = parseSdgPage(BBND[0]!);
    expect(rowsFromSdgPage(page, { ...broadband, from: 2020 }).map((r) => r.period)).toEqual(["2020"]);
    expect(rowsFromSdgPage(page, { ...broadband, to: 2019 }).map((r) => r.period)).toEqual(["2019"]);
  });

  it("keeps the source and footnotes with each figure", () => {
    const [row] = rowsFromSdgPage(parseSdgPage(BODIES.FB_BNK_ACCSS![0]!), accounts);
    expect(row!.note).toMatch(/^Proportion of adults .* \| Invented for chiso's tests \| Invented footnote$/);
  });

  it("refuses to pick between two disaggregations it was not told about", () => {
    const unfiltered: SdgSeries = { ...broadband, dimensions: {} };
    expect(() => rowsFromSdgPage(parseSdgPage(BBND[0]!), unfiltered)).toThrow(/\[un-sdg\] IT_NET_BBND 2019: 2 observations .* differ in Type of speed/);
  });

  it("refuses figures in another unit than the series is read in", () => {
    const drifted = BODIES.IT_USE_ii99![0]!.replace(/"Units": "PERCENT"/g, '"Units": "NUMBER"');
    const series = unSdg.series.find((s) => s.code === "IT_USE_ii99")!;
    expect(() => rowsFromSdgPage(parseSdgPage(drifted), series)).toThrow(/field data\[0\]\.attributes\.Units: "NUMBER" where IT_USE_ii99 is read as PERCENT/);
  });

  it("refuses a value that is not a number", () => {
    const drifted = BODIES.IT_USE_ii99![0]!.replace('"70.3"', '">70"');
    const series = unSdg.series.find((s) => s.code === "IT_USE_ii99")!;
    expect(() => rowsFromSdgPage(parseSdgPage(drifted), series)).toThrow(/field data\[0\]\.value: ">70" is not a number/);
  });

  it("refuses a value that is a number only to Number(): hex, Infinity", () => {
    const series = unSdg.series.find((s) => s.code === "IT_USE_ii99")!;
    for (const text of ["0x1A", "Infinity", "1e999"]) {
      const drifted = BODIES.IT_USE_ii99![0]!.replace('"70.3"', JSON.stringify(text));
      expect(() => rowsFromSdgPage(parseSdgPage(drifted), series)).toThrow(`field data[0].value: "${text}" is not a number`);
    }
  });

  it("groups by year in linear time: 80,000 rows of one year are refused at once", () => {
    const [first] = parseSdgPage(BBND[0]!).data;
    const data = Array.from({ length: 80_000 }, (_, i) => ({ ...first!, value: String(i), dimensions: { ...first!.dimensions, "Type of speed": "ANYS" } }));
    const page = { size: data.length, totalElements: data.length, totalPages: 1, pageNumber: 1, data };
    const t0 = performance.now();
    expect(() => rowsFromSdgPage(page, broadband)).toThrow(/IT_NET_BBND 2019: 80000 observations left after filtering/);
    // Copying the year's list per row took close to a minute here.
    expect(performance.now() - t0).toBeLessThan(2_000);
  });

  it("reads a page without the envelope fields no recorded body shows (valueType, size, totalElements, pageNumber)", () => {
    const bare = JSON.parse(BBND[0]!);
    for (const field of ["size", "totalElements", "pageNumber"]) delete bare[field];
    for (const o of bare.data) delete o.valueType;
    expect(rowsFromSdgPage(parseSdgPage(JSON.stringify(bare)), broadband).map((r) => r.period)).toEqual(["2019", "2020"]);
  });

  it("fails a series whose filter matches nothing, naming the series and the codes the API did send", async () => {
    server = await startLocalServer(routes);
    const wrong: SdgSeries = { ...broadband, dimensions: { "Type of speed": "ANY_SPEED" } };
    await expect(runSource(unSdg, `${server.url}/sdgapi/v1/sdg`, {}, [wrong])).rejects.toThrow(
      /\[un-sdg\] series IT_NET_BBND: no observation matches the filter \{"Type of speed":"ANY_SPEED"\}; the \d+ observations sent carry Type of speed: "10MBPS", "ANYS" \(series IT_NET_BBND, in GET .*page=1\)/,
    );
  });

  it("builds its URL under the configured base", () => {
    expect(sdgPageUrl("https://unstats.un.org/sdgapi/v1/sdg", accounts, 3)).toBe(
      "https://unstats.un.org/sdgapi/v1/sdg/Series/Data?seriesCode=FB_BNK_ACCSS&areaCode=704&pageSize=500&page=3",
    );
  });
});
