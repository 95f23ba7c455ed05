import { readFileSync } from "node:fs";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import type { z } from "zod";
import { fieldName, problem, type Problem } from "./problem.ts";
import { describeIssue, unknownKeys, valueAt } from "./zod-issues.ts";

/** A list item read from a YAML file, with the means to find the line of any of its fields. */
export interface YamlItem<T> {
  item: T;
  file: string;
  line: number;
  /** The 1-based line of a field of this item (`["series", 2, "geo"]`), or the item's own line. */
  lineOf(path: readonly PropertyKey[]): number;
}

/** The line of the deepest node on `path` that exists: a missing field points at its parent. */
function lineAt(root: Node | null | undefined, lines: LineCounter, path: readonly PropertyKey[]): number {
  let node: unknown = root;
  let line = 1;
  const lineOfOffset = (n: { range?: [number, number, number] | null } | null | undefined) => (n?.range ? lines.linePos(n.range[0]).line : line);
  line = lineOfOffset(node as Node);
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
      if (!pair) break;
      line = lineOfOffset(pair.key as Node);
      node = pair.value;
    } else if (isSeq(node) && typeof key === "number" && node.items[key]) {
      node = node.items[key];
      line = lineOfOffset(node as Node);
    } else break;
  }
  return line;
}

/**
 * Reads `listKey` (a list of items) from a YAML file and validates each item on its own, so one
 * broken item does not hide the others. Items that pass come back typed, with their lines.
 */
export function readYamlList<T>(
  file: string,
  listKey: string,
  schema: z.ZodType<T>,
  kind: { vi: string; en: string },
): { items: YamlItem<T>[]; problems: Problem[]; failed: Set<string> } {
  const problems: Problem[] = [];
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    return {
      items: [],
      failed: new Set(),
      problems: [problem(file, 0, "", "", `không đọc được tệp (${(cause as Error).message})`, `cannot read the file (${(cause as Error).message})`)],
    };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  for (const e of doc.errors) {
    const line = lines.linePos(e.pos[0]).line;
    const what = e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
    problems.push(problem(file, line, "", "", `lỗi cú pháp YAML: ${what}`, `YAML syntax error: ${what}`));
  }
  if (doc.errors.length) return { items: [], problems, failed: new Set() };

  const data = doc.toJS() as unknown;
  const list = valueAt(data, [listKey]);
  if (!Array.isArray(list)) {
    const line = lineAt(doc.contents, lines, [listKey]);
    problems.push(problem(file, line, "", listKey, `cần một danh sách ${kind.vi} dưới khóa "${listKey}:"`, `needs a list of ${kind.en} under "${listKey}:"`));
    return { items: [], problems, failed: new Set() };
  }
  for (const key of Object.keys(data as object)) {
    if (key !== listKey) problems.push(problem(file, lineAt(doc.contents, lines, [key]), "", key, `trường không xác định "${key}"`, `unknown field "${key}"`));
  }

  const items: YamlItem<T>[] = [];
  // Ids of items that failed, so what refers to them is not also reported as pointing nowhere.
  const failed = new Set<string>();
  list.forEach((raw: unknown, index) => {
    const lineOf = (path: readonly PropertyKey[]) => lineAt(doc.contents, lines, [listKey, index, ...path]);
    const rawId = valueAt(raw, ["id"]);
    const id = typeof rawId === "string" && rawId ? rawId : `${kind.en} #${index + 1}`;
    for (const path of unknownKeys(schema, raw)) {
      const name = String(path[path.length - 1]);
      problems.push(
        problem(
          file,
          lineOf(path),
          id,
          fieldName(path),
          `trường không xác định "${name}" (viết sai tên trường?)`,
          `unknown field "${name}" (a misspelt field name?)`,
        ),
      );
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const { vi, en } = describeIssue(issue, valueAt(raw, issue.path));
        problems.push(problem(file, lineOf(issue.path), id, fieldName(issue.path), vi, en));
      }
      failed.add(id);
      return;
    }
    items.push({ item: parsed.data, file, line: lineOf([]), lineOf });
  });
  return { items, problems, failed };
}
