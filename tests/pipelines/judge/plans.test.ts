import { describe, expect, it } from "vitest";
import { publishedFigure } from "../../helpers/catalog.ts";
import { loadCatalog } from "../../../schemas/catalog.ts";
import { indicatorPages, planProgress, type PublishedObservation } from "../../../pipelines/judge/views.ts";

const catalog = loadCatalog();

const obs = (indicator_id: string, series_code: string, period: string, value: number): PublishedObservation =>
  publishedFigure({ indicator_id, period, value, series_code, territory: "vn-sg-to-2025-06" });

describe("progress by plan: document > section > target", () => {
  it("places every target once, under its document and section", () => {
    const plans = planProgress(catalog, indicatorPages(catalog, []));
    const placed = plans.flatMap((d) => d.sections.flatMap((s) => s.targets.map((t) => t.id)));
    expect(placed.sort()).toEqual(catalog.targets.map((t) => t.id).sort());
    const byNumber = Object.fromEntries(plans.map((d) => [d.id, d.targets]));
    for (const d of catalog.documents) expect(byNumber[d.id], d.id).toBe(catalog.targets.filter((t) => t.document.id === d.id).length);
    // Plan 2649 > II.2 Digital society > smartphone 85%
    const p2649 = plans.find((d) => d.number.startsWith("2649"))!;
    const ii2 = p2649.sections.find((s) => s.id === "II.2")!;
    expect(ii2.targets.map((t) => t.indicatorId)).toContain("adults-with-smartphone");
    expect(p2649.sections.find((s) => s.id === "II.1")!.targets).toHaveLength(5);
    expect(ii2.targets).toHaveLength(7);
  });

  it("tallies statuses per section from the figures", () => {
    // The digital-economy share at 25% in 2025 meets Plan 2649's 25% target.
    const target = catalog.targets.find((t) => t.indicatorId === "digital-economy-share" && t.document.id.includes("2649"))!;
    const plans = planProgress(catalog, indicatorPages(catalog, [obs("digital-economy-share", "gso-method", "2025", 25)]));
    const section = plans.flatMap((d) => d.sections).find((s) => s.targets.some((t) => t.id === target.id))!;
    const row = section.targets.find((t) => t.id === target.id)!;
    expect(row.status).toBe("achieved");
    expect(row.latest).toMatchObject({ period: "2025", value: 25 });
    expect(section.tally.achieved).toBeGreaterThanOrEqual(1);
    expect(Object.values(section.tally).reduce((a, b) => a + b, 0)).toBe(section.targets.length);
  });
});
