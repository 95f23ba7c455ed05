import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { sha256, writeAtomic } from "../files.ts";
import type { ReportState } from "../judge/reporting.ts";
import type { SourceCalendar } from "../judge/calendar.ts";

/**
 * What the last publish was made from, so a publish with nothing new can leave the site alone:
 * every cache in front of it (browsers, a CDN, mirrors of the downloads) stays valid. The
 * fingerprint covers the figures, the targets' standing, the catalog, the site's source and the
 * code that writes the downloads; not the clock, and not when each source last answered: those
 * live in data/status.json, the one file rewritten in place (and only when it differs).
 */

export interface PublishedState {
  distDir: string;
  fingerprint: string;
  release: string;
  publishedAt: string;
}

const statePath = (dataDir: string) => join(dataDir, "published.json");

export function readPublished(dataDir: string): PublishedState | null {
  try {
    return JSON.parse(readFileSync(statePath(dataDir), "utf8")) as PublishedState;
  } catch {
    return null;
  }
}

export function recordPublished(dataDir: string, state: PublishedState): void {
  writeAtomic(statePath(dataDir), JSON.stringify(state, null, 1));
}

/** The hash of a file, or of every file below a folder (paths and contents), skipping the Framework's cache. */
function treeHash(dir: string): string {
  if (!existsSync(dir)) return "";
  if (!statSync(dir).isDirectory()) return sha256(readFileSync(dir));
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (name === ".observablehq" || name === "node_modules") continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(dir);
  return sha256(files.map((f) => `${relative(dir, f)}\0${sha256(readFileSync(f))}`).join("\n"));
}

export function inputFingerprint(inputs: { data: string[]; catalog: unknown; siteUrl: string; trees: string[] }): string {
  return sha256(
    JSON.stringify({
      data: inputs.data.map((d) => sha256(d)),
      catalog: sha256(JSON.stringify(inputs.catalog)),
      siteUrl: inputs.siteUrl,
      trees: inputs.trees.map(treeHash),
    }),
  );
}

/** Whether the site in `distDir` is the one the last publish made from these very inputs. */
export function isUnchanged(last: PublishedState | null, distDir: string, fingerprint: string): boolean {
  return last !== null && last.distDir === distDir && last.fingerprint === fingerprint && existsSync(join(distDir, "data", "SHA256SUMS"));
}

/**
 * data/status.json: when each source last answered and is next due. Live by nature, so it is
 * outside SHA256SUMS and the releases; it carries no time of its own, so two publishes with the
 * same state write the same bytes.
 */
export function writeStatusFile(dataOut: string, release: string, calendars: Map<string, SourceCalendar>, reports: ReportState[] = []): boolean {
  const path = join(dataOut, "status.json");
  const sources = [...calendars.values()].map((c) => ({
    source: c.id,
    schedule: c.schedule,
    lastSuccess: c.lastSuccess,
    lastExpected: c.lastExpected,
    nextExpected: c.nextExpected,
    overdue: c.overdue,
  }));
  // The departments' reports: which quarter was last due for each indicator they send, and whether it came.
  const text = JSON.stringify({ release, sources, reports }, null, 1);
  if (existsSync(path) && readFileSync(path, "utf8") === text) return false;
  writeAtomic(path, text);
  return true;
}
