import { readFileSync } from "node:fs";
import { parse as parseCsv } from "csv-parse/sync";
import type { PolicyDocument } from "../document.ts";
import { Target } from "../target.ts";
import { problem, shown, type Problem } from "./problem.ts";
import { describeIssue, valueAt } from "./zod-issues.ts";

/**
 * The columns of schemas/catalog/targets.csv. A row names its document by id and clause only:
 * the number, date and seed are read from documents.yaml, so they cannot drift per target.
 * `quote_vi` is the clause's own words, verbatim (" … " marks words left out); `note` is for
 * reviewers and is not published.
 */
export const TARGET_COLUMNS = ["id", "indicator_id", "comparator", "value", "deadline", "document_id", "clause", "quote_vi", "wording_en", "note"] as const;
/**
 * Columns a row may leave out: `geo` (empty or absent: VN-SG, the city; VN for a goal set for the
 * whole country) and `rule` (empty or absent: level; each-year for an annual rate).
 */
export const OPTIONAL_TARGET_COLUMNS = ["geo", "rule"] as const;
type Column = (typeof TARGET_COLUMNS)[number] | (typeof OPTIONAL_TARGET_COLUMNS)[number];

/** Which column a field of the Target object comes from, so zod's issues name the column. */
const COLUMN_OF: Record<string, Column> = {
  id: "id",
  indicatorId: "indicator_id",
  comparator: "comparator",
  value: "value",
  deadline: "deadline",
  "document.id": "document_id",
  "document.clause": "clause",
  "wording.vi": "quote_vi",
  "wording.en": "wording_en",
  geo: "geo",
  rule: "rule",
};

export interface TargetRow {
  target: Target;
  file: string;
  line: number;
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/** A figure as the file must hold it: "90%" or "12,5" get a hint at the plain number meant. */
function numberProblem(file: string, line: number, id: string, raw: string): Problem {
  const plain = raw.replace(/%$/, "").replace(",", ".").trim();
  const hint = NUMBER.test(plain) ? { vi: `; ghi ${plain}`, en: `; write ${plain}` } : { vi: "", en: "" };
  return problem(
    file,
    line,
    id,
    "value",
    `${shown(raw)} không phải là một số${hint.vi} (chỉ ghi số, dấu chấm thập phân; đơn vị lấy từ chỉ số)`,
    `${shown(raw)} is not a number${hint.en} (the number alone, a dot for decimals; the unit comes from the indicator)`,
  );
}

/** A row's citation: a document of documents.yaml, and a section of it. */
function citationProblem(
  file: string,
  line: number,
  id: string,
  cell: Record<Column, string>,
  documents: ReadonlyMap<string, PolicyDocument>,
  brokenDocuments: ReadonlySet<string>,
): Problem | undefined {
  const doc = documents.get(cell.document_id);
  if (!cell.document_id)
    return problem(
      file,
      line,
      id,
      "document_id",
      `điều khoản ${shown(cell.clause)} không nêu văn bản nào: document_id để trống`,
      `clause ${shown(cell.clause)} names no document: document_id is empty`,
    );
  // A document with problems of its own is reported in documents.yaml; its clauses wait till then.
  if (brokenDocuments.has(cell.document_id)) return undefined;
  const known = [...documents.keys()].join(", ");
  if (!doc)
    return problem(
      file,
      line,
      id,
      "document_id",
      `${shown(cell.document_id)} không có trong documents.yaml (có: ${known})`,
      `${shown(cell.document_id)} names no document in documents.yaml (known: ${known})`,
    );
  if (doc.sections.some((s) => s.id === cell.clause)) return undefined;
  const sections = doc.sections.map((s) => s.id).join(", ");
  return problem(
    file,
    line,
    id,
    "clause",
    `${shown(cell.clause)} không phải là một mục của ${doc.id} (các mục: ${sections})`,
    `${shown(cell.clause)} is not a section of ${doc.id} (sections: ${sections})`,
  );
}

/**
 * Reads targets.csv, resolving each row's document from `documents`. Every row is checked and
 * every problem kept; rows with none come back as Targets, in file order.
 */
export function readTargets(
  file: string,
  documents: ReadonlyMap<string, PolicyDocument>,
  /** Documents that exist but failed their own checks: already reported, so not "unknown" here. */
  brokenDocuments: ReadonlySet<string> = new Set(),
): { rows: TargetRow[]; problems: Problem[] } {
  const problems: Problem[] = [];
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(readFileSync(file, "utf8"), {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as typeof records;
  } catch (cause) {
    const e = cause as Error & { lines?: number };
    return { rows: [], problems: [problem(file, e.lines ?? 0, "", "", `không đọc được tệp CSV: ${e.message}`, `cannot read the CSV file: ${e.message}`)] };
  }
  const [head, ...body] = records;
  const header = head?.record ?? [];
  const missing = TARGET_COLUMNS.filter((c) => !header.includes(c));
  for (const c of missing) problems.push(problem(file, 1, "", c, `thiếu cột "${c}"`, `column "${c}" is missing`));
  const known: readonly string[] = [...TARGET_COLUMNS, ...OPTIONAL_TARGET_COLUMNS];
  for (const c of header.filter((h) => !known.includes(h))) problems.push(problem(file, 1, "", c, `cột không xác định "${c}"`, `unknown column "${c}"`));
  if (missing.length) return { rows: [], problems };

  const rows: TargetRow[] = [];
  // Every row's id counts, broken rows too: a copied row keeps its id, whatever else is wrong with it.
  const firstLine = new Map<string, number>();
  for (const { record, info } of body) {
    // info.lines is where the record ends; a quoted line break inside a cell moves its start up.
    const line = info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    const cell = Object.fromEntries(header.map((h, i) => [h, record[i] ?? ""])) as Record<Column, string>;
    const id = cell.id || `row ${line}`;
    if (record.length !== header.length) {
      problems.push(
        problem(
          file,
          line,
          id,
          "",
          `có ${record.length} ô, tiêu đề có ${header.length} cột (thiếu dấu phẩy, hay dấu ngoặc kép?)`,
          `has ${record.length} cells but the header has ${header.length} columns (a comma or a quote out of place?)`,
        ),
      );
      continue;
    }
    const before = problems.length;
    const first = cell.id ? firstLine.get(cell.id) : undefined;
    if (first)
      problems.push(problem(file, line, id, "id", `chỉ tiêu ${id} đã được khai báo tại dòng ${first}`, `target ${id} is already defined at line ${first}`));
    else if (cell.id) firstLine.set(cell.id, line);
    if (!NUMBER.test(cell.value)) problems.push(numberProblem(file, line, id, cell.value));
    if (!/^\d{4}$/.test(cell.deadline))
      problems.push(
        problem(file, line, id, "deadline", `${shown(cell.deadline)} không phải là một năm (YYYY)`, `${shown(cell.deadline)} is not a year (YYYY)`),
      );
    const doc = documents.get(cell.document_id);
    const citation = citationProblem(file, line, id, cell, documents, brokenDocuments);
    if (citation) problems.push(citation);
    const candidate = {
      id: cell.id,
      indicatorId: cell.indicator_id,
      comparator: cell.comparator,
      value: NUMBER.test(cell.value) ? Number(cell.value) : 0,
      deadline: /^\d{4}$/.test(cell.deadline) ? Number(cell.deadline) : 2000,
      document: {
        id: cell.document_id,
        number: doc?.number ?? "?",
        date: doc?.date ?? "2000-01",
        clause: cell.clause,
        seed: doc?.seed ?? "000_0000000000000000.txt",
      },
      wording: { vi: cell.quote_vi, en: cell.wording_en },
      ...(cell.geo ? { geo: cell.geo } : {}),
      ...(cell.rule ? { rule: cell.rule } : {}),
    };
    const parsed = Target.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const column = COLUMN_OF[issue.path.join(".")];
        if (column === "document_id" && problems.length > before) continue; // already said
        const { vi, en } = describeIssue(issue, column ? cell[column] : valueAt(candidate, issue.path));
        problems.push(problem(file, line, id, column ?? issue.path.join("."), vi, en));
      }
    }
    if (parsed.success && problems.length === before) rows.push({ target: parsed.data, file, line });
  }
  return { rows, problems };
}
