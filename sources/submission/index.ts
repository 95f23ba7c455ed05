import type { Problem, SubmissionContext, SubmittedFigure } from "./rules.ts";
import { judgeSubmission } from "./rules.ts";
import { type ReadSubmission, readSubmission, UnreadableSubmission } from "./read.ts";
import { say } from "./messages.ts";

export { type Problem, type SubmittedFigure, type SubmissionContext, submissionContext } from "./rules.ts";
export { TemplateError, type TemplateRequest, writeTemplate } from "./template.ts";

/** What checking one file found: how it was read, the figures that pass, and every problem. */
export interface CheckedSubmission {
  file: string;
  format: ReadSubmission["format"] | null;
  encoding: ReadSubmission["encoding"] | null;
  delimiter: string | null;
  figures: SubmittedFigure[];
  problems: Problem[];
  /** Template rows left blank: not submitted, and not a problem. */
  blankRows: number;
}

/** Reads and judges one submission; a file that cannot be read is one problem, not an exception. */
export async function checkSubmission(bytes: Uint8Array, file: string, ctx: SubmissionContext): Promise<CheckedSubmission> {
  let read: ReadSubmission;
  try {
    read = await readSubmission(bytes, file);
  } catch (error) {
    if (!(error instanceof UnreadableSubmission)) throw error;
    const problem: Problem = {
      file,
      sheet: null,
      row: null,
      column: null,
      columnName: null,
      value: null,
      rule: "unreadable-file",
      ...say("unreadable-file", { vi: error.vi, en: error.en }),
    };
    return { file, format: null, encoding: null, delimiter: null, figures: [], problems: [problem], blankRows: 0 };
  }
  const { figures, problems, blankRows } = judgeSubmission(read, file, ctx);
  return { file, format: read.format, encoding: read.encoding ?? null, delimiter: read.delimiter ?? null, figures, problems, blankRows };
}
