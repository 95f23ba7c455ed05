import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { parse } from "csv-parse/sync";
import { Ajv2020 } from "ajv/dist/2020.js";
import datapackage from "datapackage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../../schemas/catalog.ts";
import { columnsOf } from "../../../schemas/columns.ts";
import type { Observation } from "../../../schemas/observation.ts";
import { ObservationHistoryRow, ObservationRow, ProgressStatus, TargetRow } from "../../../schemas/published.ts";
import { derivedSource } from "../../../sources/derived.ts";
import { prepareData, writeData } from "../../../pipelines/publish/publish.ts";
import { refreshSource } from "../../../pipelines/ingest/refresh.ts";
import { readReleases } from "../../../pipelines/publish/releases.ts";
import { toCsv } from "../../../pipelines/publish/formats/csv.ts";
import { latestObservations } from "../../../pipelines/judge/views.ts";
import { Warehouse } from "../../../pipelines/warehouse/warehouse.ts";
import { SOURCES, sourceById } from "../../../sources/index.ts";

const catalog = loadCatalog();
const INJECTION = '=HYPERLINK("x")';

/** A World Bank figure whose label would be a formula in a spreadsheet. */
const wbFigure = (value: number, runId: string): Observation => ({
  indicatorId: "internet-users",
  geo: "VN",
  period: "2023",
  value,
  unit: "percent",
  status: "final",
  flags: ["proxy"],
  sourceId: "worldbank",
  seriesCode: "IT.NET.USER.ZS",
  note: INJECTION,
  provenance: { retrievedAt: "2026-10-01T00:00:00Z", runId, rawSha256: "c".repeat(64) },
});

async function readParquet(path: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(":memory:");
  const c = await db.connect();
  const rows = (await c.runAndReadAll(`select * from '${path}'`)).getRowObjectsJS();
  c.closeSync();
  db.closeSync();
  return rows as Record<string, unknown>[];
}
const readCsv = (path: string): Record<string, string>[] => parse(readFileSync(path), { columns: true, bom: true });
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));
const key = (r: Record<string, unknown>) => `${r.indicator_id}|${r.geo}|${r.period}|${r.source_id}|${r.series_code}`;

describe("downloads: what researchers get, read back with DuckDB and a CSV parser", () => {
  let dir: string;
  let out: string;
  let warehouse: Warehouse;
  const log = () => {};
  const publishOn = async (date: string, into: string) => {
    const prepared = await prepareData({ warehouse, catalog, dataDir: dir, now: new Date(`${date}T12:00:00Z`), siteUrl: "https://chiso.test" });
    await writeData(prepared, into, { warehouse, catalog, dataDir: dir, log });
    return prepared;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "chiso-exports-"));
    out = join(dir, "out1", "data");
    warehouse = await Warehouse.open(join(dir, "warehouse.duckdb"));
    await warehouse.syncCatalog(catalog, [...SOURCES, derivedSource(warehouse)]);
    for (const id of ["gso-pxweb", "report"]) await refreshSource(sourceById(id)!, { warehouse, dataDir: dir, catalog, offline: true, log });
    await refreshSource(derivedSource(warehouse), { warehouse, dataDir: dir, catalog, offline: true, log });
    await warehouse.transaction(() => warehouse.appendVintages([wbFigure(78.1, "wb-1")]));
    await publishOn("2026-11-01", out);
  });
  afterAll(() => {
    warehouse.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("observations.parquet and observations.csv hold exactly the warehouse's latest view", async () => {
    const expected = await warehouse.query<Record<string, unknown>>("select * from observations_latest");
    const parquet = await readParquet(join(out, "observations.parquet"));
    const csv = readCsv(join(out, "observations.csv"));
    expect(parquet).toHaveLength(expected.length);
    expect(csv).toHaveLength(expected.length);
    const byKey = new Map(expected.map((r) => [key(r), r]));
    for (const r of parquet) {
      const w = byKey.get(key(r))!;
      expect(w, key(r)).toBeDefined();
      expect(r.value).toBe(w.value);
      expect(r.flags).toEqual(w.flags);
      expect(r.raw_sha256).toBe(w.raw_sha256);
    }
    for (const r of csv) {
      const w = byKey.get(key(r))!;
      expect(Number(r.value)).toBe(w.value);
      expect(r.flags).toBe((w.flags as string[]).join(";"));
      expect(r.vintage).toBe(String(w.vintage));
    }
    expect(readJson(join(out, "observations.json"))).toHaveLength(expected.length);
  });

  it("the CSVs DuckDB writes are byte for byte those written from the rows in JavaScript, so a release's fingerprint carries over", async () => {
    const latest = await latestObservations(warehouse);
    expect(readFileSync(join(out, "observations.csv"), "utf8")).toBe(toCsv(latest, columnsOf(ObservationRow)));
    expect(readFileSync(join(out, "targets.csv"), "utf8")).toBe(toCsv(readJson(join(out, "targets.json")), columnsOf(TargetRow)));
    expect(readJson(join(out, "observations.json"))).toEqual(latest);
  });

  it("every download's columns are its row schema's, in order: CSV header, Parquet, JSON and the Data Package fields", async () => {
    const header = (rel: string) => readFileSync(join(out, rel), "utf8").split("\r\n")[0];
    const files = [
      ["observations", ObservationRow, ["observations.csv", "indicators/internet-users/observations.csv"]],
      ["observations_history", ObservationHistoryRow, ["observations_history.csv", "indicators/internet-users/observations_history.csv"]],
      ["targets", TargetRow, ["targets.csv", "indicators/internet-users/targets.csv"]],
    ] as const;
    const descriptor = readJson(join(out, "datapackage.json"));
    for (const [name, schema, csvs] of files) {
      const columns = columnsOf(schema);
      for (const csv of csvs) expect(header(csv), csv).toBe(`\uFEFF${columns.join(",")}`);
      for (const csv of csvs) expect(header(csv.replace(/([^/]+)$/, "utf8/$1")), csv).toBe(columns.join(","));
      expect(Object.keys((await readParquet(join(out, `${name}.parquet`)))[0]!), name).toEqual(columns);
      for (const format of ["csv", "parquet"]) {
        // The package lists the CSVs' copies without a byte-order mark (see downloads.ts).
        const resource = descriptor.resources.find((r: { path: string }) => r.path === (format === "csv" ? `utf8/${name}.csv` : `${name}.${format}`));
        expect(
          resource.schema.fields.map((f: { name: string }) => f.name),
          `${name}.${format}`,
        ).toEqual(columns);
      }
    }
    expect(Object.keys(readJson(join(out, "observations.json"))[0])).toEqual(columnsOf(ObservationRow));
    expect(Object.keys(readJson(join(out, "targets.json"))[0])).toEqual(columnsOf(TargetRow));
  });

  it("the history files hold every vintage", async () => {
    const n = await warehouse.scalar("select count(*) from observations");
    expect(await readParquet(join(out, "observations_history.parquet"))).toHaveLength(n);
    expect(readCsv(join(out, "observations_history.csv"))).toHaveLength(n);
  });

  it("every per-indicator Parquet and CSV holds that indicator's rows and no other", async () => {
    const latest = await warehouse.query<{ indicator_id: string; n: number }>("select indicator_id, count(*)::int n from observations_latest group by all");
    const counts = new Map(latest.map((r) => [r.indicator_id, r.n]));
    for (const indicator of catalog.indicators) {
      const base = join(out, "indicators", indicator.id);
      const parquet = await readParquet(join(base, "observations.parquet"));
      const csv = readCsv(join(base, "observations.csv"));
      const history = await readParquet(join(base, "observations_history.parquet"));
      expect(parquet, indicator.id).toHaveLength(counts.get(indicator.id) ?? 0);
      expect(csv, indicator.id).toHaveLength(counts.get(indicator.id) ?? 0);
      expect(history.length).toBeGreaterThanOrEqual(parquet.length);
      for (const r of [...parquet, ...csv, ...history]) expect(r.indicator_id).toBe(indicator.id);
      const targets = readCsv(join(base, "targets.csv"));
      expect(targets.map((t) => t.target_id).sort()).toEqual(
        catalog.targets
          .filter((t) => t.indicatorId === indicator.id)
          .map((t) => t.id)
          .sort(),
      );
    }
  });

  it("targets.parquet and targets.csv carry every target with comparator, document, section and status", async () => {
    const parquet = await readParquet(join(out, "targets.parquet"));
    const csv = readCsv(join(out, "targets.csv"));
    expect(parquet).toHaveLength(catalog.targets.length);
    expect(csv).toHaveLength(catalog.targets.length);
    for (const t of catalog.targets) {
      const p = parquet.find((r) => r.target_id === t.id)!;
      expect(p).toMatchObject({
        indicator_id: t.indicatorId,
        comparator: t.comparator,
        value: t.value,
        deadline: t.deadline,
        document_number: t.document.number,
        section: t.document.clause,
      });
      expect(ProgressStatus.options).toContain(p.status);
      expect(csv.find((r) => r.target_id === t.id)!.status).toBe(p.status);
    }
  });

  it("a formula from a source comes out inert in every CSV, and intact in Parquet", async () => {
    const raw = readFileSync(join(out, "observations.csv"), "utf8");
    expect(raw.charCodeAt(0)).toBe(0xfeff);
    expect(raw).toContain(`"'=HYPERLINK(""x"")"`);
    expect(raw).not.toMatch(/(^|,)=HYPERLINK/m);
    const wb = (r: Record<string, unknown>) => r.source_id === "worldbank";
    expect(readCsv(join(out, "indicators", "internet-users", "observations.csv")).find(wb)!.note).toBe(`'${INJECTION}`);
    expect(readCsv(join(out, "observations_history.csv")).find(wb)!.note).toBe(`'${INJECTION}`);
    const parquet = await readParquet(join(out, "indicators", "internet-users", "observations.parquet"));
    expect(parquet.find(wb)!.note).toBe(INJECTION);
  });

  it("SHA256SUMS covers every file and `sha256sum -c` passes", () => {
    const listed = readFileSync(join(out, "SHA256SUMS"), "utf8")
      .trim()
      .split("\n")
      .map((l) => l.split("  ")[1]);
    expect(listed).toContain("observations.parquet");
    expect(listed).toContain("indicators/internet-users/observations.csv");
    expect(listed).toContain("releases/2026-11-01/observations.parquet");
    expect(execFileSync("sha256sum", ["-c", "--quiet", "SHA256SUMS"], { cwd: out, encoding: "utf8" })).toBe("");
  });

  it("datapackage.json is a valid Data Package whose resources match the files", async () => {
    for (const base of [out, join(out, "indicators", "adults-with-smartphone")]) {
      const descriptor = readJson(join(base, "datapackage.json"));
      const pkg = await datapackage.Package.load(descriptor, base);
      expect(pkg.errors.map((e: Error) => e.message).join("\n"), base).toBe("");
      expect(pkg.valid).toBe(true);
      for (const r of descriptor.resources) {
        const bytes = readFileSync(join(base, r.path));
        expect(r.bytes).toBe(bytes.length);
        expect(r.hash).toBe(`sha256:${createHash("sha256").update(bytes).digest("hex")}`);
        expect(r.licenses[0].name).toBe("CC-BY-4.0");
      }
      expect(
        descriptor.resources.find((r: { path: string }) => r.path === "utf8/observations.csv").schema.fields.find((f: { name: string }) => f.name === "unit")
          .constraints.enum,
      ).toContain("percent");
    }
    // A broken descriptor fails the same check: the validation is real.
    const broken = await datapackage.Package.load({ name: "Not Valid!", resources: [] }, out);
    expect(broken.valid).toBe(false);
  });

  it("every resource of the bulk package and of an indicator's reads with the Frictionless library, as many rows as the warehouse holds", async () => {
    const latest = await warehouse.scalar("select count(*) from observations_latest");
    const history = await warehouse.scalar("select count(*) from observations");
    const targets = readJson(join(out, "targets.json")).length;
    const id = "adults-with-smartphone";
    const where = `where indicator_id = '${id}'`;
    const expected: Record<string, Record<string, number>> = {
      [out]: { observations: latest, history, targets },
      [join(out, "indicators", id)]: {
        observations: await warehouse.scalar(`select count(*) from observations_latest ${where}`),
        history: await warehouse.scalar(`select count(*) from observations ${where}`),
        targets: catalog.targets.filter((t) => t.indicatorId === id).length,
      },
    };
    for (const [base, counts] of Object.entries(expected)) {
      expect(counts.observations, base).toBeGreaterThan(0);
      const descriptor = readJson(join(base, "datapackage.json"));
      // As a user would: the descriptor's own path, so every resource resolves beside it.
      const pkg = await datapackage.Package.load(join(base, "datapackage.json"));
      expect(pkg.resources.length).toBe(descriptor.resources.length);
      for (const resource of pkg.resources) {
        const kind = resource.name.includes("history") ? "history" : resource.name.includes("targets") ? "targets" : "observations";
        if (!resource.tabular) {
          // Parquet and JSON are not tables to this library: their bytes match the declared hash.
          const bytes = readFileSync(join(base, String(resource.descriptor.path)));
          expect(`sha256:${createHash("sha256").update(bytes).digest("hex")}`, resource.name).toBe(resource.descriptor.hash);
          continue;
        }
        const rows = (await resource.read({ cast: true, keyed: true })) as Record<string, unknown>[];
        expect(rows.length, `${base} ${resource.name}`).toBe(counts[kind]);
        expect(Object.keys(rows[0] ?? {})[0], resource.name).toBe(kind === "targets" ? "target_id" : "indicator_id");
        if (kind !== "targets") expect(typeof rows[0]!.value, resource.name).toBe("number");
      }
    }
  });

  it("an indicator's datapackage.json stays small: only its tables carry a schema, without the descriptions the bulk package holds", () => {
    const descriptor = readJson(join(out, "indicators", "adults-with-smartphone", "datapackage.json"));
    for (const r of descriptor.resources) expect("schema" in r, r.path).toBe(r.format === "csv");
    const fields = descriptor.resources.find((r: { format: string }) => r.format === "csv").schema.fields;
    expect(fields.every((f: Record<string, unknown>) => !("description" in f))).toBe(true);
    expect(Object.keys(descriptor.units)).toEqual(["percent"]);
    expect(statSync(join(out, "indicators", "adults-with-smartphone", "datapackage.json")).size).toBeLessThan(15_000);
    expect(statSync(join(out, "datapackage.json")).size).toBeGreaterThan(20_000);
  });

  it("catalog.json is a DCAT catalogue with one dataset per indicator, its periodicity, time span and place", () => {
    const dcat = readJson(join(out, "catalog.json"));
    expect(dcat["@type"]).toBe("dcat:Catalog");
    expect(dcat["dct:license"]["@id"]).toBe("https://creativecommons.org/licenses/by/4.0/");
    expect(dcat["dcat:dataset"]).toHaveLength(catalog.indicators.length);
    const pop = dcat["dcat:dataset"].find((d: Record<string, unknown>) => d["dct:identifier"] === "average-population");
    expect(pop["dct:accrualPeriodicity"]["@id"]).toMatch(/frequency\/ANNUAL$/);
    expect(pop["dct:temporal"]["dcat:startDate"]["@value"]).toBe("2011");
    expect(pop["dct:spatial"].map((s: { "@id": string }) => s["@id"])).toContain("https://sws.geonames.org/1566083/");
    expect(pop["dcat:distribution"][0]["dcat:downloadURL"]["@id"]).toBe("https://chiso.test/data/indicators/average-population/observations.parquet");
  });

  it("the JSON Schemas compile and accept the published rows and the catalog", () => {
    const ajv = new Ajv2020({ strict: false });
    const schema = (name: string) => ajv.compile(readJson(join(out, "schema", `${name}.schema.json`)));
    const row = schema("observation-row");
    for (const r of readJson(join(out, "observations.json"))) expect(row(r), JSON.stringify(row.errors)).toBe(true);
    expect(row({ ...readJson(join(out, "observations.json"))[0], unit: "furlongs" })).toBe(false);
    const target = schema("target-row");
    for (const r of readJson(join(out, "targets.json"))) expect(target(r), JSON.stringify(target.errors)).toBe(true);
    const indicator = schema("indicator");
    for (const i of catalog.indicators) expect(indicator(i), JSON.stringify(indicator.errors)).toBe(true);
  });

  it("the static API gives the catalog with latest value and status, and each indicator with citation, licence and release calendar", () => {
    const list = readJson(join(out, "indicators.json"));
    expect(list.map((i: { id: string }) => i.id)).toEqual(catalog.indicators.map((i) => i.id));
    const internet = readJson(join(out, "indicators", "internet-users.json"));
    expect(internet.latest).toMatchObject({ value: 78.1, period: "2023", source_id: "worldbank" });
    expect(internet.citation.en).toMatch(
      /^[^(]*World Bank[^(]* \(2026\)\. .*Compiled by chiso, release 2026-11-01\. Retrieved from the sources \d{4}-\d{2}-\d{2}( – \d{4}-\d{2}-\d{2})?\. https:\/\/chiso\.test\/en\/indicators\/internet-users\.html/,
    );
    expect(internet.licence.sources).toContainEqual({ source: "worldbank", publisher: "World Bank", licence: "CC-BY-4.0" });
    expect(internet.series.find((s: { seriesCode: string }) => s.seriesCode === "IT.NET.USER.ZS").link).toBe(
      "https://data.worldbank.org/indicator/IT.NET.USER.ZS?locations=VN",
    );
    // When the World Bank last answered lives in status.json, so this record changes only with its figures.
    expect(internet.updates).toEqual({ source: "worldbank", schedule: "0 3 1 * *", status: "https://chiso.test/data/status.json" });
    // A figure read in a newspaper is cited to whoever published it first, and the paper as the carrier.
    const de = readJson(join(out, "indicators", "digital-economy-share.json"));
    expect(de.citation.en).toMatch(
      /^General Statistics Office of Viet Nam; Ho Chi Minh City Institute for Development Studies; Ho Chi Minh City People's Committee; Ministry of Information and Communications \(2026\)\./,
    );
    expect(de.citation.en).toContain("As reported by");
    expect(de.citation.en).toContain("vietstock.vn");
    const pop = readJson(join(out, "indicators", "average-population.json"));
    expect(pop.targets).toEqual([]);
    const smartphone = readJson(join(out, "indicators", "adults-with-smartphone.json"));
    expect(smartphone.targets[0]).toMatchObject({ comparator: ">=", value: 85, status: expect.any(String) });
    expect(readFileSync(join(out, "indicators", "adults-with-smartphone", "README.md"), "utf8")).toContain("## How to cite");
  });

  it("keeps each release that changed data under releases/<date>/, with a changelog of revisions", async () => {
    expect(readReleases(dir).map((r) => r.date)).toEqual(["2026-11-01"]);
    // Nothing changed: no new release.
    await publishOn("2026-11-05", join(dir, "out2", "data"));
    expect(readReleases(dir).map((r) => r.date)).toEqual(["2026-11-01"]);
    // The World Bank revises 2023.
    await warehouse.transaction(() => warehouse.appendVintages([wbFigure(79.4, "wb-2")]));
    const out3 = join(dir, "out3", "data");
    await publishOn("2026-11-09", out3);
    const releases = readReleases(dir);
    expect(releases.map((r) => r.date)).toEqual(["2026-11-01", "2026-11-09"]);
    expect(releases[1]!.changes.revised).toEqual([expect.objectContaining({ indicator_id: "internet-users", period: "2023", from: 78.1, to: 79.4 })]);
    expect(releases[1]!.changes.indicators).toEqual(["internet-users"]);
    // The old release still says what it said.
    const old = readCsv(join(out3, "releases", "2026-11-01", "observations.csv")).find(
      (r) => r.indicator_id === "internet-users" && r.source_id === "worldbank",
    )!;
    expect(old.value).toBe("78.1");
    expect(readFileSync(join(out3, "CHANGELOG.md"), "utf8")).toContain("internet-users VN 2023 (worldbank IT.NET.USER.ZS): 78.1 → 79.4");
    expect(execFileSync("sha256sum", ["-c", "--quiet", "SHA256SUMS"], { cwd: join(out3, "releases", "2026-11-01"), encoding: "utf8" })).toBe("");
    expect(existsSync(join(out3, "releases", "2026-11-09", "datapackage.json"))).toBe(true);
    expect(statSync(join(out3, "releases", "index.json")).size).toBeGreaterThan(0);
    expect(readdirSync(join(out3, "releases")).sort()).toEqual(["2026-11-01", "2026-11-09", "index.json"]);
  });

  it("a second publish with changes on one day makes a new release and leaves the first as it was", async () => {
    const first = join(dir, "releases", "2026-11-09");
    const sums = readFileSync(join(first, "SHA256SUMS"), "utf8");
    await warehouse.transaction(() => warehouse.appendVintages([wbFigure(80.2, "wb-3")]));
    const out4 = join(dir, "out4", "data");
    const prepared = await publishOn("2026-11-09", out4);
    expect(prepared.plan).toEqual({ date: "2026-11-09.2", isNew: true });
    expect(readReleases(dir).map((r) => r.date)).toEqual(["2026-11-01", "2026-11-09", "2026-11-09.2"]);
    expect(readFileSync(join(first, "SHA256SUMS"), "utf8")).toBe(sums);
    expect(execFileSync("sha256sum", ["-c", "--quiet", "SHA256SUMS"], { cwd: first, encoding: "utf8" })).toBe("");
    const kept = readCsv(join(out4, "releases", "2026-11-09", "observations.csv")).find(
      (r) => r.indicator_id === "internet-users" && r.source_id === "worldbank",
    )!;
    expect(kept.value).toBe("79.4");
    expect(readReleases(dir)[2]!.changes.revised).toEqual([expect.objectContaining({ from: 79.4, to: 80.2 })]);
    // Each indicator's citation names the release it cites.
    const record = readJson(join(out4, "indicators", "internet-users.json"));
    expect(record.citation.en).toContain("release 2026-11-09.2");
    expect(record.citation.en).toContain("data/releases/2026-11-09.2/");
  });
});
