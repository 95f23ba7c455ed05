import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "csv-stringify/sync";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Catalog } from "../../../schemas/catalog.ts";
import { sha256 } from "../../../pipelines/files.ts";
import { rawPath } from "../../../pipelines/ingest/raw-archive.ts";
import { ingestSubmissions, type SubmittedFile } from "../../../pipelines/ingest/submit.ts";
import { Warehouse } from "../../../pipelines/warehouse/warehouse.ts";
import { context, HEADER_EN, HEADER_VI, INDICATORS, TARGETS } from "../../sources/submission/helpers.ts";

// Files built here, in the template's two-row header; the figures are invented for the test.
const CATALOG: Catalog = { indicators: INDICATORS, targets: TARGETS, documents: [] };
const csv = (rows: (string | number)[][]) => new TextEncoder().encode(stringify([HEADER_VI, HEADER_EN, ...rows]));
const file = (path: string, rows: (string | number)[][]): SubmittedFile => ({ path, bytes: csv(rows) });
const row = (year: number, value: string) => ["fully-online-procedures", "VN-SG", String(year), value, "", "", "", "Báo cáo 12/BC-STTTT", ""];

describe("chiso ingest: department submissions load whole or not at all", () => {
  let dir: string;
  let warehouse: Warehouse;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "chiso-submit-"));
    warehouse = await Warehouse.open(join(dir, "warehouse.duckdb"));
  });
  afterEach(() => {
    warehouse.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const ingest = (files: SubmittedFile[], now = new Date("2026-06-15T08:00:00Z")) =>
    ingestSubmissions(files, { warehouse, catalog: CATALOG, dataDir: dir, context: context(), by: "Sở Thông tin và Truyền thông", now });
  const count = () => warehouse.scalar("select count(*) from observations");

  it("one bad row among a hundred loads nothing and names that row", async () => {
    const rows = Array.from({ length: 100 }, (_, i) => ["fully-online-procedures", "VN-SG", String(1925 + i), "50,5", "", "", "", "", ""]);
    rows[41]![3] = "=1+1";
    const result = await ingest([file("q3.csv", rows)]);
    expect(result.run).toBeUndefined();
    const problems = result.checked.flatMap((c) => c.problems);
    expect(problems).toHaveLength(1);
    // Two header rows come first, so the 42nd figure is on row 44.
    expect(problems[0]).toMatchObject({ file: "q3.csv", row: 44, column: "D" });
    expect(await count()).toBe(0);
    expect(await warehouse.scalar("select count(*) from runs")).toBe(0);
  });

  it("a bad second file stops the first one too", async () => {
    const result = await ingest([file("a.csv", [row(2024, "70")]), file("b.csv", [row(2024, "170")])]);
    expect(result.run).toBeUndefined();
    expect(result.checked[1]!.problems[0]).toMatchObject({ file: "b.csv", row: 3 });
    expect(await count()).toBe(0);
  });

  it("credits the unit, keeps the file by sha256, and the same file twice adds nothing", async () => {
    const q3 = file("q3.csv", [row(2024, "70,5"), row(2025, "81")]);
    const first = await ingest([q3]);
    expect(first.run).toMatchObject({ status: "ok", rowsRead: 2, rowsAdded: 2 });
    expect(existsSync(rawPath(dir, sha256(q3.bytes)))).toBe(true);
    const [o] = await warehouse.query<Record<string, unknown>>("select * from observations_latest where period = '2024'");
    expect(o).toMatchObject({
      source_id: "submission",
      series_code: "Sở Thông tin và Truyền thông",
      value: 70.5,
      raw_sha256: sha256(q3.bytes),
      citation_publisher: "Sở Thông tin và Truyền thông",
      citation_title: "Báo cáo 12/BC-STTTT",
      citation_date: "2026-06-15",
    });
    expect(String(o!.citation_statement)).toContain("q3.csv");
    const again = await ingest([q3], new Date("2026-06-16T08:00:00Z"));
    expect(again.run).toMatchObject({ rowsAdded: 0 });
    expect(await count()).toBe(2);
  });

  it("a corrected figure adds the next vintage and keeps the first", async () => {
    await ingest([file("q3.csv", [row(2025, "81")])]);
    await ingest([file("q3-corrected.csv", [row(2025, "82,5")])], new Date("2026-06-20T08:00:00Z"));
    const vintages = await warehouse.query<{ vintage: number; value: number }>(
      "select vintage, value from observations where period = '2025' order by vintage",
    );
    expect(vintages).toEqual([
      { vintage: 1, value: 81 },
      { vintage: 2, value: 82.5 },
    ]);
  });
});
