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
  flags: [],
  sourceId: "worldbank",
  seriesCode: "IT.NET.USER.ZS",
  note: "",
  provenance: { retrievedAt: "2026-01-01T00:00:00Z", runId: "r1", rawSha256: "a".repeat(64) },
  ...over,
});

describe("staging a run body by body (real DuckDB file)", () => {
  let dir: string;
  let w: Warehouse;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "chiso-staging-"));
    w = await Warehouse.open(join(dir, "warehouse.duckdb"));
  });
  afterEach(() => {
    w.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("loads the bodies of a run together, with territory, sorted flags and vintages", async () => {
    const staging = await w.openStaging();
    await staging.stage([obs(1, { period: "2020", flags: ["proxy", "approximate"] })], { batchAt: "", origin: "page 1" });
    await staging.stage([obs(2, { period: "2021" })], { batchAt: "", origin: "page 2" });
    expect(staging.rows).toBe(2);
    expect(await w.transaction(() => w.loadStaged(staging))).toBe(2);
    await staging.drop();
    const rows = await w.query<{ period: string; flags: string[]; territory: string; vintage: number }>(
      "select period, flags, territory, vintage from observations order by period",
    );
    expect(rows).toEqual([
      { period: "2020", flags: ["approximate", "proxy"], territory: "vn", vintage: 1 },
      { period: "2021", flags: [], territory: "vn", vintage: 1 },
    ]);
  });

  it("refuses two values for one figure from two bodies of one live run", async () => {
    const staging = await w.openStaging();
    await staging.stage([obs(1)], { batchAt: "", origin: "page 1" });
    await staging.stage([obs(2)], { batchAt: "", origin: "page 2" });
    await expect(w.transaction(() => w.loadStaged(staging))).rejects.toThrow(/two different values for one series and period in one run/);
    expect(await w.scalar("select count(*) from observations")).toBe(0);
  });

  it("loads recordings oldest first, and an older recording never supersedes a newer figure", async () => {
    const staging = await w.openStaging();
    const at = (retrievedAt: string) => ({ retrievedAt, runId: "r1", rawSha256: "a".repeat(64) });
    // Staged newest first: the order of loading is the recordings' dates, not the order they were read.
    await staging.stage([obs(2, { provenance: at("2025-06-01T00:00:00Z") })], { batchAt: "2025-06-01T00:00:00Z", origin: "newer" });
    await staging.stage([obs(1, { provenance: at("2024-06-01T00:00:00Z") })], { batchAt: "2024-06-01T00:00:00Z", origin: "older" });
    expect(await w.transaction(() => w.loadStaged(staging))).toBe(2);
    await staging.drop();
    expect(await w.query("select value, vintage from observations_latest")).toEqual([{ value: 2, vintage: 2 }]);

    const replay = await w.openStaging();
    await replay.stage([obs(1, { provenance: at("2024-06-01T00:00:00Z") })], { batchAt: "2024-06-01T00:00:00Z", origin: "older again" });
    expect(await w.transaction(() => w.loadStaged(replay))).toBe(0);
    await replay.drop();
    expect(await w.query("select value, vintage from observations_latest")).toEqual([{ value: 2, vintage: 2 }]);
  });
});
