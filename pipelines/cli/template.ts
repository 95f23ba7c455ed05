import { writeFileSync } from "node:fs";
import { extname, resolve } from "node:path";
import type { Catalog } from "../../schemas/catalog.ts";
import { SOURCES } from "../../sources/index.ts";
import { submissionContext, type SubmissionContext, TemplateError, writeTemplate } from "../../sources/submission/index.ts";
import { catalogOrFail } from "./commands.ts";
import { CliError, EXIT } from "./errors.ts";

export interface TemplateOptions {
  indicator?: string[];
  period?: string;
  format?: string;
  out?: string;
  catalog?: Catalog;
  now?: Date;
  print?: (line: string) => void;
}

/** The context submissions are judged in: the catalog, and which sources are APIs. */
export function departmentContext(catalog: Catalog = catalogOrFail(), now = new Date()): SubmissionContext {
  return submissionContext(catalog, new Map(SOURCES.map((s) => [s.id, s.kind])), now);
}

/**
 * `chiso template`: writes the file a department fills in, one row per figure it owes. The
 * format follows --format, else the --out file's extension, else xlsx.
 */
export async function template(opts: TemplateOptions = {}): Promise<number> {
  const fromName = opts.out ? extname(opts.out).slice(1).toLowerCase() : "";
  const format = (opts.format ?? (["csv", "xlsx"].includes(fromName) ? fromName : "xlsx")).toLowerCase();
  if (format !== "xlsx" && format !== "csv") throw new CliError(`--format must be xlsx or csv, not "${opts.format}"`, EXIT.usage);
  const ctx = departmentContext(opts.catalog ?? catalogOrFail(), opts.now);
  let made;
  try {
    made = await writeTemplate(ctx, { indicatorIds: opts.indicator, period: opts.period, format });
  } catch (error) {
    if (error instanceof TemplateError) throw new CliError(error.message, EXIT.usage, { cause: error });
    throw error;
  }
  const out = resolve(opts.out ?? made.fileName);
  writeFileSync(out, made.bytes);
  const indicators = new Set(made.rows.map((r) => r.indicator.id)).size;
  (opts.print ?? console.log)(
    `chiso: wrote ${out}: ${made.rows.length} ${made.rows.length === 1 ? "row" : "rows"} to fill for ${indicators} ${indicators === 1 ? "indicator" : "indicators"}, period ${made.rows[0]!.period}`,
  );
  return EXIT.ok;
}
