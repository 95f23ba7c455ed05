import { describe, expect, it } from "vitest";
import { intervalDays, nextRun, previousRun } from "../pipelines/schedule.ts";
import { SOURCES } from "../sources/index.ts";

describe("source schedules", () => {
  it("finds the next and the previous run of a monthly schedule, in UTC", () => {
    const at = new Date("2026-11-23T10:00:00Z");
    expect(nextRun("0 3 1 * *", at).toISOString()).toBe("2026-12-01T03:00:00.000Z");
    expect(previousRun("0 3 1 * *", at)?.toISOString()).toBe("2026-11-01T03:00:00.000Z");
    // Exactly on a slot: that slot is the previous run, the next is a month on.
    const slot = new Date("2026-11-01T03:00:00Z");
    expect(previousRun("0 3 1 * *", slot)?.toISOString()).toBe("2026-11-01T03:00:00.000Z");
    expect(nextRun("0 3 1 * *", slot).toISOString()).toBe("2026-12-01T03:00:00.000Z");
  });

  it("measures the gap between runs", () => {
    expect(intervalDays("0 3 1 * *")).toBe(31);
    expect(intervalDays("0 2 * * 1")).toBe(7);
    expect(intervalDays("0 4 1 1 *")).toBe(365);
  });

  it("every source's schedule is valid cron with a next run", () => {
    for (const s of SOURCES) expect(nextRun(s.schedule, new Date()).getTime(), s.id).toBeGreaterThan(Date.now());
  });
});
