import { relative, isAbsolute } from "node:path";

/**
 * One thing wrong in the catalog or the transcribed figures, located so a reviewer can go
 * straight to it: the file, the 1-based line, the indicator / target / document id, the field.
 * Every problem is stated in Vietnamese (the catalog's working language) and in English.
 */
export interface Problem {
  file: string;
  /** 1-based line of the file; 0 when the problem belongs to the file as a whole. */
  line: number;
  /** The indicator, target, document or figure the problem is about; "" for the file itself. */
  id: string;
  field: string;
  vi: string;
  en: string;
}

export type Lang = "vi" | "en" | "both";

export function problem(file: string, line: number, id: string, field: string, vi: string, en: string): Problem {
  return { file, line, id, field, vi, en };
}

/** A path shown relative to `base` when it lies inside it, so messages stay short and clickable. */
export function shortPath(file: string, base = process.cwd()): string {
  const rel = relative(base, file);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : file;
}

/** `file:line: id, field: message` — the shape editors and CI logs turn into links. */
export function formatProblem(p: Problem, lang: Lang = "both", base?: string): string {
  const where = p.line > 0 ? `${shortPath(p.file, base)}:${p.line}` : shortPath(p.file, base);
  const what = [p.id, p.field].filter(Boolean).join(", ");
  const text = lang === "vi" ? p.vi : lang === "en" ? p.en : `${p.vi} | ${p.en}`;
  return `${where}: ${what ? `${what}: ` : ""}${text}`;
}

/** Problems in reading order: by file, then line. */
export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

/** A value as a message quotes it: strings in quotes, long values cut short. */
export function shown(value: unknown): string {
  if (value === undefined) return "(nothing)";
  const text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A field path as a reviewer reads it: `series #3.seriesCode` (items counted from 1). */
export function fieldName(path: readonly PropertyKey[]): string {
  return path
    .map((k, i) => (typeof k === "number" ? `#${k + 1}` : `${i ? "." : ""}${String(k)}`))
    .join("")
    .replace(/([^.])#/g, "$1 #");
}
