import { CronTime } from "cron";
import type { Warehouse } from "../warehouse/warehouse.ts";

/** A source's schedule is cron in UTC: the city's offices and the APIs' release notes both give dates, not zones. */
export const SCHEDULE_ZONE = "UTC";

/** The first run of `schedule` strictly after `from`. */
export function nextRun(schedule: string, from: Date): Date {
  return new CronTime(schedule, SCHEDULE_ZONE).getNextDateFrom(from).toJSDate();
}

/**
 * The run before the one due after `from`: when the source was last expected to update.
 * Cron has no "previous", so step forward from far enough back (a year covers any schedule we use).
 */
export function previousRun(schedule: string, from: Date): Date | undefined {
  const time = new CronTime(schedule, SCHEDULE_ZONE);
  let at = time.getNextDateFrom(new Date(from.getTime() - 366 * 86_400_000)).toJSDate();
  if (at > from) return undefined;
  for (;;) {
    const next = time.getNextDateFrom(at).toJSDate();
    if (next > from) return at;
    at = next;
  }
}

export interface SourceCalendar {
  id: string;
  publisher: string;
  kind: string;
  licence: string;
  schedule: string;
  homepage: string | null;
  lastSuccess: string | null;
  lastExpected: string | null;
  nextExpected: string;
  /** No successful check of the upstream since the last scheduled one. */
  overdue: boolean;
  /** The most recent run, whatever its outcome: it says why a series of this source has no figure. */
  lastRun: { status: string; message: string; failureKind: string | null } | null;
}

/** When each source last succeeded (live, see `Warehouse.lastSuccesses`) and is next due. */
export async function sourceCalendars(warehouse: Warehouse, now: Date): Promise<Map<string, SourceCalendar>> {
  const rows = await warehouse.query<{ id: string; publisher: string; kind: string; licence: string; schedule: string; homepage: string | null }>(
    "select id, publisher, kind, licence, schedule, homepage from sources order by id",
  );
  const last = await warehouse.lastSuccesses();
  const runs = await warehouse.lastRuns();
  return new Map(
    rows.map((s) => {
      const lastSuccess = last.get(s.id)?.live ?? null;
      const lastExpected = previousRun(s.schedule, now) ?? null;
      return [
        s.id,
        {
          id: s.id,
          publisher: s.publisher,
          kind: s.kind,
          licence: s.licence,
          schedule: s.schedule,
          homepage: s.homepage,
          lastSuccess: lastSuccess?.toISOString() ?? null,
          lastExpected: lastExpected?.toISOString() ?? null,
          nextExpected: nextRun(s.schedule, now).toISOString(),
          overdue: lastExpected !== null && (lastSuccess === null || lastSuccess < lastExpected),
          lastRun: runs.get(s.id) ?? null,
        },
      ];
    }),
  );
}
