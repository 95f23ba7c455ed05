import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffText, publishDiff } from "../../../pipelines/cli/diff.ts";
import { sha256 } from "../../../pipelines/files.ts";
import { PROJECT_ROOT, publish } from "../../../pipelines/publish/publish.ts";
import { Warehouse } from "../../../pipelines/warehouse/warehouse.ts";
import { SOURCES } from "../../../sources/index.ts";
import { internetUsersCatalog, internetUsersFigure } from "../../helpers/catalog.ts";

const catalog = internetUsersCatalog();
const figure = (period: string, value: number, runId: string) => internetUsersFigure(value, runId, period);

describe("chiso diff: what the next publish would change", () => {
  let dir: string;
  let dataDir: string;
  let warehouse: Warehouse;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "chiso-diff-"));
    dataDir = join(dir, "data");
    warehouse = await Warehouse.open(join(dataDir, "warehouse.duckdb"));
    await warehouse.syncCatalog(catalog, SOURCES);
    await warehouse.transaction(() => warehouse.appendVintages([figure("2022", 70.3, "itu-1"), figure("2023", 78.1, "itu-1")]));
    const build = async (_root: string, out: string) => {
      mkdirSync(out, { recursive: true });
      writeFileSync(join(out, "index.html"), "site");
    };
    await publish({ warehouse, catalog, dataDir, distDir: join(dir, "dist"), log: () => {}, build, now: new Date("2026-11-09T08:00:00Z") });
  });
  afterAll(() => {
    warehouse.close();
    rmSync(join(PROJECT_ROOT, ".chiso-build", sha256(dataDir).slice(0, 12)), { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it("nothing since the release: no figure changes; a source never checked upstream is stale", async () => {
    const d = await publishDiff(warehouse, catalog, dataDir, new Date("2026-12-02T06:00:00Z"));
    expect(d.against).toBe("2026-11-09");
    expect([d.changes.added, d.changes.revised, d.changes.removed].map((x) => x.length)).toEqual([0, 0, 0]);
    expect(d.stale).toContain("itu");
    expect(diffText(d)).toContain("No figure or target would change");
  });

  it("a revision shows old → new with its source, and a new figure is listed", async () => {
    await warehouse.transaction(() => warehouse.appendVintages([figure("2023", 79.4, "itu-2"), figure("2024", 81, "itu-2")]));
    const d = await publishDiff(warehouse, catalog, dataDir, new Date("2026-12-02T06:00:00Z"));
    expect(d.changes.revised).toEqual([expect.objectContaining({ period: "2023", from: 78.1, to: 79.4, source_id: "itu" })]);
    expect(d.changes.added).toEqual([expect.objectContaining({ period: "2024", to: 81 })]);
    const text = diffText(d);
    expect(text).toContain("internet-users VN 2023 (itu i99H): 78.1 → 79.4");
    expect(text).toContain("1 new, 1 revised, 0 withdrawn figures");
  });
});
