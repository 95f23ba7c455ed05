import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadCatalog } from "../../../schemas/catalog.ts";
import { refreshSource } from "../../../pipelines/ingest/refresh.ts";
import { Warehouse } from "../../../pipelines/warehouse/warehouse.ts";
import { sourceById } from "../../../sources/index.ts";
import { startLocalServer, type LocalServer, type Reply } from "../../helpers/local-server.ts";
import { FAST } from "../../sources/contract.ts";

// The real DataHub recording (USA), re-keyed to Viet Nam; and the same body with a renamed field.
const GOOD = readFileSync(new URL("../../fixtures/itu/itu-get-country-series.json", import.meta.url), "utf8").replace(/"USA"/g, '"VNM"');
const DRIFTED = GOOD.replace(/"dataYear"/g, '"year"');
const catalog = loadCatalog();

describe("refresh: conditional requests only ever reuse a good response", () => {
  let dir: string;
  let warehouse: Warehouse;
  let server: LocalServer;
  let reply: Reply;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "chiso-refresh-"));
    warehouse = await Warehouse.open(join(dir, "warehouse.duckdb"));
    server = await startLocalServer({ "GET /data/bycode/11624/byiso/VNM": () => reply });
  });
  afterEach(async () => {
    warehouse.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const refresh = () =>
    refreshSource({ ...sourceById("itu")!, baseUrl: server.url }, { warehouse, dataDir: dir, catalog, offline: false, log: () => {}, http: FAST });

  it("asks again in full after a body that failed to parse, and sends the validators of the last one that loaded", async () => {
    reply = { body: DRIFTED, etag: '"v1"' };
    expect((await refresh()).status).toBe("failed");
    // Same bytes upstream: without If-None-Match the server sends them again and the failure shows again.
    const second = await refresh();
    expect(server.hits[1]!.headers["if-none-match"]).toBeUndefined();
    expect(second).toMatchObject({ status: "failed" });
    expect(second.message).toContain("dataYear");

    reply = { body: GOOD, etag: '"v2"' };
    expect(await refresh()).toMatchObject({ status: "ok", rowsAdded: 5 });
    const fourth = await refresh();
    expect(server.hits[3]!.headers["if-none-match"]).toBe('"v2"');
    expect(fourth).toMatchObject({ status: "unchanged", rowsAdded: 0 });
    expect(await warehouse.scalar("select count(*) from observations")).toBe(5);
  });
});

describe("refresh: a source with no series configured", () => {
  it("is skipped and never counts as a success", async () => {
    const dir = mkdtempSync(join(tmpdir(), "chiso-refresh-"));
    const warehouse = await Warehouse.open(join(dir, "warehouse.duckdb"));
    try {
      const run = await refreshSource(sourceById("ckan")!, { warehouse, dataDir: dir, catalog, offline: false, log: () => {} });
      expect(run).toMatchObject({ status: "skipped", message: "no series configured: nothing to fetch", bodies: 0 });
    } finally {
      warehouse.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
