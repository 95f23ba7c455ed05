/**
 * `npm run bench`: how fast chiso's hot paths are, as figures and ratios. Synthetic rows exist only
 * in a throwaway warehouse in the temp folder; nothing here is published.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadCatalog } from "../../schemas/catalog.ts";
import type { Observation } from "../../schemas/observation.ts";
import { toCsv } from "../../pipelines/publish/formats/csv.ts";
import { derivedSource } from "../../sources/derived.ts";
import { OBSERVATION_COLUMNS, writeParquet } from "../../pipelines/publish/downloads.ts";
import { assessTarget } from "../../pipelines/judge/progress.ts";
import { prepareData, writeData } from "../../pipelines/publish/publish.ts";
import { refreshSource } from "../../pipelines/ingest/refresh.ts";
import { latestObservations } from "../../pipelines/judge/views.ts";
import { Warehouse } from "../../pipelines/warehouse/warehouse.ts";
import { parseJsonStat, rowsFor, gsoPxweb } from "../../sources/gso-pxweb.ts";
import { SOURCES } from "../../sources/index.ts";

const ROWS = Number(process.env.CHISO_BENCH_ROWS ?? 100_000);
const results: [string, string][] = [];
const report = (name: string, figure: string) => {
  results.push([name, figure]);
  process.stdout.write(`${name.padEnd(58)} ${figure}\n`);
};

async function time<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await work();
  return [out, performance.now() - t0];
}

/** Runs `work` repeatedly for about `ms` and gives the mean milliseconds per run. */
async function perRun(work: () => unknown, ms = 500): Promise<number> {
  let runs = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    await work();
    runs++;
  }
  return (performance.now() - t0) / runs;
}

const syntheticRows = (n: number, vintageValue = 0): Observation[] =>
  Array.from({ length: n }, (_, i) => ({
    indicatorId: `bench-${i % 50}`,
    geo: "VN-SG",
    period: String(1900 + Math.floor(i / 50)),
    value: (i % 1000) / 10 + vintageValue,
    unit: "percent",
    status: "final",
    flags: i % 7 === 0 ? ["approximate"] : [],
    sourceId: "bench",
    seriesCode: "S",
    note: i % 11 === 0 ? "=SUM(A1)" : "note",
    provenance: { retrievedAt: "2026-01-01T00:00:00Z", runId: "bench", rawSha256: "a".repeat(64) },
  }));

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "chiso-bench-"));
  process.stdout.write(`chiso bench (${ROWS.toLocaleString("en-US")} synthetic rows; Node ${process.version})\n\n`);
  try {
    // 1. Parsing a real recorded body.
    const body = new Uint8Array(readFileSync(new URL("../../sources/snapshots/gso-pxweb/E02.01.json", import.meta.url)));
    const parseMs = await perRun(() => rowsFor(parseJsonStat(body), gsoPxweb.series[1]!));
    report(
      "parse GSO E02.01 (real body, 2,940 cells) + select HCMC",
      `${parseMs.toFixed(2)} ms  (${(body.byteLength / 1024 / (parseMs / 1000) / 1024).toFixed(1)} MB/s)`,
    );

    // 2. Loading vintages into a real DuckDB file: new rows, then the same rows again (no-op), then a revision.
    const warehouse = await Warehouse.open(join(dir, "bench.duckdb"));
    const rows = syntheticRows(ROWS);
    const [added, loadMs] = await time(() => warehouse.transaction(() => warehouse.appendVintages(rows)));
    report(
      `load ${ROWS.toLocaleString("en-US")} new observations`,
      `${loadMs.toFixed(0)} ms  (${Math.round(added / (loadMs / 1000)).toLocaleString("en-US")} rows/s)`,
    );
    const [none, sameMs] = await time(() => warehouse.transaction(() => warehouse.appendVintages(rows)));
    report("reload the same rows (adds nothing)", `${sameMs.toFixed(0)} ms  (${none} added; ${(sameMs / loadMs).toFixed(2)}x the first load)`);
    const revised = syntheticRows(ROWS, 0.5);
    const [again, reviseMs] = await time(() => warehouse.transaction(() => warehouse.appendVintages(revised)));
    report("load a revision of every row (second vintage)", `${reviseMs.toFixed(0)} ms  (${again.toLocaleString("en-US")} added)`);
    const [, latestMs] = await time(() => warehouse.scalar("select count(*) from observations_latest"));
    report(`count the latest view over ${(ROWS * 2).toLocaleString("en-US")} vintages`, `${latestMs.toFixed(1)} ms`);

    // 3. Exports: the same rows as CSV (JS) and as Parquet (DuckDB).
    const latest = await latestObservations(warehouse);
    const [csv, csvMs] = await time(() => toCsv(latest, OBSERVATION_COLUMNS));
    report(
      `write ${latest.length.toLocaleString("en-US")} latest rows as CSV (formula-safe)`,
      `${csvMs.toFixed(0)} ms  (${(csv.length / 1024 / 1024).toFixed(1)} MB)`,
    );
    const parquet = join(dir, "bench.parquet");
    const [, parquetMs] = await time(() => writeParquet(warehouse, `select ${OBSERVATION_COLUMNS.join(", ")} from observations_latest`, parquet));
    const parquetBytes = statSync(parquet).size;
    report(`write the same rows as Parquet (zstd)`, `${parquetMs.toFixed(0)} ms  (${(parquetBytes / 1024).toFixed(0)} kB)`);
    report("Parquet size / CSV size", `${(parquetBytes / Buffer.byteLength(csv)).toFixed(3)}`);
    report("Parquet time / CSV time", `${(parquetMs / csvMs).toFixed(2)}`);
    warehouse.close();

    // 4. Progress on track: one target over a 5-point series.
    const series = [2020, 2021, 2022, 2023, 2024].map((y, i) => ({ period: String(y), value: 60 + i * 4 }));
    const target = { comparator: ">=" as const, value: 85, deadline: 2025 };
    const progressMs = await perRun(() => assessTarget(target, series), 200);
    report("assess one target (linear trend of 5 points)", `${(progressMs * 1000).toFixed(1)} µs`);

    // 5. The real pipeline: offline refresh and the data half of publish (downloads, release, checksums).
    const real = await Warehouse.open(join(dir, "real.duckdb"));
    const catalog = loadCatalog();
    await real.syncCatalog(catalog, [...SOURCES, derivedSource(real)]);
    const [, refreshMs] = await time(async () => {
      for (const s of [...SOURCES, derivedSource(real)]) await refreshSource(s, { warehouse: real, dataDir: dir, catalog, offline: true, log: () => {} });
    });
    report("offline refresh of every source (bundled recordings)", `${refreshMs.toFixed(0)} ms`);
    const [, dataMs] = await time(async () => {
      const prepared = await prepareData({ warehouse: real, catalog, dataDir: dir });
      await writeData(prepared, join(dir, "site-data"), { warehouse: real, catalog, dataDir: dir, log: () => {} });
    });
    report("write every download, release and SHA256SUMS (54 bundles)", `${dataMs.toFixed(0)} ms`);
    real.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
