import { Source } from "../../schemas/source.ts";
import type { SourceRow } from "../define.ts";
import type { SubmittedFigure } from "./rules.ts";

/**
 * Figures the city's departments send as spreadsheets. Plan 2649/KH-UBND (VI.3) asks units to
 * report before the 20th of each quarter's last month: that date is the source's schedule, and
 * the reporting calendar follows it.
 */
export const SUBMISSION_SOURCE = "submission";

export const submissionSource = Source.parse({
  id: SUBMISSION_SOURCE,
  publisher: "Ho Chi Minh City departments (submitted to the Department of Planning and Investment)",
  kind: "submission",
  baseUrl: "<data-dir>/submissions/",
  licence: "CC-BY-4.0",
  schedule: "0 0 20 3,6,9,12 *",
});

export interface SubmittedBy {
  /** The submitting unit, e.g. "Sở Y tế" (Department of Health): credited on the page, in downloads and citations. */
  unit: string;
  /** The file's own name, as the department sent it. */
  fileName: string;
  /** When chiso took the file in (UTC, ISO 8601). */
  receivedAt: string;
  note?: string;
}

/**
 * One accepted figure as a source row. The unit is the series: the same figure from two units is
 * two series, side by side; a unit's corrected figure is that series' next vintage.
 */
export function submittedRow(f: SubmittedFigure, by: SubmittedBy): SourceRow {
  const where = `${by.fileName}, ${f.sheet}, row ${f.row}`;
  const ratio = f.numerator !== null && f.denominator !== null ? ` (${f.numerator} / ${f.denominator})` : "";
  return {
    indicatorId: f.indicatorId,
    geo: f.geo,
    period: f.period,
    value: f.value,
    unit: f.unit,
    status: f.status,
    seriesCode: by.unit,
    note: [f.note, by.note].filter(Boolean).join("; "),
    citation: {
      title: f.sourceDocument || by.fileName,
      publisher: by.unit,
      date: by.receivedAt.slice(0, 10),
      statement: `Submitted by ${by.unit} in ${where}${ratio}`,
    },
  };
}
