import { describe, expect, it } from "vitest";
import type { SourceCalendar } from "../../../../pipelines/judge/calendar.ts";
import { indicatorPages } from "../../../../pipelines/judge/views.ts";
import { indicatorRecord } from "../../../../pipelines/publish/formats/json-api.ts";
import { INDICATORS } from "../../../sources/submission/helpers.ts";

const calendar = (id: string, lastRun: SourceCalendar["lastRun"]): SourceCalendar => ({
  id,
  publisher: id,
  kind: "api",
  licence: "CC-BY-4.0",
  schedule: "0 3 1 * *",
  homepage: null,
  lastSuccess: null,
  lastExpected: null,
  nextExpected: "2027-01-01T03:00:00.000Z",
  overdue: false,
  lastRun,
});

describe("the JSON API record of an indicator", () => {
  it("says why a series has no figure: its source's last run, with the kind of failure and the message", () => {
    const indicator = INDICATORS.find((i) => i.id === "fixed-broadband-subscriptions")!;
    const [page] = indicatorPages({ indicators: [indicator], targets: [], documents: [] }, [], new Date("2026-12-02T00:00:00Z"));
    const failed = { status: "failed", message: "[worldbank] series IT.NET.BBND.P2: no row", failureKind: "shape" };
    const calendars = new Map([["worldbank", calendar("worldbank", failed)]]);
    const record = indicatorRecord(page!, { siteUrl: "", release: "2026-12-02", now: new Date("2026-12-02T00:00:00Z"), calendars });
    const bySource = Object.fromEntries(record.series.map((s) => [s.source, s.emptyBecause]));
    expect(bySource.worldbank).toEqual(failed);
    // A source with no run recorded says so, rather than nothing.
    expect(bySource.report).toEqual({ status: "never-run", message: "", failureKind: null });
  });
});
