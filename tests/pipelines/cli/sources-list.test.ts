import { describe, expect, it } from "vitest";
import { listSources } from "../../../pipelines/cli/sources-list.ts";
import { Warehouse, type RunRecord } from "../../../pipelines/warehouse/warehouse.ts";
import { SOURCES } from "../../../sources/index.ts";
import { loadCatalog } from "../../../schemas/catalog.ts";

const block2 = (text: string, id: string) => text.split("\n\n").find((b) => b.startsWith(`${id} (`))!;

const run = (sourceId: string, status: RunRecord["status"], finishedAt: string): RunRecord => ({
  runId: `${finishedAt}-${sourceId}`,
  sourceId,
  startedAt: finishedAt,
  finishedAt,
  status,
  offline: false,
  bodies: 1,
  rowsRead: 0,
  rowsAdded: 0,
  message: "",
});

describe("chiso sources", () => {
  it("lists every source with its base URL, licence, schedule and series", async () => {
    const text = await listSources(null, { sourceUrls: new Map() });
    for (const s of SOURCES) {
      expect(text).toContain(`${s.id} (${s.kind}): ${s.publisher}`);
      expect(text).toContain(`base URL      ${s.baseUrl}`);
      for (const series of s.series.filter((x) => x.indicator !== "*"))
        expect(text.split("\n").some((l) => l.trim().replace(/ +->/, " ->").startsWith(`${series.code} -> ${series.indicator}, ${series.geo}`))).toBe(true);
    }
    expect(text).toContain("i99H -> internet-users, VN (national proxy)");
    expect(text).toContain("report-figures -> each row's own indicator, VN-SG");
    expect(text).toMatch(/ckan \(portal\)[\s\S]*series {8}none configured/);
    expect(text).toContain("last success  unknown (no warehouse)");
  });

  it("gives each source's last good run from the warehouse: ok or unchanged, never a failure", async () => {
    const warehouse = await Warehouse.open(":memory:");
    await warehouse.syncCatalog(loadCatalog(), SOURCES);
    try {
      await warehouse.recordRun(run("itu", "ok", "2026-01-01T00:00:00Z"));
      await warehouse.recordRun(run("itu", "unchanged", "2026-02-01T00:00:00Z"));
      await warehouse.recordRun(run("itu", "failed", "2026-03-01T00:00:00Z"));
      await warehouse.recordRun(run("un-sdg", "failed", "2026-03-01T00:00:00Z"));
      const text = await listSources(warehouse, { sourceUrls: new Map() });
      const block = (id: string) => text.split("\n\n").find((b) => b.startsWith(`${id} (`))!;
      expect(block("itu")).toContain("last success  2026-02-01T00:00:00Z");
      expect(block("un-sdg")).toContain("last success  never");
      // A replay of the bundled recordings is shown, but is not a success for an API.
      await warehouse.recordRun({ ...run("worldbank", "ok", "2026-04-01T00:00:00Z"), offline: true });
      expect(block2(await listSources(warehouse, { sourceUrls: new Map() }), "worldbank")).toContain(
        "last success  never (bundled recording replayed 2026-04-01T00:00:00Z)",
      );
    } finally {
      warehouse.close();
    }
  });
});
