import { describe, expect, it } from "vitest";
import { publishedFigure } from "../../helpers/catalog.ts";
import { assessTarget } from "../../../pipelines/judge/progress.ts";
import { indicatorPages, type PublishedObservation } from "../../../pipelines/judge/views.ts";
import type { Catalog } from "../../../schemas/catalog.ts";
import type { Indicator } from "../../../schemas/indicator.ts";
import { NOT_STATED, periodDays, territoryOf } from "../../../schemas/territory.ts";

const OLD = "vn-sg-to-2025-06";
const MERGED = "vn-sg-from-2025-07";

describe("territories: the city before and after 1 July 2025", () => {
  it("reads the territory off the period", () => {
    expect(territoryOf("VN-SG", "2024")).toBe(OLD);
    expect(territoryOf("VN-SG", "2025-Q2")).toBe(OLD);
    expect(territoryOf("VN-SG", "2025-06")).toBe(OLD);
    expect(territoryOf("VN-SG", "2025-07")).toBe(MERGED);
    expect(territoryOf("VN-SG", "2025-Q3")).toBe(MERGED);
    expect(territoryOf("VN-SG", "2026")).toBe(MERGED);
    expect(territoryOf("VN", "2025")).toBe("vn");
  });

  it("says 'not stated' for a year that straddles the change, unless the source states it", () => {
    expect(periodDays("2025")).toEqual({ from: "2025-01-01", to: "2025-12-31" });
    expect(territoryOf("VN-SG", "2025")).toBe(NOT_STATED);
    expect(territoryOf("VN-SG", "2025", MERGED)).toBe(MERGED);
    expect(territoryOf("VN-SG", "2025", OLD)).toBe(OLD);
    // A source may restate an earlier year on the merged boundaries (the 2024 DTI ranking of 34 provinces)...
    expect(territoryOf("VN-SG", "2024", MERGED)).toBe(MERGED);
    // ...but a territory that had ended cannot describe a later period, nor one of another geography.
    expect(territoryOf("VN-SG", "2027", OLD)).toBe(NOT_STATED);
    expect(territoryOf("VN-SG", "2025", "vn")).toBe(NOT_STATED);
    expect(territoryOf("VN-HN", "2024")).toBe(NOT_STATED);
  });

  it("never fits a trend across the merger", () => {
    // 50, 60, 70 for the old city rise 10 a year; 40 for the merged city in 2025-09 is another place.
    const series = [
      { period: "2022", value: 50, territory: OLD },
      { period: "2023", value: 60, territory: OLD },
      { period: "2024", value: 70, territory: OLD },
      { period: "2025-09", value: 40, territory: MERGED },
    ];
    const p = assessTarget({ comparator: ">=", value: 80, deadline: 2026 }, series);
    // One figure of the merged city: no trend, rather than a line through all four.
    expect(p.status).toBe("insufficient-data");
    expect(p.trendFrom).toBe("2025-09");
    expect(p.slopePerYear).toBeUndefined();
    // Without territories the same figures would make a (falling) trend.
    const blind = assessTarget(
      { comparator: ">=", value: 80, deadline: 2026 },
      series.map(({ territory: _t, ...x }) => x),
    );
    expect(blind.pointsUsed).toBe(4);
  });

  it("fits the trend on the figures after the break only", () => {
    const p = assessTarget({ comparator: ">=", value: 50, deadline: 2027 }, [
      { period: "2024", value: 90, territory: OLD },
      { period: "2025-09", value: 30, territory: MERGED },
      { period: "2026-09", value: 40, territory: MERGED },
    ]);
    expect(p.pointsUsed).toBe(2);
    expect(p.slopePerYear).toBeCloseTo(10);
    expect(p.status).toBe("on-track"); // 40 + 10 by 2027-09 and more by the end of 2027
  });
});

describe("a series that crosses the change", () => {
  const indicator: Indicator = {
    id: "wards-online",
    name: { vi: "x", en: "x" },
    definition: { vi: "x", en: "x" },
    unit: "count",
    domain: "digital-government",
    direction: "higher-is-better",
    geographies: ["VN-SG"],
    periodicity: "irregular",
    series: [{ source: "report", seriesCode: "city-report", geo: "VN-SG", proxy: false, headline: true }],
  };
  const catalog: Catalog = { indicators: [indicator], targets: [], documents: [] };
  const obs = (period: string, value: number): PublishedObservation =>
    publishedFigure({ indicator_id: "wards-online", period, value, unit: "count", series_code: "city-report" });

  it("carries break-in-series on the first figure after the change, and lists the break for the chart", () => {
    const [page] = indicatorPages(catalog, [obs("2024", 300), obs("2025-09", 168)], new Date("2026-12-02T00:00:00Z"));
    const s = page!.series[0]!;
    expect(s.breaks).toEqual([{ period: "2025-09", from: OLD, to: MERGED }]);
    expect(s.observations.map((o) => o.flags.includes("break-in-series"))).toEqual([false, true]);
  });

  it("has no break when every figure describes one territory", () => {
    const [page] = indicatorPages(catalog, [obs("2023", 1), obs("2024", 2)], new Date("2026-12-02T00:00:00Z"));
    expect(page!.series[0]!.breaks).toEqual([]);
  });
});
