import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TRANSCRIBED_COLUMNS } from "../../../schemas/published.ts";
import { normalise, type Provenance } from "../../../pipelines/ingest/normalise.ts";
import { rawPath } from "../../../pipelines/ingest/raw-archive.ts";
import { ingestFigureTables, stageFigureTable } from "../../../pipelines/ingest/table.ts";
import { Warehouse } from "../../../pipelines/warehouse/warehouse.ts";
import type { SourceRow } from "../../../sources/define.ts";
import { normaliseCatalog } from "../../helpers/catalog.ts";

const catalog = normaliseCatalog();

const prov: Provenance = {
  sourceId: "itu",
  runId: "20260101T000000000Z-abcd-itu",
  retrievedAt: "2026-01-01T00:00:00.000Z",
  rawSha256: "a".repeat(64),
  origin: "file wards.csv",
};

const row = (over: Partial<SourceRow> = {}): SourceRow => ({
  indicatorId: "internet-users",
  geo: "VN-SG",
  period: "2024",
  value: 78.5,
  unit: "percent",
  seriesCode: "i99H",
  ...over,
});

/** A source row as a line of the transcribed layout. */
const csvLine = (r: SourceRow): string => {
  const cells: Record<string, unknown> = {
    indicator_id: r.indicatorId,
    geo: r.geo,
    period: r.period,
    value: r.value,
    unit: r.unit,
    status: r.status ?? "",
    flags: (r.flags ?? []).join(";"),
    series_code: r.seriesCode,
    note: r.note ?? "",
    citation_title: r.citation?.title ?? "",
    citation_publisher: r.citation?.publisher ?? "",
    citation_date: r.citation?.date ?? "",
    citation_url: r.citation?.url ?? "",
    citation_statement: r.citation?.statement ?? "",
  };
  return TRANSCRIBED_COLUMNS.map((c) => `"${String(cells[c]).replace(/"/g, '""')}"`).join(",");
};

describe("a table of figures staged by DuckDB (real DuckDB file)", () => {
  let dir: string;
  let w: Warehouse;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "chiso-table-"));
    w = await Warehouse.open(join(dir, "warehouse.duckdb"));
  });
  afterEach(() => {
    w.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (rows: SourceRow[], name = "wards.csv") => {
    const path = join(dir, name);
    writeFileSync(path, `${TRANSCRIBED_COLUMNS.join(",")}\n${rows.map(csvLine).join("\n")}\n`);
    return path;
  };

  /** What staging the rows as a table says, beside what normalise says of the same rows. */
  async function bothRefusals(rows: SourceRow[]): Promise<[string, string]> {
    let byNormalise = "";
    try {
      normalise(rows, prov, catalog);
    } catch (error) {
      byNormalise = (error as Error).message;
    }
    const staging = await w.openStaging();
    try {
      await stageFigureTable(staging, catalog, { path: write(rows), provenance: prov });
      return ["accepted", byNormalise];
    } catch (error) {
      return [(error as Error).message, byNormalise];
    } finally {
      await staging.drop();
    }
  }

  it("loads the figures as normalise would: default status, the proxy flag, territory and vintages", async () => {
    const staging = await w.openStaging();
    const rows = [
      row(),
      row({ geo: "VN", period: "2023", flags: ["approximate"] }),
      row({ indicatorId: "digital-firms", unit: "count", seriesCode: "firms", value: 1200 }),
    ];
    expect(await stageFigureTable(staging, catalog, { path: write(rows), provenance: prov })).toBe(3);
    expect(await w.transaction(() => w.loadStaged(staging))).toBe(3);
    await staging.drop();
    const loaded = await w.query(
      "select indicator_id, geo, period, value, status, flags, note, territory, vintage from observations order by indicator_id, period",
    );
    expect(loaded).toEqual([
      {
        indicator_id: "digital-firms",
        geo: "VN-SG",
        period: "2024",
        value: 1200,
        status: "final",
        flags: [],
        note: "",
        territory: "vn-sg-to-2025-06",
        vintage: 1,
      },
      {
        indicator_id: "internet-users",
        geo: "VN",
        period: "2023",
        value: 78.5,
        status: "final",
        flags: ["approximate", "proxy"],
        note: "",
        territory: "vn",
        vintage: 1,
      },
      {
        indicator_id: "internet-users",
        geo: "VN-SG",
        period: "2024",
        value: 78.5,
        status: "final",
        flags: [],
        note: "",
        territory: "vn-sg-to-2025-06",
        vintage: 1,
      },
    ]);
  });

  it.each([
    ["an indicator the catalog does not hold", { indicatorId: "internet-usres" }],
    ["a unit other than the indicator's", { unit: "per-100-people" }],
    ["an unlinked series", { seriesCode: "i99H-typo" }],
    ["a geography that is no declared proxy", { geo: "VN", seriesCode: "i99H-national" }],
    ["a percentage over 100", { value: 100.5 }],
    ["a year before 1900", { period: "1899" }],
    ["a year after next year", { period: "2999" }],
    ["a value beyond any figure's size", { value: -1e308 }],
    ["a bad period", { period: "2024-13" }],
    ["a bad geography code", { geo: "Vietnam" }],
    ["a bad indicator id", { indicatorId: "Internet Users" }],
    ["an unknown status", { status: "draft" as never }],
    ["an unknown flag", { flags: ["approximate", "guess" as never] }],
    ["a value that is not a number", { value: Number.NaN }],
    ["a citation without its title", { citation: { title: "", publisher: "P", statement: "S" } }],
    ["a citation link that is not a web link", { citation: { title: "T", publisher: "P", statement: "S", url: "javascript:alert(1)" } }],
    ["a citation date that is not a date", { citation: { title: "T", publisher: "P", statement: "S", date: "Sept 2025" } }],
  ] as const)("refuses %s with normalise's message naming the row", async (_rule, over) => {
    const [byTable, byNormalise] = await bothRefusals([row({ period: "2020" }), row({ period: "2021" }), row(over as Partial<SourceRow>)]);
    expect(byNormalise).toMatch(/row 3 /);
    expect(byTable).toBe(byNormalise);
  });

  it("names the row by its place in a large file", async () => {
    const rows = Array.from({ length: 120_000 }, (_, i) =>
      row({ period: `${1990 + (i % 30)}-${String(1 + (i % 12)).padStart(2, "0")}`, value: (i % 1000) / 10 }),
    );
    rows[100_002] = row({ period: "2024", value: 250 });
    const [byTable, byNormalise] = await bothRefusals(rows);
    expect(byNormalise).toMatch(/row 100003 \(internet-users VN-SG 2024\): value 250 .*0 to 100/);
    expect(byTable).toBe(byNormalise);
  });

  it("names the columns a table lacks", async () => {
    const path = join(dir, "short.csv");
    writeFileSync(path, "indicator_id,geo,period,value\ninternet-users,VN-SG,2024,1\n");
    const staging = await w.openStaging();
    await expect(stageFigureTable(staging, catalog, { path, provenance: prov })).rejects.toThrow(
      "[itu] file wards.csv: missing column(s) unit, status, flags, series_code, note, citation_title",
    );
    await staging.drop();
  });
});

describe("ingestFigureTables: a run of tables, recorded (real DuckDB file)", () => {
  it("loads the tables, archives each by its hash and records the run; the same tables again add nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "chiso-tables-"));
    const w = await Warehouse.open(join(dir, "warehouse.duckdb"));
    try {
      const path = join(dir, "wards-2024.csv");
      writeFileSync(path, `${TRANSCRIBED_COLUMNS.join(",")}\n${[row(), row({ period: "2023", value: 70 })].map(csvLine).join("\n")}\n`);
      const first = await ingestFigureTables([path], { warehouse: w, catalog, dataDir: dir, sourceId: "itu" });
      expect(first).toMatchObject({ status: "ok", rowsRead: 2, rowsAdded: 2, message: "2 figures from 1 table(s), 2 new vintages" });
      const [retrieval] = await w.query<{ raw_sha256: string; bytes: number }>("select raw_sha256, bytes from retrievals");
      expect(readFileSync(rawPath(dir, retrieval!.raw_sha256), "utf8")).toBe(readFileSync(path, "utf8"));
      expect(await w.scalar("select count(distinct raw_sha256) from observations")).toBe(1);
      const again = await ingestFigureTables([path], { warehouse: w, catalog, dataDir: dir, sourceId: "itu" });
      expect(again.rowsAdded).toBe(0);
      expect(await w.scalar("select count(*) from runs")).toBe(2);
    } finally {
      w.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
