import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SOURCES } from "../../../sources/index.ts";
import { sha256 } from "../../../pipelines/files.ts";
import { PROJECT_ROOT, publish, type SiteBuild } from "../../../pipelines/publish/publish.ts";
import { readReleases } from "../../../pipelines/publish/releases.ts";
import { Warehouse } from "../../../pipelines/warehouse/warehouse.ts";
import { internetUsersCatalog, internetUsersFigure } from "../../helpers/catalog.ts";

const catalog = internetUsersCatalog();

/** Every file below `dir` with its sha256 and modification time: what "byte-for-byte as it was" means. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else out.set(relative(dir, p), `${createHash("sha256").update(readFileSync(p)).digest("hex")} ${s.mtimeMs}`);
    }
  };
  walk(dir);
  return out;
}

const siblings = (distDir: string) => readdirSync(dirname(distDir)).filter((f) => f.startsWith(`${basename(distDir)}.`));

describe("publish: only what changed, swapped in whole, releases never replaced", () => {
  let dir: string;
  let dataDir: string;
  let distDir: string;
  let warehouse: Warehouse;
  const lines: string[] = [];
  const log = (line: string) => void lines.push(line);
  let builds = 0;
  const cacheSeen: boolean[] = [];
  // A stand-in for the Framework: a page, and a file in the Framework's cache under the source root.
  const build: SiteBuild = async (root, out) => {
    builds++;
    cacheSeen.push(existsSync(join(root, ".observablehq", "cache", "npm.js")));
    mkdirSync(join(root, ".observablehq", "cache"), { recursive: true });
    writeFileSync(join(root, ".observablehq", "cache", "npm.js"), "cached");
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "index.html"), readFileSync(join(root, "index.md")));
  };
  const at = (iso: string) => new Date(iso);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "chiso-publish-unchanged-"));
    dataDir = join(dir, "data");
    distDir = join(dir, "dist");
    warehouse = await Warehouse.open(join(dataDir, "warehouse.duckdb"));
    await warehouse.syncCatalog(catalog, SOURCES);
    await warehouse.transaction(() => warehouse.appendVintages([internetUsersFigure(78.1, "itu-1")]));
  });
  afterAll(() => {
    warehouse.close();
    // The Framework cache publish keeps for this data folder.
    rmSync(join(PROJECT_ROOT, ".chiso-build", sha256(dataDir).slice(0, 12)), { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it("a second publish with nothing changed says unchanged and leaves the site byte-for-byte", async () => {
    const first = await publish({ warehouse, catalog, dataDir, distDir, log, build, now: at("2026-11-09T08:00:00Z") });
    expect(first.unchanged).toBe(false);
    expect(first.release).toBe("2026-11-09");
    const before = snapshot(distDir);
    expect(before.has("data/status.json")).toBe(true);
    const second = await publish({ warehouse, catalog, dataDir, distDir, log, build, now: at("2026-11-09T09:00:00Z") });
    expect(second.unchanged).toBe(true);
    expect(builds).toBe(1);
    expect(snapshot(distDir)).toEqual(before);
    expect(readReleases(dataDir).map((r) => r.date)).toEqual(["2026-11-09"]);
  });

  it("a second publish with changes on the same day makes release .2 and keeps the first whole, with the Framework's cache kept", async () => {
    const firstRelease = snapshot(join(dataDir, "releases", "2026-11-09"));
    await warehouse.transaction(() => warehouse.appendVintages([internetUsersFigure(79.4, "itu-2")]));
    const result = await publish({ warehouse, catalog, dataDir, distDir, log, build, now: at("2026-11-09T10:00:00Z") });
    expect(result.unchanged).toBe(false);
    expect(result.release).toBe("2026-11-09.2");
    expect(readReleases(dataDir).map((r) => r.date)).toEqual(["2026-11-09", "2026-11-09.2"]);
    expect(snapshot(join(dataDir, "releases", "2026-11-09"))).toEqual(firstRelease);
    expect(readdirSync(join(distDir, "data", "releases")).sort()).toEqual(["2026-11-09", "2026-11-09.2", "index.json"]);
    // The second build found the cache the first one left.
    expect(cacheSeen).toEqual([false, true]);
    expect(siblings(distDir)).toEqual([]);
  });

  it("a publish killed between the two renames of the swap: the next one puts the old site back", async () => {
    const before = snapshot(distDir);
    // What a crash after `dist → dist.previous-<pid>` leaves, from a process that is gone.
    const dead = 2 ** 22 + 12345;
    renameSync(distDir, `${distDir}.previous-${dead}`);
    mkdirSync(`${distDir}.building-${dead}`);
    const result = await publish({ warehouse, catalog, dataDir, distDir, log, build, now: at("2026-11-09T11:00:00Z") });
    expect(result.unchanged).toBe(true);
    expect(snapshot(distDir)).toEqual(before);
    expect(siblings(distDir)).toEqual([]);
    expect(lines.some((l) => l.includes("restored the site"))).toBe(true);
  });

  it("when only a source's last answer changed, only data/status.json is rewritten", async () => {
    const before = snapshot(distDir);
    await warehouse.recordRun({
      runId: "itu-check",
      sourceId: "itu",
      startedAt: "2026-11-09T11:30:00Z",
      finishedAt: "2026-11-09T11:31:00Z",
      status: "unchanged",
      offline: false,
      bodies: 1,
      rowsRead: 1,
      rowsAdded: 0,
      message: "nothing new",
    });
    const result = await publish({ warehouse, catalog, dataDir, distDir, log, build, now: at("2026-11-09T12:00:00Z") });
    expect(result.unchanged).toBe(true);
    const after = snapshot(distDir);
    const changed = [...after.keys()].filter((k) => after.get(k) !== before.get(k));
    expect(changed).toEqual(["data/status.json"]);
    expect(JSON.parse(readFileSync(join(distDir, "data", "status.json"), "utf8")).sources.find((s: { source: string }) => s.source === "itu").lastSuccess).toBe(
      "2026-11-09T11:31:00.000Z",
    );
  });
});
