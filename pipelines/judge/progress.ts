import type { Flag } from "../../schemas/observation.ts";
import type { ProgressStatus } from "../../schemas/published.ts";
import type { Comparator, Target } from "../../schemas/target.ts";

/**
 * Whether a target is met, on track or off track. The method (also on the site's methodology page):
 * - achieved: the latest figure satisfies the target (a lower bound "over 70%" counts as above 70);
 * - on-track: a least-squares line through the last (up to) five figures meets the target by the
 *   end of the deadline year;
 * - off-track: it does not, or a figure for the deadline year itself (or later) falls short;
 * - insufficient-data: one figure only, short of the target and older than the deadline: no trend to judge;
 * - no-data: no figure for the target's own geography (a national proxy does not count).
 */
export type { ProgressStatus };

export interface Point {
  period: string;
  value: number;
  flags?: Flag[] | string[];
  /** The territory the figure describes (schemas/territory.ts); a trend is never fitted across two. */
  territory?: string | null;
}

export interface Progress {
  status: ProgressStatus;
  latest?: Point;
  /** Change per year of the fitted line, where there is one. */
  slopePerYear?: number;
  /** The calendar year in which the current pace reaches the target; null when it never does. */
  projectedYear?: number | null;
  /** The fitted line's value at the end of the deadline year. */
  projectedAtDeadline?: number;
  pointsUsed: number;
  /** Set when older figures describe another territory: the trend starts at this period. */
  trendFrom?: string;
}

export const TREND_POINTS = 5;

/** A period's end on a continuous calendar scale: 2024 -> 2025.0, 2024-Q3 -> 2024.75, 2024-09 -> 2024.75. */
export function periodEnd(period: string): number {
  const year = Number(period.slice(0, 4));
  const q = /-Q([1-4])$/.exec(period);
  if (q) return year + Number(q[1]) / 4;
  const m = /-(\d{2})$/.exec(period);
  if (m) return year + Number(m[1]) / 12;
  return year + 1;
}

export function satisfies(value: number, comparator: Comparator, target: number, flags: readonly string[] = []): boolean {
  // A lower bound v means the true value is above v, so "over 70%" meets "> 70".
  if (flags.includes("lower-bound") && (comparator === ">" || comparator === ">=")) return value >= target;
  if (flags.includes("upper-bound") && (comparator === "<" || comparator === "<=")) return value <= target;
  switch (comparator) {
    case ">=":
      return value >= target;
    case ">":
      return value > target;
    case "=":
      return value === target;
    case "<=":
      return value <= target;
    case "<":
      return value < target;
  }
}

/** Ordinary least squares through (x, y). */
export function fitLine(xs: number[], ys: number[]): { slope: number; intercept: number } {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

export function assessTarget(target: Pick<Target, "comparator" | "value" | "deadline">, series: Point[]): Progress {
  const points = [...series].sort((a, b) => periodEnd(a.period) - periodEnd(b.period));
  const latest = points.at(-1);
  if (!latest) return { status: "no-data", pointsUsed: 0 };
  if (satisfies(latest.value, target.comparator, target.value, latest.flags)) return { status: "achieved", latest, pointsUsed: 1 };
  // Deadlines are judged on figures, not on the calendar: a 2025 target is missed when a figure for
  // 2025 falls short, not on 1 January 2026 while the 2025 figure is still unpublished.
  const deadlineEnd = target.deadline + 1;
  const deadlineMeasured = periodEnd(latest.period) >= deadlineEnd;
  // A boundary change breaks the series: only the figures of the latest figure's territory make a trend.
  const same = sameTerritoryTail(points);
  const recent = same.slice(-TREND_POINTS);
  const trendFrom = same.length < points.length ? same[0]!.period : undefined;
  if (deadlineMeasured) return { status: "off-track", latest, pointsUsed: 1 };
  if (recent.length < 2) return { status: "insufficient-data", latest, pointsUsed: 1, ...(trendFrom ? { trendFrom } : {}) };
  const xs = recent.map((p) => periodEnd(p.period));
  const { slope, intercept } = fitLine(
    xs,
    recent.map((p) => p.value),
  );
  const projectedAtDeadline = intercept + slope * deadlineEnd;
  // When does the line cross the target? Only ahead of the latest figure, and only if it moves the right way.
  let projectedYear: number | null = null;
  if (slope !== 0) {
    const crossing = (target.value - intercept) / slope;
    const movingRightWay = target.comparator.startsWith("<") ? slope < 0 : slope > 0;
    if (movingRightWay && crossing >= xs.at(-1)!) projectedYear = Math.ceil(crossing) - 1;
  }
  const onTrack = satisfies(projectedAtDeadline, target.comparator, target.value);
  return {
    status: onTrack ? "on-track" : "off-track",
    latest,
    slopePerYear: slope,
    projectedYear,
    projectedAtDeadline,
    pointsUsed: recent.length,
    ...(trendFrom ? { trendFrom } : {}),
  };
}

/** The figures, in time order, since the last change of territory (all of them when none is stated). */
export function sameTerritoryTail<P extends Point>(points: P[]): P[] {
  const last = points.at(-1)?.territory;
  if (!last) return points;
  let i = points.length - 1;
  while (i > 0 && points[i - 1]!.territory === last) i--;
  return points.slice(i);
}
