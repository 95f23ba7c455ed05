import { existsSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { FULL_TABLE, gsoPxweb, parseTableMeta, queryFor } from "../../sources/gso-pxweb.ts";
import { DEFAULT_HTTP, HttpClient } from "../../sources/http.ts";
import { startLocalServer, type LocalServer, type Routes } from "../helpers/local-server.ts";
import { runSource, sourceContract } from "./contract.ts";

// The real GSO body (JSON-stat 1.x, trailing NUL), and table metadata shaped after PX-Web's API from its labels.
const TABLE = readFileSync(new URL("../../sources/snapshots/gso-pxweb/E02.01.json", import.meta.url));
const META = readFileSync(new URL("../fixtures/gso-pxweb/E02.01-metadata.json", import.meta.url), "utf8");
const DB = "/api/v1/en/Dân số và lao động/Dân số";
const ROUTE = `${DB}/E02.01.px`;
const routes: Routes = { [`GET ${ROUTE}`]: { body: META }, [`POST ${ROUTE}`]: { body: TABLE } };
const EMPTY_V2 = JSON.stringify({ class: "dataset", label: "E02.01", id: ["Cities, provincies", "Year", "Items"], size: [0, 0, 0], dimension: { "Cities, provincies": { category: { index: [] } }, Year: { category: { index: [] } }, Items: { category: { index: [] } } }, value: [] });

describe("gso-pxweb: the shared source contract", () => {
  sourceContract({
    adapter: gsoPxweb,
    basePath: encodeURI(DB),
    routes: () => routes,
    // PX-Web answers one query with one body: the metadata GET, then the POST.
    minRequests: 2,
    expectRows: (rows) => {
      const at = (geo: string) => rows.filter((r) => r.geo === geo);
      expect(at("VN")).toHaveLength(14);
      expect(at("VN-SG")).toHaveLength(14);
      expect(at("VN-SG").find((r) => r.period === "2024")!.value).toBeGreaterThan(9000);
      expect(at("VN").find((r) => r.period === "2024")!.value).toBeGreaterThan(100000);
    },
    errorBody: { routes: { [`POST ${ROUTE}`]: { status: 400, body: "Bad request: the query is not valid", headers: { "content-type": "text/plain" } } }, message: /POST .*E02\.01\.px: HTTP 400: Bad request: the query is not valid/ },
    empty: { routes: { [`POST ${ROUTE}`]: { body: EMPTY_V2 } }, expect: /table E02\.01\.px: no cell labelled "WHOLE COUNTRY"/ },
    drifted: {
      routes: { [`POST ${ROUTE}`]: { body: TABLE.toString("utf8").replace('"value":', '"values":') } },
      message: /JSON-stat field dataset\.value: /,
    },
    // The metadata GET answers 304; the POST that follows is never conditional.
    allUnchanged: false,
  });
});

describe("gso-pxweb: what is special to PX-Web", () => {
  let server: LocalServer | undefined;
  afterEach(async () => server?.close());

  it("queries by label: the whole country and Ho Chi Minh City, the average population, every year", async () => {
    server = await startLocalServer(routes);
    await runSource(gsoPxweb, server.url + encodeURI(DB));
    const post = server.hits.find((h) => h.method === "POST")!;
    expect(JSON.parse(post.body)).toEqual({
      query: [
        { code: "Cities, provincies", selection: { filter: "item", values: ["0", "55"] } },
        { code: "Year", selection: { filter: "all", values: ["*"] } },
        { code: "Items", selection: { filter: "item", values: ["1"] } },
      ],
      response: { format: "json-stat2" },
    });
    expect(post.headers["content-type"]).toBe("application/json");
  });

  it("names a label the table no longer has", () => {
    const renamed = parseTableMeta(META.replace("Ho Chi Minh city", "TP. Ho Chi Minh"));
    expect(() => queryFor(renamed, gsoPxweb.series)).toThrow(/\[gso-pxweb\] table E02\.01\.px \(".*"\): no value labelled "Ho Chi Minh city"/);
    expect(() => parseTableMeta(META.replace('"valueTexts"', '"texts"'))).toThrow(/table metadata field variables\[0\]\.valueTexts: /);
  });

  it("offline, with no recording of the metadata, loads the recorded full table", async () => {
    const logged: string[] = [];
    const http = new HttpClient("gso-pxweb", { offline: true });
    const fetched = await gsoPxweb.fetch({ http, log: (m) => logged.push(m), baseUrl: gsoPxweb.baseUrl, series: gsoPxweb.series });
    await http.close();
    expect(fetched.map((f) => [f.response.method, f.response.snapshot])).toEqual([["POST", "gso-pxweb/E02.01.json"], ["POST", "gso-pxweb/E02.01.json"]]);
    expect(logged).toEqual([expect.stringMatching(/no recorded response for GET .*E02\.01\.px; asking for the whole table/)]);
    const rows = fetched.flatMap((f) => gsoPxweb.parse(f.response.body, f.series, f.response));
    expect(rows.filter((r) => r.geo === "VN-SG")).toHaveLength(14);
  });

  it("when the metadata is unchanged (304), reads it once more in full and still asks only for what it needs", async () => {
    server = await startLocalServer({ [`GET ${ROUTE}`]: { body: META, etag: '"m1"' }, [`POST ${ROUTE}`]: { body: TABLE } });
    const { fetched } = await runSource(gsoPxweb, server.url + encodeURI(DB), { validatorsFor: async (method) => (method === "GET" ? { etag: '"m1"' } : undefined) });
    const gets = server.hits.filter((h) => h.method === "GET");
    expect(gets.map((h) => h.headers["if-none-match"])).toEqual(['"m1"', undefined]);
    expect(new Set(fetched.map((f) => f.response.status))).toEqual(new Set([304, 200]));
    const query = JSON.parse(server.hits.find((h) => h.method === "POST")!.body);
    expect(query.response.format).toBe("json-stat2");
    expect(query.query.length).toBeGreaterThan(0);
    expect(server.hits.find((h) => h.method === "POST")!.body).not.toBe(FULL_TABLE);
  });

  it("every recorded snapshot is a real body the manifest describes", () => {
    const manifest = JSON.parse(readFileSync(DEFAULT_HTTP.snapshotManifest, "utf8")) as { snapshots: Record<string, string>[] };
    for (const entry of manifest.snapshots) {
      expect(Object.keys(entry).sort()).toEqual(["file", "method", "origin", "retrievedAt", "source", "url"]);
      expect(existsSync(new URL(`../../sources/snapshots/${entry.file}`, import.meta.url))).toBe(true);
    }
  });
});
