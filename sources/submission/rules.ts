import type { Catalog } from "../../schemas/catalog.ts";
import type { Unit } from "../../schemas/common.ts";
import { EVERY_WARD, EVERY_WARD_LABEL, coveredBy, wardOf } from "../../schemas/geography/wards.ts";
import type { Indicator } from "../../schemas/indicator.ts";
import { inRange, PLAUSIBLE } from "../../schemas/plausible.ts";
import type { Target } from "../../schemas/target.ts";
import { beforeWardExisted } from "../../schemas/territory.ts";
import { type ColumnKey, columnLabel, findHeader } from "./header.ts";
import { PERIODICITY_NAMES, type Rule, say, UNIT_NAMES } from "./messages.ts";
import { fmt, GRANULARITIES, judgeRatio, periodStart, rangeOf } from "./measure.ts";
import type { ReadSubmission, SheetRow } from "./read.ts";
import { type Cell, GEOGRAPHIES, isFormulaLike, readGeography, readNumber, readPeriod, readStatus, STATUSES, type SubmittedStatus } from "./values.ts";

/** The geographies a message lists: "every ward" in words, not 168 codes. */
function allowedGeographies(geographies: readonly string[]): { allowedVi: string; allowedEn: string } {
  const words = (lang: "vi" | "en") => geographies.map((g) => (g === EVERY_WARD ? `${EVERY_WARD_LABEL[lang]} (VN-SG-xxxxx)` : g)).join(", ");
  return { allowedVi: words("vi"), allowedEn: words("en") };
}

/** One rule broken, where a clerk can find it: file, sheet, row and column as Excel shows them. */
export interface Problem {
  file: string;
  sheet: string | null;
  row: number | null;
  /** Column letter, "D". */
  column: string | null;
  /** The column's name in both languages, "Giá trị / Value". */
  columnName: string | null;
  /** The cell's text as found. */
  value: string | null;
  rule: Rule;
  vi: string;
  en: string;
}

/** A figure as a department submitted it, once every rule holds. */
export interface SubmittedFigure {
  indicatorId: string;
  geo: string;
  period: string;
  value: number;
  unit: Unit;
  numerator: number | null;
  denominator: number | null;
  status: SubmittedStatus;
  sourceDocument: string;
  note: string;
  file: string;
  sheet: string;
  row: number;
}

export interface SubmissionContext {
  indicators: Map<string, Indicator>;
  targets: Target[];
  /** Whether departments may submit figures for the indicator. */
  accepts: (indicator: Indicator) => boolean;
  now: Date;
}

/**
 * Which indicators take submissions: every one, unless all its series come from API sources
 * (World Bank, ITU, UN SDG, GSO PX-Web). Those figures are read from the publisher itself, and a
 * department's copy of them would only compete with the original. An indicator with no series
 * (a data gap) is exactly what submissions are for. `sourceKinds` maps source ids to their kind;
 * a source it does not list counts as not an API.
 */
export function submissionContext(
  catalog: Pick<Catalog, "indicators" | "targets">,
  sourceKinds: ReadonlyMap<string, string>,
  now = new Date(),
): SubmissionContext {
  return {
    indicators: new Map(catalog.indicators.map((i) => [i.id, i])),
    targets: catalog.targets,
    accepts: (i) => i.series.length === 0 || !i.series.every((s) => sourceKinds.get(s.source) === "api"),
    now,
  };
}

export const columnLetter = (col: number): string => {
  let s = "";
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

/** Judges every sheet with a header; returns the figures that pass and every problem, never only the first. */
export function judgeSubmission(
  read: ReadSubmission,
  file: string,
  ctx: SubmissionContext,
): { figures: SubmittedFigure[]; problems: Problem[]; blankRows: number } {
  const problems: Problem[] = [];
  const figures: SubmittedFigure[] = [];
  const seen = new Map<string, { sheet: string; row: number }>();
  let blankRows = 0;
  let headers = 0;
  for (const sheet of read.sheets) {
    const rows = sheet.rows.map((r) => ({ row: r.row, cells: r.cells.map((c) => ({ col: c.col, text: c.kind === "text" ? c.text : "" })) }));
    const header = findHeader(rows);
    if (!header) continue; // a sheet of codes or guidance
    headers++;
    const at = (row: number | null, col: number | null, key: ColumnKey | null, value: string | null, rule: Rule, d?: Record<string, string>) =>
      problems.push({
        file,
        sheet: sheet.name,
        row,
        column: col ? columnLetter(col) : null,
        columnName: key ? columnLabel(key) : null,
        value,
        rule,
        ...say(rule, d),
      });
    const headerRow = header.rows[0]!;
    for (const key of header.missing) at(headerRow, null, null, null, "missing-column", { column: columnLabel(key) });
    for (const cell of header.unknown) at(headerRow, cell.col, null, cell.text, "unknown-column");
    for (const { key, cell } of header.repeated) at(headerRow, cell.col, key, cell.text, "repeated-column", { column: columnLabel(key) });
    if (header.missing.length) continue; // without its key columns no row can be judged
    const keyOf = new Map([...header.columns].map(([k, col]) => [col, k]));
    const named = new Set([...header.columns.values(), ...header.unknown.map((u) => u.col), ...header.repeated.map((r) => r.cell.col)]);
    const strayColumns = new Set<number>();
    for (const r of sheet.rows) {
      if (r.row <= header.rows.at(-1)!) continue;
      for (const cell of r.cells)
        if (!named.has(cell.col) && !strayColumns.has(cell.col)) {
          strayColumns.add(cell.col);
          at(r.row, cell.col, null, cell.text, "data-outside-columns");
        }
      const outcome = judgeRow(r, header.columns, keyOf, ctx, at);
      if (outcome === "blank") blankRows++;
      else if (outcome) {
        const key = `${outcome.indicatorId}|${outcome.geo}|${outcome.period}`;
        const first = seen.get(key);
        if (first)
          at(r.row, header.columns.get("indicator")!, "indicator", outcome.indicatorId, "duplicate-figure", {
            first: first.sheet === sheet.name ? String(first.row) : `${first.row} (${first.sheet})`,
          });
        else {
          seen.set(key, { sheet: sheet.name, row: r.row });
          figures.push({ ...outcome, file, sheet: sheet.name, row: r.row });
        }
      }
    }
  }
  if (!headers) {
    const where = read.sheets.length === 1 ? `"${read.sheets[0]!.name}"` : read.sheets.map((s) => `"${s.name}"`).join(", ");
    problems.push({
      file,
      sheet: read.sheets.length === 1 ? read.sheets[0]!.name : null,
      row: null,
      column: null,
      columnName: null,
      value: null,
      rule: "no-header",
      ...say("no-header", { where }),
    });
  } else if (!figures.length && !problems.length)
    problems.push({ file, sheet: null, row: null, column: null, columnName: null, value: null, rule: "empty-submission", ...say("empty-submission") });
  return {
    figures,
    problems: sortProblems(
      problems,
      read.sheets.map((s) => s.name),
    ),
    blankRows,
  };
}

/** In the order a clerk reads the file: sheet by sheet, row by row, left to right. */
function sortProblems(problems: Problem[], sheets: string[]): Problem[] {
  const col = (c: string | null) => (c ? c.length * 100 + c.charCodeAt(c.length - 1) : 0);
  return problems
    .map((p, i) => ({ p, i }))
    .sort(
      (a, b) =>
        sheets.indexOf(a.p.sheet ?? "") - sheets.indexOf(b.p.sheet ?? "") || (a.p.row ?? 0) - (b.p.row ?? 0) || col(a.p.column) - col(b.p.column) || a.i - b.i,
    )
    .map(({ p }) => p);
}

type Report = (row: number, col: number, key: ColumnKey, value: string, rule: Rule, d?: Record<string, string>) => void;

/** The columns a department fills in; a row with none of them filled is a template row left blank. */
const FILLED: ColumnKey[] = ["value", "numerator", "denominator", "status", "document", "note"];

function judgeRow(
  r: SheetRow,
  columns: Map<ColumnKey, number>,
  keyOf: Map<number, ColumnKey>,
  ctx: SubmissionContext,
  report: Report,
): Omit<SubmittedFigure, "file" | "sheet" | "row"> | "blank" | null {
  const cells = new Map<ColumnKey, Cell>();
  for (const c of r.cells) {
    const key = keyOf.get(c.col);
    if (key) cells.set(key, c);
  }
  if (!FILLED.some((k) => cells.has(k))) return "blank";
  let ok = true;
  // One problem per cell, the first found; every other cell of the row is still judged.
  const failed = new Set<ColumnKey>();
  const fail = (key: ColumnKey, rule: Rule, d?: Record<string, string>, text?: string) => {
    ok = false;
    if (failed.has(key)) return;
    failed.add(key);
    report(r.row, columns.get(key)!, key, text ?? cells.get(key)?.text ?? "", rule, d);
  };
  // A formula is refused in every column, and formula-like text in the text columns (the
  // numeric ones say so when they fail to read as numbers).
  for (const [key, cell] of cells) {
    if (cell.kind === "formula") fail(key, "formula");
    else if (cell.kind === "text" && !["value", "numerator", "denominator"].includes(key) && isFormulaLike(cell.text)) fail(key, "formula-like-text");
  }
  const text = (key: ColumnKey) => cells.get(key)?.text.trim() ?? "";

  let indicator: Indicator | undefined;
  const id = text("indicator").toLowerCase();
  if (!id) fail("indicator", "missing-indicator");
  else if (!(indicator = ctx.indicators.get(id))) fail("indicator", "unknown-indicator");
  else if (!ctx.accepts(indicator)) fail("indicator", "not-accepting");

  const geo = readGeography(text("geo"));
  if (!text("geo")) fail("geo", "missing-geography");
  else if (indicator ? !coveredBy(indicator.geographies, geo) : !GEOGRAPHIES.some((g) => g.code === geo) && !wardOf(geo))
    fail("geo", "geography-not-covered", allowedGeographies(indicator?.geographies ?? GEOGRAPHIES.map((g) => g.code)));

  let period = "";
  const periodCell = cells.get("period");
  if (!periodCell) fail("period", "missing-period");
  else {
    const p = readPeriod(periodCell);
    if (!p.ok) fail("period", "invalid-period");
    else {
      period = p.period;
      if (indicator && !GRANULARITIES[indicator.periodicity].includes(p.granularity))
        fail("period", "period-granularity", { period, ...PERIODICITY_NAMES[indicator.periodicity] });
      else if (periodStart(period) > ctx.now) fail("period", "future-period", { period });
      else if (Number(period.slice(0, 4)) < PLAUSIBLE.years.first) fail("period", "early-period", { period, first: String(PLAUSIBLE.years.first) });
      // A submission is its own series and states no territory: a ward's figure from before the
      // ward existed cannot be one recomputed on its boundary, so it is refused.
      else if (beforeWardExisted(geo, period)) fail("period", "ward-not-yet", { ward: `${wardOf(geo)!.name} (${geo})`, from: wardOf(geo)!.validFrom, period });
    }
  }

  let value = Number.NaN;
  let decimals = 0;
  const valueCell = cells.get("value");
  if (!valueCell) fail("value", "missing-value", undefined, "");
  else {
    const n = readNumber(valueCell);
    if (!n.ok) fail("value", n.rule);
    else {
      ({ value, decimals } = n);
      if (indicator) {
        const unit = UNIT_NAMES[indicator.unit];
        const range = rangeOf(indicator);
        if (n.percentSign && indicator.unit !== "percent") fail("value", "percent-sign", unit);
        else if (!inRange(value, range))
          fail("value", "out-of-range", { value: fmt(value), unitVi: unit.vi, unitEn: unit.en, rangeVi: range.vi, rangeEn: range.en });
        else if (range.whole && !Number.isInteger(value)) fail("value", "not-whole-number", unit);
      }
    }
  }

  const ratio = judgeRatio(cells, indicator, value, decimals, fail);
  const status = readStatus(text("status"));
  if (!status)
    fail("status", "unknown-status", { allowedVi: STATUSES.map((s) => `${s.vi} (${s.code})`).join(", "), allowedEn: STATUSES.map((s) => s.code).join(", ") });
  if (!ok || !indicator || !status) return null;
  return { indicatorId: indicator.id, geo, period, value, unit: indicator.unit, ...ratio, status, sourceDocument: text("document"), note: text("note") };
}
