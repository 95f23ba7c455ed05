import { describe, expect, it } from "vitest";
import { deadlinePassed, judgeTarget } from "../../../pipelines/judge/deadlines.ts";

const BEFORE = new Date("2025-06-30T00:00:00Z");
const AFTER = new Date("2026-12-02T00:00:00Z");
const t = (value: number, comparator: ">=" | ">" = ">=") => ({ comparator, value, deadline: 2025 });

describe("a target judged after its deadline", () => {
  it("knows when the deadline year is over", () => {
    expect(deadlinePassed(2025, new Date("2025-12-31T23:59:59Z"))).toBe(false);
    expect(deadlinePassed(2025, new Date("2026-01-01T00:00:00Z"))).toBe(true);
  });

  it("before the deadline the trend statuses stand", () => {
    // 60, 65, 70 in 2021-2023 rise 5 a year: 80 by the end of 2025.
    const j = judgeTarget(
      t(80),
      [
        { period: "2021", value: 60 },
        { period: "2022", value: 65 },
        { period: "2023", value: 70 },
      ],
      { now: BEFORE },
    );
    expect(j.status).toBe("on-track");
    expect(j.deadlinePassed).toBe(false);
  });

  it("after it, the same rising figures with no 2025 figure read 'no figure for the deadline year', the latest beside", () => {
    const j = judgeTarget(
      t(80),
      [
        { period: "2021", value: 60 },
        { period: "2022", value: 65 },
        { period: "2023", value: 70 },
      ],
      { now: AFTER },
    );
    expect(j.status).toBe("no-deadline-figure");
    expect(j.trend).toBe("on-track");
    expect(j.deadlineFigure).toBeNull();
    expect(j.latest).toMatchObject({ period: "2023", value: 70 });
  });

  it("a 2025 figure short of the target is 'not achieved', even with a later figure that meets it", () => {
    const j = judgeTarget(
      t(80),
      [
        { period: "2024", value: 70 },
        { period: "2025", value: 78 },
        { period: "2026", value: 85 },
      ],
      { now: AFTER },
    );
    expect(j.status).toBe("not-achieved");
    expect(j.deadlineFigure).toMatchObject({ period: "2025", value: 78 });
    expect(j.latest).toMatchObject({ period: "2026", value: 85 });
  });

  it("a figure for the deadline period that meets the target is 'achieved'; so is December or the fourth quarter", () => {
    expect(judgeTarget(t(80), [{ period: "2025", value: 81 }], { now: AFTER }).status).toBe("achieved");
    expect(judgeTarget(t(80), [{ period: "2025-12", value: 79 }], { now: AFTER }).status).toBe("not-achieved");
    expect(judgeTarget(t(80), [{ period: "2025-Q4", value: 79 }], { now: AFTER }).status).toBe("not-achieved");
  });

  it("a mid-year figure short of the target says nothing about the end of the year", () => {
    const j = judgeTarget(t(100), [{ period: "2025-09", value: 95 }], { now: AFTER });
    expect(j.status).toBe("no-deadline-figure");
  });

  it("'over 70' read as a lower bound meets > 70 at the deadline", () => {
    expect(judgeTarget(t(70, ">"), [{ period: "2025", value: 70, flags: ["lower-bound"] }], { now: AFTER }).status).toBe("achieved");
  });

  it("no figure at all stays 'no data'", () => {
    expect(judgeTarget(t(80), [], { now: AFTER }).status).toBe("no-data");
  });
});

describe("an annual-rate target: 'labour productivity grows by at least 7% each year'", () => {
  const rate = { comparator: ">=" as const, value: 7, deadline: 2025, rule: "each-year" as const };
  const years = (values: Record<string, number>) => Object.entries(values).map(([period, value]) => ({ period, value }));

  it("is judged year by year, not by a trend of the rates", () => {
    // 8, 9, 6.5, 10, 11: rising, and the latest meets 7%; but 2023 fell short, which no later year undoes.
    const j = judgeTarget(rate, years({ 2021: 8, 2022: 9, 2023: 6.5, 2024: 10, 2025: 11 }), { now: AFTER, firstYear: 2021 });
    expect(j.status).toBe("not-achieved");
    expect(j.years!.map((y) => y.met)).toEqual([true, true, false, true, true]);
  });

  it("every year met is achieved", () => {
    const j = judgeTarget(rate, years({ 2021: 7, 2022: 7.5, 2023: 8, 2024: 7.1, 2025: 7 }), { now: AFTER, firstYear: 2021 });
    expect(j.status).toBe("achieved");
  });

  it("a year without a figure leaves the verdict open, after the deadline", () => {
    const j = judgeTarget(rate, years({ 2021: 7, 2022: 8, 2024: 9, 2025: 7 }), { now: AFTER, firstYear: 2021 });
    expect(j.status).toBe("no-deadline-figure");
    expect(j.years!.find((y) => y.year === 2023)).toEqual({ year: 2023, value: null, met: null });
  });

  it("before the deadline, a missed year is off track and years met so far are on track", () => {
    expect(judgeTarget(rate, years({ 2021: 8, 2022: 6 }), { now: new Date("2023-06-01T00:00:00Z"), firstYear: 2021 }).status).toBe("off-track");
    expect(judgeTarget(rate, years({ 2021: 8, 2022: 9 }), { now: new Date("2023-06-01T00:00:00Z"), firstYear: 2021 }).status).toBe("on-track");
  });
});
