import { existsSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { parseTableForm, selectionPost } from "../../sources/gso-pxweb-form.ts";
import { WHOLE_TABLE, gsoPxweb, sameLabel, tablePageUrl, yearOf } from "../../sources/gso-pxweb.ts";
import { DEFAULT_HTTP, HttpClient } from "../../sources/http.ts";
import { startLocalServer, type LocalServer, type Routes } from "../helpers/local-server.ts";
import { runSource, sourceContract } from "./contract.ts";

// The real NSO body (JSON-stat 1.x, trailing NUL), and a table page shaped after PX-Web's form from its labels.
const TABLE = readFileSync(new URL("../../sources/snapshots/gso-pxweb/E02.01.json", import.meta.url));
const PAGE = readFileSync(new URL("../fixtures/gso-pxweb/E02.01-page.html", import.meta.url), "utf8");
const ROUTE = "/pxweb/en/Population and Employment/Population and Employment/E02.01.px/";
const routes: Routes = { [`GET ${ROUTE}`]: { body: PAGE, headers: { "content-type": "text/html; charset=utf-8" } }, [`POST ${ROUTE}`]: { body: TABLE } };
const EMPTY_V2 = JSON.stringify({
  class: "dataset",
  label: "E02.01",
  id: ["Cities, provincies", "Year", "Items"],
  size: [0, 0, 0],
  dimension: { "Cities, provincies": { category: { index: [] } }, Year: { category: { index: [] } }, Items: { category: { index: [] } } },
  value: [],
});
const VARIABLE = (n: number) => `ctl00$ContentPlaceHolderMain$VariableSelector1$VariableSelectorValueSelectRepeater$ctl0${n}$VariableValueSelect$ValuesListBox`;

describe("gso-pxweb: the shared source contract", () => {
  sourceContract({
    adapter: gsoPxweb,
    routes: () => routes,
    // The table page GET, then its form's POST.
    minRequests: 2,
    expectRows: (rows) => {
      const at = (geo: string) => rows.filter((r) => r.geo === geo);
      expect(at("VN")).toHaveLength(14);
      expect(at("VN-SG")).toHaveLength(14);
      expect(at("VN-SG").find((r) => r.period === "2024")!.value).toBeGreaterThan(9000);
      expect(at("VN").find((r) => r.period === "2024")!.value).toBeGreaterThan(100000);
    },
    errorBody: {
      routes: { [`POST ${ROUTE}`]: { status: 400, body: "Bad request: the query is not valid", headers: { "content-type": "text/plain" } } },
      message: /POST .*E02\.01\.px\/: HTTP 400: Bad request: the query is not valid/,
    },
    empty: { routes: { [`POST ${ROUTE}`]: { body: EMPTY_V2 } }, expect: /table E02\.01: no cell labelled "WHOLE COUNTRY"/ },
    drifted: {
      routes: { [`POST ${ROUTE}`]: { body: TABLE.toString("utf8").replace('"value":', '"values":') } },
      message: /JSON-stat field dataset\.value: /,
    },
    // The page GET answers 304; the POST that follows is never conditional.
    allUnchanged: false,
  });
});

describe("gso-pxweb: what is special to NSO's PX-Web", () => {
  let server: LocalServer | undefined;
  afterEach(async () => server?.close());

  it("posts the page's form back: its hidden state, the areas and item by label, every year, output JSON-stat", async () => {
    server = await startLocalServer(routes);
    await runSource(gsoPxweb, server.url);
    const post = server.hits.find((h) => h.method === "POST")!;
    expect(post.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    const form = new URLSearchParams(post.body);
    expect(form.get("__VIEWSTATE")).toBe("test-state");
    expect(form.getAll(VARIABLE(1))).toEqual(["0", "55"]);
    expect(form.getAll(VARIABLE(2))).toHaveLength(14);
    expect(form.getAll(VARIABLE(3))).toEqual(["1"]);
    expect(form.get("ctl00$ContentPlaceHolderMain$VariableSelector1$OutputFormats$OutputFormats")).toBe("FileTypeJsonStat");
    expect(form.get("ctl00$ContentPlaceHolderMain$VariableSelector1$ButtonViewTable")).toBe("Continue");
  });

  it("selects by label, not by position: values moved in the list are still found", () => {
    const moved = PAGE.replace('<option value="55">Ho Chi Minh city</option>', "").replace(
      '<option value="0"> WHOLE COUNTRY</option>',
      '<option value="0"> WHOLE COUNTRY</option>\n<option value="55">Ho Chi Minh city</option>',
    );
    const post = new URLSearchParams(selectionPost(parseTableForm(moved, "E02.01"), ["WHOLE COUNTRY", "Ho Chi Minh city"], sameLabel, "E02.01"));
    expect(post.getAll(VARIABLE(1))).toEqual(["0", "55"]);
  });

  it("names a label the table no longer has, and a page without the form", () => {
    const form = parseTableForm(PAGE.replace("Ho Chi Minh city", "TP. Ho Chi Minh"), "E02.01");
    expect(() => selectionPost(form, ["Ho Chi Minh city"], sameLabel, "E02.01")).toThrow(/\[gso-pxweb\] table E02\.01: no value labelled "Ho Chi Minh city"/);
    expect(() => parseTableForm("<html><body>An error has occurred</body></html>", "E02.01")).toThrow(
      /table E02\.01: the page has no output list offering FileTypeJsonStat/,
    );
  });

  it("reads 'Sơ bộ 2024' and 'Prel. 2024' as the year 2024, provisional", () => {
    expect(yearOf("2023")).toEqual({ year: "2023", provisional: false });
    expect(yearOf("Sơ bộ 2024")).toEqual({ year: "2024", provisional: true });
    expect(yearOf("Prel. 2024")).toEqual({ year: "2024", provisional: true });
    expect(yearOf("2021-2024")).toBeUndefined();
  });

  it("loads a provisional year as provisional, and the rest of the table as final", async () => {
    server = await startLocalServer({ ...routes, [`POST ${ROUTE}`]: { body: TABLE.toString("utf8").replace('"13":"2024"', '"13":"Prel. 2024"') } });
    const { rows } = await runSource(gsoPxweb, server.url);
    const hcmc = rows.filter((r) => r.geo === "VN-SG");
    expect(hcmc).toHaveLength(14);
    expect(hcmc.find((r) => r.period === "2024")).toMatchObject({ status: "provisional", note: expect.stringContaining("Prel. 2024") });
    expect(hcmc.filter((r) => r.status === "provisional")).toHaveLength(1);
  });

  it("names the table and the request when the page read while fetching has no form", async () => {
    server = await startLocalServer({ ...routes, [`GET ${ROUTE}`]: { body: "<html>An error has occurred</html>" } });
    await expect(runSource(gsoPxweb, server.url)).rejects.toThrow(
      /\[gso-pxweb\] table E02\.01: the page has no output list .* \(series E02\.01, in GET http:\/\/127\.0\.0\.1:\d+\/pxweb\/en\/Population%20and%20Employment\/.*E02\.01\.px\/\)/,
    );
    expect(server.hits.map((h) => h.method)).toEqual(["GET"]);
  });

  it("offline, with no recording of the page, loads the recorded whole table", async () => {
    const logged: string[] = [];
    const http = new HttpClient("gso-pxweb", { offline: true });
    const fetched = await gsoPxweb.fetch({ http, log: (m) => logged.push(m), baseUrl: gsoPxweb.baseUrl, series: gsoPxweb.series });
    await http.close();
    expect(fetched.map((f) => [f.response.method, f.response.snapshot])).toEqual([
      ["POST", "gso-pxweb/E02.01.json"],
      ["POST", "gso-pxweb/E02.01.json"],
    ]);
    expect(logged).toEqual([
      expect.stringMatching(/no recorded response for GET https:\/\/pxweb\.nso\.gov\.vn\/pxweb\/en\/.*E02\.01\.px\/; the recorded whole table answers instead/),
    ]);
    const rows = fetched.flatMap((f) => gsoPxweb.parse(f.response.body, f.series, f.response));
    expect(rows.filter((r) => r.geo === "VN-SG")).toHaveLength(14);
    expect(WHOLE_TABLE).toBe("whole-table");
  });

  it("when the page is unchanged (304), reads it once more in full to post its form", async () => {
    server = await startLocalServer({ [`GET ${ROUTE}`]: { body: PAGE, etag: '"m1"' }, [`POST ${ROUTE}`]: { body: TABLE } });
    const { fetched } = await runSource(gsoPxweb, server.url, { validatorsFor: async (method) => (method === "GET" ? { etag: '"m1"' } : undefined) });
    expect(server.hits.filter((h) => h.method === "GET").map((h) => h.headers["if-none-match"])).toEqual(['"m1"', undefined]);
    expect(new Set(fetched.map((f) => f.response.status))).toEqual(new Set([304, 200]));
    expect(new URLSearchParams(server.hits.find((h) => h.method === "POST")!.body).getAll(VARIABLE(1))).toEqual(["0", "55"]);
  });

  it("links each series to the table's page", () => {
    expect(tablePageUrl(gsoPxweb.baseUrl, gsoPxweb.series[0]!)).toBe(
      "https://pxweb.nso.gov.vn/pxweb/en/Population%20and%20Employment/Population%20and%20Employment/E02.01.px/",
    );
  });

  it("every recorded snapshot is a real body the manifest describes", () => {
    const manifest = JSON.parse(readFileSync(DEFAULT_HTTP.snapshotManifest, "utf8")) as { snapshots: Record<string, string>[] };
    for (const entry of manifest.snapshots) {
      expect(Object.keys(entry).sort()).toEqual(["file", "method", "origin", "retrievedAt", "source", "url"]);
      expect(existsSync(new URL(`../../sources/snapshots/${entry.file}`, import.meta.url))).toBe(true);
    }
  });
});
