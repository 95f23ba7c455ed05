import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256 } from "../../../pipelines/files.ts";
import { PROJECT_ROOT, prepareData, publish, type SiteBuild } from "../../../pipelines/publish/publish.ts";
import { ReviewMismatch, readReview, reviewFile, stageReview } from "../../../pipelines/publish/review.ts";
import { Warehouse } from "../../../pipelines/warehouse/warehouse.ts";
import { SOURCES } from "../../../sources/index.ts";
import { internetUsersCatalog, internetUsersFigure } from "../../helpers/catalog.ts";

const catalog = internetUsersCatalog();

describe("review before publish: only the figures a person read are published", () => {
  let dir: string;
  let dataDir: string;
  let distDir: string;
  let warehouse: Warehouse;
  const log = () => {};
  // A stand-in for the Framework: the home page's source is the site.
  const build: SiteBuild = async (root, out) => {
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "index.html"), readFileSync(join(root, "index.md")));
  };
  const stage = async () => {
    const prepared = await prepareData({ warehouse, catalog, dataDir });
    stageReview(dataDir, {
      fingerprint: prepared.fingerprint,
      stagedAt: "2026-11-09T08:00:00Z",
      against: null,
      added: 1,
      revised: 0,
      removed: 0,
      targetsMoved: 0,
    });
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "chiso-review-"));
    dataDir = join(dir, "data");
    distDir = join(dir, "dist");
    warehouse = await Warehouse.open(join(dataDir, "warehouse.duckdb"));
    await warehouse.syncCatalog(catalog, SOURCES);
    await warehouse.transaction(() => warehouse.appendVintages([internetUsersFigure(78.1, "itu-1")]));
  });
  afterAll(() => {
    warehouse.close();
    rmSync(join(PROJECT_ROOT, ".chiso-build", sha256(dataDir).slice(0, 12)), { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses to approve when nothing is staged", async () => {
    await expect(publish({ warehouse, catalog, dataDir, distDir, log, build, approve: true })).rejects.toThrow(ReviewMismatch);
    expect(existsSync(distDir)).toBe(false);
  });

  it("refuses figures that arrived after the review, and leaves the site as it was", async () => {
    await stage();
    await warehouse.transaction(() => warehouse.appendVintages([internetUsersFigure(79.4, "itu-2")]));
    await expect(publish({ warehouse, catalog, dataDir, distDir, log, build, approve: true })).rejects.toThrow(
      /changed since they were staged for review at 2026-11-09T08:00:00Z/,
    );
    expect(existsSync(distDir)).toBe(false);
    expect(readReview(dataDir)).not.toBeNull();
  });

  it("publishes the staged figures when they are still the ones reviewed, then clears the review", async () => {
    await stage();
    const result = await publish({ warehouse, catalog, dataDir, distDir, log, build, approve: true });
    expect(result.unchanged).toBe(false);
    expect(readFileSync(join(distDir, "index.html"), "utf8")).toContain("79,4%");
    expect(existsSync(reviewFile(dataDir))).toBe(false);
  });
});
