import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sha256 } from "../../../pipelines/files.ts";
import { PROJECT_ROOT, publish, type SiteBuild } from "../../../pipelines/publish/publish.ts";
import { buildFailureMessage } from "../../../pipelines/publish/site-build.ts";
import { Warehouse } from "../../../pipelines/warehouse/warehouse.ts";
import { internetUsersCatalog } from "../../helpers/catalog.ts";

const catalog = internetUsersCatalog();

/** Everything beside the site folder that a publish may have made: `dist.building-<pid>`, `dist.previous-<pid>`. */
const siblings = (distDir: string) => readdirSync(dirname(distDir)).filter((f) => f.startsWith(`${basename(distDir)}.`));

describe("publish: a failing site build", () => {
  let dir: string;
  let dataDir: string;
  let distDir: string;
  let stage: string;
  let warehouse: Warehouse;
  const lines: string[] = [];
  const log = (line: string) => void lines.push(line);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "chiso-publish-failure-"));
    dataDir = join(dir, "data");
    distDir = join(dir, "dist");
    mkdirSync(dataDir);
    // The site already published: it must still be there, unchanged, after a failed publish.
    mkdirSync(distDir);
    writeFileSync(join(distDir, "index.html"), "the old site");
    // Where publish stages this data folder's site (see publish.ts).
    stage = join(PROJECT_ROOT, ".chiso-build", sha256(dataDir).slice(0, 12));
    warehouse = await Warehouse.open(join(dataDir, "warehouse.duckdb"));
    lines.length = 0;
  });
  afterEach(() => {
    warehouse.close();
    rmSync(stage, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it("leaves the old site, no half-built folder, no staging folder and no release", async () => {
    let output = "";
    // A build that gets half-way: it writes part of the site, then fails.
    const build: SiteBuild = async (_root, out) => {
      output = out;
      mkdirSync(join(out, "indicators"), { recursive: true });
      writeFileSync(join(out, "index.html"), "half a new site");
      throw new Error("site build failed (Observable Framework exited 1): import not found: /components/missing.js");
    };
    await expect(publish({ warehouse, catalog, dataDir, distDir, log, build })).rejects.toThrow("import not found: /components/missing.js");
    expect(output).not.toBe("");
    expect(readFileSync(join(distDir, "index.html"), "utf8")).toBe("the old site");
    expect(existsSync(output)).toBe(false);
    expect(siblings(distDir)).toEqual([]);
    expect(existsSync(stage)).toBe(false);
    // A release is recorded only for a site that built.
    expect(existsSync(join(dataDir, "releases"))).toBe(false);
  });

  it("a failure before the build, reading the warehouse, leaves the old site and no staging folder", async () => {
    const failing = Object.create(warehouse) as Warehouse;
    failing.query = async () => {
      throw new Error("warehouse is locked");
    };
    let built = false;
    const build: SiteBuild = async () => {
      built = true;
    };
    await expect(publish({ warehouse: failing, catalog, dataDir, distDir, log, build })).rejects.toThrow("warehouse is locked");
    expect(built).toBe(false);
    expect(readFileSync(join(distDir, "index.html"), "utf8")).toBe("the old site");
    expect(siblings(distDir)).toEqual([]);
    expect(existsSync(stage)).toBe(false);
  });

  it("swaps in the new site when the build succeeds, leaving nothing beside it", async () => {
    const build: SiteBuild = async (_root, out) => {
      mkdirSync(out, { recursive: true });
      writeFileSync(join(out, "index.html"), "the new site");
    };
    await publish({ warehouse, catalog, dataDir, distDir, log, build });
    expect(readFileSync(join(distDir, "index.html"), "utf8")).toBe("the new site");
    // The downloads go into the new site with it.
    expect(existsSync(join(distDir, "data", "SHA256SUMS"))).toBe(true);
    expect(siblings(distDir)).toEqual([]);
  });

  it("copies the given site source into the staging folder the build reads", async () => {
    const site = join(dir, "site");
    mkdirSync(join(site, ".observablehq", "cache"), { recursive: true });
    writeFileSync(join(site, "index.md"), "# A page\n");
    writeFileSync(join(site, ".observablehq", "cache", "stale.js"), "");
    let staged: string[] = [];
    const build: SiteBuild = async (root, out) => {
      staged = readdirSync(root, { recursive: true }).map(String);
      mkdirSync(out, { recursive: true });
    };
    await publish({ warehouse, catalog, dataDir, distDir, log, build, siteDir: site });
    expect(staged).toContain("index.md");
    // The pages publish writes, in both languages, beside the source's own.
    expect(staged).toContain(join("indicators", "internet-users.md"));
    expect(staged).toContain(join("en", "indicators", "internet-users.md"));
    // The Framework's cache in the source is not carried into the build.
    expect(staged.some((p) => p.startsWith(".observablehq"))).toBe(false);
  });

  it("with the real Framework, names the cause on the first line and shows the build's last lines", async () => {
    // A site without the stylesheet observablehq.config.ts names: the Framework itself fails.
    const site = join(dir, "site");
    mkdirSync(site);
    writeFileSync(join(site, "index.md"), "# Only this page\n");
    const error = await publish({ warehouse, catalog, dataDir, distDir, log, siteDir: site }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    const [first, ...rest] = error!.message.split("\n");
    expect(first).toMatch(/^site build failed \(Observable Framework exited 1\): Could not resolve ".*style\.css"$/);
    expect(rest[0]).toBe("  the build's last lines:");
    expect(rest.some((l) => l.includes("style.css"))).toBe(true);
    // The Framework's generic advice says nothing about this failure.
    expect(error!.message).not.toContain("If you think this is a bug");
    expect(readFileSync(join(distDir, "index.html"), "utf8")).toBe("the old site");
    expect(siblings(distDir)).toEqual([]);
    expect(existsSync(stage)).toBe(false);
  });
});

describe("buildFailureMessage", () => {
  const transcript = [
    "load /index in 331ms",
    "build /_node/d3-time@3.1.1/index.js → dist/_node/d3-time@3.1.1/index.03ee5af2.js",
    "",
    "Unexpected error: import not found: /components/missing.js",
    "",
    "Tip: To see the full stack trace, run with the --debug flag.",
    "",
    "If you think this is a bug, please file an issue at",
    "↳ https://github.com/observablehq/framework/issues",
    "",
  ].join("\n");

  it("puts the error line first and keeps the last lines without the Framework's boilerplate", () => {
    expect(buildFailureMessage(1, null, transcript)).toBe(
      [
        "site build failed (Observable Framework exited 1): import not found: /components/missing.js",
        "  the build's last lines:",
        "    load /index in 331ms",
        "    build /_node/d3-time@3.1.1/index.js → dist/_node/d3-time@3.1.1/index.03ee5af2.js",
        "    Unexpected error: import not found: /components/missing.js",
      ].join("\n"),
    );
  });

  it("keeps only the last lines of a long build", () => {
    const long = Array.from({ length: 40 }, (_, i) => `load /indicators/i${i}`).join("\n") + "\nError: out of memory\n";
    const lines = buildFailureMessage(1, null, long, 5).split("\n");
    expect(lines[0]).toBe("site build failed (Observable Framework exited 1): out of memory");
    expect(lines.slice(2)).toEqual([
      "    load /indicators/i36",
      "    load /indicators/i37",
      "    load /indicators/i38",
      "    load /indicators/i39",
      "    Error: out of memory",
    ]);
  });

  it("takes only a line that starts as an error for the cause, not one that mentions the word", () => {
    const t = "build /_node/error-stack-parser@2/index.js\nTypeError: x is not a function\nload /plans\n";
    expect(buildFailureMessage(1, null, t).split("\n")[0]).toBe("site build failed (Observable Framework exited 1): TypeError: x is not a function");
  });

  it("falls back to the last line when none says error, and names a signal", () => {
    expect(buildFailureMessage(null, "SIGKILL", "load /index\nload /plans\n").split("\n")[0]).toBe(
      "site build failed (Observable Framework was stopped by SIGKILL): load /plans",
    );
  });

  it("says so when the build printed nothing", () => {
    expect(buildFailureMessage(3, null, "")).toBe("site build failed (Observable Framework exited 3): it printed nothing");
  });
});
