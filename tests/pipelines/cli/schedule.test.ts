import { describe, expect, it } from "vitest";
import { nextRun, previousRun } from "../../../pipelines/judge/calendar.ts";
import { SOURCES } from "../../../sources/index.ts";

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

  it("every source's schedule is valid cron with a next run", () => {
    for (const s of SOURCES) expect(nextRun(s.schedule, new Date()).getTime(), s.id).toBeGreaterThan(Date.now());
  });
});

describe("chiso schedule", () => {
  it("refreshes a source at its cron slot, publishes only after new figures, and never runs two refreshes at once", async () => {
    const { schedule } = await import("../../../pipelines/cli/schedule.ts");
    const calls: string[] = [];
    let running = 0;
    let overlapped = false;
    const scheduler = await schedule(
      [
        // Every second (cron with a seconds field), so the test sees several slots.
        { id: "fast", schedule: "* * * * * *" },
        { id: "quiet", schedule: "* * * * * *" },
      ],
      {
        refresh: async (id) => {
          running++;
          if (running > 1) overlapped = true;
          calls.push(`refresh ${id}`);
          await new Promise((r) => setTimeout(r, 50));
          running--;
          return { ok: true, added: id === "fast" ? 1 : 0 };
        },
        publish: async () => {
          calls.push("publish");
        },
        log: () => {},
      },
    );
    await new Promise((r) => setTimeout(r, 2_300));
    await scheduler.stop();
    expect(calls.filter((c) => c === "refresh fast").length).toBeGreaterThanOrEqual(2);
    expect(calls.filter((c) => c === "refresh quiet").length).toBeGreaterThanOrEqual(2);
    // Each publish follows a refresh of "fast", the source that added figures.
    calls.forEach((c, i) => {
      if (c === "publish") expect(calls[i - 1]).toBe("refresh fast");
    });
    expect(calls.filter((c) => c === "publish").length).toBe(calls.filter((c) => c === "refresh fast").length);
    expect(overlapped).toBe(false);
  });
});
