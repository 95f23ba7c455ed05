import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { itu, rowsFromItu, type ItuSeries } from "../../sources/itu.ts";
import { startLocalServer, type LocalServer, type Routes } from "../helpers/local-server.ts";
import { runSource, sourceContract } from "./contract.ts";

// Real DataHub v2 captures (truncated element lists, verbatim elements), for the USA.
const fixture = (name: string) => readFileSync(new URL(`../fixtures/itu/${name}`, import.meta.url), "utf8");
const USA = fixture("itu-get-country-series.json");
const ALL_ECONOMIES = fixture("itu-get-indicator-series.json");
const DICTIONARY = JSON.parse(fixture("itu-get-indicator.json")) as { code: string; label: string; units: string }[];

// Any economy parses: the contract reads the recorded US series as the configured one.
const usa: ItuSeries = { ...itu.series[0]!, geo: "US", iso3: "USA" };
const routes: Routes = { "GET /v2/data/bycode/11624/byiso/USA": { body: USA } };

describe("itu: the shared source contract", () => {
  sourceContract({
    adapter: itu,
    series: [usa],
    basePath: "/v2",
    routes: () => routes,
    // DataHub returns a country's whole series in one body: there is no paging to follow.
    minRequests: 1,
    expectRows: (rows) => {
      expect(rows.map((r) => r.period)).toEqual(["2000", "2001", "2002", "2003", "2004"]);
      expect(rows[0]).toMatchObject({ value: 43.0791626375201, unit: "percent", seriesCode: "i99H", indicatorId: "internet-users", note: "ITU estimate." });
    },
    errorBody: {
      routes: { "GET /v2/data/bycode/11624/byiso/USA": { status: 404, body: '{"message":"Not Found"}' } },
      message: /HTTP 404: \{"message":"Not Found"\}/,
    },
    // An unknown codeID answers 200 with []: for a configured series that is an error, never silence.
    empty: { routes: { "GET /v2/data/bycode/11624/byiso/USA": { body: "[]" } }, expect: /\[itu\] no data for codeID 11624 \(i99H\) in USA/ },
    drifted: { routes: { "GET /v2/data/bycode/11624/byiso/USA": { body: USA.replace(/"dataYear"/g, '"year"') } }, message: /field \[0\]\.dataYear: / },
    allUnchanged: true,
  });
});

describe("itu: what is special to DataHub", () => {
  let server: LocalServer | undefined;
  afterEach(async () => server?.close());

  it("pins the codeID the recorded dictionary gives for i99H", () => {
    const entry = DICTIONARY.find((d) => d.code === "i99H")!;
    expect(entry).toMatchObject({ label: "Individuals using the Internet", units: "%" });
    expect(itu.series[0]).toMatchObject({ code: "i99H", codeId: 11624, iso3: "VNM", geo: "VN", indicator: "internet-users", unit: "percent" });
  });

  it("asks for Viet Nam's series by codeID and ISO3", async () => {
    server = await startLocalServer({ "GET /v2/data/bycode/11624/byiso/VNM": { body: "[]" } });
    await expect(runSource(itu, `${server.url}/v2`)).rejects.toThrow(/no data for codeID 11624 \(i99H\) in VNM/);
    expect(server.hits.map((h) => h.path)).toEqual(["/v2/data/bycode/11624/byiso/VNM"]);
  });

  it("reads string values for any economy, and refuses a body for another one", () => {
    const aruba: ItuSeries = { ...usa, geo: "AW", iso3: "ABW" };
    expect(rowsFromItu(ALL_ECONOMIES, aruba).map((r) => [r.period, r.value])).toEqual([
      ["2000", 15.4428229480349],
      ["2001", 17.1],
      ["2002", 18.8],
    ]);
    expect(() => rowsFromItu(ALL_ECONOMIES, usa)).toThrow(/field \[0\]\.isoCode: "ABW", asked for USA/);
  });

  it("notices when the pinned codeID now means another indicator", () => {
    expect(() => rowsFromItu(USA.replace(/"i99H"/g, '"i911"'), usa)).toThrow(/\[itu\] field \[0\]\.code: codeID 11624 is now "i911", pinned as 11624 = i99H/);
  });

  it("refuses a value that is not a number", () => {
    expect(() => rowsFromItu(USA.replace('"43.0791626375201"', '"n/a"'), usa)).toThrow(/field \[0\]\.answer\[0\]\.value: "n\/a" is not a number/);
  });

  it("refuses text that only Number() reads as a number: it would load 0x1A as 26%", () => {
    for (const text of ["0x1A", "0b11", "Infinity", " "])
      expect(() => rowsFromItu(USA.replace('"43.0791626375201"', JSON.stringify(text)), usa)).toThrow(`field [0].answer[0].value: "${text}" is not a number`);
  });

  it("states DataHub's licence as it is: CC BY-NC-SA 3.0 IGO", () => {
    expect(itu.licence).toBe("CC-BY-NC-SA-3.0-IGO");
  });

  it("reports a 403 as a refusal of an anonymous client, asked once", async () => {
    const challenge = {
      status: 403,
      body: "<html><body>Request blocked. We can't connect to the server for this app or website at this time.</body></html>",
      headers: { "content-type": "text/html", server: "CloudFront" },
    };
    const server = await startLocalServer({ "GET /data/bycode/11624/byiso/VNM": challenge });
    try {
      const failure = runSource(itu, server.url);
      await expect(failure).rejects.toThrow(
        /\[itu\] series i99H: GET http:\/\/127\.0\.0\.1:\d+\/data\/bycode\/11624\/byiso\/VNM: HTTP 403: the service refused an anonymous client/,
      );
      await expect(failure).rejects.toMatchObject({ status: 403 });
      expect(server.hits).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
