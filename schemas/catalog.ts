import { readdirSync } from "node:fs";
import { join } from "node:path";
import { formatProblem, sortProblems, type Problem } from "./check/problem.ts";
import { documentRules, indicatorRules, targetRules } from "./check/rules.ts";
import { readTargets } from "./check/targets-file.ts";
import { readYamlList } from "./check/yaml-file.ts";
import { PolicyDocument } from "./document.ts";
import { Indicator } from "./indicator.ts";
import type { Target } from "./target.ts";

export type { Problem } from "./check/problem.ts";

export interface Catalog {
  indicators: Indicator[];
  targets: Target[];
  documents: PolicyDocument[];
}

/**
 * The catalog folder: documents.yaml (the plans and reports), targets.csv (one row per target)
 * and one YAML file of indicators per domain (digital-economy.yaml, ...).
 */
export const CATALOG_DIR = new URL("./catalog/", import.meta.url).pathname;
export const DOCUMENTS_FILE = "documents.yaml";
export const TARGETS_FILE = "targets.csv";

export class CatalogError extends Error {
  override name = "CatalogError";
  constructor(readonly problems: Problem[]) {
    super(`catalog: ${problems.length} problem(s):\n${problems.map((p) => `  ${formatProblem(p)}`).join("\n")}`);
  }
}

/** Where each catalog entry was read from, for messages about it after loading. */
export interface Locations {
  indicators: Map<string, { file: string; line: number }>;
  targets: Map<string, { file: string; line: number }>;
  documents: Map<string, { file: string; line: number }>;
}

/** The indicator files of a catalog folder, in name order (the order indicators load in). */
export function indicatorFiles(dir = CATALOG_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && f !== DOCUMENTS_FILE)
    .sort()
    .map((f) => join(dir, f));
}

/**
 * Reads and cross-checks the whole catalog, collecting every problem rather than stopping at
 * the first. `catalog` holds what could be read; it is complete only when `problems` is empty.
 */
export function readCatalog(dir = CATALOG_DIR): { catalog: Catalog; problems: Problem[]; locations: Locations; brokenIndicators: Set<string> } {
  const docs = readYamlList(join(dir, DOCUMENTS_FILE), "documents", PolicyDocument, { vi: "văn bản", en: "document" });
  const problems = [...docs.problems, ...documentRules(docs.items)];
  const documents = new Map(docs.items.map((d) => [d.item.id, d.item]));

  const brokenIndicators = new Set<string>();
  const indicatorItems = indicatorFiles(dir).flatMap((file) => {
    const read = readYamlList(file, "indicators", Indicator, { vi: "chỉ số", en: "indicator" });
    problems.push(...read.problems);
    for (const id of read.failed) brokenIndicators.add(id);
    return read.items;
  });
  problems.push(...indicatorRules(indicatorItems));
  const indicators = new Map(indicatorItems.map((i) => [i.item.id, i.item]));

  const targets = readTargets(join(dir, TARGETS_FILE), documents, docs.failed);
  problems.push(...targets.problems, ...targetRules(targets.rows, indicators, documents, brokenIndicators));

  const at = (xs: { file: string; line: number }[], ids: string[]) => new Map(xs.map((x, i) => [ids[i]!, { file: x.file, line: x.line }]));
  return {
    catalog: {
      indicators: indicatorItems.map((i) => i.item),
      targets: targets.rows.map((t) => t.target),
      documents: docs.items.map((d) => d.item),
    },
    problems: sortProblems(problems),
    brokenIndicators,
    locations: {
      indicators: at(
        indicatorItems,
        indicatorItems.map((i) => i.item.id),
      ),
      targets: at(
        targets.rows,
        targets.rows.map((t) => t.target.id),
      ),
      documents: at(
        docs.items,
        docs.items.map((d) => d.item.id),
      ),
    },
  };
}

/** Reads the catalog, or throws a CatalogError listing every problem (the checks of `chiso check`). */
export function loadCatalog(dir = CATALOG_DIR): Catalog {
  const { catalog, problems } = readCatalog(dir);
  if (problems.length) throw new CatalogError(problems);
  return catalog;
}
