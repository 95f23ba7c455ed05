import { mkdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import { toCsv } from "./csv.ts";
import { writeAtomic } from "./raw-archive.ts";
import type { PublishedObservation } from "./site-data.ts";
import type { Warehouse } from "./warehouse.ts";

/** Columns of the observation downloads, in the shared schema's order. */
export const OBSERVATION_COLUMNS = [
  "indicator_id", "geo", "period", "value", "unit", "status", "flags", "source_id", "series_code", "note",
  "citation_title", "citation_publisher", "citation_date", "citation_url", "citation_statement",
  "retrieved_at", "run_id", "raw_sha256", "vintage",
] as const;

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** DuckDB writes Parquet itself (zstd); it writes to a temporary name that is renamed on success. */
export async function writeParquet(warehouse: Warehouse, select: string, path: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await warehouse.db.run(`copy (${select}) to ${sqlString(tmp)} (format parquet, compression zstd)`);
  renameSync(tmp, path);
}

/**
 * The downloads under dist/data/: every indicator's latest values in bulk (Parquet, CSV) and one
 * CSV per indicator. Returns the files written, relative to `dataOut`.
 */
export async function writeDownloads(warehouse: Warehouse, latest: PublishedObservation[], dataOut: string): Promise<string[]> {
  mkdirSync(join(dataOut, "indicators"), { recursive: true });
  const written: string[] = [];
  const columns = OBSERVATION_COLUMNS.join(", ");
  await writeParquet(
    warehouse,
    `select ${columns} from observations_latest order by indicator_id, geo, source_id, series_code, period`,
    join(dataOut, "observations.parquet"),
  );
  written.push("observations.parquet");
  writeAtomic(join(dataOut, "observations.csv"), toCsv(latest as never, [...OBSERVATION_COLUMNS]));
  written.push("observations.csv");
  const byIndicator = new Map<string, PublishedObservation[]>();
  for (const o of latest) (byIndicator.get(o.indicator_id) ?? byIndicator.set(o.indicator_id, []).get(o.indicator_id)!).push(o);
  for (const [id, rows] of byIndicator) {
    writeAtomic(join(dataOut, "indicators", `${id}.csv`), toCsv(rows as never, [...OBSERVATION_COLUMNS]));
    written.push(`indicators/${id}.csv`);
  }
  return written;
}
