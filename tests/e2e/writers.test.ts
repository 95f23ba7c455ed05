import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import datapackage from "datapackage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256 } from "../../pipelines/files.ts";
import { PROJECT_ROOT } from "../../pipelines/publish/publish.ts";
import { Warehouse } from "../../pipelines/warehouse/warehouse.ts";

const CLI = new URL("../../bin/chiso.js", import.meta.url).pathname;

interface Run {
  pid: number;
  done: Promise<{ code: number | null; stderr: string; stdout: string; seconds: number }>;
}

function chiso(args: string[], env: Record<string, string> = {}): Run {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CHISO_") && k !== "PORT"));
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...base, NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  return {
    pid: child.pid!,
    done: new Promise((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stdout, stderr, seconds: (performance.now() - t0) / 1000 }));
    }),
  };
}

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else out[relative(dir, p)] = `${createHash("sha256").update(readFileSync(p)).digest("hex")} ${s.mtimeMs}`;
    }
  };
  walk(dir);
  return out;
}

describe("one writer at a time, and a publish that changes nothing when nothing changed", () => {
  let dir: string;
  let dataDir: string;
  let distDir: string;
  let server: Server;
  let upstream = "";
  let firstRequest: () => void;
  const asked = new Promise<void>((r) => (firstRequest = r));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "chiso-writers-"));
    dataDir = join(dir, "data");
    distDir = join(dir, "dist");
    // An upstream that takes its time, then says no: the refresh holding the lock is slow.
    server = createServer((_req, res) => {
      firstRequest();
      setTimeout(() => res.writeHead(404, { "content-type": "application/json" }).end("{}"), 10_000);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const address = server.address();
    upstream = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    // The Framework cache publish keeps for this data folder.
    rmSync(join(PROJECT_ROOT, ".chiso-build", sha256(dataDir).slice(0, 12)), { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it("a second refresh exits 3 naming the first; one with --wait runs after it; the warehouse is intact", async () => {
    const first = chiso(["refresh", "--source", "worldbank", "--data-dir", dataDir], { CHISO_WORLDBANK_URL: upstream });
    await asked; // the first holds the lock now, for ten seconds more
    const second = chiso(["refresh", "--offline", "--source", "gso-pxweb", "--data-dir", dataDir]);
    const patient = chiso(["refresh", "--offline", "--source", "gso-pxweb", "--wait", "90", "--data-dir", dataDir]);
    const [a, b, c] = await Promise.all([first.done, second.done, patient.done]);
    expect(b.code, b.stderr).toBe(3);
    expect(b.stderr).toContain(`is in use by pid ${first.pid} (chiso refresh --source worldbank, since `);
    expect(a.code, a.stderr).toBe(1); // the upstream said 404
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).toContain(`lock: waiting for pid ${first.pid}`);
    const w = await Warehouse.open(join(dataDir, "warehouse.duckdb"));
    try {
      const runs = await w.query<{ source_id: string; status: string }>("select source_id, status from runs where source_id <> 'derived' order by started_at");
      expect(runs).toEqual([
        { source_id: "worldbank", status: "failed" },
        { source_id: "gso-pxweb", status: "ok" },
      ]);
      expect(await w.scalar("select count(*) from observations")).toBeGreaterThan(0);
    } finally {
      w.close();
    }
    // Every run is in the JSON lines log too.
    const log = readdirSync(join(dataDir, "logs")).flatMap((f) =>
      readFileSync(join(dataDir, "logs", f), "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l)),
    );
    expect(log.filter((l) => l.source !== "derived").map((l) => [l.source, l.outcome, l.failureKind])).toEqual([
      ["worldbank", "failed", "upstream"],
      ["gso-pxweb", "ok", null],
    ]);
  });

  it("status --json exits 1 naming the failing source", async () => {
    const o = await chiso(["status", "--json", "--data-dir", dataDir]).done;
    expect(o.code).toBe(1);
    const status = JSON.parse(o.stdout);
    expect(status.failing).toEqual(["worldbank"]);
    expect(status.lock).toBeNull();
    expect(status.sources.find((s: { id: string }) => s.id === "gso-pxweb").lastSuccess).toMatch(/^\d{4}-/);
  });

  it("two publishes with nothing changed: the second says unchanged and dist/ is byte-identical; its Data Package reads", async () => {
    const first = await chiso(["publish", "--data-dir", dataDir, "--out", distDir]).done;
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain("warning: CHISO_SITE_URL is not set");
    const before = tree(distDir);
    const second = await chiso(["publish", "--data-dir", dataDir, "--out", distDir]).done;
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain("publish: unchanged");
    expect(tree(distDir)).toEqual(before);
    console.log(`unchanged publish: ${second.seconds.toFixed(1)}s (first: ${first.seconds.toFixed(1)}s)`);

    const pkg = await datapackage.Package.load(join(distDir, "data", "datapackage.json"));
    expect(pkg.valid, pkg.errors.join("\n")).toBe(true);
    const latest = JSON.parse(readFileSync(join(distDir, "data", "observations.json"), "utf8")).length;
    const observations = pkg.resources.find((r) => r.name === "utf8-observations-csv")!;
    expect((await observations.read({ cast: true })).length).toBe(latest);
  });
});
