import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalServer, type LocalServer } from "../helpers/local-server.ts";

const CLI = new URL("../../bin/chiso.js", import.meta.url).pathname;

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real command line in a child process. Asynchronous on purpose: a test's local server
 * answers from this process while the child runs.
 */
function chiso(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  // Only what the child needs: no CHISO_* setting of the shell that runs the tests leaks in.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CHISO_") && k !== "PORT"));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...base, NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A failure the user can act on is one line (or a few), never a stack trace. */
const noStack = (o: Outcome) => expect(o.stderr).not.toMatch(/^\s+at /m);

describe("chiso exit codes: 0 success, 1 a failure, 2 a usage error", () => {
  let dir: string;
  let dataDir: string;
  let server: LocalServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "chiso-exit-codes-"));
    dataDir = join(dir, "data");
    // Answers 404 to every request: an upstream that says no, at once and without retries.
    server = await startLocalServer({});
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe("usage errors exit 2", () => {
    it("an unknown command", async () => {
      const o = await chiso(["frobnicate"]);
      expect(o).toMatchObject({ code: 2, stdout: "" });
      expect(o.stderr).toBe(`chiso: unknown command "frobnicate"; run 'chiso --help'\n`);
    });

    it("an unknown option", async () => {
      const o = await chiso(["status", "--bogus", "--data-dir", dataDir]);
      expect(o.code).toBe(2);
      expect(o.stderr).toMatch(/^chiso: Unknown option '--bogus'; run 'chiso status --help'\n$/);
    });

    it("an argument no command takes", async () => {
      const o = await chiso(["refresh", "everything", "--data-dir", dataDir]);
      expect(o.code).toBe(2);
      expect(o.stderr).toContain("run 'chiso refresh --help'");
    });

    it("a source that does not exist", async () => {
      const o = await chiso(["refresh", "--source", "nope", "--offline", "--data-dir", dataDir]);
      expect(o.code).toBe(2);
      expect(o.stderr).toMatch(/^chiso: unknown source "nope"; sources are: .*worldbank/m);
      noStack(o);
    });

    it("a setting in the environment that is not valid", async () => {
      const o = await chiso(["sources", "--data-dir", dataDir], { CHISO_WORLDBANK_URL: "ftp://example.org" });
      expect(o.code).toBe(2);
      expect(o.stderr).toMatch(/^chiso: configuration: CHISO_WORLDBANK_URL="ftp:\/\/example\.org": /);
    });

    it("a port that is not a number", async () => {
      const site = join(dir, "site");
      mkdirSync(site, { recursive: true });
      const o = await chiso(["serve", "--port", "eighty", "--out", site]);
      expect(o.code).toBe(2);
      expect(o.stderr).toBe(`chiso: --port must be a port number, got "eighty"\n`);
    });
  });

  describe("failures exit 1", () => {
    it("publish with no warehouse", async () => {
      const o = await chiso(["publish", "--data-dir", join(dir, "empty"), "--out", join(dir, "dist")]);
      expect(o.code).toBe(1);
      expect(o.stderr).toBe(`chiso: no warehouse at ${join(dir, "empty", "warehouse.duckdb")}: run 'chiso refresh' first\n`);
    });

    it("a warehouse file that is not a warehouse", async () => {
      const broken = join(dir, "broken");
      mkdirSync(broken, { recursive: true });
      writeFileSync(join(broken, "warehouse.duckdb"), "not a database");
      const o = await chiso(["status", "--data-dir", broken]);
      expect(o.code).toBe(1);
      expect(o.stderr).toMatch(/^chiso: cannot open the warehouse .*warehouse\.duckdb: /);
      noStack(o);
    });
  });

  describe("success exits 0", () => {
    it("--help, and a command's --help", async () => {
      const main = await chiso(["--help"]);
      expect(main).toMatchObject({ code: 0, stderr: "" });
      expect(main.stdout).toContain("Usage: chiso <command> [options]");
      const refresh = await chiso(["refresh", "--help"]);
      expect(refresh.code).toBe(0);
      expect(refresh.stdout).toContain("Usage: chiso refresh [--source ID] [--offline] [--data-dir DIR]");
    });

    // The tests below share one data folder, in order: the offline refresh creates the warehouse.
    it("refresh --offline, from the bundled recordings", async () => {
      const o = await chiso(["refresh", "--offline", "--data-dir", dataDir]);
      expect(o.code).toBe(0);
      expect(o.stderr).toMatch(/^refresh: warehouse .* holds \d+ current figures in \d+ vintages$/m);
      expect(o.stderr).not.toMatch(/: failed/);
    });

    it("a source that fails exits 1, and status then shows why with exit 0", async () => {
      const failed = await chiso(["refresh", "--source", "worldbank", "--data-dir", dataDir], { CHISO_WORLDBANK_URL: server.url });
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(/^refresh: worldbank: failed \(upstream, HTTP 404\): /m);
      expect(server.hits.length).toBeGreaterThan(0);

      const status = await chiso(["status", "--data-dir", dataDir]);
      expect(status.code).toBe(0);
      expect(status.stdout).toMatch(/^ {2}worldbank {4}failed {5}\S+Z {2}\[upstream, HTTP 404\] /m);
      expect(status.stdout).toMatch(/^ {2}gso-pxweb {4}ok /m);
    });
  });
});
