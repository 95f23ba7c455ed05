import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, rmdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { sha256 } from "../files.ts";

/**
 * Where a publish builds and how it swaps the new site in. The site folder stays a plain folder
 * (`--out DIR`, `chiso serve` and `npm start` all read it as one), so the swap is two renames:
 * dist → dist.previous-<pid>, then dist.building-<pid> → dist. A crash between the two leaves
 * the old site under dist.previous-<pid>; the next publish (or `recoverSite`) puts it back.
 */

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** `dist.building-<pid>` and `dist.previous-<pid>` beside the site folder, with their pids. */
function leftovers(distDir: string): { path: string; kind: "building" | "previous"; pid: number }[] {
  const parent = dirname(distDir);
  if (!existsSync(parent)) return [];
  const prefix = `${basename(distDir)}.`;
  return readdirSync(parent).flatMap((name) => {
    const m = name.startsWith(prefix) ? /^(building|previous)-(\d+)$/.exec(name.slice(prefix.length)) : null;
    return m ? [{ path: join(parent, name), kind: m[1] as "building" | "previous", pid: Number(m[2]) }] : [];
  });
}

/**
 * Undoes what a publish killed mid-swap left: the old site is renamed back when the site folder
 * is missing; half-built folders of processes that no longer run are removed. Says what it did.
 */
export function recoverSite(distDir: string): string[] {
  const done: string[] = [];
  for (const left of leftovers(distDir)) {
    if (alive(left.pid) && left.pid !== process.pid) continue;
    if (left.kind === "previous" && !existsSync(distDir)) {
      renameSync(left.path, distDir);
      done.push(`restored the site from ${left.path}, left by an interrupted publish`);
    } else {
      rmSync(left.path, { recursive: true, force: true });
      done.push(`removed ${left.path}, left by an interrupted publish`);
    }
  }
  return done;
}

/** Renames the built site in place of the live one; the live one is served until the first rename. */
export function swapIn(building: string, distDir: string): void {
  const previous = `${distDir}.previous-${process.pid}`;
  rmSync(previous, { recursive: true, force: true });
  if (existsSync(distDir)) renameSync(distDir, previous);
  try {
    renameSync(building, distDir);
  } catch (error) {
    if (existsSync(previous)) renameSync(previous, distDir);
    throw error;
  }
  rmSync(previous, { recursive: true, force: true });
}

/**
 * A publish's own staging folder, under the project (so page imports resolve from its
 * node_modules): .chiso-build/<data folder's hash>/run-<pid>-<time>/. Beside the runs sits the
 * Framework's cache for that data folder, kept from one publish to the next.
 */
export function stageFor(projectRoot: string, dataDir: string) {
  const home = join(projectRoot, ".chiso-build", sha256(dataDir).slice(0, 12));
  const stage = join(home, `run-${process.pid}-${Date.now()}`);
  const cache = join(home, "framework-cache");
  const src = join(stage, "src");
  const srcCache = join(src, ".observablehq", "cache");
  return {
    stage,
    src,
    /** Puts the kept cache where the Framework looks for it (the source root). */
    restoreCache() {
      if (existsSync(cache)) cpSync(cache, srcCache, { recursive: true });
    },
    /** Keeps the cache of a build that succeeded for the next publish. */
    keepCache() {
      if (!existsSync(srcCache)) return;
      const fresh = `${cache}.${process.pid}.tmp`;
      rmSync(fresh, { recursive: true, force: true });
      mkdirSync(dirname(fresh), { recursive: true });
      renameSync(srcCache, fresh);
      rmSync(cache, { recursive: true, force: true });
      renameSync(fresh, cache);
    },
    /** Removes this publish's stage, and the data folder's folder when nothing else is in it. */
    remove() {
      rmSync(stage, { recursive: true, force: true });
      try {
        rmdirSync(home);
      } catch {
        // Not empty: the cache or another publish's stage is there.
      }
    },
  };
}
