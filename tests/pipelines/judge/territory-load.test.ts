import { describe, expect, it } from "vitest";
import { Warehouse } from "../../../pipelines/warehouse/warehouse.ts";
import { loadCatalog } from "../../../schemas/catalog.ts";

const catalog = loadCatalog();
const figure = (indicatorId: string, seriesCode: string, period: string, value: number) => ({
  indicatorId,
  geo: "VN-SG",
  period,
  value,
  unit: "percent" as const,
  status: "final" as const,
  flags: [],
  sourceId: "report",
  seriesCode,
  note: "",
  provenance: { retrievedAt: "2026-01-01T00:00:00Z", runId: "r1", rawSha256: "a".repeat(64) },
});

describe("a load writes the territory each figure describes", () => {
  it("by its period, or as the catalog's series link states it where the year straddles the merger", async () => {
    const w = await Warehouse.open(":memory:");
    try {
      await w.syncCatalog(catalog, []);
      await w.transaction(() =>
        w.appendVintages([
          figure("digital-economy-share", "gso-method", "2024", 13), // the old city, by its period
          figure("digital-economy-share", "gso-method", "2025", 14), // 2025 straddles; the link states the old city
          figure("digital-economy-share", "hids-estimate", "2025", 15), // the same year, no territory stated
        ]),
      );
      const rows = await w.query<{ series_code: string; period: string; territory: string }>(
        "select series_code, period, territory from observations_latest order by series_code, period",
      );
      expect(rows).toEqual([
        { series_code: "gso-method", period: "2024", territory: "vn-sg-to-2025-06" },
        { series_code: "gso-method", period: "2025", territory: "vn-sg-to-2025-06" },
        { series_code: "hids-estimate", period: "2025", territory: "not-stated" },
      ]);
    } finally {
      w.close();
    }
  });

  it("fills the column in for rows loaded before it, without adding a vintage", async () => {
    const w = await Warehouse.open(":memory:");
    try {
      await w.transaction(() => w.appendVintages([figure("digital-economy-share", "gso-method", "2023", 12)]));
      // As a warehouse of an earlier release holds it: the column added, empty.
      await w.db.run("update observations set territory = null");
      const added = await w.transaction(() => w.appendVintages([figure("digital-economy-share", "gso-method", "2023", 12)]));
      expect(added).toBe(0);
      expect(await w.query("select territory, vintage from observations")).toEqual([{ territory: "vn-sg-to-2025-06", vintage: 1 }]);
    } finally {
      w.close();
    }
  });
});
