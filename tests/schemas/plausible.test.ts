import { describe, expect, it } from "vitest";
import { implausibility, implausibleDate, PLAUSIBLE, rangeFor } from "../../schemas/plausible.ts";
import type { Unit } from "../../schemas/common.ts";

const now = new Date("2026-06-01T00:00:00Z");
const fig = (value: number, unit: Unit = "percent", over: { indicatorId?: string; period?: string; date?: string } = {}) =>
  implausibility(
    { indicatorId: over.indicatorId ?? "internet-users", period: over.period ?? "2024", value, unit, ...(over.date ? { citation: { date: over.date } } : {}) },
    undefined,
    now,
  );

describe("plausible values: one table of ranges by unit, narrowed or replaced per indicator", () => {
  it("holds each unit to its range and names the rule", () => {
    expect(fig(50)).toBeUndefined();
    expect(fig(100.5)).toBe("value 100.5 is outside 0 to 100 (rule: unit percent)");
    expect(fig(-5, "per-100-people", { indicatorId: "mobile-subscriptions" })).toBe("value -5 is outside 0 to 500 (rule: unit per-100-people)");
    expect(fig(1000, "per-100-people", { indicatorId: "fixed-broadband-subscriptions" })).toMatch(/outside 0 to 500/);
    expect(fig(140, "per-100-people", { indicatorId: "mobile-subscriptions" })).toBeUndefined();
    expect(fig(-1, "thousand-persons", { indicatorId: "average-population" })).toMatch(/outside 0 to 10,000,000/);
    expect(fig(9_500, "thousand-persons", { indicatorId: "average-population" })).toBeUndefined();
    expect(fig(12.5, "count", { indicatorId: "chip-id-applications" })).toBe("value 12.5 is not a whole number (rule: unit count)");
    expect(fig(0, "rank", { indicatorId: "e-government-ranking" })).toMatch(/outside a whole number from 1 to 1000/);
  });

  it("refuses any figure beyond the largest magnitude, in every unit", () => {
    for (const unit of Object.keys(PLAUSIBLE.units) as Unit[]) expect(fig(1e308, unit, { indicatorId: "x" })).toMatch(/beyond 1000000000000000/);
    expect(fig(Number.POSITIVE_INFINITY, "index")).toBeDefined();
  });

  it("gives growth rates their own range: below 0 and above 100, but not below -100", () => {
    expect(rangeFor("labour-productivity-growth", "percent")).toMatchObject({ min: -100, max: 1000, rule: "growth rate" });
    expect(fig(-3.2, "percent", { indicatorId: "labour-productivity-growth" })).toBeUndefined();
    expect(fig(-120, "percent", { indicatorId: "labour-productivity-growth" })).toBe("value -120 is outside -100 to 1000 (rule: growth rate)");
  });

  it("takes observed years from 1900 to next year, and real calendar dates only", () => {
    expect(fig(50, "percent", { period: "1899" })).toMatch(/period 1899 is not between 1900 and 2027/);
    expect(fig(50, "percent", { period: "9999-Q2" })).toMatch(/period 9999-Q2 is not between/);
    expect(fig(50, "percent", { period: "2027-03" })).toBeUndefined();
    expect(fig(50, "percent", { period: "2024-13" })).toMatch(/not ISO 8601/);
    expect(fig(50, "percent", { date: "2025-02-30" })).toBe('citation date "2025-02-30" is not a calendar date');
    expect(implausibleDate("2024-02-29", now)).toBeUndefined();
    expect(implausibleDate("2023-02-29", now)).toMatch(/not a calendar date/);
    expect(implausibleDate("2025-13", now)).toMatch(/not a calendar date/);
    expect(implausibleDate("0000", now)).toMatch(/not between 1900/);
  });

  it("lets the catalog narrow an indicator's range, never widen it", () => {
    const judged = (value: number, range: { min?: number; max?: number }) =>
      implausibility({ indicatorId: "project-06-provincial-rank", period: "2025-09", value, unit: "rank" }, { range }, now);
    expect(judged(2, { max: 63 })).toBeUndefined();
    expect(judged(64, { max: 63 })).toBe("value 64 is outside a whole number from 1 to 63 (rule: indicator project-06-provincial-rank)");
    expect(judged(0, { min: -5, max: 5000 })).toMatch(/outside a whole number from 1 to 1,000 /);
    expect(judged(2000, { min: -5, max: 5000 })).toBeDefined();
    expect(rangeFor("digital-economy-share", "percent", { min: 1 })).toMatchObject({ min: 1, max: 100, vi: "từ 1 đến 100", en: "1 to 100" });
    expect(rangeFor("x", "index", { min: 2 })).toMatchObject({ min: 2, max: undefined, en: "2 or more" });
  });
});
