import type { Catalog } from "../../schemas/catalog.ts";
import type { ObservationRow } from "../../schemas/published.ts";
import { SUBMISSION_SOURCE } from "../../sources/submission/source.ts";

/**
 * The departments' reporting calendar: Plan 2649/KH-UBND (section VI.3) asks each unit to report
 * before the 20th of each quarter's last month. An indicator is expected every quarter once a
 * department has sent a figure for it (an annual one once a year, with the fourth quarter's); its report is overdue when the due date of the quarter
 * has passed and no submitted figure for that quarter (for an annual indicator, that year, due
 * with the fourth quarter) has arrived.
 */
export const DUE_DAY = 20;

/** When a quarter's report is due: the 20th of its last month, 00:00 UTC. */
export function dueDate(quarter: string): Date {
  const [, year, q] = /^(\d{4})-Q([1-4])$/.exec(quarter) ?? [];
  if (!year) throw new Error(`not a quarter: ${quarter}`);
  return new Date(Date.UTC(Number(year), Number(q) * 3 - 1, DUE_DAY));
}

/** The last quarter whose report was due on or before `now`, and the next one due after it. */
export function reportingQuarters(now: Date): { last: string; next: string } {
  let year = now.getUTCFullYear();
  let q = Math.floor(now.getUTCMonth() / 3) + 1;
  if (now < dueDate(`${year}-Q${q}`)) q--;
  if (q === 0) [year, q] = [year - 1, 4];
  const next = q === 4 ? `${year + 1}-Q1` : `${year}-Q${q + 1}`;
  return { last: `${year}-Q${q}`, next };
}

/** Whether a figure's period answers a quarter's report: the quarter, one of its months, or (annual) its year at Q4. */
export function answers(period: string, quarter: string): boolean {
  const year = quarter.slice(0, 4);
  const q = Number(quarter.slice(-1));
  if (period === quarter) return true;
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return m[1] === year && Math.ceil(Number(m[2]) / 3) === q;
  return period === year && q === 4;
}

export interface ReportState {
  indicator_id: string;
  /** The quarter whose report is judged: the last one due. */
  quarter: string;
  due: string;
  arrived: boolean;
  overdue: boolean;
  /** When the next quarter's report is due. */
  next_due: string;
  /** The units that have reported this indicator (each a series of the submission source). */
  units: string[];
}

/** The quarters an annual indicator reports in: only the fourth, with the year's figure. */
function annualQuarters(now: Date): { last: string; next: string } {
  const year = now.getUTCFullYear();
  const last = now >= dueDate(`${year}-Q4`) ? year : year - 1;
  return { last: `${last}-Q4`, next: `${last + 1}-Q4` };
}

export function reportingCalendar(catalog: Pick<Catalog, "indicators">, latest: readonly ObservationRow[], now: Date): ReportState[] {
  const submitted = latest.filter((o) => o.source_id === SUBMISSION_SOURCE);
  return catalog.indicators.flatMap((indicator) => {
    const mine = submitted.filter((o) => o.indicator_id === indicator.id);
    if (!mine.length) return [];
    // A quarterly or monthly indicator reports every quarter; an annual or irregular one once a year.
    const { last, next } = indicator.periodicity === "quarterly" || indicator.periodicity === "monthly" ? reportingQuarters(now) : annualQuarters(now);
    const arrived = mine.some((o) => answers(o.period, last));
    return [
      {
        indicator_id: indicator.id,
        quarter: last,
        due: dueDate(last).toISOString(),
        arrived,
        overdue: !arrived,
        next_due: dueDate(next).toISOString(),
        units: [...new Set(mine.map((o) => o.series_code))].sort(),
      },
    ];
  });
}
