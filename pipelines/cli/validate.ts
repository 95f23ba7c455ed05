import { readFileSync } from "node:fs";
import type { Catalog } from "../../schemas/catalog.ts";
import { type CheckedSubmission, checkSubmission, type Problem } from "../../sources/submission/index.ts";
import { CliError, EXIT } from "./errors.ts";
import { departmentContext } from "./template.ts";

export type Lang = "vi" | "en" | "both";

export interface ValidateOptions {
  lang?: string;
  json?: boolean;
  catalog?: Catalog;
  now?: Date;
  print?: (line: string) => void;
}

const WORDS = {
  vi: { sheet: "trang", row: "dòng", column: "cột", empty: "(trống)" },
  en: { sheet: "sheet", row: "row", column: "column", empty: "(empty)" },
  both: { sheet: "trang/sheet", row: "dòng/row", column: "cột/column", empty: "(trống/empty)" },
};

/** One problem on one line: where (file, sheet, row, column), what was found, and the rule, in the chosen language(s). */
export function describeProblem(p: Problem, lang: Lang): string {
  const w = WORDS[lang];
  const where = [p.file];
  if (p.sheet !== null) where.push(`${w.sheet} "${p.sheet}"`);
  if (p.row !== null) where.push(`${w.row} ${p.row}`);
  if (p.column !== null) {
    const [vi, en] = (p.columnName ?? "").split(" / ");
    const name = lang === "vi" ? vi : lang === "en" ? en : p.columnName;
    where.push(`${w.column} ${p.column}${name ? ` (${name})` : ""}`);
  }
  if (p.value !== null) where.push(p.value === "" ? w.empty : JSON.stringify(p.value));
  const said = lang === "vi" ? p.vi : lang === "en" ? p.en : `${p.vi} | ${p.en}`;
  return `${where.join(", ")}: ${said} [${p.rule}]`;
}

function summary(c: CheckedSubmission, lang: Lang): string {
  const how = [c.format, c.encoding, c.delimiter ? `delimiter ${JSON.stringify(c.delimiter)}` : null].filter(Boolean).join(", ");
  const vi = `${c.figures.length} số liệu hợp lệ, ${c.problems.length} lỗi, ${c.blankRows} dòng để trống`;
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  const en = `${n(c.figures.length, "valid figure", "valid figures")}, ${n(c.problems.length, "problem", "problems")}, ${n(c.blankRows, "blank row", "blank rows")}`;
  return `${c.file}${how ? ` (${how})` : ""}: ${lang === "vi" ? vi : lang === "en" ? en : `${vi} | ${en}`}`;
}

/**
 * `chiso validate FILE…`: checks department submissions and prints every problem in every file,
 * never stopping at the first. Writes nothing. Exits 0 when all files are clean, 1 otherwise.
 */
export async function validate(files: string[], opts: ValidateOptions = {}): Promise<number> {
  const lang = (opts.lang ?? "both") as Lang;
  if (!["vi", "en", "both"].includes(lang)) throw new CliError(`--lang must be vi or en, not "${opts.lang}"`, EXIT.usage);
  if (!files.length) throw new CliError("validate needs at least one FILE; run 'chiso validate --help'", EXIT.usage);
  const print = opts.print ?? ((line: string) => console.log(line));
  const ctx = departmentContext(opts.catalog, opts.now);
  const checked: CheckedSubmission[] = [];
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      const reason =
        (error as NodeJS.ErrnoException).code === "ENOENT"
          ? { vi: "Không tìm thấy tệp.", en: "No such file." }
          : { vi: "Không mở được tệp.", en: `The file cannot be opened (${(error as Error).message}).` };
      const problem: Problem = { file, sheet: null, row: null, column: null, columnName: null, value: null, rule: "unreadable-file", ...reason };
      checked.push({ file, format: null, encoding: null, delimiter: null, figures: [], problems: [problem], blankRows: 0 });
      continue;
    }
    checked.push(await checkSubmission(bytes, file, ctx));
  }
  const problems = checked.flatMap((c) => c.problems);
  if (opts.json) {
    const files = checked.map(({ figures, problems, ...c }) => ({ ...c, figures: figures.length, problems: problems.length }));
    print(JSON.stringify({ ok: problems.length === 0, files, problems, figures: checked.flatMap((c) => c.figures) }, null, 2));
  } else {
    for (const p of problems) print(describeProblem(p, lang));
    for (const c of checked) print(summary(c, lang));
  }
  return problems.length ? EXIT.failed : EXIT.ok;
}
