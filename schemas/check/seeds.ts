import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Catalog, Locations } from "../catalog.ts";
import { problem, type Problem } from "./problem.ts";
import { normaliseText, quoteFragments } from "./quote.ts";

/**
 * Checks each target's quote against its document's text in `dir` (the seed documents, which
 * live outside the repository): every fragment must appear there verbatim, whitespace aside.
 */
export function checkQuotesInDocuments(catalog: Catalog, locations: Locations, dir: string): Problem[] {
  const problems: Problem[] = [];
  const texts = new Map<string, string | undefined>();
  const text = (seed: string) => {
    if (!texts.has(seed)) texts.set(seed, existsSync(join(dir, seed)) ? normaliseText(readFileSync(join(dir, seed), "utf8")) : undefined);
    return texts.get(seed);
  };
  for (const d of catalog.documents) {
    const where = locations.documents.get(d.id);
    if (text(d.seed) === undefined)
      problems.push(
        problem(where?.file ?? "documents.yaml", where?.line ?? 0, d.id, "seed", `không có tệp ${d.seed} trong ${dir}`, `${d.seed} is not in ${dir}`),
      );
  }
  for (const t of catalog.targets) {
    const body = text(t.document.seed);
    const where = locations.targets.get(t.id);
    if (body === undefined) continue; // said once, for the document
    for (const fragment of quoteFragments(t.wording.vi))
      if (!body.includes(fragment))
        problems.push(
          problem(
            where?.file ?? "targets.csv",
            where?.line ?? 0,
            t.id,
            "quote_vi",
            `"${fragment}" không có nguyên văn trong ${t.document.seed}`,
            `"${fragment}" is not verbatim in ${t.document.seed}`,
          ),
        );
  }
  return problems;
}
