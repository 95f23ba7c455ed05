import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CliError, EXIT } from "../../../pipelines/cli/errors.ts";
import { acquireLock, lockHolder, lockPath, waitSeconds, withLock } from "../../../pipelines/cli/lock.ts";

describe("the data folder's lock: one writer at a time", () => {
  let dataDir: string;
  let other: ChildProcess | undefined;
  // Another writer: a live process named in the lock file, as a second chiso would leave it.
  const heldByOther = () => {
    other = spawn("sleep", ["30"], { stdio: "ignore" });
    writeFileSync(lockPath(dataDir), JSON.stringify({ pid: other.pid, command: "chiso refresh", startedAt: "2026-12-02T06:00:00.000Z", host: hostname() }));
  };
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "chiso-lock-"));
  });
  afterEach(() => {
    other?.kill();
    other = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("names its holder while held and is gone once released", async () => {
    const lock = await acquireLock(dataDir, { command: "chiso publish" });
    expect(lockHolder(dataDir)).toMatchObject({ pid: process.pid, command: "chiso publish", host: hostname() });
    lock.release();
    expect(existsSync(lockPath(dataDir))).toBe(false);
  });

  it("is taken again by its own holder (start: refresh then publish) and released by the outermost", async () => {
    await withLock(dataDir, { command: "chiso start" }, async () => {
      await withLock(dataDir, { command: "chiso refresh" }, async () => {});
      expect(lockHolder(dataDir)?.command).toBe("chiso start");
    });
    expect(existsSync(lockPath(dataDir))).toBe(false);
  });

  it("a second writer exits 3 naming the holder", async () => {
    heldByOther();
    const error = await acquireLock(dataDir, { command: "chiso publish" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(EXIT.locked);
    expect((error as CliError).message).toContain(`pid ${other!.pid} (chiso refresh, since 2026-12-02T06:00:00.000Z)`);
    expect(JSON.parse(readFileSync(lockPath(dataDir), "utf8")).pid).toBe(other!.pid);
  });

  it("with --wait, waits for the holder to finish; past the wait, exits 3", async () => {
    heldByOther();
    const late = await acquireLock(dataDir, { command: "chiso publish", waitSeconds: 1 }).catch((e: unknown) => e);
    expect((late as CliError).exitCode).toBe(EXIT.locked);
    expect((late as CliError).message).toContain("after waiting 1s");
    setTimeout(() => rmSync(lockPath(dataDir)), 300);
    const lock = await acquireLock(dataDir, { command: "chiso publish", waitSeconds: 5 });
    expect(lockHolder(dataDir)?.pid).toBe(process.pid);
    lock.release();
  });

  it("takes over a lock whose holder is no longer running", async () => {
    const lines: string[] = [];
    writeFileSync(
      lockPath(dataDir),
      JSON.stringify({ pid: 2 ** 22 + 54321, command: "chiso refresh", startedAt: "2026-12-01T00:00:00.000Z", host: hostname() }),
    );
    const lock = await acquireLock(dataDir, { command: "chiso refresh", log: (l) => void lines.push(l) });
    expect(lockHolder(dataDir)?.pid).toBe(process.pid);
    expect(lines.join("\n")).toContain("no longer running");
    lock.release();
  });

  it("--wait takes whole seconds", () => {
    expect(waitSeconds(undefined)).toBe(0);
    expect(waitSeconds("60")).toBe(60);
    expect(() => waitSeconds("soon")).toThrow("--wait must be a whole number of seconds");
  });
});
