import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { qualifierOf } from "../../schemas/labels.ts";
import type { ObservationRow } from "../../schemas/published.ts";
import { filesBelow, sha256Files, writeAtomic } from "../files.ts";

/**
 * Releases: each publish whose data differ from the last release is kept, whole, under
 * data/releases/<id>/ in the data folder and copied into every site, so a citation to a release
 * keeps pointing at the figures it cited. A release is never replaced: the first of a day is
 * YYYY-MM-DD, a second with changes the same day YYYY-MM-DD.2, and so on.
 */

export interface Revision {
  indicator_id: string;
  geo: string;
  period: string;
  source_id: string;
  series_code: string;
  from: number | null;
  to: number | null;
  from_flags?: string[];
  to_flags?: string[];
}

export interface ReleaseChanges {
  added: Revision[];
  revised: Revision[];
  removed: Revision[];
  indicators: string[];
  /**
   * How many of each there were, when the lists hold only the first LISTED_CHANGES of each: a
   * release of a million new figures keeps its index and changelog readable (and small); the
   * release's own files hold every figure.
   */
  counts?: { added: number; revised: number; removed: number };
}

/** The most changes of each kind a release lists by name. */
export const LISTED_CHANGES = 1000;

/** How many figures were added, revised and withdrawn, listed or not. */
export const changeCounts = (c: ReleaseChanges) => c.counts ?? { added: c.added.length, revised: c.revised.length, removed: c.removed.length };

/** The changes with at most `limit` of each kind listed, and the counts of all. */
export function listedChanges(c: ReleaseChanges, limit = LISTED_CHANGES): ReleaseChanges {
  if (c.added.length <= limit && c.revised.length <= limit && c.removed.length <= limit) return c;
  return {
    added: c.added.slice(0, limit),
    revised: c.revised.slice(0, limit),
    removed: c.removed.slice(0, limit),
    indicators: c.indicators,
    counts: changeCounts(c),
  };
}

export interface Release {
  /** The release's id: YYYY-MM-DD, or YYYY-MM-DD.N for the N-th release of that day. */
  date: string;
  publishedAt: string;
  fingerprint: string;
  observations: number;
  /** The release this one is compared with; null for the first. */
  previous: string | null;
  changes: ReleaseChanges;
  /** Set by chiso before releases became immutable, when an earlier release of the same day was replaced. */
  replacedSameDay?: boolean;
}

const keyOf = (r: Pick<ObservationRow, "indicator_id" | "geo" | "period" | "source_id" | "series_code">) =>
  `${r.indicator_id}|${r.geo}|${r.period}|${r.source_id}|${r.series_code}`;

/** What changed between two releases' latest values: new figures, revised figures (from what), dropped figures. */
export function diffReleases(previous: ObservationRow[], current: ObservationRow[]): ReleaseChanges {
  const before = new Map(previous.map((r) => [keyOf(r), r]));
  const after = new Map(current.map((r) => [keyOf(r), r]));
  const ref = (r: ObservationRow) => ({ indicator_id: r.indicator_id, geo: r.geo, period: r.period, source_id: r.source_id, series_code: r.series_code });
  const added: Revision[] = [];
  const revised: Revision[] = [];
  const removed: Revision[] = [];
  for (const [key, now] of after) {
    const was = before.get(key);
    if (!was) added.push({ ...ref(now), from: null, to: now.value });
    else if (was.value !== now.value || was.flags.join(";") !== now.flags.join(";") || was.status !== now.status)
      revised.push({ ...ref(now), from: was.value, to: now.value, from_flags: was.flags, to_flags: now.flags });
  }
  for (const [key, was] of before) if (!after.has(key)) removed.push({ ...ref(was), from: was.value, to: null });
  const indicators = [...new Set([...added, ...revised, ...removed].map((r) => r.indicator_id))].sort();
  return { added, revised, removed, indicators };
}

const releasesDir = (dataDir: string) => join(dataDir, "releases");
const indexPath = (dataDir: string) => join(releasesDir(dataDir), "index.json");

export function readReleases(dataDir: string): Release[] {
  const path = indexPath(dataDir);
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as Release[]) : [];
}

/** The release today's data belong to: the last one when nothing changed, else a new one: today (UTC), or today.N when today has one. */
export function planRelease(releases: Release[], fingerprint: string, now: Date): { date: string; isNew: boolean } {
  const last = releases.at(-1);
  if (last?.fingerprint === fingerprint) return { date: last.date, isNew: false };
  const day = now.toISOString().slice(0, 10);
  const taken = releases.filter((r) => r.date === day || r.date.startsWith(`${day}.`)).map((r) => (r.date === day ? 1 : Number(r.date.slice(11))));
  return { date: taken.length ? `${day}.${Math.max(...taken) + 1}` : day, isNew: true };
}

/** The latest values of a past release, as it published them. */
function releasedRows(dataDir: string, date: string): ObservationRow[] {
  const path = join(releasesDir(dataDir), date, "observations.json");
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as ObservationRow[]) : [];
}

/**
 * Keeps the bulk files of this publish as the release of `date`: copied into a temporary folder,
 * given its SHA256SUMS and CHANGES.md, then renamed into place; the index is written last.
 */
export function recordRelease(opts: {
  dataDir: string;
  date: string;
  now: Date;
  fingerprint: string;
  rows: ObservationRow[];
  /** What changed against the last release (`pendingChanges`); the release lists part of it and counts all. */
  changes: ReleaseChanges;
  /** Bulk files to keep, relative to `from`. */
  files: string[];
  from: string;
}): Release {
  const releases = readReleases(opts.dataDir);
  const dir = join(releasesDir(opts.dataDir), opts.date);
  if (releases.some((r) => r.date === opts.date) || existsSync(dir))
    throw new Error(`release ${opts.date} exists already in ${releasesDir(opts.dataDir)}; a release is never replaced`);
  const previous = releases.at(-1) ?? null;
  const changes = listedChanges(opts.changes);
  const release: Release = {
    date: opts.date,
    publishedAt: opts.now.toISOString(),
    fingerprint: opts.fingerprint,
    observations: opts.rows.length,
    previous: previous?.date ?? null,
    changes,
  };
  const tmp = `${dir}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  for (const file of opts.files) {
    mkdirSync(dirname(join(tmp, file)), { recursive: true });
    cpSync(join(opts.from, file), join(tmp, file));
  }
  writeAtomic(join(tmp, "CHANGES.md"), changelogMarkdown([release]));
  writeSha256Sums(tmp);
  renameSync(tmp, dir);
  writeAtomic(indexPath(opts.dataDir), JSON.stringify([...releases, release], null, 1));
  return release;
}

/** Copies every kept release into the site's data folder, with the index. */
export function publishReleases(dataDir: string, dataOut: string): Release[] {
  const releases = readReleases(dataDir);
  const out = join(dataOut, "releases");
  mkdirSync(out, { recursive: true });
  for (const r of releases) cpSync(join(releasesDir(dataDir), r.date), join(out, r.date), { recursive: true });
  writeAtomic(join(out, "index.json"), JSON.stringify(releases, null, 1));
  writeAtomic(join(dataOut, "CHANGELOG.md"), changelogMarkdown([...releases].reverse()));
  return releases;
}

/** A figure in the changelog's running text: "over 70", "about 2.9", as the documents word it. */
const fmt = (v: number | null, flags: string[] = []) => {
  const qualifier = qualifierOf(flags);
  return v === null ? "—" : `${qualifier ? `${qualifier.en} ` : ""}${v}`;
};
const where = (r: Revision) => `${r.indicator_id} ${r.geo} ${r.period} (${r.source_id} ${r.series_code})`;

/** A readable changelog, newest release first: which indicators, which values, revised from what. */
export function changelogMarkdown(releases: Release[]): string {
  const lines = [
    "# Changelog",
    "",
    "Each release keeps the bulk files under `releases/<release>/` (an indicator's own files are its rows of them: filter on `indicator_id`); this lists what changed in each, against the release before it.",
    "",
  ];
  for (const r of releases) {
    const c = r.changes;
    const n = changeCounts(c);
    lines.push(`## ${r.date}`, "");
    lines.push(
      `${r.observations} current figures. ${n.added} new, ${n.revised} revised, ${n.removed} withdrawn` +
        `${r.previous ? ` since ${r.previous}` : " (first release)"}. Indicators touched: ${c.indicators.length ? c.indicators.join(", ") : "none"}.` +
        `${r.replacedSameDay ? " It replaced an earlier release of the same day (before releases were kept whole)." : ""}`,
      "",
    );
    if (c.revised.length) {
      lines.push("Revised:", "");
      for (const v of c.revised) lines.push(`- ${where(v)}: ${fmt(v.from, v.from_flags)} → ${fmt(v.to, v.to_flags)}`);
      lines.push("");
    }
    if (c.removed.length) {
      lines.push("Withdrawn:", "");
      for (const v of c.removed) lines.push(`- ${where(v)}: was ${fmt(v.from)}`);
      lines.push("");
    }
    if (c.added.length) {
      lines.push("New:", "");
      for (const v of c.added) lines.push(`- ${where(v)}: ${fmt(v.to)}`);
      lines.push("");
    }
    if (c.counts) {
      lines.push(`Only the first ${LISTED_CHANGES} of each kind are listed; the release's files hold every figure.`, "");
    }
  }
  return lines.join("\n");
}

/** `sha256sum -c SHA256SUMS` format over every file below `dir` (itself excluded), sorted by path. */
export function writeSha256Sums(dir: string): number {
  const files = filesBelow(dir)
    .map((p) => relative(dir, p).split("\\").join("/"))
    .filter((p) => p !== "SHA256SUMS")
    .sort();
  writeAtomic(join(dir, "SHA256SUMS"), files.map((f) => `${sha256Files(join(dir, f)).sha256}  ${f}\n`).join(""));
  return files.length;
}

/** What the next release records against the last one: publish diffs once, for the changes page and the release. */
export function pendingChanges(dataDir: string, rows: ObservationRow[]): ReleaseChanges {
  const previous = readReleases(dataDir).at(-1);
  return diffReleases(previous ? releasedRows(dataDir, previous.date) : [], rows);
}
