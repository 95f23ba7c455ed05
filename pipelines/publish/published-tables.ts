import { closeSync, mkdtempSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { columnsOf, sqlColumns } from "../../schemas/columns.ts";
import { webUrlOrNull } from "../../schemas/common.ts";
import { ObservationHistoryRow, ObservationRow, TargetRow } from "../../schemas/published.ts";
import { territoryOf } from "../../schemas/territory.ts";
import { HEALTH_BOOKS_PER_100 } from "../../sources/derived.ts";
import { CSV_MACROS, copyCsvSql } from "./formats/csv.ts";
import { sha256Files } from "../files.ts";
import type { PublishedObservation } from "../judge/views.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";

/**
 * The published tables in DuckDB, and the files COPY writes from them: every download (and the
 * release fingerprint) is one of these tables, or one indicator's rows of it, written by DuckDB.
 */

/** Columns of the observation downloads, in the shared schema's order. */
export const OBSERVATION_COLUMNS = columnsOf(ObservationRow);
export const HISTORY_COLUMNS = columnsOf(ObservationHistoryRow);
export const TARGET_COLUMNS = columnsOf(TargetRow);

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** DuckDB writes Parquet itself (zstd) to a temporary name that is renamed on success. */
export async function writeParquet(warehouse: Warehouse, select: string, path: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await warehouse.db.run(`copy (${select}) to ${sqlString(tmp)} (format parquet, compression zstd)`);
  renameSync(tmp, path);
}

/** DuckDB's reading of the targets' JSON lines, typed as the published schema says, so Parquet keeps integers integers. */
const TARGET_READ_COLUMNS = `{${sqlColumns(TargetRow)
  .map((c) => `${c.name}: '${c.type}'`)
  .join(", ")}}`;

/**
 * The three published tables, as temporary tables every download is copied from: the latest values
 * as `latestObservations` reads them (links that are not web links dropped, territories of rows
 * loaded before the column read off the key, withheld ratios left out), every vintage, and the
 * targets. Sorted once, so each indicator's files are a range of them.
 */
export const PUBLISHED = { latest: "chiso_published_latest", history: "chiso_published_history", targets: "chiso_published_targets" } as const;
const LATEST_ORDER = "indicator_id, geo, source_id, series_code, period";

export async function stagePublished(warehouse: Warehouse, latest: readonly PublishedObservation[], targets: readonly TargetRow[]): Promise<void> {
  const { db } = warehouse;
  await db.run(CSV_MACROS);
  const urls = await warehouse.query<{ url: string }>("select distinct citation_url as url from observations_latest where citation_url is not null");
  const badUrls = urls.map((u) => u.url).filter((u) => webUrlOrNull(u) === null);
  const unstated = await warehouse.query<{ geo: string; period: string }>("select distinct geo, period from observations_latest where territory is null");
  // What latestObservations withheld: rows of the view it did not return (a handful of derived ratios at most).
  const published = new Set(latest.filter((o) => o.indicator_id === HEALTH_BOOKS_PER_100).map((o) => `${o.source_id}|${o.period}|${o.geo}|${o.series_code}`));
  const candidates = await warehouse.query<{ source_id: string; period: string; geo: string; series_code: string }>(
    `select source_id, period, geo, series_code from observations_latest where indicator_id = ${sqlString(HEALTH_BOOKS_PER_100)}`,
  );
  const withheld = candidates.filter((c) => !published.has(`${c.source_id}|${c.period}|${c.geo}|${c.series_code}`));
  const select = OBSERVATION_COLUMNS.map((c) => {
    if (c === "citation_url" && badUrls.length)
      return `case when citation_url in (${badUrls.map(sqlString).join(", ")}) then null else citation_url end as citation_url`;
    if (c === "territory" && unstated.length)
      return `coalesce(territory, case ${unstated.map((u) => `when geo = ${sqlString(u.geo)} and period = ${sqlString(u.period)} then ${sqlString(territoryOf(u.geo, u.period))}`).join(" ")} end) as territory`;
    return c;
  });
  const keep = withheld.length
    ? `where (indicator_id, source_id, period, geo, series_code) not in (${withheld.map((w) => `(${[HEALTH_BOOKS_PER_100, w.source_id, w.period, w.geo, w.series_code].map(sqlString).join(", ")})`).join(", ")})`
    : "";
  await db.run(`create or replace temp table ${PUBLISHED.latest} as select ${select.join(", ")} from observations_latest ${keep} order by ${LATEST_ORDER}`);
  const staged = await warehouse.scalar(`select count(*) from ${PUBLISHED.latest}`);
  if (staged !== latest.length)
    throw new Error(
      `the published table holds ${staged} figures but the pages ${latest.length}: the warehouse changed during the publish, or the two readings differ`,
    );
  await db.run(`create or replace temp table ${PUBLISHED.history} as select ${HISTORY_COLUMNS.join(", ")} from observations order by ${LATEST_ORDER}, vintage`);
  const ndjson = join(tmpdir(), `chiso-targets-${process.pid}-${Date.now()}.ndjson`);
  // Targets are as many as the catalog sets (tens, hundreds): written line by line, read by DuckDB.
  const fd = openSync(ndjson, "w");
  try {
    for (const t of targets) writeSync(fd, `${JSON.stringify(t)}\n`);
  } finally {
    closeSync(fd);
  }
  try {
    await db.run(
      `create or replace temp table ${PUBLISHED.targets} as select * from read_json(${sqlString(ndjson)}, format = 'newline_delimited', columns = ${TARGET_READ_COLUMNS}) limit 0`,
    );
    if (targets.length)
      await db.run(
        `insert into ${PUBLISHED.targets} select * from read_json(${sqlString(ndjson)}, format = 'newline_delimited', columns = ${TARGET_READ_COLUMNS})`,
      );
  } finally {
    rmSync(ndjson, { force: true });
  }
}

export async function dropPublished(warehouse: Warehouse): Promise<void> {
  for (const table of Object.values(PUBLISHED)) await warehouse.db.run(`drop table if exists ${table}`);
}

const TYPES = { latest: sqlColumns(ObservationRow), history: sqlColumns(ObservationHistoryRow), targets: sqlColumns(TargetRow) } as const;
export type Published = keyof typeof PUBLISHED;

/** A published table, or one indicator's rows of it. */
const rowsOf = (table: Published, indicatorId?: string) =>
  `select * from ${PUBLISHED[table]}${indicatorId ? ` where indicator_id = ${sqlString(indicatorId)}` : ""}${table === "targets" ? "" : ` order by ${LATEST_ORDER}${table === "history" ? ", vintage" : ""}`}`;

/** COPY into a temporary name, renamed on success: a reader never sees half a file. */
async function copyTo(warehouse: Warehouse, statement: (tmp: string) => string, path: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await warehouse.db.run(statement(tmp));
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
}

export const copyCsv = (warehouse: Warehouse, table: Published, path: string, opts: { indicatorId?: string; bom?: boolean } = {}) =>
  copyTo(warehouse, (tmp) => copyCsvSql(rowsOf(table, opts.indicatorId), TYPES[table], tmp, { bom: opts.bom }), path);

/** JSON as the rows' schema says: timestamps as ISO 8601 text in UTC, lists as arrays, an array of objects. */
export const copyJson = (warehouse: Warehouse, table: Published, path: string, indicatorId?: string) => {
  const select = TYPES[table].map((c) => (c.type === "timestamptz" ? `strftime(${c.name}, '%Y-%m-%dT%H:%M:%S.%gZ') as ${c.name}` : c.name)).join(", ");
  return copyTo(warehouse, (tmp) => `copy (select ${select} from (${rowsOf(table, indicatorId)})) to ${sqlString(tmp)} (format json, array true)`, path);
};

export const copyParquet = (warehouse: Warehouse, table: Published, path: string, indicatorId?: string) =>
  writeParquet(warehouse, rowsOf(table, indicatorId), path);

/**
 * The fingerprint of the published data: the sha256 of the bulk observations and targets CSVs as
 * they will be written, one after the other (what a release is compared by), and of each.
 */
export async function publishedFingerprint(warehouse: Warehouse): Promise<{ fingerprint: string; observations: string; targets: string }> {
  const dir = mkdtempSync(join(tmpdir(), "chiso-fingerprint-"));
  try {
    const [observations, targets] = [join(dir, "observations.csv"), join(dir, "targets.csv")];
    await copyCsv(warehouse, "latest", observations);
    await copyCsv(warehouse, "targets", targets);
    return { fingerprint: sha256Files(observations, targets).sha256, observations: sha256Files(observations).sha256, targets: sha256Files(targets).sha256 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
