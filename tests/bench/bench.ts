/**
 * `npm run bench`: chiso's real paths timed beside DuckDB doing the same work, in the same run, on
 * the same rows. Each figure is repeated (min and median) and each run is its own child process, so
 * its peak memory (maxRSS: JavaScript and DuckDB together) is that step's alone. Synthetic rows live
 * only in a throwaway folder; nothing here is published. Figures go to bench/results/latest.json.
 *
 *   CHISO_BENCH_ROWS=1000000   sizes of the ingest steps, comma-separated (default 1000000)
 *   CHISO_BENCH_9M=1           adds the 9,000,000-row step (168 wards x 300 indicators x 180 months; minutes)
 *   CHISO_BENCH_REPEATS=3      runs of each figure
 *   CHISO_BENCH_PUBLISH_ROWS   current figures of the publish step (default 1000000; 0 skips it)
 *   CHISO_BENCH_SITE=1000      indicators of the site-build step (both languages; 0 skips it)
 *
 * The wards are stand-in codes (VN-001 ... VN-168) that the ISO-shaped geography schema accepts.
 */
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchSite } from "./site-bench.ts";
import { DuckDBInstance } from "@duckdb/node-api";
import type { Catalog } from "../../schemas/catalog.ts";
import { Indicator } from "../../schemas/indicator.ts";
import { TRANSCRIBED_COLUMNS } from "../../schemas/published.ts";
import { type Provenance, normalise } from "../../pipelines/ingest/normalise.ts";
import { ingestFigureTables } from "../../pipelines/ingest/table.ts";
import { prepareData, writeData } from "../../pipelines/publish/publish.ts";
import { OBSERVATION_COLUMNS } from "../../pipelines/publish/published-tables.ts";
import { vintageSql } from "../../pipelines/warehouse/staging.ts";
import { MEMORY_LIMIT as DEFAULT_MEMORY_LIMIT, Warehouse } from "../../pipelines/warehouse/warehouse.ts";
import type { Source } from "../../schemas/source.ts";
import type { SourceRow } from "../../sources/define.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..", "..");
const WARDS = 168;
const MONTHS = 180;
const PER_INDICATOR = WARDS * MONTHS;
const MEMORY_LIMIT = process.env.CHISO_MEMORY_LIMIT ?? DEFAULT_MEMORY_LIMIT;
const SOURCE = "bench";

const wardCode = (w: number) => `VN-${String(w + 1).padStart(3, "0")}`;

/** The catalog of a ward-level workload: `indicators` monthly indicators reported for every ward. */
function wardCatalog(indicators: number): Catalog {
  const geographies = Array.from({ length: WARDS }, (_, w) => wardCode(w));
  return {
    indicators: Array.from({ length: indicators }, (_, k) =>
      Indicator.parse({
        id: `ward-indicator-${k}`,
        name: { vi: `Chỉ số phường ${k}`, en: `Ward indicator ${k}` },
        definition: { vi: "Chỉ số thử", en: "A benchmark indicator" },
        // Every other one is a percentage, so the 0-100 rule runs on half the rows.
        unit: k % 2 ? "count" : "percent",
        domain: "digital-society",
        direction: "higher-is-better",
        geographies,
        periodicity: "monthly",
        series: geographies.map((geo) => ({ source: SOURCE, seriesCode: `S${k}`, geo })),
      }),
    ),
    targets: [],
    documents: [],
  };
}

const benchSource: Source = {
  id: SOURCE,
  publisher: "chiso benchmark",
  kind: "report",
  baseUrl: "file:bench",
  licence: "CC-BY-4.0",
  schedule: "0 6 * * 1",
} as Source;

const indicatorsFor = (rows: number) => Math.ceil(rows / PER_INDICATOR);

/** The SQL of row i of the workload, in the transcribed layout; `revised` changes 1 row in 100. */
function workloadSelect(rows: number, revised: boolean): string {
  const k = `(i // ${PER_INDICATOR})`;
  const month = `(i % ${MONTHS})`;
  const base = `case when ${k} % 2 = 0 then (i % 1000) / 10.0 else (i % 100000)::double end`;
  // A revision moves a percentage by half a point and a count by one, so counts stay whole.
  const step = `case when ${k} % 2 = 0 then 0.5 else 1 end`;
  const value = revised ? `case when i % 100 = 0 then (case when ${base} > 50 then ${base} - ${step} else ${base} + ${step} end) else ${base} end` : base;
  return `select 'ward-indicator-' || ${k} as indicator_id,
      'VN-' || lpad((((i // ${MONTHS}) % ${WARDS}) + 1)::varchar, 3, '0') as geo,
      (2011 + ${month} // 12)::varchar || '-' || lpad((${month} % 12 + 1)::varchar, 2, '0') as period,
      ${value} as value,
      case when ${k} % 2 = 0 then 'percent' else 'count' end as unit,
      case when i % 13 = 0 then 'provisional' else '' end as status,
      case when i % 7 = 0 then 'approximate' else '' end as flags,
      'S' || ${k} as series_code,
      case when i % 11 = 0 then '=SUM(A1)' else '' end as note,
      '' as citation_title, '' as citation_publisher, '' as citation_date, '' as citation_url, '' as citation_statement
    from range(${rows}) t(i)`;
}

// ---------------------------------------------------------------------------------------------
// Steps: each runs in a child process and prints one BENCH line with its figures.

interface StepArgs {
  dir: string;
  rows: number;
  file: string;
  revised: string;
  base: string;
}

type StepResult = Record<string, number | string | boolean>;

const STEPS: Record<string, (a: StepArgs) => Promise<StepResult>> = {
  /** The reference: DuckDB reading the same CSV into a table of its own, with its own type detection. */
  async "duckdb-read-csv"(a) {
    const path = join(a.dir, `ref-${process.pid}.duckdb`);
    const instance = await DuckDBInstance.create(path, { memory_limit: MEMORY_LIMIT });
    const db = await instance.connect();
    const t0 = performance.now();
    await db.run(`create table figures as select * from read_csv('${a.file}', header = true)`);
    const ms = performance.now() - t0;
    db.closeSync();
    instance.closeSync();
    rmSync(path, { force: true });
    return { ms };
  },

  /** chiso's path: hash and archive the file, DuckDB reads it into staging, the rules in SQL, the vintage rule, the run recorded. */
  async "chiso-ingest"(a) {
    const path = join(a.dir, `ingest-${process.pid}.duckdb`);
    const warehouse = await Warehouse.open(path);
    const catalog = wardCatalog(indicatorsFor(a.rows));
    await warehouse.syncCatalog(catalog, [benchSource]);
    const t0 = performance.now();
    const run = await ingestFigureTables([a.file], { warehouse, catalog, dataDir: join(a.dir, `data-${process.pid}`), sourceId: SOURCE });
    const ms = performance.now() - t0;
    warehouse.close();
    rmSync(join(a.dir, `data-${process.pid}`), { recursive: true, force: true });
    // The first run's warehouse is the next steps' starting point.
    if (!existsSync(a.base)) copyFileSync(path, a.base);
    rmSync(path, { force: true });
    return { ms, rowsAdded: run.rowsAdded };
  },

  /** The reference for a second vintage: DuckDB reading the revised CSV and running the very vintage statement chiso runs. */
  async "duckdb-vintage-sql"(a) {
    const path = join(a.dir, `refv-${process.pid}.duckdb`);
    copyFileSync(a.base, path);
    const instance = await DuckDBInstance.create(path, { memory_limit: MEMORY_LIMIT });
    const db = await instance.connect();
    await db.run("set TimeZone = 'UTC'");
    await db.run(`create temp table ref_stated (indicator_id varchar, source_id varchar, series_code varchar, geo varchar, territory varchar);
      create temp table ref_territories (geo varchar, period varchar, stated varchar, territory varchar);
      create temp table ref_bodies as select 0 as body, '2026-01-02T00:00:00Z' as retrieved_at, 'ref' as run_id, '${"b".repeat(64)}' as raw_sha256`);
    const t0 = performance.now();
    await db.run(`create temp table ref as select indicator_id, geo, period, value::double as value, unit, coalesce(nullif(status, ''), 'final') as status,
        list_filter(string_split(coalesce(flags, ''), ';'), f -> f <> '') as flags, '${SOURCE}' as source_id, series_code, coalesce(note, '') as note,
        null::varchar as citation_title, null::varchar as citation_publisher, null::varchar as citation_date, null::varchar as citation_url,
        null::varchar as citation_statement, null::varchar as retrieved_at, null::varchar as run_id, null::varchar as raw_sha256,
        'not-stated' as territory, '' as batch_at, 0 as row_no, 0 as body
      from read_csv('${a.revised}', header = true, all_varchar = true)`);
    const inserted = await db.run(vintageSql("ref"), [""]);
    const ms = performance.now() - t0;
    db.closeSync();
    instance.closeSync();
    rmSync(path, { force: true });
    return { ms, rowsAdded: Number(inserted.rowsChanged) };
  },

  /** chiso's second vintage: the whole path again over the revised file; 1 row in 100 adds a vintage. */
  async "chiso-vintage"(a) {
    const path = join(a.dir, `vintage-${process.pid}.duckdb`);
    copyFileSync(a.base, path);
    const warehouse = await Warehouse.open(path);
    const catalog = wardCatalog(indicatorsFor(a.rows));
    const t0 = performance.now();
    const run = await ingestFigureTables([a.revised], { warehouse, catalog, dataDir: join(a.dir, `data-${process.pid}`), sourceId: SOURCE });
    const ms = performance.now() - t0;
    warehouse.close();
    rmSync(join(a.dir, `data-${process.pid}`), { recursive: true, force: true });
    rmSync(path, { force: true });
    return { ms, rowsAdded: run.rowsAdded };
  },

  /**
   * The JavaScript path a source adapter's rows take (normalise, stage through the appender, the
   * vintage rule), on rows already parsed: what a JSON API's figures cost beyond their parser.
   */
  async "chiso-js-rows"(a) {
    const path = join(a.dir, `js-${process.pid}.duckdb`);
    const warehouse = await Warehouse.open(path);
    const catalog = wardCatalog(indicatorsFor(a.rows));
    await warehouse.syncCatalog(catalog, [benchSource]);
    const BODY = 50_000;
    const bodyRows = (start: number): SourceRow[] =>
      Array.from({ length: Math.min(BODY, a.rows - start) }, (_, j) => {
        const i = start + j;
        const k = Math.floor(i / PER_INDICATOR);
        const month = i % MONTHS;
        return {
          indicatorId: `ward-indicator-${k}`,
          geo: wardCode(Math.floor(i / MONTHS) % WARDS),
          period: `${2011 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, "0")}`,
          value: k % 2 === 0 ? (i % 1000) / 10 : i % 100000,
          unit: k % 2 === 0 ? "percent" : "count",
          flags: i % 7 === 0 ? ["approximate"] : [],
          seriesCode: `S${k}`,
          note: i % 11 === 0 ? "=SUM(A1)" : "",
        };
      });
    let parsedMs = 0;
    const t0 = performance.now();
    const staging = await warehouse.openStaging();
    for (let start = 0; start < a.rows; start += BODY) {
      // Making the rows stands in for a parser: its time is taken out of the figure.
      const p0 = performance.now();
      const rows = bodyRows(start);
      parsedMs += performance.now() - p0;
      const prov: Provenance = {
        sourceId: SOURCE,
        runId: "js",
        retrievedAt: "2026-01-01T00:00:00Z",
        rawSha256: "c".repeat(64),
        origin: `body ${start / BODY + 1}`,
      };
      await staging.stage(normalise(rows, prov, catalog), { batchAt: "", origin: prov.origin });
    }
    const added = await warehouse.transaction(() => warehouse.loadStaged(staging));
    await staging.drop();
    const ms = performance.now() - t0 - parsedMs;
    warehouse.close();
    rmSync(path, { force: true });
    return { ms, rowsAdded: added };
  },

  /** The data half of publish at this many current figures: every download, the release and SHA256SUMS. */
  async "chiso-publish"(a) {
    const path = join(a.dir, `publish-${process.pid}.duckdb`);
    copyFileSync(a.base, path);
    const warehouse = await Warehouse.open(path);
    const catalog = wardCatalog(indicatorsFor(a.rows));
    const dataDir = join(a.dir, `pubdata-${process.pid}`);
    const out = join(dataDir, "out");
    const t0 = performance.now();
    const prepared = await prepareData({ warehouse, catalog, dataDir, now: new Date("2026-11-01T12:00:00Z") });
    await writeData(prepared, out, { warehouse, catalog, dataDir, log: () => {} });
    const ms = performance.now() - t0;
    // The bulk Parquet must read back as the warehouse's latest view: no row more, none less, none different.
    const columns = OBSERVATION_COLUMNS.join(", ");
    const parquet = `read_parquet('${join(out, "observations.parquet")}')`;
    const missing = await warehouse.scalar(`select count(*) from (select ${columns} from observations_latest except all select ${columns} from ${parquet})`);
    const extra = await warehouse.scalar(`select count(*) from (select ${columns} from ${parquet} except all select ${columns} from observations_latest)`);
    const rows = await warehouse.scalar(`select count(*) from ${parquet}`);
    const csvBytes = statSync(join(out, "observations.csv")).size;
    warehouse.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(path, { force: true });
    return {
      ms,
      parquetRows: rows,
      parquetEqualsWarehouse: missing === 0 && extra === 0 && rows === prepared.latest.length,
      csvBytes,
      figures: prepared.latest.length,
    };
  },

  /** The reference for publish: DuckDB's own COPY of the latest view to CSV and to Parquet, nothing else. */
  async "duckdb-copy"(a) {
    const path = join(a.dir, `copy-${process.pid}.duckdb`);
    copyFileSync(a.base, path);
    const instance = await DuckDBInstance.create(path, { memory_limit: MEMORY_LIMIT });
    const db = await instance.connect();
    const out = join(a.dir, `copy-${process.pid}`);
    mkdirSync(out, { recursive: true });
    const t0 = performance.now();
    await db.run(`copy (select ${OBSERVATION_COLUMNS.join(", ")} from observations_latest order by indicator_id, geo, source_id, series_code, period)
      to '${join(out, "o.csv")}' (format csv, header true)`);
    await db.run(`copy (select ${OBSERVATION_COLUMNS.join(", ")} from observations_latest order by indicator_id, geo, source_id, series_code, period)
      to '${join(out, "o.parquet")}' (format parquet, compression zstd)`);
    const ms = performance.now() - t0;
    db.closeSync();
    instance.closeSync();
    rmSync(out, { recursive: true, force: true });
    rmSync(path, { force: true });
    return { ms };
  },
};

async function childStep(name: string, args: StepArgs): Promise<void> {
  const result = await STEPS[name]!(args);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`BENCH ${JSON.stringify({ ...result, peakRssMb })}\n`);
}

// ---------------------------------------------------------------------------------------------
// The orchestrator.

function runChild(name: string, args: StepArgs): Promise<StepResult & { ms: number; peakRssMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--step", name, JSON.stringify(args)], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("BENCH "));
      if (code !== 0 || !line) reject(new Error(`bench step ${name} exited ${code}: ${out.slice(-2000)}`));
      else resolve(JSON.parse(line.slice(6)));
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

interface Figure {
  runsMs: number[];
  minMs: number;
  medianMs: number;
  rowsPerSecond: number;
  peakRssMb: number;
  [extra: string]: unknown;
}

const figure = (rows: number, runs: (StepResult & { ms: number; peakRssMb: number })[]): Figure => {
  const ms = runs.map((r) => r.ms);
  const { ms: _ms, peakRssMb: _rss, ...rest } = runs[0]!;
  return {
    runsMs: ms.map((m) => Math.round(m)),
    minMs: Math.round(Math.min(...ms)),
    medianMs: Math.round(median(ms)),
    rowsPerSecond: Math.round(rows / (median(ms) / 1000)),
    peakRssMb: Math.round(Math.max(...runs.map((r) => r.peakRssMb))),
    ...rest,
  };
};

/** chiso's speed as a fraction of the reference's: 1 is as fast as DuckDB alone; the target is 0.5. */
const ratios = (chiso: Figure, reference: Figure) => ({
  ratioOfMedians: Number((reference.medianMs / chiso.medianMs).toFixed(3)),
  ratioOfMins: Number((reference.minMs / chiso.minMs).toFixed(3)),
});

/** Runs two steps alternately, `repeats` times each, so load on the machine falls on both alike. */
async function paired(repeats: number, chisoStep: string, referenceStep: string, args: StepArgs) {
  const chiso: (StepResult & { ms: number; peakRssMb: number })[] = [];
  const reference: (StepResult & { ms: number; peakRssMb: number })[] = [];
  for (let r = 0; r < repeats; r++) {
    reference.push(await runChild(referenceStep, args));
    chiso.push(await runChild(chisoStep, args));
  }
  return { chiso: figure(args.rows, chiso), reference: figure(args.rows, reference) };
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const n = (x: number) => x.toLocaleString("en-US");
const show = (what: string, c: Figure, r: Figure, refName: string) => {
  const q = ratios(c, r);
  say(
    `  ${what.padEnd(34)} chiso ${n(c.medianMs)} ms median (min ${n(c.minMs)}), ${n(c.rowsPerSecond)} rows/s, peak ${n(c.peakRssMb)} MB | ${refName} ${n(r.medianMs)} ms (min ${n(r.minMs)}), peak ${n(r.peakRssMb)} MB | ratio ${q.ratioOfMedians} (mins ${q.ratioOfMins})`,
  );
  return q;
};

async function writeWorkload(dir: string, rows: number) {
  const file = join(dir, `wards-${rows}.csv`);
  const revised = join(dir, `wards-${rows}-revised.csv`);
  const instance = await DuckDBInstance.create(":memory:", { memory_limit: MEMORY_LIMIT });
  const db = await instance.connect();
  const header = TRANSCRIBED_COLUMNS.join(", ");
  await db.run(`copy (select ${header} from (${workloadSelect(rows, false)})) to '${file}' (format csv, header true)`);
  await db.run(`copy (select ${header} from (${workloadSelect(rows, true)})) to '${revised}' (format csv, header true)`);
  db.closeSync();
  instance.closeSync();
  return { file, revised };
}

async function main() {
  const repeats = Number(process.env.CHISO_BENCH_REPEATS ?? 3);
  const sizes = (process.env.CHISO_BENCH_ROWS ?? "1000000")
    .split(",")
    .map(Number)
    .filter((r) => r > 0);
  if (process.env.CHISO_BENCH_9M === "1" && !sizes.includes(9_000_000)) sizes.push(9_000_000);
  const publishRows = Number(process.env.CHISO_BENCH_PUBLISH_ROWS ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), "chiso-bench-"));
  const duckdbVersion = (await (await (await DuckDBInstance.create(":memory:")).connect()).runAndReadAll("select version() v")).getRowObjectsJS()[0]!.v;
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "",
    memoryGb: Math.round(totalmem() / 2 ** 30),
    loadAverageAtStart: loadavg().map((l) => Number(l.toFixed(2))),
    node: process.version,
    duckdb: String(duckdbVersion),
    memoryLimit: MEMORY_LIMIT,
    commit: (() => {
      try {
        return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
      } catch {
        return "";
      }
    })(),
  };
  say(`chiso bench: ${repeats} runs of each figure, each in its own process; ${machine.cpus} cores, load ${machine.loadAverageAtStart.join(" ")}`);
  say("ratio = DuckDB's time / chiso's time (1 = as fast as DuckDB alone; the targets are >= 0.5)\n");
  const results: Record<string, unknown> = {};
  try {
    for (const rows of [...new Set([...sizes, ...(publishRows ? [publishRows] : [])])].sort((a, b) => a - b)) {
      say(`${n(rows)} rows (${indicatorsFor(rows)} indicators x ${WARDS} wards x ${MONTHS} months, cut to ${n(rows)}):`);
      const { file, revised } = await writeWorkload(dir, rows);
      const args: StepArgs = { dir, rows, file, revised, base: join(dir, `base-${rows}.duckdb`) };
      const entry: Record<string, unknown> = { csvBytes: statSync(file).size };
      const ingest = await paired(repeats, "chiso-ingest", "duckdb-read-csv", args);
      entry.ingest = { ...ingest, ...show("ingest (parse, validate, load)", ingest.chiso, ingest.reference, "DuckDB read_csv") };
      const vintage = await paired(repeats, "chiso-vintage", "duckdb-vintage-sql", args);
      entry.secondVintage = { ...vintage, ...show("second vintage, 1% changed", vintage.chiso, vintage.reference, "DuckDB same vintage SQL") };
      if (rows <= 1_000_000) {
        const js: (StepResult & { ms: number; peakRssMb: number })[] = [];
        for (let r = 0; r < repeats; r++) js.push(await runChild("chiso-js-rows", args));
        const jsFigure = figure(rows, js);
        entry.jsRows = { chiso: jsFigure, ...ratios(jsFigure, ingest.reference) };
        show("JS rows: normalise, stage, load", jsFigure, ingest.reference, "DuckDB read_csv");
      }
      if (rows === publishRows) {
        const pub = await paired(repeats, "chiso-publish", "duckdb-copy", args);
        entry.publish = { ...pub, ...show("publish data (every download)", pub.chiso, pub.reference, "DuckDB COPY csv+parquet") };
        say(`  bulk Parquet reads back equal to the warehouse: ${pub.chiso.parquetEqualsWarehouse} (${n(Number(pub.chiso.parquetRows))} rows)`);
      }
      results[String(rows)] = entry;
      for (const f of [file, revised, args.base]) rmSync(f, { force: true });
    }
    const siteIndicators = Number(process.env.CHISO_BENCH_SITE ?? 1000);
    if (siteIndicators) results.site = await benchSiteStep(dir, siteIndicators);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const outFile = join(ROOT, "bench", "results", "latest.json");
  // A run of some steps only (CHISO_BENCH_ROWS=0, CHISO_BENCH_SITE=0) keeps the other steps' last figures, marked as such.
  const previous = existsSync(outFile) ? (JSON.parse(readFileSync(outFile, "utf8")) as { generatedAt: string; sizes: Record<string, unknown> }) : null;
  for (const [step, entry] of Object.entries(previous?.sizes ?? {}))
    if (!(step in results)) results[step] = { ...(entry as object), measuredAt: (entry as { measuredAt?: string }).measuredAt ?? previous!.generatedAt };
  const report = {
    generatedAt: new Date().toISOString(),
    machine: { ...machine, loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))) },
    repeats,
    sizes: results,
  };
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, `${JSON.stringify(report, null, 1)}\n`);
  say(`\nfigures written to ${outFile}`);
}

/**
 * The site of `indicators` indicators (the real catalog's pages cloned, both languages), built as
 * publish builds it (one Framework process per core) beside Framework in a single process.
 */
async function benchSiteStep(dir: string, indicators: number) {
  say(`site of ${n(indicators)} indicators (Vietnamese and English pages):`);
  const data = join(dir, "site-data");
  execFileSync(process.execPath, [join(ROOT, "bin", "chiso.js"), "refresh", "--offline", "--data-dir", data], { stdio: "ignore" });
  const warehouse = join(data, "warehouse.duckdb");
  const sharded = await benchSite(warehouse, indicators);
  const single = await benchSite(warehouse, indicators, () => {}, 1);
  const perPage = (r: typeof sharded) => r.secondsPerPage;
  say(
    `  ${n(sharded.built)} pages: ${sharded.secondsPerPage.toFixed(3)} s/page (${sharded.secondsPerIndicator.toFixed(3)} s per indicator, both languages) ` +
      `with ${cpus().length} Framework processes; one process ${perPage(single).toFixed(3)} s/page; ratio ${(perPage(single) / perPage(sharded)).toFixed(2)}; goal < 0.1 s/page`,
  );
  return { sharded, singleProcess: single, ratio: perPage(single) / perPage(sharded), goalSecondsPerPage: 0.1 };
}

if (process.argv[2] === "--step") await childStep(process.argv[3]!, JSON.parse(process.argv[4]!) as StepArgs);
else await main();
