import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import type { SqlColumn } from "../../../../schemas/columns.ts";
import { CSV_MACROS, copyCsvSql, toCsv } from "../../../../pipelines/publish/formats/csv.ts";

const COLUMNS: SqlColumn[] = [
  { name: "note", type: "varchar", nullable: true },
  { name: "value", type: "double", nullable: true },
  { name: "flags", type: "varchar[]", nullable: true },
  { name: "vintage", type: "integer", nullable: true },
  { name: "retrieved_at", type: "timestamptz", nullable: true },
];

// Cells at the edge of each rule: formulas, quotes, separators, line breaks, Vietnamese text, numbers JavaScript prints its own way.
const ROWS = [
  { note: '=HYPERLINK("x")', value: -3.5, flags: ["proxy", "approximate"], vintage: 1, retrieved_at: "2026-01-01T00:00:00.000Z" },
  { note: "+cmd|' /C calc'!A0", value: 168, flags: [], vintage: 2, retrieved_at: "2026-10-01T07:30:15.123Z" },
  { note: "-2+3", value: 12_500_000, flags: ["-x"], vintage: null, retrieved_at: null },
  { note: "@SUM(A1:A2)", value: 0.1 + 0.2, flags: null, vintage: 3, retrieved_at: "2026-01-01T00:00:00.000Z" },
  { note: "\t=1+1", value: 1.5e-7, flags: ["a"], vintage: 4, retrieved_at: "2026-01-01T00:00:00.000Z" },
  { note: "\r=1+1", value: 1e21, flags: ["a"], vintage: 4, retrieved_at: "2026-01-01T00:00:00.000Z" },
  { note: "line1\n=1+1", value: 78.1, flags: ["a"], vintage: 4, retrieved_at: "2026-01-01T00:00:00.000Z" },
  { note: 'quote " and, comma', value: null, flags: ["a"], vintage: 4, retrieved_at: "2026-01-01T00:00:00.000Z" },
  { note: "Tỷ lệ dân số trưởng thành có điện thoại thông minh", value: 0, flags: ["a"], vintage: 4, retrieved_at: "2026-01-01T00:00:00.000Z" },
  { note: "", value: 2024, flags: ["a"], vintage: 4, retrieved_at: "2026-01-01T00:00:00.000Z" },
  { note: null, value: 99.99, flags: ["a"], vintage: 4, retrieved_at: "2026-01-01T00:00:00.000Z" },
];

const writeJson = (dir: string, rows: unknown[]) => {
  const path = join(dir, "rows.json");
  writeFileSync(path, JSON.stringify(rows));
  return path;
};

describe("CSV written by DuckDB COPY", () => {
  it.each([true, false])("is byte for byte the CSV toCsv writes (byte-order mark: %s)", async (bom) => {
    const dir = mkdtempSync(join(tmpdir(), "chiso-csv-sql-"));
    const instance = await DuckDBInstance.create(":memory:");
    const db = await instance.connect();
    try {
      await db.run("set TimeZone = 'UTC'");
      await db.run(CSV_MACROS);
      await db.run("create table t (i integer, note varchar, value double, flags varchar[], vintage integer, retrieved_at timestamptz)");
      // Through JSON, which carries nulls, line breaks and tabs as they are.
      await db.run(
        `insert into t select i, note, value, flags, vintage, retrieved_at::timestamptz from read_json($1::varchar, format = 'array',
           columns = {i: 'integer', note: 'varchar', value: 'double', flags: 'varchar[]', vintage: 'integer', retrieved_at: 'varchar'})`,
        [
          writeJson(
            dir,
            ROWS.map((r, i) => ({ i, ...r })),
          ),
        ],
      );
      const path = join(dir, "t.csv");
      await db.run(copyCsvSql("select * exclude (i) from t order by i", COLUMNS, path, { bom }));
      expect(readFileSync(path, "utf8")).toBe(
        toCsv(
          ROWS,
          COLUMNS.map((c) => c.name as keyof (typeof ROWS)[number]),
          { bom },
        ),
      );
    } finally {
      db.closeSync();
      instance.closeSync();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
