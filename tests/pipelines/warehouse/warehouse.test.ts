import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Observation } from "../../../schemas/observation.ts";
import { Warehouse } from "../../../pipelines/warehouse/warehouse.ts";

const obs = (value: number, over: Partial<Observation> = {}): Observation => ({
  indicatorId: "internet-users",
  geo: "VN",
  period: "2023",
  value,
  unit: "percent",
  status: "final",
  flags: ["proxy"],
  sourceId: "worldbank",
  seriesCode: "IT.NET.USER.ZS",
  note: "",
  provenance: { retrievedAt: "2026-01-01T00:00:00Z", runId: "r1", rawSha256: "a".repeat(64) },
  ...over,
});

describe("warehouse vintages (real DuckDB file)", () => {
  let dir: string;
  let w: Warehouse;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "chiso-wh-"));
    w = await Warehouse.open(join(dir, "warehouse.duckdb"));
  });
  afterEach(() => {
    w.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("adds nothing when the same value comes twice", async () => {
    expect(await w.transaction(() => w.appendVintages([obs(78.1)]))).toBe(1);
    expect(
      await w.transaction(() => w.appendVintages([obs(78.1, { provenance: { retrievedAt: "2026-02-01T00:00:00Z", runId: "r2", rawSha256: "b".repeat(64) } })])),
    ).toBe(0);
    expect(await w.scalar("select count(*) from observations")).toBe(1);
  });

  it("keeps a changed value as a new vintage and the latest view shows it", async () => {
    await w.transaction(() => w.appendVintages([obs(78.1)]));
    await w.transaction(() => w.appendVintages([obs(79.4, { provenance: { retrievedAt: "2026-02-01T00:00:00Z", runId: "r2", rawSha256: "b".repeat(64) } })]));
    expect(await w.scalar("select count(*) from observations")).toBe(2);
    const latest = await w.query<{ value: number; vintage: number; run_id: string }>("select value, vintage, run_id from observations_latest");
    expect(latest).toEqual([{ value: 79.4, vintage: 2, run_id: "r2" }]);
    const history = await w.query<{ value: number }>("select value from observations order by vintage");
    expect(history.map((r) => r.value)).toEqual([78.1, 79.4]);
  });

  it("treats a changed qualifier as a revision, and other series separately", async () => {
    await w.transaction(() => w.appendVintages([obs(70, { flags: [] })]));
    expect(await w.transaction(() => w.appendVintages([obs(70, { flags: ["lower-bound"] })]))).toBe(1);
    expect(await w.transaction(() => w.appendVintages([obs(70, { seriesCode: "other", flags: ["lower-bound"] })]))).toBe(1);
    expect(await w.scalar("select count(*) from observations_latest")).toBe(2);
  });

  it("rolls back the whole load when one part fails", async () => {
    await expect(
      w.transaction(async () => {
        await w.appendVintages([obs(1, { period: "2020" })]);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await w.scalar("select count(*) from observations")).toBe(0);
  });

  it("refuses two different values for one series and period in one run", async () => {
    await expect(w.transaction(() => w.appendVintages([obs(1), obs(2)]))).rejects.toThrow(/two different values/);
    expect(await w.scalar("select count(*) from observations")).toBe(0);
  });
});

describe("bulk loads (many rows at once)", () => {
  it("loads thousands of rows through the bulk path with the same types and vintage rules", async () => {
    const dir = mkdtempSync(join(tmpdir(), "chiso-wh-bulk-"));
    const w = await Warehouse.open(join(dir, "warehouse.duckdb"));
    try {
      const many = Array.from({ length: 2_500 }, (_, i) =>
        obs(i / 4, { period: String(1000 + i), flags: i % 2 ? ["proxy", "approximate"] : [], note: i === 7 ? 'quote " and, comma' : "" }),
      );
      expect(await w.transaction(() => w.appendVintages(many))).toBe(2_500);
      expect(await w.transaction(() => w.appendVintages(many))).toBe(0);
      const [row] = await w.query<{ value: number; flags: string[]; note: string; retrieved_at: Date }>(
        "select value, flags, note, retrieved_at from observations where period = '1007'",
      );
      expect(row).toMatchObject({ value: 1.75, flags: ["approximate", "proxy"], note: 'quote " and, comma' });
      expect(new Date(row!.retrieved_at).toISOString()).toBe("2026-01-01T00:00:00.000Z");
    } finally {
      w.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
