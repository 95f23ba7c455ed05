import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { refreshSource } from "../../../pipelines/ingest/refresh.ts";
import { Warehouse } from "../../../pipelines/warehouse/warehouse.ts";
import { loadCatalog } from "../../../schemas/catalog.ts";
import { ckan, type CkanSeries } from "../../../sources/ckan.ts";
import { sha256 } from "../../../pipelines/files.ts";
import { report } from "../../../sources/report.ts";
import { startLocalServer, type LocalServer } from "../../helpers/local-server.ts";
import { FAST } from "../../sources/contract.ts";

// "Configured input yields nothing" is a failed run, never "ok, 0 figures".
const catalog = loadCatalog();
const HEADER = readFileSync(new URL("../../../sources/report-figures.csv", import.meta.url), "utf8").split(/\r?\n/)[0]!;
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/ckan/${name}`, import.meta.url), "utf8");

describe("a configured input that yields nothing fails its run, saying so", () => {
  let dir: string;
  let warehouse: Warehouse;
  let server: LocalServer | undefined;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "chiso-empty-"));
    warehouse = await Warehouse.open(join(dir, "warehouse.duckdb"));
  });
  afterEach(async () => {
    warehouse.close();
    await server?.close();
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  });
  const ctx = () => ({ warehouse, dataDir: dir, catalog, offline: false, log: () => {}, http: FAST });

  it.each([
    ["an empty file", ""],
    ["a header and no row", `${HEADER}\n`],
    ["a header and blank lines", `${HEADER}\n\n\n`],
  ])("the transcribed figures as %s", async (_, text) => {
    const body = new TextEncoder().encode(text);
    const run = await refreshSource(
      {
        ...report,
        fetch: async ({ series }) => [
          {
            series: series[0]!,
            response: {
              url: "file:sources/report-figures.csv",
              method: "GET",
              status: 200,
              headers: {},
              body,
              sha256: sha256(body),
              retrievedAt: new Date().toISOString(),
            },
          },
        ],
      },
      ctx(),
    );
    expect(run).toMatchObject({ status: "failed", failureKind: "shape", rowsAdded: 0 });
    expect(run.message).toMatch(/^\[report\] sources\/report-figures\.csv holds no figures/);
    expect(await warehouse.scalar("select count(*) from runs where status = 'failed' and source_id = 'report'")).toBe(1);
  });

  it("a CKAN filter that matches no row of the datastore", async () => {
    const series: CkanSeries = {
      code: "11111111-2222-3333-4444-555555555555",
      indicator: "internet-users",
      geo: "VN",
      unit: "percent",
      dataset: "example-ict-indicators",
      resource: "indicators-by-year",
      period: "Năm",
      value: "Giá trị",
      where: { "Chỉ tiêu": "No such indicator" },
    };
    const s = await startLocalServer({
      "GET /api/3/action/package_show": () => ({ body: fixture("package_show.json").replaceAll("https://portal.example", s.url) }),
      "GET /api/3/action/datastore_search": (hit) => ({
        body: hit.query.get("offset") === "0" ? fixture("datastore_search-offset0.json") : fixture("datastore_search-offset1000.json"),
      }),
    });
    server = s;
    const run = await refreshSource({ ...ckan, baseUrl: s.url, series: [series] }, ctx());
    expect(run).toMatchObject({ status: "failed", failureKind: "shape", rowsAdded: 0 });
    expect(run.message).toMatch(
      /^\[ckan\] series 11111111-2222-3333-4444-555555555555 \(internet-users, VN\): the upstream answered, but no figure was read for it/,
    );
    expect(await warehouse.scalar("select count(*) from observations")).toBe(0);
  });
});
