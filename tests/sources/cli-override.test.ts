import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalServer, type Hit, type LocalServer } from "../helpers/local-server.ts";

// UN SDG bodies are shaped after the documented API with invented values; the ITU body is a real
// DataHub recording for the USA, re-keyed to Viet Nam (see tests/fixtures/README.md).
const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8");
const SDG: Record<string, string[]> = {
  IT_NET_BBND: [fixture("un-sdg/IT_NET_BBND-704-page1.json"), fixture("un-sdg/IT_NET_BBND-704-page2.json")],
  FB_BNK_ACCSS: [fixture("un-sdg/FB_BNK_ACCSS-704.json")],
  IT_USE_ii99: [fixture("un-sdg/IT_USE_ii99-704.json")],
};
const ITU = fixture("itu/itu-get-country-series.json").replace(/"USA"/g, '"VNM"');

const root = new URL("../..", import.meta.url).pathname;
const chiso = (env: Record<string, string>, ...args: string[]) =>
  promisify(execFile)(process.execPath, [join(root, "bin/chiso.js"), ...args], { env: { ...process.env, ...env } });

describe("CHISO_<ID>_URL: a refresh against any server answering like the API loads what it returns", () => {
  let server: LocalServer;
  let dir: string;
  beforeAll(async () => {
    server = await startLocalServer({
      "GET /sdg/Series/Data": (hit: Hit) => ({ body: SDG[hit.query.get("seriesCode")!]![Number(hit.query.get("page")) - 1]! }),
      "GET /itu/data/bycode/11624/byiso/VNM": { body: ITU },
    });
    dir = mkdtempSync(join(tmpdir(), "chiso-override-"));
    const env = { CHISO_UN_SDG_URL: `${server.url}/sdg`, CHISO_ITU_URL: `${server.url}/itu` };
    await chiso(env, "refresh", "--source", "un-sdg", "--data-dir", dir);
    await chiso(env, "refresh", "--source", "itu", "--data-dir", dir);
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("loads every series through the catalog's checks into the warehouse, each with its provenance", async () => {
    const db = await DuckDBInstance.create(join(dir, "warehouse.duckdb"), { access_mode: "READ_ONLY" });
    const c = await db.connect();
    const rows = (
      await c.runAndReadAll("select source_id, series_code, indicator_id, period, value, flags, raw_sha256 from observations order by all")
    ).getRowObjectsJS();
    const runs = (await c.runAndReadAll("select source_id, status, offline from runs order by source_id")).getRowObjectsJS();
    c.closeSync();
    db.closeSync();
    const of = (code: string) => rows.filter((r) => r.series_code === code).map((r) => [r.period, r.value]);
    expect(of("IT_NET_BBND")).toEqual([
      ["2019", 15.3],
      ["2020", 17.2],
      ["2021", 19.8],
    ]);
    expect(of("FB_BNK_ACCSS")).toEqual([
      ["2017", 30.8],
      ["2021", 56],
    ]);
    expect(rows.filter((r) => r.series_code === "IT_USE_ii99").map((r) => r.indicator_id)).toEqual(["internet-users", "internet-users"]);
    expect(of("i99H")).toHaveLength(5);
    expect(rows.every((r) => (r.flags as string[]).includes("proxy") && /^[0-9a-f]{64}$/.test(String(r.raw_sha256)))).toBe(true);
    expect(runs.filter((r) => r.source_id !== "derived")).toEqual([
      { source_id: "itu", status: "ok", offline: false },
      { source_id: "un-sdg", status: "ok", offline: false },
    ]);
  });

  it("`chiso sources` shows the overridden URLs and each source's last success", async () => {
    const { stdout } = await chiso({ CHISO_UN_SDG_URL: `${server.url}/sdg` }, "sources", "--data-dir", dir);
    expect(stdout).toContain(`base URL      ${server.url}/sdg`);
    expect(stdout).toMatch(/un-sdg \(api\)[\s\S]*?last success  \d{4}-\d{2}-\d{2}T/);
    expect(stdout).toMatch(/worldbank \(api\)[\s\S]*?last success  never/);
  });
});
