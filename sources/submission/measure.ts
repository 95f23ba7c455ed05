// What a figure's period and value are held to, by the indicator's periodicity and unit.
import type { Unit } from "../../schemas/common.ts";
import type { Indicator } from "../../schemas/indicator.ts";
import { rangeFor, type ValueRange } from "../../schemas/plausible.ts";
import type { ColumnKey } from "./header.ts";
import { type Rule, UNIT_NAMES } from "./messages.ts";
import { type Cell, type Granularity, readNumber } from "./values.ts";

/** Granularities each periodicity takes; an irregular indicator (a report's figures) takes any. */
export const GRANULARITIES: Record<Indicator["periodicity"], Granularity[]> = {
  annual: ["year"],
  quarterly: ["quarter", "year"],
  monthly: ["month"],
  irregular: ["year", "quarter", "month"],
};

/** The first day of a period, to tell a period that has not begun. */
export function periodStart(period: string): Date {
  const [y, rest] = period.split("-");
  const month = !rest ? 0 : rest.startsWith("Q") ? (Number(rest.slice(1)) - 1) * 3 : Number(rest) - 1;
  return new Date(Date.UTC(Number(y), month, 1));
}

export type Range = ValueRange;

/** The range an indicator's unit allows, or the indicator's own: the one table in schemas/plausible.ts. */
export function rangeOf(indicator: Indicator): Range {
  return rangeFor(indicator.id, indicator.unit, indicator.range);
}

/** Units whose value is a ratio, and what the ratio is multiplied by. */
export const RATIO_SCALE: Partial<Record<Unit, number>> = { percent: 100, "per-100-people": 100 };

export const fmt = (n: number) => String(Number(n.toPrecision(12)));

/**
 * Numerator and denominator, when given, must give back the value: for a percentage
 * num/den*100 within 0.05, or within half the last digit the value was written with ("85" is
 * 84.5 to 85.5), whichever is wider.
 */
export function judgeRatio(
  cells: Map<ColumnKey, Cell>,
  indicator: Indicator | undefined,
  value: number,
  decimals: number,
  fail: (key: ColumnKey, rule: Rule, d?: Record<string, string>) => void,
): { numerator: number | null; denominator: number | null } {
  const none = { numerator: null, denominator: null };
  const numCell = cells.get("numerator");
  const denCell = cells.get("denominator");
  if (!numCell && !denCell) return none;
  const num = numCell ? readNumber(numCell) : null;
  const den = denCell ? readNumber(denCell) : null;
  if (num && !num.ok) fail("numerator", num.rule);
  if (den && !den.ok) fail("denominator", den.rule);
  if (!num?.ok || !den?.ok) {
    if (!num || !den) fail(numCell ? "denominator" : "numerator", "ratio-incomplete");
    return none;
  }
  if (!indicator) return none;
  const scale = RATIO_SCALE[indicator.unit];
  if (!scale) {
    fail("numerator", "ratio-not-applicable", UNIT_NAMES[indicator.unit]);
    return none;
  }
  if (num.value < 0)
    fail("numerator", "out-of-range", { value: fmt(num.value), unitVi: "tử số", unitEn: "a numerator", rangeVi: "không âm", rangeEn: "0 or more" });
  if (den.value <= 0) {
    fail("denominator", "zero-denominator");
    return none;
  }
  const computed = (num.value / den.value) * scale;
  const tolerance = Math.max(0.05, 0.5 * 10 ** -decimals);
  if (Number.isFinite(value) && Math.abs(computed - value) > tolerance + 1e-9)
    fail("numerator", "ratio-mismatch", { computed: computed.toFixed(Math.max(2, decimals + 1)), value: fmt(value), tolerance: fmt(tolerance) });
  return { numerator: num.value, denominator: den.value };
}
