// What a figure may plausibly be: one table, read where observations are normalised
// (pipelines/ingest/normalise.ts) and where departments' submissions are judged
// (sources/submission/rules.ts), so an upstream and a clerk are held to the same rules.
import type { Unit } from "./common.ts";

/** A value's allowed range, with how it reads in both languages. */
export interface ValueRange {
  min?: number;
  max?: number;
  whole?: boolean;
  vi: string;
  en: string;
}

/** An indicator held to a range of its own instead of its unit's. */
export interface IndicatorRange extends ValueRange {
  /** The rule's name in messages. */
  rule: string;
  /** Which indicators it covers, by id. */
  covers: (indicatorId: string) => boolean;
  unit: Unit;
}

export const PLAUSIBLE = {
  /**
   * No figure chiso publishes comes near this in magnitude, whatever its unit: a value beyond it
   * (1e308, a count in the quintillions) is a broken cell, not a measurement.
   */
  largest: 1e15,
  units: {
    percent: { min: 0, max: 100, vi: "từ 0 đến 100", en: "0 to 100" },
    // Mobile subscriptions per 100 people pass 100 (several SIMs each) but stay below about 400
    // even where they are highest; 500 leaves room without letting 1000 through.
    "per-100-people": { min: 0, max: 500, vi: "từ 0 đến 500", en: "0 to 500" },
    count: { min: 0, whole: true, vi: "số nguyên không âm", en: "a whole number, 0 or more" },
    // Ten billion people: more than the world's population.
    "thousand-persons": { min: 0, max: 10_000_000, vi: "từ 0 đến 10.000.000 (mười tỷ người)", en: "0 to 10,000,000 (ten billion people)" },
    "vnd-billion": { min: 0, vi: "không âm", en: "0 or more" },
    // Provinces, countries and economies are ranked; none of those lists has a thousand entries.
    rank: { min: 1, max: 1000, whole: true, vi: "số nguyên từ 1 đến 1000", en: "a whole number from 1 to 1000" },
    index: { min: 0, vi: "không âm", en: "0 or more" },
  } satisfies Record<Unit, ValueRange>,
  /**
   * Indicators held to a range of their own. A growth rate is a percentage but a change, not a
   * share: it passes 100 or falls below 0, though a quantity cannot shrink by more than all of it.
   */
  indicators: [
    {
      rule: "growth rate",
      covers: (id: string) => id.endsWith("-growth"),
      unit: "percent",
      min: -100,
      max: 1000,
      vi: "từ -100 đến 1000",
      en: "-100 to 1000",
    },
  ] satisfies IndicatorRange[],
  /** Observed periods: none before 1900, none later than next year (a provisional figure for next year at most). */
  years: { first: 1900, aheadOfNow: 1 },
} as const;

/** What an indicator may declare in the catalog (`range:`): bounds inside its unit's. */
export interface Narrowing {
  min?: number | undefined;
  max?: number | undefined;
}

const bound = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/**
 * The range an indicator's values are held to, and the rule's name for messages: its unit's (or
 * its own rule's), narrowed by what the catalog declares for it.
 */
export function rangeFor(indicatorId: string, unit: Unit, narrowing?: Narrowing): ValueRange & { rule: string } {
  const own = PLAUSIBLE.indicators.find((r) => r.unit === unit && r.covers(indicatorId));
  const base: ValueRange & { rule: string } = own
    ? { min: own.min, max: own.max, vi: own.vi, en: own.en, rule: own.rule }
    : { ...PLAUSIBLE.units[unit], rule: `unit ${unit}` };
  if (narrowing?.min === undefined && narrowing?.max === undefined) return base;
  const min = Math.max(base.min ?? Number.NEGATIVE_INFINITY, narrowing.min ?? Number.NEGATIVE_INFINITY);
  const max = Math.min(base.max ?? Number.POSITIVE_INFINITY, narrowing.max ?? Number.POSITIVE_INFINITY);
  const lo = Number.isFinite(min) ? min : undefined;
  const hi = Number.isFinite(max) ? max : undefined;
  const whole = base.whole ? { vi: "số nguyên ", en: "a whole number " } : { vi: "", en: "" };
  const [vi, en] =
    lo !== undefined && hi !== undefined
      ? [`${whole.vi}từ ${bound(lo)} đến ${bound(hi)}`, `${whole.en}${whole.en ? "from " : ""}${bound(lo)} to ${bound(hi)}`]
      : lo !== undefined
        ? [`${whole.vi}từ ${bound(lo)} trở lên`, `${whole.en || ""}${bound(lo)} or more`]
        : [`${whole.vi}tối đa ${bound(hi!)}`, `${whole.en}at most ${bound(hi!)}`];
  return { min: lo, max: hi, whole: base.whole, vi, en, rule: `indicator ${indicatorId}` };
}

/** Whether `value` lies in `range` (and within the largest magnitude any figure may have). */
export function inRange(value: number, range: ValueRange): boolean {
  if (!Number.isFinite(value) || Math.abs(value) > PLAUSIBLE.largest) return false;
  if (range.min !== undefined && value < range.min) return false;
  if (range.max !== undefined && value > range.max) return false;
  return true;
}

/** The latest year an observed figure may be for. */
export const latestYear = (now: Date) => now.getUTCFullYear() + PLAUSIBLE.years.aheadOfNow;

/** Why an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD) is no real date, or undefined when it is one. */
export function implausibleDate(date: string, now: Date): string | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date);
  if (!m) return `date "${date}" is not YYYY, YYYY-MM or YYYY-MM-DD`;
  const [year, month, day] = [Number(m[1]), m[2] ? Number(m[2]) : 1, m[3] ? Number(m[3]) : 1];
  if (year < PLAUSIBLE.years.first || year > latestYear(now)) return `date "${date}" is not between ${PLAUSIBLE.years.first} and ${latestYear(now)}`;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return `date "${date}" is not a calendar date`;
  return undefined;
}

/** Why an ISO period (2024, 2024-Q3, 2024-09) is no plausible observed period, or undefined. */
export function implausiblePeriod(period: string, now: Date): string | undefined {
  const m = /^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$/.exec(period);
  if (!m) return `period "${period}" is not ISO 8601 (2024, 2024-Q3 or 2024-09)`;
  const year = Number(m[1]);
  if (year < PLAUSIBLE.years.first || year > latestYear(now))
    return `period ${period} is not between ${PLAUSIBLE.years.first} and ${latestYear(now)} (rule: observed years)`;
  return undefined;
}

/** What a figure must satisfy to be loaded; only the fields the rules read. */
export interface Judged {
  indicatorId: string;
  period: string;
  value: number;
  unit: Unit;
  citation?: { date?: string | undefined } | undefined;
}

/**
 * Why a figure is implausible, naming the value and the rule, or undefined when it is plausible;
 * `indicator` is its catalog entry, whose `range` narrows the unit's. The caller adds where it is
 * (indicator, geography, period, row).
 */
export function implausibility(o: Judged, indicator?: { range?: Narrowing | undefined }, now = new Date()): string | undefined {
  const range = rangeFor(o.indicatorId, o.unit, indicator?.range);
  if (Math.abs(o.value) > PLAUSIBLE.largest) return `value ${o.value} is beyond ${PLAUSIBLE.largest}, larger than any figure chiso publishes`;
  if (!inRange(o.value, range)) return `value ${o.value} is outside ${range.en} (rule: ${range.rule})`;
  if (range.whole && !Number.isInteger(o.value)) return `value ${o.value} is not a whole number (rule: ${range.rule})`;
  const period = implausiblePeriod(o.period, now);
  if (period) return period;
  if (o.citation?.date) {
    const date = implausibleDate(o.citation.date, now);
    if (date) return `citation ${date}`;
  }
  return undefined;
}
