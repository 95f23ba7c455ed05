import { describe, expect, it } from "vitest";
import { answers, dueDate, reportingCalendar, reportingQuarters } from "../../../pipelines/judge/reporting.ts";
import type { ObservationRow } from "../../../schemas/published.ts";

describe("the departments' reporting calendar (Plan 2649/KH-UBND VI.3)", () => {
  it("puts each quarter's report before the 20th of its last month", () => {
    expect(dueDate("2026-Q3").toISOString()).toBe("2026-09-20T00:00:00.000Z");
    expect(dueDate("2026-Q4").toISOString()).toBe("2026-12-20T00:00:00.000Z");
  });

  it("knows which quarter was last due and which is next", () => {
    expect(reportingQuarters(new Date("2026-12-02T00:00:00Z"))).toEqual({ last: "2026-Q3", next: "2026-Q4" });
    expect(reportingQuarters(new Date("2026-12-20T00:00:00Z"))).toEqual({ last: "2026-Q4", next: "2027-Q1" });
    expect(reportingQuarters(new Date("2027-02-01T00:00:00Z"))).toEqual({ last: "2026-Q4", next: "2027-Q1" });
    expect(reportingQuarters(new Date("2027-03-21T00:00:00Z"))).toEqual({ last: "2027-Q1", next: "2027-Q2" });
  });

  it("counts the quarter, one of its months, or for an annual figure the year at the fourth quarter", () => {
    expect(answers("2026-Q3", "2026-Q3")).toBe(true);
    expect(answers("2026-08", "2026-Q3")).toBe(true);
    expect(answers("2026-10", "2026-Q3")).toBe(false);
    expect(answers("2026", "2026-Q4")).toBe(true);
    expect(answers("2026", "2026-Q3")).toBe(false);
  });

  it("marks an indicator a department reports overdue when its quarter's figure has not arrived", () => {
    // Test figures, not real ones.
    const row = (period: string, unit: string) =>
      ({ indicator_id: "households-fibre-broadband", source_id: "submission", series_code: unit, period }) as ObservationRow;
    const catalog = {
      indicators: [
        { id: "households-fibre-broadband", periodicity: "quarterly" },
        { id: "never-submitted", periodicity: "quarterly" },
      ],
    } as never;
    const now = new Date("2026-12-02T00:00:00Z");
    const [late] = reportingCalendar(catalog, [row("2026-Q2", "so-tt-tt")], now);
    expect(late).toMatchObject({
      indicator_id: "households-fibre-broadband",
      quarter: "2026-Q3",
      overdue: true,
      units: ["so-tt-tt"],
      next_due: "2026-12-20T00:00:00.000Z",
    });
    const [onTime] = reportingCalendar(catalog, [row("2026-Q2", "so-tt-tt"), row("2026-Q3", "so-tt-tt")], now);
    expect(onTime).toMatchObject({ arrived: true, overdue: false });
    // An indicator no department has reported is not expected of anyone yet.
    expect(reportingCalendar(catalog, [], now)).toEqual([]);
  });

  it("expects an annual indicator's figure once a year, with the fourth quarter's report", () => {
    const row = (period: string) => ({ indicator_id: "annual", source_id: "submission", series_code: "so-tt-tt", period }) as ObservationRow;
    const catalog = { indicators: [{ id: "annual", periodicity: "annual" }] } as never;
    expect(reportingCalendar(catalog, [row("2025")], new Date("2026-12-02T00:00:00Z"))[0]).toMatchObject({
      quarter: "2025-Q4",
      arrived: true,
      next_due: "2026-12-20T00:00:00.000Z",
    });
    expect(reportingCalendar(catalog, [row("2025")], new Date("2026-12-21T00:00:00Z"))[0]).toMatchObject({ quarter: "2026-Q4", overdue: true });
  });
});
