import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { worldbank } from "../../sources/worldbank.ts";

// Pages shaped like the real envelope in the recorded US body (shared fixtures), split in two.
const recorded = JSON.parse(readFileSync(new URL("../fixtures/worldbank-us-gni.json", import.meta.url), "utf8"));
// Findex series must carry their own names: the adapter refuses a renamed series.
const NAMES: Record<string, string> = {
  "account.t.d": "Account (% age 15+)",
  "g20.any": "Made or received a digital payment (% age 15+)",
  con9a: "Main mobile phone is a smartphone (% age 15+)",
};
const point = (code: string, date: string, value: number | null) => ({
  ...recorded[1][0],
  indicator: { id: code, value: NAMES[code] ?? `series ${code}` },
  country: { id: "VN", value: "Viet Nam" },
  countryiso3code: "VNM",
  date,
  value,
});

function startServer(): Promise<{ server: Server; url: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url!, "http://x");
    hits.push(url.pathname + url.search);
    const code = url.pathname.split("/").at(-1)!;
    const page = Number(url.searchParams.get("page") ?? 1);
    res.setHeader("content-type", "application/json");
    // Two pages for every series: 2022 on page 1, 2021 (and a null) on page 2.
    const points = page === 1 ? [point(code, "2022", 80.5)] : [point(code, "2021", 79), point(code, "2020", null)];
    res.end(JSON.stringify([{ page, pages: 2, per_page: 1, total: 3, sourceid: "2", lastupdated: "2026-01-01" }, points]));
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      resolve({ server, url: `http://127.0.0.1:${port}`, hits });
    }),
  );
}

describe("worldbank source against a local server", () => {
  let srv: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    srv = await startServer();
  });
  afterAll(() => srv.server.close());

  it("CHISO_WORLDBANK_URL points a refresh at any server answering like the API", async () => {
    const dir = mkdtempSync(join(tmpdir(), "chiso-wb-"));
    try {
      const root = new URL("../..", import.meta.url).pathname;
      await promisify(execFile)(process.execPath, [join(root, "bin/chiso.js"), "refresh", "--source", "worldbank", "--data-dir", dir], {
        env: { ...process.env, CHISO_WORLDBANK_URL: srv.url },
      });
      const db = await DuckDBInstance.create(join(dir, "warehouse.duckdb"), { access_mode: "READ_ONLY" });
      const c = await db.connect();
      const rows = (
        await c.runAndReadAll("select series_code, period, value from observations where source_id = 'worldbank' order by series_code, period")
      ).getRowObjectsJS();
      c.closeSync();
      db.closeSync();
      // Every configured series, two years each, through the catalog checks into the warehouse.
      expect(rows).toHaveLength(worldbank.series.length * 2);
      expect(rows.filter((r) => r.series_code === "FX.OWN.TOTL.ZS").map((r) => r.value)).toEqual([79, 80.5]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
