import { describe, expect, it } from "vitest";
import { assessTarget, periodEnd, satisfies } from "../../../pipelines/judge/progress.ts";

const t = (comparator: ">=" | ">" | "<=", value: number, deadline = 2025) => ({ comparator, value, deadline });

describe("target progress (hand-worked cases)", () => {
  it("places periods at their end", () => {
    expect(periodEnd("2024")).toBe(2025);
    expect(periodEnd("2024-Q3")).toBe(2024.75);
    expect(periodEnd("2025-09")).toBe(2025.75);
  });

  it("counts a lower bound 'over 70' as meeting > 70", () => {
    expect(satisfies(70, ">", 70, ["lower-bound"])).toBe(true);
    expect(satisfies(70, ">", 70, [])).toBe(false);
  });

  it("achieved when the latest figure meets the target", () => {
    expect(assessTarget(t(">=", 80), [{ period: "2023", value: 81 }]).status).toBe("achieved");
  });

  it("on track: 60, 65, 70 in 2020-2022 rises 5 a year and reaches 80 during 2024", () => {
    // Points sit at 2021, 2022, 2023 (ends of years); line: 60 + 5(x-2021); 80 at x = 2025.0 -> year 2024.
    const p = assessTarget(t(">=", 80), [
      { period: "2020", value: 60 },
      { period: "2021", value: 65 },
      { period: "2022", value: 70 },
    ]);
    expect(p.status).toBe("on-track");
    expect(p.slopePerYear).toBeCloseTo(5);
    expect(p.projectedYear).toBe(2024);
    expect(p.projectedAtDeadline).toBeCloseTo(85);
  });

  it("off track: 10, 11, 12 reaches 25 only in 2035", () => {
    // 10 + (x - 2021); 25 at x = 2036 -> during 2035.
    const p = assessTarget(t(">=", 25), [
      { period: "2020", value: 10 },
      { period: "2021", value: 11 },
      { period: "2022", value: 12 },
    ]);
    expect(p.status).toBe("off-track");
    expect(p.projectedYear).toBe(2035);
  });

  it("off track with no projected year when moving the wrong way", () => {
    const p = assessTarget(t(">=", 50), [
      { period: "2021", value: 40 },
      { period: "2022", value: 38 },
    ]);
    expect(p.status).toBe("off-track");
    expect(p.projectedYear).toBeNull();
  });

  it("rankings: lower is better", () => {
    expect(assessTarget(t("<=", 3), [{ period: "2024", value: 2 }]).status).toBe("achieved");
    const p = assessTarget(t("<=", 3), [
      { period: "2021", value: 8 },
      { period: "2022", value: 6 },
      { period: "2023", value: 4 },
    ]);
    expect(p.status).toBe("on-track");
  });

  it("a figure for the deadline year that falls short is off track; one old figure is too few", () => {
    expect(
      assessTarget(t(">=", 90), [
        { period: "2024", value: 70 },
        { period: "2025", value: 80 },
      ]).status,
    ).toBe("off-track");
    expect(assessTarget(t(">=", 90), [{ period: "2023", value: 70 }]).status).toBe("insufficient-data");
    expect(assessTarget(t(">=", 90), []).status).toBe("no-data");
  });
});
