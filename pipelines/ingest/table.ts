import { createHash } from "node:crypto";
import { copyFileSync, createReadStream, existsSync, mkdirSync, renameSync } from "node:fs";
import { basename, dirname } from "node:path";
import type { Catalog } from "../../schemas/catalog.ts";
import { GEO_PATTERN, PERIOD_PATTERN, SLUG_PATTERN, Unit, isWebUrl } from "../../schemas/common.ts";
import { Flag, Provenance as ProvenanceSchema, Status } from "../../schemas/observation.ts";
import { TRANSCRIBED_COLUMNS } from "../../schemas/published.ts";
import type { SourceRow } from "../../sources/define.ts";
import { SourceShapeError } from "../../sources/errors.ts";
import { SUBMISSION_SOURCE } from "../../sources/submission/source.ts";
import type { Staging } from "../warehouse/staging.ts";
import type { RetrievalRecord, RunRecord, Warehouse } from "../warehouse/warehouse.ts";
import { rawPath } from "./raw-archive.ts";
import { LoadError, newRunId } from "./refresh.ts";
import { ObservationError, type Provenance, catalogIndex, normalise } from "./normalise.ts";

/**
 * A table of figures too large to hold as JavaScript rows: a ward-level monthly file, a bulk feed.
 * Its columns are the transcribed observation's (sources/report-figures.csv, TRANSCRIBED_COLUMNS);
 * chiso adds the source and the provenance. DuckDB reads it straight into the staging table and the
 * rules `normalise` enforces run as SQL over the staged rows; the first row that breaks one is then
 * handed to `normalise` itself, so the message is the very one a row read in JavaScript gets.
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
  for await (const chunk of createReadStream(path)) {
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
const sqlList = (values: readonly string[]) => `[${values.map(sqlString).join(", ")}]`;
const CITATION = ["citation_title", "citation_publisher", "citation_date", "citation_url", "citation_statement"] as const;

/** Stages one table's figures and checks them; returns the rows staged. Throws ObservationError naming the first bad row. */
export async function stageFigureTable(staging: Staging, catalog: Catalog, table: FigureTable): Promise<number> {
  const { warehouse } = staging;
  const prov = table.provenance;
  const source = `read_csv(${sqlString(table.path)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`;
  const header = (await warehouse.query<{ column_name: string }>(`select column_name from (describe select * from ${source})`)).map((c) => c.column_name);
  const missing = TRANSCRIBED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw new SourceShapeError(prov.sourceId, `${prov.origin}: missing column(s) ${missing.join(", ")}`);

  await catalogTables(staging, catalog);
  const body = staging.body(prov.origin);
  const cell = (c: string) => `nullif(c.${c}, '')`;
  // Text cells become the row normalise would see: an empty status is final, flags are ';'-separated,
  // a value that is not a number is NaN (refused), and a figure of a declared proxy series is flagged.
  const flags = "list_filter(list_transform(string_split(coalesce(c.flags, ''), ';'), f -> trim(f)), f -> f <> '')";
  const inserted = await warehouse.db.run(
    `insert into ${staging.table}
     select c.indicator_id, c.geo, c.period, coalesce(try_cast(c.value as double), 'nan'::double), c.unit, coalesce(${cell("status")}, 'final'),
       case when l.proxy and not list_contains(${flags}, 'proxy') then list_append(${flags}, 'proxy') else ${flags} end,
       ${sqlString(prov.sourceId)}, coalesce(c.series_code, ''), coalesce(c.note, ''),
       ${CITATION.map(cell).join(", ")},
       ${sqlString(prov.retrievedAt)}, ${sqlString(prov.runId)}, ${sqlString(prov.rawSha256)}, null, ${sqlString(table.batchAt ?? "")}, c.row_no, ${body}
     -- Numbered before the join, which does not keep the file's order.
     from (select *, row_number() over () as row_no from ${source}) c
     left join ${staging.table}_links l on l.indicator_id = c.indicator_id and l.source_id = ${sqlString(prov.sourceId)}
       and l.series_code = c.series_code and l.geo = c.geo`,
  );
  const rows = Number(inserted.rowsChanged);
  staging.rows += rows;
  await checkStaged(staging, catalog, prov, body);
  return rows;
}

/** The catalog's indicators and series links as temporary tables, for the joins of the checks. */
async function catalogTables(staging: Staging, catalog: Catalog): Promise<void> {
  const { db } = staging.warehouse;
  const t = staging.table;
  await db.run(`create or replace temp table ${t}_indicators (id varchar, unit varchar, geographies varchar[])`);
  await db.run(`create or replace temp table ${t}_links (indicator_id varchar, source_id varchar, series_code varchar, geo varchar, proxy boolean)`);
  const { linkOf } = catalogIndex(catalog);
  const indicators = catalog.indicators.map((i) => `(${sqlString(i.id)}, ${sqlString(i.unit)}, ${sqlList(i.geographies)})`);
  const links = catalog.indicators.flatMap((i) =>
    i.series
      // One row per link as `normalise` finds it: the first of any repeated one.
      .filter((s) => linkOf(i.id, s.source, s.seriesCode, s.geo) === s)
      .map((s) => `(${[i.id, s.source, s.seriesCode, s.geo].map(sqlString).join(", ")}, ${s.proxy ? "true" : "false"})`),
  );
  if (indicators.length) await db.run(`insert into ${t}_indicators values ${indicators.join(", ")}`);
  if (links.length) await db.run(`insert into ${t}_links values ${links.join(", ")}`);
  staging.extraTables.add(`${t}_indicators`).add(`${t}_links`);
}

/**
 * The rules of `normalise` and of the observation schema, as one condition per staged row. Each is
 * at least as strict as its JavaScript twin; a link the browser could not open (citation_url) is
 * judged by the same function `normalise` uses, once per distinct link.
 */
function problemSql(prov: Provenance, badUrls: readonly string[]): string {
  const re = (column: string, pattern: RegExp) => `not coalesce(regexp_full_match(s.${column}, ${sqlString(pattern.source)}), false)`;
  const citation = `(${CITATION.map((c) => `s.${c} is not null`).join(" or ")})`;
  const provenanceOk = ProvenanceSchema.safeParse(prov).success && SLUG_PATTERN.test(prov.sourceId);
  return [
    provenanceOk ? "false" : "true",
    re("indicator_id", SLUG_PATTERN),
    re("geo", GEO_PATTERN),
    re("period", PERIOD_PATTERN),
    "not isfinite(s.value)",
    `s.unit is null or s.unit not in (${Unit.options.map(sqlString).join(", ")})`,
    `s.status not in (${Status.options.map(sqlString).join(", ")})`,
    `len(list_filter(s.flags, f -> f not in (${Flag.options.map(sqlString).join(", ")}))) > 0`,
    "s.series_code = ''",
    `${citation} and (s.citation_title is null or s.citation_publisher is null or s.citation_statement is null
       or not coalesce(regexp_full_match(s.citation_date, '\\d{4}(-\\d{2}(-\\d{2})?)?'), true)
       ${badUrls.length ? `or s.citation_url in (${badUrls.map(sqlString).join(", ")})` : ""})`,
    "i.id is null",
    "s.unit <> i.unit",
    prov.sourceId === SUBMISSION_SOURCE ? "false" : "l.indicator_id is null",
    "not list_contains(i.geographies, s.geo) and not coalesce(l.proxy, false)",
    "s.unit = 'percent' and (s.value < 0 or s.value > 100)",
  ]
    .map((c) => `(${c})`)
    .join("\n or ");
}

/** Finds the first staged row of this table that breaks a rule, and throws normalise's message for it. */
async function checkStaged(staging: Staging, catalog: Catalog, prov: Provenance, body: number): Promise<void> {
  const { warehouse } = staging;
  const t = staging.table;
  const urls = await warehouse.query<{ url: string }>(`select distinct citation_url as url from ${t} where body = ${body} and citation_url is not null`);
  const badUrls = urls.map((u) => u.url).filter((u) => !isWebUrl(u));
  const [first] = await warehouse.query<Record<string, unknown>>(
    `select s.* from ${t} s
     left join ${t}_indicators i on i.id = s.indicator_id
     left join ${t}_links l on l.indicator_id = s.indicator_id and l.source_id = s.source_id and l.series_code = s.series_code and l.geo = s.geo
     where s.body = ${body} and (${problemSql(prov, badUrls)})
     order by s.row_no limit 1`,
  );
  if (!first) return;
  const rowNo = Number(first.row_no);
  const row = sourceRowOf(first);
  normalise([row], prov, catalog, rowNo);
  throw new ObservationError(
    `[${prov.sourceId}] ${prov.origin}: row ${rowNo} (${row.indicatorId} ${row.geo} ${row.period}): refused by the table checks (see pipelines/ingest/table.ts)`,
  );
}

/** A staged row as the source row `normalise` would have been given. */
function sourceRowOf(r: Record<string, unknown>): SourceRow {
  const text = (c: string) => (r[c] == null ? undefined : String(r[c]));
  const hasCitation = CITATION.some((c) => r[c] != null);
  return {
    indicatorId: String(r.indicator_id ?? ""),
    geo: String(r.geo ?? ""),
    period: String(r.period ?? ""),
    value: Number(r.value),
    unit: r.unit as SourceRow["unit"],
    status: r.status as SourceRow["status"],
    flags: (r.flags as SourceRow["flags"]) ?? [],
    seriesCode: String(r.series_code ?? ""),
    note: String(r.note ?? ""),
    ...(hasCitation
      ? {
          citation: {
            title: text("citation_title") ?? "",
            publisher: text("citation_publisher") ?? "",
            ...(text("citation_date") ? { date: text("citation_date") } : {}),
            ...(text("citation_url") ? { url: text("citation_url") } : {}),
            statement: text("citation_statement") ?? "",
          },
        }
      : {}),
  };
}
