import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { PolicyDocument } from "./document.ts";
import { Indicator } from "./indicator.ts";
import { Target } from "./target.ts";

/** One catalog file per domain: schemas/catalog/<domain>.json */
export const CatalogFile = z.object({
  indicators: z.array(Indicator),
  targets: z.array(Target).default([]),
});
export const DocumentsFile = z.object({ documents: z.array(PolicyDocument) });

export interface Catalog {
  indicators: Indicator[];
  targets: Target[];
  documents: PolicyDocument[];
}

export const CATALOG_DIR = new URL("./catalog/", import.meta.url).pathname;

export class CatalogError extends Error {
  override name = "CatalogError";
}

function readJson<T>(schema: z.ZodType<T>, file: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (cause) {
    throw new CatalogError(`${file}: not valid JSON (${(cause as Error).message})`, { cause });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CatalogError(`${file}: at ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return parsed.data;
}

/** Reads and cross-checks the catalog; every rule broken is reported with its file and path. */
export function loadCatalog(dir = CATALOG_DIR): Catalog {
  const documents = readJson(DocumentsFile, join(dir, "documents.json")).documents;
  const indicators: Indicator[] = [];
  const targets: Target[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith(".json") && f !== "documents.json").sort()) {
    const file = readJson(CatalogFile, join(dir, name));
    indicators.push(...file.indicators);
    targets.push(...file.targets);
  }
  checkReferences({ indicators, targets, documents });
  return { indicators, targets, documents };
}

function duplicates(ids: string[]): string[] {
  return ids.filter((id, i) => ids.indexOf(id) !== i);
}

export function checkReferences({ indicators, targets, documents }: Catalog): void {
  const problems: string[] = [];
  for (const id of duplicates(indicators.map((i) => i.id))) problems.push(`indicator ${id} is defined twice`);
  for (const id of duplicates(targets.map((t) => t.id))) problems.push(`target ${id} is defined twice`);
  const indicatorIds = new Set(indicators.map((i) => i.id));
  const docs = new Map(documents.map((d) => [d.id, d]));
  for (const t of targets) {
    if (!indicatorIds.has(t.indicatorId)) problems.push(`target ${t.id} answers to unknown indicator ${t.indicatorId}`);
    const doc = docs.get(t.document.id);
    if (!doc) problems.push(`target ${t.id} cites unknown document ${t.document.id}`);
    else {
      if (doc.number !== t.document.number) problems.push(`target ${t.id}: document number ${t.document.number} differs from ${doc.number}`);
      if (!doc.sections.some((s) => s.id === t.document.clause)) problems.push(`target ${t.id}: clause ${t.document.clause} is not a section of ${doc.id}`);
    }
  }
  for (const i of indicators) {
    if (i.series.length === 0 && !i.dataGap) problems.push(`indicator ${i.id} has no series and no dataGap saying what would measure it`);
    if (i.series.filter((s) => s.headline).length > 1) problems.push(`indicator ${i.id} marks more than one headline series`);
  }
  if (problems.length) throw new CatalogError(`catalog: ${problems.join("; ")}`);
}
