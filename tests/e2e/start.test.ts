import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = new URL("../..", import.meta.url).pathname;
const chiso = (...args: string[]) =>
  execFileSync(process.execPath, [join(root, "bin/chiso.js"), ...args], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

async function query(sql: string, file = ":memory:") {
  const db = await DuckDBInstance.create(file, file === ":memory:" ? {} : { access_mode: "READ_ONLY" });
  const c = await db.connect();
  const rows = (await c.runAndReadAll(sql)).getRowObjectsJS();
  c.closeSync();
  db.closeSync();
  return rows;
}

describe("end to end: refresh offline, publish, read what was published", () => {
  let dir: string;
  let dist: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "chiso-e2e-"));
    dist = join(dir, "dist");
    chiso("refresh", "--offline", "--data-dir", dir);
    chiso("publish", "--data-dir", dir, "--out", dist);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("a second offline refresh adds no observation rows", async () => {
    const count = async () => Number((await query("select count(*) n from observations", join(dir, "warehouse.duckdb")))[0]!.n);
    // The warehouse file is read through a fresh DuckDB, as a researcher would.
    const before = await count();
    expect(before).toBeGreaterThan(40);
    chiso("refresh", "--offline", "--data-dir", dir);
    expect(await count()).toBe(before);
  });

  it("archives every raw body under its sha256", async () => {
    const shas = await query("select distinct raw_sha256 from observations", join(dir, "warehouse.duckdb"));
    for (const { raw_sha256 } of shas) expect(existsSync(join(dir, "raw", String(raw_sha256).slice(0, 2), String(raw_sha256)))).toBe(true);
  });

  it("builds a home page listing the indicators, and one page per indicator", () => {
    const home = readFileSync(join(dist, "index.html"), "utf8");
    expect(home).toContain("chiso");
    const pages = readdirSync(join(dist, "indicators")).filter((f) => f.endsWith(".html"));
    expect(pages).toContain("electronic-health-books-per-100.html");
    expect(pages).toContain("account-ownership-15plus.html");
    const data = JSON.parse(readFileSync(join(dist, "data", "indicators.json"), "utf8"));
    const ehb = data.find((i: { id: string }) => i.id === "electronic-health-books-per-100");
    // 2.9 million books (2025-09) describe the merged city; the only population is the old city's (2024).
    // Dividing one by the other would overstate the ratio by some 45%: it is withheld, with the reason.
    expect(ehb.latest).toBeNull();
    const vi = readFileSync(join(dist, "indicators", "electronic-health-books-per-100.html"), "utf8");
    const en = readFileSync(join(dist, "en", "indicators", "electronic-health-books-per-100.html"), "utf8");
    expect(vi).toMatch(/<div class="note"><p><strong>tháng 9\/2025<\/strong>: Không tính:/);
    expect(en).toMatch(/<div class="note"><p><strong>Sep 2025<\/strong>: Withheld: .*territor/);
  });

  it("makes no request to another host: no CDN, no web font", () => {
    const html = readdirSync(dist, { recursive: true }).filter((f) => /\.(html|js|css)$/.test(String(f)));
    for (const f of html) {
      const text = readFileSync(join(dist, String(f)), "utf8");
      expect(text, String(f)).not.toMatch(/cdn\.jsdelivr|fonts\.googleapis|unpkg\.com|["'(]\/?_npm\//);
    }
  });

  it("publishes Parquet and CSV holding the warehouse's latest view", async () => {
    const wh = join(dir, "warehouse.duckdb");
    const [latest] = await query("select count(*) n from observations_latest", wh);
    const [parquet] = await query(`select count(*) n, count(distinct indicator_id) k from '${join(dist, "data/observations.parquet")}'`);
    expect(Number(parquet!.n)).toBe(Number(latest!.n));
    const rows = await query(
      `select value, flags, citation_title from '${join(dist, "data/observations.parquet")}' where indicator_id = 'vneid-activation-rate'`,
    );
    expect(rows[0]).toMatchObject({ value: 70, flags: ["lower-bound"] });
    const csv = readFileSync(join(dist, "data/observations.csv"), "utf8");
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.split("\r\n")[0]).toBe(
      "\uFEFFindicator_id,geo,period,value,unit,status,flags,source_id,series_code,note,citation_title,citation_publisher,citation_date,citation_url,citation_statement,retrieved_at,run_id,raw_sha256,vintage,territory",
    );
    expect(existsSync(join(dist, "data/indicators/average-population/observations.csv"))).toBe(true);
  });

  it("publishes a checksummed bundle and its first release", () => {
    const data = join(dist, "data");
    expect(execFileSync("sha256sum", ["-c", "--quiet", "SHA256SUMS"], { cwd: data, encoding: "utf8" })).toBe("");
    const releases = readdirSync(join(data, "releases")).filter((f) => /^\d{4}-\d{2}-\d{2}$/.test(f));
    expect(releases).toHaveLength(1);
    expect(readFileSync(join(data, "releases", releases[0]!, "CHANGES.md"), "utf8")).toContain("(first release)");
    // A second publish of unchanged data makes no new release.
    chiso("publish", "--data-dir", dir, "--out", dist);
    expect(readdirSync(join(data, "releases")).filter((f) => /^\d{4}-/.test(f))).toEqual(releases);
  });
});
