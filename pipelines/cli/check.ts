import { existsSync } from "node:fs";
import { CATALOG_DIR, readCatalog } from "../../schemas/catalog.ts";
import { checkFigures } from "../../schemas/check/figures.ts";
import { formatProblem, sortProblems, type Lang } from "../../schemas/check/problem.ts";
import { checkQuotesInDocuments } from "../../schemas/check/seeds.ts";
import { FIGURES_FILE } from "../../sources/report.ts";
import { CliError, EXIT } from "./errors.ts";

export interface CheckOptions {
  /** `vi`, `en`, or both on each line (Vietnamese first) when unset. */
  lang?: string;
  catalogDir?: string;
  figuresFile?: string;
  /** The seed documents: when given, each quote must appear in its document verbatim. */
  documentsDir?: string;
  print?: (line: string) => void;
}

/**
 * `chiso check`: validates the catalog and the transcribed figures and prints every problem,
 * one per line with file, line, id and field. Returns 0 when clean, 1 when not.
 */
export function check(opts: CheckOptions = {}): number {
  const lang = (opts.lang ?? "both") as Lang;
  if (!["vi", "en", "both"].includes(lang)) throw new CliError(`--lang must be vi or en, not "${opts.lang}"`, EXIT.usage);
  if (opts.catalogDir && !existsSync(opts.catalogDir)) throw new CliError(`no catalog folder at ${opts.catalogDir}`, EXIT.usage);
  if (opts.documentsDir && !existsSync(opts.documentsDir)) throw new CliError(`no documents folder at ${opts.documentsDir}`, EXIT.usage);
  const print = opts.print ?? ((line: string) => console.log(line));

  const { catalog, problems, locations, brokenIndicators } = readCatalog(opts.catalogDir ?? CATALOG_DIR);
  const indicators = new Map(catalog.indicators.map((i) => [i.id, i]));
  problems.push(...checkFigures(opts.figuresFile ?? FIGURES_FILE, indicators, brokenIndicators));
  if (opts.documentsDir) problems.push(...checkQuotesInDocuments(catalog, locations, opts.documentsDir));

  for (const p of sortProblems(problems)) print(formatProblem(p, lang));
  const counts = `${catalog.indicators.length} indicators, ${catalog.targets.length} targets, ${catalog.documents.length} documents`;
  const quotes = opts.documentsDir ? { vi: "; lời trích đã đối chiếu với văn bản gốc", en: "; quotes checked against the documents" } : { vi: "", en: "" };
  if (problems.length) {
    const n = problems.length;
    print(lang === "en" ? `${n} problem(s)` : lang === "vi" ? `${n} lỗi` : `${n} lỗi | ${n} problem(s)`);
    return EXIT.failed;
  }
  const vi = `danh mục và số liệu hợp lệ (${catalog.indicators.length} chỉ số, ${catalog.targets.length} chỉ tiêu, ${catalog.documents.length} văn bản${quotes.vi})`;
  const en = `catalog and figures are valid (${counts}${quotes.en})`;
  print(lang === "en" ? en : lang === "vi" ? vi : `${vi} | ${en}`);
  return EXIT.ok;
}
