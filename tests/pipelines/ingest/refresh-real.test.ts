import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configuredSources, loadConfig } from "../../../pipelines/cli/config.ts";
import { refreshSource } from "../../../pipelines/ingest/refresh.ts";
import { Warehouse } from "../../../pipelines/warehouse/warehouse.ts";
import { loadCatalog } from "../../../schemas/catalog.ts";
import { gsoPxweb } from "../../../sources/gso-pxweb.ts";
import { sourceById } from "../../../sources/index.ts";
import { worldbank } from "../../../sources/worldbank.ts";
import { startLocalServer, type LocalServer } from "../../helpers/local-server.ts";
import { FAST } from "../../sources/contract.ts";

const catalog = loadCatalog();
const snapshots = new URL("../../../sources/snapshots/", import.meta.url).pathname;
const MOBILE = "API_IT.CEL.SETS.P2_DS2_en_csv_v2_4903391.csv";
const TABLE = readFileSync(join(snapshots, "gso-pxweb/E02.01.json"), "utf8");
const PAGE = readFileSync(new URL("../../fixtures/gso-pxweb/E02.01-page.html", import.meta.url), "utf8");
const ROUTE = "/pxweb/en/Population and Employment/Population and Employment/E02.01.px/";

let dir: string;
let warehouse: Warehouse;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "chiso-refresh-real-"));
  warehouse = await Warehouse.open(join(dir, "warehouse.duckdb"));
});
afterEach(() => {
  warehouse.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A snapshot folder of its own: an empty manifest and the bulk files given, by name and text. */
function bundle(files: Record<string, string | Buffer>): string {
  const root = join(dir, "snapshots");
  mkdirSync(join(root, "worldbank"), { recursive: true });
  writeFileSync(join(root, "manifest.json"), '{"snapshots":[]}');
  for (const [name, body] of Object.entries(files)) writeFileSync(join(root, "worldbank", name), body);
  return join(root, "manifest.json");
}
const offline = (manifest?: string, log: (l: string) => void = () => {}) => ({
  warehouse,
  dataDir: dir,
  catalog,
  offline: true,
  log,
  ...(manifest ? { http: { snapshotManifest: manifest } } : {}),
});
const latest = (code: string, period: string) =>
  warehouse.query<{ value: number; vintage: number }>("select value, vintage from observations_latest where series_code = ? and period = ? and geo = 'VN'", [
    code,
    period,
  ]);

describe("refresh offline: the real World Bank bulk files", () => {
  it("loads Viet Nam's mobile subscriptions (2021: 138.87) and fixed broadband (2017: 11.80), dated by each file", async () => {
    const run = await refreshSource(worldbank, offline());
    expect(run).toMatchObject({ status: "ok", bodies: 2 });
    expect((await latest("IT.CEL.SETS.P2", "2021"))[0]!.value).toBeCloseTo(138.87, 2);
    expect((await latest("IT.NET.BBND.P2", "2017"))[0]!.value).toBeCloseTo(11.8, 2);
    const dates = await warehouse.query<{ series_code: string; d: string }>(
      "select distinct series_code, strftime(retrieved_at, '%Y-%m-%d') as d from observations order by 1",
    );
    expect(dates).toEqual([
      { series_code: "IT.CEL.SETS.P2", d: "2023-03-01" },
      { series_code: "IT.NET.BBND.P2", d: "2019-07-10" },
    ]);
    // Replaying the same files adds nothing.
    expect(await refreshSource(worldbank, offline())).toMatchObject({ status: "ok", rowsAdded: 0 });
  });

  it("loads two files of one series from different dates as two vintages, the older first, and keeps them so", async () => {
    const real = readFileSync(join(snapshots, "worldbank", MOBILE), "utf8");
    // A later vintage made from the real file for this test: its date and its 2021 figure changed.
    const later = real.replace('"2023-03-01"', '"2024-06-28"').replace('"138.8654955"', '"139.5"');
    const manifest = bundle({ [MOBILE]: real, "API_IT.CEL.SETS.P2_DS2_en_csv_v2_9999999.csv": later });
    expect(await refreshSource(worldbank, offline(manifest))).toMatchObject({ status: "ok" });
    const history = await warehouse.query<{ value: number; vintage: number; d: string }>(
      "select value, vintage, strftime(retrieved_at, '%Y-%m-%d') as d from observations where series_code = 'IT.CEL.SETS.P2' and period = '2021' order by vintage",
    );
    expect(history).toEqual([
      { value: 138.8654955, vintage: 1, d: "2023-03-01" },
      { value: 139.5, vintage: 2, d: "2024-06-28" },
    ]);
    // Again: the older file must not come back as the newest vintage.
    expect(await refreshSource(worldbank, offline(manifest))).toMatchObject({ status: "ok", rowsAdded: 0 });
    expect(await latest("IT.CEL.SETS.P2", "2021")).toEqual([{ value: 139.5, vintage: 2 }]);
  });

  it("reads a bulk file that lost its preamble, and says its own date is unknown", async () => {
    const real = readFileSync(join(snapshots, "worldbank", MOBILE), "utf8");
    const logged: string[] = [];
    const manifest = bundle({ [MOBILE]: real.split("\n").slice(4).join("\n") });
    expect(
      await refreshSource(
        worldbank,
        offline(manifest, (l) => logged.push(l)),
      ),
    ).toMatchObject({ status: "ok" });
    expect(logged).toContainEqual(
      expect.stringMatching(/API_IT\.CEL\.SETS\.P2_DS2_en_csv_v2_4903391\.csv has no "Last Updated Date" .* its own date is unknown/),
    );
    expect((await latest("IT.CEL.SETS.P2", "2021"))[0]!.value).toBeCloseTo(138.87, 2);
  });

  it("fails the run, naming the series, when a configured series' file has no row for its country", async () => {
    const real = readFileSync(join(snapshots, "worldbank", MOBILE), "utf8");
    const manifest = bundle({
      [MOBILE]: real
        .split("\n")
        .filter((l) => !l.includes('"VNM"'))
        .join("\n"),
    });
    const run = await refreshSource(worldbank, offline(manifest));
    expect(run).toMatchObject({ status: "failed", failureKind: "shape", rowsAdded: 0 });
    expect(run.message).toMatch(
      /^\[worldbank\] series IT\.CEL\.SETS\.P2 \(mobile-subscriptions, VN\): the upstream answered, but no figure was read for it.*\(in snapshot worldbank\/API_IT\.CEL\.SETS\.P2/,
    );
    expect(await warehouse.scalar("select count(*) from observations")).toBe(0);
  });

  it("with no bundled file at all, skips the source rather than calling it a success", async () => {
    expect(await refreshSource(worldbank, offline(bundle({})))).toMatchObject({ status: "skipped" });
  });
});

describe("refresh: fail loudly, not emptily", () => {
  let server: LocalServer;
  afterEach(async () => server.close());

  it("a configured UN SDG series whose page holds nothing for it is a failed run naming the series", async () => {
    const empty = readFileSync(new URL("../../fixtures/un-sdg/empty-704.json", import.meta.url), "utf8");
    server = await startLocalServer({ "GET /Series/Data": { body: empty } });
    const unSdg = sourceById("un-sdg")!;
    const run = await refreshSource(
      { ...unSdg, baseUrl: server.url, series: unSdg.series.slice(0, 1) },
      { warehouse, dataDir: dir, catalog, offline: false, log: () => {}, http: FAST },
    );
    expect(run).toMatchObject({ status: "failed", failureKind: "shape" });
    expect(run.message).toMatch(/\[un-sdg\] series FB_BNK_ACCSS \(account-ownership-15plus, VN\): the upstream answered, but no figure was read/);
  });
});

describe("refresh gso-pxweb against a server answering the table form", () => {
  let server: LocalServer;
  afterEach(async () => server.close());
  const serve = async (table: string) => {
    server = await startLocalServer({ [`GET ${ROUTE}`]: { body: PAGE, headers: { "content-type": "text/html" } }, [`POST ${ROUTE}`]: { body: table } });
    // What `chiso refresh --source gso-pxweb` does with CHISO_GSO_PXWEB_URL set.
    const [adapter] = configuredSources([gsoPxweb], loadConfig({}, { CHISO_GSO_PXWEB_URL: server.url }, [gsoPxweb]));
    return refreshSource(adapter!, { warehouse, dataDir: dir, catalog, offline: false, log: () => {}, http: FAST });
  };

  it("loads the real JSON-stat body through the form post", async () => {
    expect(await serve(TABLE)).toMatchObject({ status: "ok", rowsRead: 28 });
    expect(server.hits.map((h) => h.method)).toEqual(["GET", "POST"]);
    const hcmc = await warehouse.query<{ value: number }>(
      "select value from observations_latest where source_id = 'gso-pxweb' and geo = 'VN-SG' and period = '2024'",
    );
    expect(hcmc[0]!.value).toBeGreaterThan(9000);
  });

  it("loads a year labelled 'Sơ bộ 2024' as 2024, provisional, and the others as final", async () => {
    expect(await serve(TABLE.replace('"13":"2024"', '"13":"Sơ bộ 2024"'))).toMatchObject({ status: "ok", rowsRead: 28 });
    const statuses = await warehouse.query<{ period: string; status: string }>(
      "select period, status from observations_latest where source_id = 'gso-pxweb' and geo = 'VN-SG' and period in ('2023', '2024') order by period",
    );
    expect(statuses).toEqual([
      { period: "2023", status: "final" },
      { period: "2024", status: "provisional" },
    ]);
  });
});
