import type { Target } from "../../schemas/target.ts";
import { assessTarget, periodEnd, satisfies, type Point, type Progress } from "./progress.ts";

/**
 * A target judged at the time of publishing. Before the deadline the trend statuses of
 * assessTarget stand. Once the deadline year is over, the question is no longer "is it on
 * track?" but "was it reached?": the status is judged on the figure for the deadline period
 * (achieved, not-achieved), or says there is none yet (no-deadline-figure), with the latest
 * figure beside it. An annual-rate target ("each year at least 7%") is judged year by year.
 */
export interface YearVerdict {
  year: number;
  value: number | null;
  met: boolean | null;
}

export interface Judgement extends Progress {
  /** The trend verdict on the same figures, as it stood before the deadline rule applied. */
  trend: Progress["status"];
  deadlinePassed: boolean;
  /** After the deadline: the figure the status was judged on, when there is one. */
  deadlineFigure: Point | null;
  /** For an each-year target: every year of the plan's period. */
  years?: YearVerdict[];
}

export type JudgedTarget = Pick<Target, "comparator" | "value" | "deadline"> & { rule?: Target["rule"] };

export interface JudgeOptions {
  /** The publish time; a target whose deadline year has ended by then is judged at its deadline. */
  now: Date;
  /** For each-year targets: the first year the rate applies to (the first full year after the document). */
  firstYear?: number;
}

/** Whether the whole deadline year is over at `now`. */
export const deadlinePassed = (deadline: number, now: Date) => now.getTime() >= Date.UTC(deadline + 1, 0, 1);

/** A figure for the deadline period itself: the year, its last quarter or its December. */
export const isDeadlinePeriod = (period: string, deadline: number) => [`${deadline}`, `${deadline}-Q4`, `${deadline}-12`].includes(period);

const byTime = (series: Point[]) => [...series].sort((a, b) => periodEnd(a.period) - periodEnd(b.period));

export function judgeTarget(target: JudgedTarget, series: Point[], options: JudgeOptions): Judgement {
  if (target.rule === "each-year") return judgeEachYear(target, series, options);
  const progress = assessTarget(target, series);
  const passed = deadlinePassed(target.deadline, options.now);
  const base = { ...progress, trend: progress.status, deadlinePassed: passed, deadlineFigure: null };
  if (!passed || !progress.latest) return base;
  // The last figure the deadline year covers; later figures are shown beside, they do not judge.
  const upTo = byTime(series).filter((p) => periodEnd(p.period) <= target.deadline + 1);
  const last = upTo.at(-1);
  if (last && satisfies(last.value, target.comparator, target.value, last.flags)) return { ...base, status: "achieved", deadlineFigure: last };
  if (last && isDeadlinePeriod(last.period, target.deadline)) return { ...base, status: "not-achieved", deadlineFigure: last };
  return { ...base, status: "no-deadline-figure" };
}

/** Year by year: every year of the period must meet the rate; a missed year cannot be made up. */
function judgeEachYear(target: JudgedTarget, series: Point[], options: JudgeOptions): Judgement {
  const points = byTime(series);
  const latest = points.at(-1);
  const first = options.firstYear ?? target.deadline;
  const passed = deadlinePassed(target.deadline, options.now);
  const years: YearVerdict[] = [];
  for (let year = first; year <= target.deadline; year++) {
    const p = points.find((x) => x.period === String(year));
    years.push({ year, value: p?.value ?? null, met: p ? satisfies(p.value, target.comparator, target.value, p.flags) : null });
  }
  const missed = years.some((y) => y.met === false);
  const measured = years.filter((y) => y.met !== null);
  const allMet = measured.length === years.length && !missed;
  let status: Progress["status"];
  if (!measured.length) status = passed ? (latest ? "no-deadline-figure" : "no-data") : latest ? "insufficient-data" : "no-data";
  else if (passed) status = missed ? "not-achieved" : allMet ? "achieved" : "no-deadline-figure";
  else status = missed ? "off-track" : "on-track";
  const last = [...years].reverse().find((y) => y.met !== null);
  const deadlineFigure = passed && last ? (points.find((p) => p.period === String(last.year)) ?? null) : null;
  return {
    status,
    trend: missed ? "off-track" : measured.length ? "on-track" : status,
    deadlinePassed: passed,
    deadlineFigure: status === "no-deadline-figure" ? null : deadlineFigure,
    years,
    pointsUsed: measured.length,
    ...(latest ? { latest } : {}),
  };
}
