import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadCatalog } from "../../../schemas/catalog.ts";
import { sha256 } from "../../../pipelines/files.ts";
import { rawPath } from "../../../pipelines/ingest/raw-archive.ts";
import { refreshSource, type RefreshContext } from "../../../pipelines/ingest/refresh.ts";
import { Warehouse } from "../../../pipelines/warehouse/warehouse.ts";
import type { SeriesSpec, SourceAdapter } from "../../../sources/define.ts";
import { sourceById } from "../../../sources/index.ts";
import { worldbank } from "../../../sources/worldbank.ts";
import { startLocalServer, type LocalServer } from "../../helpers/local-server.ts";
import { FAST } from "../../sources/contract.ts";

const catalog = loadCatalog();
const ITU_BODY = readFileSync(new URL("../../fixtures/itu/itu-get-country-series.json", import.meta.url), "utf8").replace(/"USA"/g, '"VNM"');
const ITU_ROUTE = "GET /data/bycode/11624/byiso/VNM";
const recorded = JSON.parse(readFileSync(new URL("../../fixtures/worldbank-us-gni.json", import.meta.url), "utf8"));
const wbSeries = worldbank.series[0]!;
const WB_ROUTE = `GET /v2/country/VNM/indicator/${wbSeries.code}`;
// The envelope is right; the first point has lost its date.
const MALFORMED = JSON.stringify([{ ...recorded[0], pages: 2 }, [{ ...recorded[1][0], indicator: { id: wbSeries.code, value: "x" }, date: undefined }]]);

describe("refresh: bounded in time, and keeping its evidence", () => {
  let dir: string;
  let warehouse: Warehouse;
  let server: LocalServer;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "chiso-refresh-bounds-"));
    warehouse = await Warehouse.open(join(dir, "warehouse.duckdb"));
  });
  afterEach(async () => {
    warehouse.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const ctx = (more: Partial<RefreshContext> = {}): RefreshContext => ({
    warehouse,
    dataDir: dir,
    catalog,
    offline: false,
    log: () => {},
    http: FAST,
    ...more,
  });
  const itu = (base: string): SourceAdapter<SeriesSpec> => ({ ...sourceById("itu")!, baseUrl: base });

  it("fails a run past its deadline, drops its requests, and the next source still runs", async () => {
    server = await startLocalServer({
      // Never idle long enough for the body timeout, never done.
      [`GET /slow${ITU_ROUTE.slice(4)}`]: { body: "x".repeat(10_000), trickleMs: 50 },
      [ITU_ROUTE]: { body: ITU_BODY },
    });
    const t0 = Date.now();
    const slow = await refreshSource(itu(`${server.url}/slow`), ctx({ deadlineMs: 1_000 }));
    expect(Date.now() - t0).toBeLessThan(4_000);
    expect(slow).toMatchObject({ status: "failed", failureKind: "upstream", message: "[itu] gave up after 1 s, the run's deadline" });
    // The client let go of the trickling connection: nothing of the failed run is left running.
    await expect.poll(() => server.openConnections(), { timeout: 1_000 }).toBe(0);

    const next = await refreshSource(itu(server.url), ctx({ deadlineMs: 1_000 }));
    expect(next).toMatchObject({ status: "ok", rowsAdded: 5 });
    expect(await warehouse.scalar("select count(*) from runs where status = 'failed'")).toBe(1);
  });

  it("fails at its deadline even when the source waits on something that is not HTTP", async () => {
    server = await startLocalServer({});
    const stuck: SourceAdapter<SeriesSpec> = { ...itu(server.url), fetch: () => new Promise(() => {}) };
    const run = await refreshSource(stuck, ctx({ deadlineMs: 300 }));
    expect(run).toMatchObject({ status: "failed", message: "[itu] gave up after 0.3 s, the run's deadline" });
  });

  it("archives a malformed first page read while paging, and names the series and the URL", async () => {
    server = await startLocalServer({ [WB_ROUTE]: { body: MALFORMED } });
    const adapter = { ...worldbank, baseUrl: `${server.url}/v2`, series: [wbSeries] } as SourceAdapter<SeriesSpec>;
    const run = await refreshSource(adapter, ctx());
    const url = `${server.url}/v2/country/VNM/indicator/${wbSeries.code}?format=json&per_page=1000&page=1`;
    expect(run).toMatchObject({ status: "failed", failureKind: "shape", bodies: 1 });
    expect(run.message).toContain("[worldbank] field [1][0].date");
    expect(run.message).toContain(`series ${wbSeries.code}, in GET ${url}`);
    expect(existsSync(rawPath(dir, sha256(MALFORMED)))).toBe(true);
    const retrievals = await warehouse.query<{ url: string; status: number; raw_sha256: string }>(
      "select url, status, raw_sha256 from retrievals where run_id = ?",
      [run.runId],
    );
    expect(retrievals).toEqual([{ url, status: 200, raw_sha256: sha256(MALFORMED) }]);
  });

  it("passes its paging caps to the source", async () => {
    server = await startLocalServer({ [WB_ROUTE]: { body: JSON.stringify([{ ...recorded[0], pages: 5 }, []]) } });
    const adapter = { ...worldbank, baseUrl: `${server.url}/v2`, series: [wbSeries] } as SourceAdapter<SeriesSpec>;
    const run = await refreshSource(adapter, ctx({ paging: { maxPages: 4 } }));
    expect(run).toMatchObject({ status: "failed", bodies: 1 });
    expect(run.message).toMatch(/series FX\.OWN\.TOTL\.ZS: the upstream announces 5 pages, more than the 4 read for one series/);
  });
});
