import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../pipelines/cli/config.ts";
import { ingest } from "../../pipelines/cli/ingest.ts";
import { seeded } from "../corpus/mutate.ts";
import { chiso, type FaultyServer, faultyServer, kill9, leftovers, siteProblems, sleep, treeHash, warehouseProblems } from "./helpers.ts";

// kill -9 of refresh, ingest and publish at random moments, at least 20 times each. After every
// kill the warehouse must open with no half-written vintage (every vintage belongs to a run
// recorded as loaded, which holds exactly what it says it added), and the site folder must be the
// old complete site or the new complete one. The moments come from a seed, printed, so a failing
// sequence can be replayed with CHISO_FAULTS_SEED.

const KILLS = 20;
const SEED = Number(process.env.CHISO_FAULTS_SEED ?? Date.now() % 1_000_000);
const rng = seeded(SEED);
const between = (lo: number, hi: number) => lo + rng.next() * (hi - lo);

const fixture = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), "utf8");
const SDG: Record<string, string[]> = {
  IT_NET_BBND: [fixture("un-sdg/IT_NET_BBND-704-page1.json"), fixture("un-sdg/IT_NET_BBND-704-page2.json")],
  FB_BNK_ACCSS: [fixture("un-sdg/FB_BNK_ACCSS-704.json")],
  IT_USE_ii99: [fixture("un-sdg/IT_USE_ii99-704.json")],
};
const ITU = fixture("itu/itu-get-country-series.json").replace(/"USA"/g, '"VNM"');
/** Each round the upstream revises its figures a little, so every refresh that finishes loads new vintages. */
let round = 0;
const revised = (body: string) => body.replace(/"value": "(\d+(\.\d+)?)"/g, (_, v: string) => `"value": "${(Number(v) + round / 100).toFixed(3)}"`);

const HEADER = "Mã chỉ số,Địa bàn,Kỳ,Giá trị,Tử số,Mẫu số,Tình trạng,Văn bản nguồn,Ghi chú";
/** A department's file: one figure, different each time, so every ingest that finishes adds a vintage. */
const submission = (dir: string, n: number) => {
  const path = join(dir, `submission-${n}.csv`);
  writeFileSync(path, `${HEADER}\r\npopular-online-services-on-national-portal,TP.HCM,2024,${(20 + (n % 700) / 10).toFixed(1)},,,,,\r\n`);
  return path;
};

describe("kill -9 at random moments never leaves a half-written vintage or a broken site", () => {
  let server: FaultyServer;
  let dir: string;
  let data: string;
  let dist: string;
  let env: Record<string, string>;
  let pages = 0;
  let site = "";
  const summary: string[] = [];
  const t0 = Date.now();

  beforeAll(async () => {
    console.log(`kill moments from seed ${SEED} (CHISO_FAULTS_SEED=${SEED} replays them)`);
    server = await faultyServer([
      ["/sdg/", (_, res, __, url) => res.writeHead(200).end(revised(SDG[url.searchParams.get("seriesCode")!]![Number(url.searchParams.get("page")) - 1]!))],
      ["/itu/", (_, res) => res.writeHead(200).end(revised(ITU))],
    ]);
    dir = mkdtempSync(join(tmpdir(), "chiso-faults-kills-"));
    data = join(dir, "data");
    dist = join(dir, "dist");
    // Every source at the local server: those it does not answer fail at once (404), as recorded runs.
    env = Object.fromEntries(
      ["GSO_PXWEB", "DTI", "WORLDBANK", "UN_SDG", "ITU", "CKAN"].map((id) => [`CHISO_${id}_URL`, `${server.url}/${id.toLowerCase().replace("_", "-")}`]),
    );
    env.CHISO_UN_SDG_URL = `${server.url}/sdg`;
    env.CHISO_ITU_URL = `${server.url}/itu`;
    const offline = chiso(["refresh", "--offline", "--data-dir", data]);
    expect(await offline.exited, offline.output()).toBe(0);
  }, 120_000);

  afterAll(async () => {
    console.log(`${summary.join("\n")}\ntotal ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const checkWarehouse = async (what: string) => {
    const { problems } = await warehouseProblems(data);
    expect(problems, what).toEqual([]);
  };

  /** Runs a command to its end first, to learn how long it takes; then kills it at random moments. */
  async function killRounds(kind: string, start: () => ReturnType<typeof chiso>, moment: (full: number) => number, after: (i: number) => Promise<void>) {
    const t = Date.now();
    const full = start();
    await full.exited;
    const fullMs = Date.now() - t;
    let hit = 0;
    for (let i = 0; i < KILLS; i++) {
      round++;
      const child = start();
      await sleep(moment(fullMs));
      if (await kill9(child)) hit++;
      await checkWarehouse(`${kind} killed, round ${i + 1}`);
      await after(i);
    }
    summary.push(`${kind}: ${KILLS} kill -9 (${hit} while running; a full run takes ${(fullMs / 1000).toFixed(1)} s), warehouse consistent after each`);
    return hit;
  }

  it("refresh", async () => {
    const hit = await killRounds(
      "refresh",
      () => chiso(["refresh", "--data-dir", data], env),
      (full) => between(100, full * 0.95),
      async () => {},
    );
    expect(hit).toBeGreaterThanOrEqual(KILLS * 0.5);
    // And the next refresh, not killed, loads.
    round++;
    const last = chiso(["refresh", "--data-dir", data], env);
    await last.exited;
    expect(last.output()).toMatch(/refresh: un-sdg: ok: \d+ figures read, \d+ new vintages/);
    await checkWarehouse("after refresh kills");
  });

  it("ingest", async () => {
    let n = 0;
    const hit = await killRounds(
      "ingest",
      () => chiso(["ingest", submission(dir, ++n), "--by", "Sở Thông tin và Truyền thông", "--data-dir", data]),
      (full) => between(100, full * 0.95),
      async () => {},
    );
    expect(hit).toBeGreaterThanOrEqual(KILLS * 0.5);
    const last = chiso(["ingest", submission(dir, ++n), "--by", "Sở Thông tin và Truyền thông", "--data-dir", data]);
    expect(await last.exited, last.output()).toBe(0);
    await checkWarehouse("after ingest kills");
  });

  it("publish", async () => {
    // The old complete site, to tell from a new one.
    const started = Date.now();
    const first = chiso(["publish", "--data-dir", data, "--out", dist]);
    expect(await first.exited, first.output()).toBe(0);
    const full = Date.now() - started;
    pages = Number(/(\d+) indicator pages/.exec(first.output())![1]);
    expect(siteProblems(dist, pages)).toEqual([]);
    site = treeHash(dist);
    let n = 1000;
    let old = 0;
    let fresh = 0;
    let midSwap = 0;
    let killedRunning = 0;
    let publishMs = 0;
    // Before each publish, new figures: each one has a new site to build, not "unchanged".
    for (let i = 0; i < KILLS; i++) {
      // In this process, not killed: the figures the publish then has to build a site for.
      expect(await ingest(loadConfig({ dataDir: data }), { files: [submission(dir, ++n)], by: "Sở Thông tin và Truyền thông", print: () => {} })).toBe(0);
      const t = Date.now();
      const publish = chiso(["publish", "--data-dir", data, "--out", dist]);
      // Most kills early (the downloads and the release are written first), the rest about when
      // the build ends and the site is swapped in; the Framework's build between only fills its own folder.
      const at = rng.next() < 0.7 ? between(100, 4_000) : between(full * 0.7, full * 1.1);
      await Promise.race([sleep(at), publish.exited]);
      if (await kill9(publish)) killedRunning++;
      publishMs += Date.now() - t;
      await checkWarehouse(`publish killed after ${at.toFixed(0)} ms, round ${i + 1}`);
      if (!existsSync(dist)) {
        // Killed between the swap's two renames: the old site waits beside, for the next publish to put back.
        const previous = leftovers(dist).find((l) => l.includes(".previous-"));
        expect(previous, `round ${i + 1}: no site and no previous site`).toBeDefined();
        expect(treeHash(join(dir, previous!))).toBe(site);
        midSwap++;
        continue;
      }
      const now = treeHash(dist);
      if (now === site) old++;
      else {
        expect(siteProblems(dist, pages), `round ${i + 1}, killed after ${at.toFixed(0)} ms`).toEqual([]);
        site = now;
        fresh++;
      }
    }
    summary.push(
      `publish: ${KILLS} kill -9 (${killedRunning} while running, ${(publishMs / 1000).toFixed(0)} s in all): site after each the old complete one ${old}, a new complete one ${fresh}, mid-swap with the old one beside ${midSwap}`,
    );
    expect(killedRunning).toBeGreaterThanOrEqual(KILLS * 0.5);
    // The next publish, not killed, cleans up whatever was left and builds a complete site.
    const last = chiso(["publish", "--data-dir", data, "--out", dist]);
    expect(await last.exited, last.output()).toBe(0);
    expect(siteProblems(dist, pages)).toEqual([]);
    expect(leftovers(dist)).toEqual([]);
    await checkWarehouse("after publish kills");
  });
});
