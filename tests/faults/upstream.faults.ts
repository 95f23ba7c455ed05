import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Warehouse } from "../../pipelines/warehouse/warehouse.ts";
import { chiso, type FaultyServer, faultyServer, trickle, truncated, warehouseProblems } from "./helpers.ts";

// One `chiso refresh` against an upstream that misbehaves in a different way for each source: a
// table cut off mid-body (GSO), 500 on every try (DTI), a million pages announced (World Bank),
// a byte every 300 ms (ITU), and 429 with Retry-After before good pages (UN SDG). Each failure
// stays inside its source, bounded by the deadlines given on the command line; the others load.

const fixture = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), "utf8");
const TABLE = readFileSync(new URL("../../sources/snapshots/gso-pxweb/E02.01.json", import.meta.url), "utf8");
const PAGE = fixture("gso-pxweb/E02.01-page.html");
const SDG: Record<string, string[]> = {
  IT_NET_BBND: [fixture("un-sdg/IT_NET_BBND-704-page1.json"), fixture("un-sdg/IT_NET_BBND-704-page2.json")],
  FB_BNK_ACCSS: [fixture("un-sdg/FB_BNK_ACCSS-704.json")],
  IT_USE_ii99: [fixture("un-sdg/IT_USE_ii99-704.json")],
};
const ITU = fixture("itu/itu-get-country-series.json").replace(/"USA"/g, '"VNM"');
// The World Bank's recorded envelope, re-keyed to the series asked for, announcing a million pages.
const millionPages = (code: string) => {
  const [paging, points] = JSON.parse(fixture("worldbank-us-gni.json")) as [Record<string, unknown>, Record<string, unknown>[]];
  return JSON.stringify([
    { ...paging, pages: 1_000_000, total: 50_000_000 },
    points.map((p) => ({
      ...p,
      indicator: { id: code, value: "Account (% age 15+)" },
      country: { id: "VN", value: "Viet Nam" },
      countryiso3code: "VNM",
      value: 40,
    })),
  ]);
};

describe("chiso refresh against a misbehaving upstream", () => {
  let server: FaultyServer;
  let dir: string;
  let before: Map<string, number>;
  let exit: number | null;
  let elapsed: number;
  let output: string;
  beforeAll(async () => {
    server = await faultyServer([
      ["/gso/", (req, res) => (req.method === "GET" ? res.writeHead(200, { "content-type": "text/html" }).end(PAGE) : truncated(res, TABLE, 4_000))],
      ["/pxweb/", (req, res) => (req.method === "GET" ? res.writeHead(200, { "content-type": "text/html" }).end(PAGE) : truncated(res, TABLE, 4_000))],
      ["/dti/", (_, res) => res.writeHead(500, { "content-type": "text/plain" }).end("Internal Server Error")],
      ["/wb/", (_, res, __, url) => res.writeHead(200, { "content-type": "application/json" }).end(millionPages(url.pathname.split("/").at(-1)!))],
      ["/itu/", (_, res) => trickle(res, ITU, 300)],
      [
        "/sdg/",
        (_, res, nth, url) =>
          nth === 0
            ? res.writeHead(429, { "retry-after": "1", "content-type": "text/plain" }).end("Too Many Requests")
            : res
                .writeHead(200, { "content-type": "application/json" })
                .end(SDG[url.searchParams.get("seriesCode")!]![Number(url.searchParams.get("page")) - 1]),
      ],
    ]);
    dir = mkdtempSync(join(tmpdir(), "chiso-faults-upstream-"));
    // The last good state: the bundled recordings, loaded offline.
    const offline = chiso(["refresh", "--offline", "--data-dir", dir]);
    expect(await offline.exited, offline.output()).toBe(0);
    before = await perSource(dir);
    const env = {
      CHISO_GSO_PXWEB_URL: `${server.url}/gso`,
      CHISO_DTI_URL: `${server.url}/dti`,
      CHISO_WORLDBANK_URL: `${server.url}/wb`,
      CHISO_ITU_URL: `${server.url}/itu`,
      CHISO_UN_SDG_URL: `${server.url}/sdg`,
      CHISO_CKAN_URL: `${server.url}/ckan`,
      CHISO_RUN_DEADLINE: "15",
      CHISO_REQUEST_DEADLINE: "4",
    };
    const t0 = Date.now();
    const run = chiso(["refresh", "--data-dir", dir], env);
    exit = await run.exited;
    elapsed = Date.now() - t0;
    output = run.output();
  }, 120_000);
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const runs = async () => {
    const warehouse = await Warehouse.open(join(dir, "warehouse.duckdb"));
    try {
      return await warehouse.query<{
        source_id: string;
        status: string;
        message: string;
        failure_kind: string | null;
        http_status: number | null;
        rows_added: number;
      }>("select source_id, status, message, failure_kind, http_status, rows_added from runs where not offline order by started_at");
    } finally {
      warehouse.close();
    }
  };

  it("fails each misbehaving source with a message naming it, and loads the others, within the deadlines", async () => {
    const last = new Map((await runs()).map((r) => [r.source_id, r]));
    expect(exit, output).toBe(1);
    expect(last.get("gso-pxweb")).toMatchObject({ status: "failed", failure_kind: "upstream" });
    expect(last.get("gso-pxweb")!.message).toMatch(/^\[gso-pxweb\] POST http:\/\/127\.0\.0\.1:\d+\/.*E02\.01\.px/);
    expect(last.get("dti")).toMatchObject({ status: "failed", failure_kind: "upstream", http_status: 500 });
    expect(last.get("dti")!.message).toMatch(/^\[dti\] GET http:\/\/127\.0\.0\.1:\d+\/dti\/dti_2022_map\.json: HTTP 500/);
    expect(last.get("worldbank")).toMatchObject({ status: "failed", failure_kind: "shape" });
    expect(last.get("worldbank")!.message).toMatch(/series FX\.OWN\.TOTL\.ZS: the upstream announces 1000000 pages, more than the 200 read/);
    expect(last.get("itu")).toMatchObject({ status: "failed", failure_kind: "upstream" });
    expect(last.get("itu")!.message).toMatch(/^\[itu\] GET http:\/\/127\.0\.0\.1:\d+\/itu\/.*gave up after 4 ?s, the request's deadline/);
    // 429 with Retry-After: 1, then the pages: waited for, not a failure.
    expect(last.get("un-sdg")).toMatchObject({ status: "ok", rows_added: 7 });
    expect(last.get("report")).toMatchObject({ status: "ok" });
    // One page of the million was asked for, and the trickle was let go at its deadline.
    expect(server.count("/wb/")).toBe(1);
    expect(server.count("/itu/")).toBe(1);
    // Every source bounded: four deadlines of 4 s and a 1 s wait, far from the hours a million pages take.
    expect(elapsed).toBeLessThan(60_000);
  });

  it("leaves the figures of every failed source as they were, and the warehouse consistent", async () => {
    const after = await perSource(dir);
    for (const id of ["gso-pxweb", "dti", "worldbank", "itu"]) expect(after.get(id) ?? 0, id).toBe(before.get(id) ?? 0);
    expect(after.get("un-sdg")).toBe((before.get("un-sdg") ?? 0) + 7);
    expect((await warehouseProblems(dir)).problems).toEqual([]);
  });
});

async function perSource(dir: string): Promise<Map<string, number>> {
  const warehouse = await Warehouse.open(join(dir, "warehouse.duckdb"));
  try {
    const rows = await warehouse.query<{ source_id: string; n: number }>("select source_id, count(*)::integer as n from observations group by source_id");
    return new Map(rows.map((r) => [r.source_id, Number(r.n)]));
  } finally {
    warehouse.close();
  }
}
