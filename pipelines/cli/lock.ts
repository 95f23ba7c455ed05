import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { CliError, EXIT } from "./errors.ts";

/**
 * One writer per data folder. DuckDB refuses a second process outright, and a publish reads the
 * warehouse while it writes releases; so refresh, ingest, publish and each run of the daemon take
 * <data-dir>/chiso.lock first. The file names its holder; a lock whose holder is gone (its pid no
 * longer runs on this host) is taken over, so a killed run never blocks the next one.
 */

export interface LockHolder {
  pid: number;
  command: string;
  startedAt: string;
  host: string;
}

export const lockPath = (dataDir: string) => join(dataDir, "chiso.lock");

/** The holder named in the lock file, or null when there is none (or it cannot be read). */
export function lockHolder(dataDir: string): LockHolder | null {
  try {
    return JSON.parse(readFileSync(lockPath(dataDir), "utf8")) as LockHolder;
  } catch {
    return null;
  }
}

function alive(holder: LockHolder): boolean {
  // A lock from another machine (a shared folder) cannot be checked: it counts as held.
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export const describeHolder = (h: LockHolder) => `pid ${h.pid} (${h.command}, since ${h.startedAt}${h.host !== hostname() ? ` on ${h.host}` : ""})`;

// Held locks by data folder: a command that holds the lock may call another that takes it (start: refresh then publish).
const held = new Map<string, { depth: number }>();

function tryCreate(dataDir: string, me: LockHolder): boolean {
  try {
    const fd = openSync(lockPath(dataDir), "wx");
    try {
      writeSync(fd, JSON.stringify(me));
    } finally {
      closeSync(fd);
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

export interface Lock {
  release(): void;
}

/**
 * Takes the data folder's lock for `command`. With `waitSeconds` > 0 a held lock is waited for,
 * up to that long; otherwise (or on timeout) it fails with exit code 3, naming the holder.
 */
export async function acquireLock(dataDir: string, opts: { command: string; waitSeconds?: number; log?: (line: string) => void }): Promise<Lock> {
  const mine = held.get(dataDir);
  if (mine) {
    mine.depth++;
    return { release: () => releaseLock(dataDir) };
  }
  mkdirSync(dataDir, { recursive: true });
  const me: LockHolder = { pid: process.pid, command: opts.command, startedAt: new Date().toISOString(), host: hostname() };
  const deadline = Date.now() + (opts.waitSeconds ?? 0) * 1000;
  let told = false;
  for (;;) {
    if (tryCreate(dataDir, me)) break;
    const holder = lockHolder(dataDir);
    if (holder && !alive(holder)) {
      // Re-read before removing: another waiter may have taken the stale lock over meanwhile.
      const again = lockHolder(dataDir);
      if (again && again.pid === holder.pid && again.startedAt === holder.startedAt) {
        opts.log?.(`lock: taking over ${lockPath(dataDir)} from ${describeHolder(holder)}, which is no longer running`);
        rmSync(lockPath(dataDir), { force: true });
      }
      continue;
    }
    const who = holder ? describeHolder(holder) : "another process (the lock file is being written)";
    if (Date.now() >= deadline) {
      const waited = opts.waitSeconds ? ` after waiting ${opts.waitSeconds}s` : "";
      throw new CliError(`the data folder ${dataDir} is in use by ${who}${waited}; try again later, or wait for it with --wait SECONDS`, EXIT.locked);
    }
    if (!told) opts.log?.(`lock: waiting for ${who} (up to ${opts.waitSeconds}s)`);
    told = true;
    await new Promise((r) => setTimeout(r, 200));
  }
  held.set(dataDir, { depth: 1 });
  return { release: () => releaseLock(dataDir) };
}

function releaseLock(dataDir: string): void {
  const mine = held.get(dataDir);
  if (!mine) return;
  if (--mine.depth > 0) return;
  held.delete(dataDir);
  // Only our own lock is removed: never one a later holder took over.
  if (lockHolder(dataDir)?.pid === process.pid) rmSync(lockPath(dataDir), { force: true });
}

/** Runs `work` holding the lock; the lock goes when it ends, however it ends. */
export async function withLock<T>(
  dataDir: string,
  opts: { command: string; waitSeconds?: number; log?: (line: string) => void },
  work: () => Promise<T>,
): Promise<T> {
  const lock = await acquireLock(dataDir, opts);
  try {
    return await work();
  } finally {
    lock.release();
  }
}

// A process that exits while holding locks (Ctrl-C during a refresh) leaves no lock behind.
process.once("exit", () => {
  for (const dataDir of held.keys()) if (lockHolder(dataDir)?.pid === process.pid) rmSync(lockPath(dataDir), { force: true });
});

/** `--wait SECONDS` as a number: absent is 0 (do not wait). */
export function waitSeconds(text: string | undefined): number {
  if (text === undefined) return 0;
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isFinite(n)) throw new CliError(`--wait must be a whole number of seconds, got "${text}"`, EXIT.usage);
  return n;
}
