import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { columnsOf, sqlColumns } from "../../../schemas/columns.ts";
import { ObservationHistoryRow, ObservationRow, TRANSCRIBED_COLUMNS, TargetRow } from "../../../schemas/published.ts";
import { Warehouse } from "../../../pipelines/warehouse/warehouse.ts";

/** The observations table as releases before the generated DDL created it, verbatim. */
const EARLIER_OBSERVATIONS = `create table observations (
  indicator_id varchar not null, geo varchar not null, period varchar not null, value double not null,
  unit varchar not null, status varchar not null, flags varchar[] not null, source_id varchar not null,
  series_code varchar not null, note varchar not null,
  citation_title varchar, citation_publisher varchar, citation_date varchar, citation_url varchar, citation_statement varchar,
  retrieved_at timestamptz not null, run_id varchar not null, raw_sha256 varchar not null,
  vintage integer not null, loaded_at timestamptz not null)`;

type Described = { column_name: string; data_type: string; is_nullable: string };
const describeTable = async (w: Warehouse, table: string) =>
  w.query<Described>("select column_name, data_type, is_nullable from information_schema.columns where table_name = ? order by ordinal_position", [table]);

describe("observation columns: declared once in schemas/published.ts", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "chiso-columns-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("the warehouse table has the history row's columns, in order, nullable where the schema allows null", async () => {
    const w = await Warehouse.open(":memory:");
    try {
      const table = await describeTable(w, "observations");
      expect(table.map((c) => c.column_name)).toEqual(columnsOf(ObservationHistoryRow));
      const nullable = sqlColumns(ObservationHistoryRow)
        .filter((c) => c.nullable)
        .map((c) => c.name);
      expect(table.filter((c) => c.is_nullable === "YES").map((c) => c.column_name)).toEqual(nullable);
      // The latest view is the published row plus when it was loaded.
      const latest = await describeTable(w, "observations_latest");
      expect(latest.map((c) => c.column_name)).toEqual([...columnsOf(ObservationRow), "loaded_at"]);
    } finally {
      w.close();
    }
  });

  it("generates exactly the table an earlier release made, so its warehouses keep opening and loading", async () => {
    const earlierFile = join(dir, "earlier.duckdb");
    const instance = await DuckDBInstance.create(earlierFile);
    const c = await instance.connect();
    await c.run(EARLIER_OBSERVATIONS);
    c.closeSync();
    instance.closeSync();
    const earlier = await Warehouse.open(earlierFile);
    const fresh = await Warehouse.open(join(dir, "fresh.duckdb"));
    try {
      expect(await describeTable(fresh, "observations")).toEqual(await describeTable(earlier, "observations"));
      const figure = {
        indicatorId: "internet-users",
        geo: "VN",
        period: "2023",
        value: 78.1,
        unit: "percent" as const,
        status: "final" as const,
        flags: ["proxy" as const],
        sourceId: "worldbank",
        seriesCode: "IT.NET.USER.ZS",
        note: "",
        provenance: { retrievedAt: "2026-01-01T00:00:00Z", runId: "r1", rawSha256: "a".repeat(64) },
      };
      expect(await earlier.transaction(() => earlier.appendVintages([figure]))).toBe(1);
    } finally {
      earlier.close();
      fresh.close();
    }
  });

  it("types the targets' Parquet columns from the target row: integers stay integers", () => {
    const types = Object.fromEntries(sqlColumns(TargetRow).map((c) => [c.name, c.type]));
    expect(Object.keys(types)).toEqual(columnsOf(TargetRow));
    expect(types).toMatchObject({ value: "double", deadline: "integer", projected_year: "integer", latest_value: "double", status: "varchar" });
  });

  it("the transcription file's columns are the published row's, less chiso's provenance", () => {
    expect(TRANSCRIBED_COLUMNS).toEqual(
      columnsOf(ObservationRow).filter((c) => !["source_id", "retrieved_at", "run_id", "raw_sha256", "vintage", "territory"].includes(c)),
    );
  });
});
