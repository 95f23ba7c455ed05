import { createHash } from "node:crypto";
import { copyFileSync, createReadStream, existsSync, mkdirSync, renameSync } from "node:fs";
import { basename, dirname } from "node:path";
import type { Catalog } from "../../schemas/catalog.ts";
import { Period, type Unit } from "../../schemas/common.ts";
import { PLAUSIBLE, implausiblePeriod, rangeFor } from "../../schemas/plausible.ts";
import { Citation, Observation, Status } from "../../schemas/observation.ts";
import { TRANSCRIBED_COLUMNS } from "../../schemas/published.ts";
import type { SourceRow } from "../../sources/define.ts";
import { SourceShapeError } from "../../sources/errors.ts";
import type { Staging } from "../warehouse/staging.ts";
import type { RetrievalRecord, RunRecord, Warehouse } from "../warehouse/warehouse.ts";
import { rawPath } from "./raw-archive.ts";
import { LoadError, newRunId } from "./refresh.ts";
import { ObservationError, type Provenance, catalogIndex, normalise } from "./normalise.ts";

/**
 * A table of figures too large to hold as JavaScript rows: a ward-level monthly file, a bulk feed.
 * Its columns are the transcribed observation's (sources/report-figures.csv, TRANSCRIBED_COLUMNS);
 * chiso adds the source and the provenance. DuckDB reads it straight into the staging table and the
 * rules `normalise` enforces run over the staged rows, once per distinct value where a rule reads
 * only text (see checkStaged); the first row that breaks one is then handed to `normalise` itself,
 * so the message is the very one a row read in JavaScript gets.
 */
export interface FigureTable {
  /** A CSV file with a header row, UTF-8. */
  path: string;
  provenance: Provenance;
  /** See Staging.stage: "" for a live file, the publisher's date for a recording. */
  batchAt?: string;
}

export interface TableIngestOptions {
  warehouse: Warehouse;
  catalog: Catalog;
  dataDir: string;
  /** The chiso source the figures belong to: its series links in the catalog are checked. */
  sourceId: string;
  now?: Date;
}

/**
 * Loads figure tables in one transaction, or nothing: each file is hashed and archived under raw/ by
 * a stream (never read whole), staged by DuckDB, checked, then loaded as vintages; the run and one
 * retrieval per file are recorded. A rule broken by any row throws, naming the file and the row.
 */
export async function ingestFigureTables(paths: string[], opts: TableIngestOptions): Promise<RunRecord> {
  const started = opts.now ?? new Date();
  const retrievedAt = started.toISOString();
  const runId = newRunId(opts.sourceId, started);
  const staging = await opts.warehouse.openStaging();
  const retrievals: RetrievalRecord[] = [];
  try {
    for (const path of paths) {
      const { sha256, bytes } = await archiveFile(opts.dataDir, path);
      const origin = `file ${basename(path)}`;
      await stageFigureTable(staging, opts.catalog, { path, provenance: { sourceId: opts.sourceId, runId, retrievedAt, rawSha256: sha256, origin } });
      retrievals.push({
        runId,
        sourceId: opts.sourceId,
        url: `file:${basename(path)}`,
        method: "FILE",
        status: 200,
        rawSha256: sha256,
        bytes,
        headers: {},
        retrievedAt,
      });
    }
    const run: RunRecord = {
      runId,
      sourceId: opts.sourceId,
      startedAt: retrievedAt,
      finishedAt: "",
      status: "ok",
      offline: true,
      bodies: paths.length,
      rowsRead: staging.rows,
      rowsAdded: 0,
      message: "",
    };
    try {
      await opts.warehouse.transaction(async () => {
        run.rowsAdded = await opts.warehouse.loadStaged(staging);
        await opts.warehouse.recordRetrievals(retrievals);
        run.message = `${run.rowsRead} figures from ${paths.length} table(s), ${run.rowsAdded} new vintages`;
        run.finishedAt = new Date().toISOString();
        await opts.warehouse.recordRun(run);
      });
    } catch (error) {
      throw new LoadError(`load failed, nothing written: ${(error as Error).message}`, { cause: error });
    }
    return run;
  } finally {
    await staging.drop();
  }
}

/** A file's sha256 and size, read as a stream, and a copy under raw/ by that hash (the evidence). */
async function archiveFile(dataDir: string, path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).byteLength;
  }
  const sha256 = hash.digest("hex");
  const kept = rawPath(dataDir, sha256);
  if (!existsSync(kept)) {
    mkdirSync(dirname(kept), { recursive: true });
    copyFileSync(path, `${kept}.${process.pid}.tmp`);
    renameSync(`${kept}.${process.pid}.tmp`, kept);
  }
  return { sha256, bytes };
}

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;
const CITATION = ["citation_title", "citation_publisher", "citation_date", "citation_url", "citation_statement"] as const;

/** Stages one table's figures and checks them; returns the rows staged. Throws ObservationError naming the first bad row. */
export async function stageFigureTable(staging: Staging, catalog: Catalog, table: FigureTable): Promise<number> {
  const { warehouse } = staging;
  const prov = table.provenance;
  const source = `read_csv(${sqlString(table.path)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`;
  const header = (await warehouse.query<{ column_name: string }>(`select column_name from (describe select * from ${source})`)).map((c) => c.column_name);
  const missing = TRANSCRIBED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw new SourceShapeError(prov.sourceId, `${prov.origin}: missing column(s) ${missing.join(", ")}`);

  const body = await staging.body(prov.origin, prov);
  const cell = (c: string) => `nullif(c.${c}, '')`;
  // Text cells become the row normalise would see: an empty status is final, flags are ';'-separated,
  // and a value that is not a number is NaN (refused). Rows keep the file's order (DuckDB preserves
  // insertion order), so a row's number is its rowid counted from the body's first: numbering them
  // with a window over the whole file would cost as much again as reading it.
  const inserted = await warehouse.db.run(
    `insert into ${staging.table}
     select c.indicator_id, c.geo, c.period, coalesce(try_cast(c.value as double), 'nan'::double), c.unit, coalesce(${cell("status")}, 'final'),
       nullif(list_filter(list_transform(string_split(c.flags, ';'), f -> trim(f)), f -> f <> ''), []::varchar[]),
       ${sqlString(prov.sourceId)}, coalesce(c.series_code, ''), coalesce(c.note, ''),
       ${CITATION.map(cell).join(", ")},
       null, null, null, null, ${sqlString(table.batchAt ?? "")}, null, ${body}
     from ${source} c`,
  );
  const rows = Number(inserted.rowsChanged);
  staging.rows += rows;
  const [first] = await warehouse.query<{ base: bigint | number | null }>(`select min(rowid) as base from ${staging.table} where body = ${body}`);
  const proxies = await checkStaged(staging, catalog, prov, body, Number(first?.base ?? 0));
  await flagProxies(staging, body, proxies);
  return rows;
}

type Combo = { indicator_id: string | null; geo: string | null; unit: string | null; series_code: string; first: bigint | number };

/**
 * The rules of `normalise`, run on what varies: each distinct indicator, geography, unit and series
 * (the catalog's rules and the ids' shapes) goes through `normalise` itself; each distinct period,
 * status, list of flags and citation through the observation schema's own field; the value rules
 * run in SQL on every row. The first row that breaks any rule is then given to `normalise`, whose
 * message names it. Returns the combinations that are a declared proxy series.
 */
async function checkStaged(staging: Staging, catalog: Catalog, prov: Provenance, body: number, base: number): Promise<Combo[]> {
  const { warehouse } = staging;
  const from = `from ${staging.table} s where body = ${body}`;
  const rowNoOf = `(s.rowid - ${base} + 1)`;
  const firsts: number[] = [];
  const refuses = (check: () => unknown) => {
    try {
      check();
      return false;
    } catch {
      return true;
    }
  };
  const combos = await warehouse.query<Combo>(`select indicator_id, geo, unit, series_code, min(${rowNoOf}) as first ${from} group by all`);
  const { linkOf } = catalogIndex(catalog);
  const proxies: Combo[] = [];
  for (const c of combos) {
    const row = { indicatorId: c.indicator_id, geo: c.geo, period: "2024", value: 0, unit: c.unit, seriesCode: c.series_code } as SourceRow;
    if (refuses(() => normalise([row], prov, catalog))) firsts.push(Number(c.first));
    else if (linkOf(row.indicatorId, prov.sourceId, row.seriesCode, row.geo)?.proxy) proxies.push(c);
  }
  const byField = async (columns: string, ok: (r: Record<string, unknown>) => boolean, where = "") => {
    for (const r of await warehouse.query<Record<string, unknown>>(`select ${columns}, min(${rowNoOf}) as first ${from} ${where} group by all`))
      if (!ok(r)) firsts.push(Number(r.first));
  };
  const now = new Date();
  await byField("period", (r) => Period.safeParse(r.period).success && !implausiblePeriod(String(r.period), now));
  await byField("status", (r) => Status.safeParse(r.status).success);
  await byField("coalesce(flags, []::varchar[]) as flags", (r) => Observation.shape.flags.safeParse(r.flags).success);
  await byField(CITATION.join(", "), (r) => Citation.safeParse(citationOf(r)).success, `and (${CITATION.map((c) => `${c} is not null`).join(" or ")})`);
  // Each indicator's values against its range (schemas/plausible.ts): a small table of ranges joined
  // by indicator and unit, one hash join whatever the catalog's size.
  const { indicators } = catalogIndex(catalog);
  const ranges = [...new Map(combos.map((c) => [`${c.indicator_id}\u0000${c.unit}`, c])).values()]
    .flatMap((c) => (c.indicator_id && c.unit && c.unit in PLAUSIBLE.units ? [{ indicator_id: c.indicator_id, unit: c.unit }] : []))
    .map((c) => {
      const r = rangeFor(c.indicator_id, c.unit as Unit, indicators.get(c.indicator_id)?.range);
      const bound = (x: number | undefined) => (x === undefined ? "null::double" : `${x}::double`);
      return `(${sqlString(c.indicator_id)}, ${sqlString(c.unit)}, ${bound(r.min)}, ${bound(r.max)}, ${r.whole ? "true" : "false"})`;
    });
  const join = ranges.length ? `left join (values ${ranges.join(", ")}) r(indicator_id, unit, lo, hi, whole) using (indicator_id, unit)` : "";
  const broken = ranges.length ? " or value < r.lo or value > r.hi or (r.whole and value <> floor(value))" : "";
  const [values] = await warehouse.query<{ first: bigint | number | null }>(
    `select min(${rowNoOf}) as first from ${staging.table} s ${join}
     where body = ${body} and (not isfinite(value) or abs(value) > ${PLAUSIBLE.largest}${broken})`,
  );
  if (values?.first != null) firsts.push(Number(values.first));
  if (!firsts.length) return proxies;

  const rowNo = Math.min(...firsts);
  const [first] = await warehouse.query<Record<string, unknown>>(`select * ${from} and ${rowNoOf} = ${rowNo}`);
  const row = sourceRowOf(first!);
  normalise([row], prov, catalog, rowNo);
  throw new ObservationError(
    `[${prov.sourceId}] ${prov.origin}: row ${rowNo} (${row.indicatorId} ${row.geo} ${row.period}): refused by the table checks (see pipelines/ingest/table.ts)`,
  );
}

/** A national figure standing in for the city is always marked, whatever the file said (as normalise does). */
async function flagProxies(staging: Staging, body: number, proxies: Combo[]): Promise<void> {
  if (!proxies.length) return;
  const tuples = proxies.map((p) => `(${[p.indicator_id!, p.geo!, p.series_code].map(sqlString).join(", ")})`).join(", ");
  await staging.warehouse.db.run(
    `update ${staging.table} set flags = list_append(coalesce(flags, []::varchar[]), 'proxy')
     where body = ${body} and (indicator_id, geo, series_code) in (${tuples}) and not list_contains(coalesce(flags, []::varchar[]), 'proxy')`,
  );
}

/** The citation a staged row carries, as the source row would: none when every citation cell is empty. */
function citationOf(r: Record<string, unknown>): SourceRow["citation"] {
  const text = (c: string) => (r[c] == null ? undefined : String(r[c]));
  if (!CITATION.some((c) => r[c] != null)) return undefined;
  return {
    title: text("citation_title") ?? "",
    publisher: text("citation_publisher") ?? "",
    ...(text("citation_date") ? { date: text("citation_date") } : {}),
    ...(text("citation_url") ? { url: text("citation_url") } : {}),
    statement: text("citation_statement") ?? "",
  };
}

/** A staged row as the source row `normalise` would have been given. */
function sourceRowOf(r: Record<string, unknown>): SourceRow {
  const citation = citationOf(r);
  return {
    indicatorId: r.indicator_id as string,
    geo: r.geo as string,
    period: r.period as string,
    value: Number(r.value),
    unit: r.unit as SourceRow["unit"],
    status: r.status as SourceRow["status"],
    flags: (r.flags as SourceRow["flags"]) ?? [],
    seriesCode: String(r.series_code ?? ""),
    note: String(r.note ?? ""),
    ...(citation ? { citation } : {}),
  };
}
