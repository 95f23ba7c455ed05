import { LIST, VARCHAR } from "@duckdb/node-api";
import type { Observation } from "../../schemas/observation.ts";
import { territoryOf } from "../../schemas/territory.ts";
import { KEY, LOADED_COLUMNS } from "./ddl.ts";
import type { Warehouse } from "./warehouse.ts";

/**
 * A run's figures on their way in. Rows are appended to a temporary table as each body is read, so
 * a run of any size holds no more than one body's rows in JavaScript; the vintage rule is then one
 * set of statements over the whole table (see `loadStaged`). The table has the loaded row's columns
 * in order, then three of its own: `batch_at`, the publisher's date of a bundled recording ("" for
 * a live body), which orders the vintages; and `body` and `row_no`, which name a row in a message.
 * A body's provenance (retrieved_at, run_id, raw_sha256) is kept once in `<table>_bodies`, not per row.
 * `territory` may be left empty: the load reads it off the geography, the period and the catalog.
 */
let made = 0;

/** One temporary staging table and its companions; `drop` them when done, loaded or not. */
export class Staging {
  /** Where each body came from, by the `body` number of its rows. */
  readonly origins: string[] = [];
  rows = 0;

  private constructor(
    readonly warehouse: Warehouse,
    /** Unique per staging, so a load inside another's transaction cannot touch its rows. */
    readonly table: string,
  ) {}

  static async open(warehouse: Warehouse): Promise<Staging> {
    const table = `staged_${process.pid}_${++made}`;
    await warehouse.db.run(
      `create temp table ${table} as select ${LOADED_COLUMNS.map((c) => (c === "retrieved_at" ? "''::varchar as retrieved_at" : c)).join(", ")},
         ''::varchar as batch_at, 0::integer as row_no, 0::integer as body from observations limit 0`,
    );
    // What every row of a body shares is kept once, by body, and joined in when the rows load.
    await warehouse.db.run(`create temp table ${table}_bodies (body integer, retrieved_at varchar, run_id varchar, raw_sha256 varchar)`);
    return new Staging(warehouse, table);
  }

  /** A new body number for rows from `origin`, read from the bytes `provenance` names. */
  async body(origin: string, provenance: Observation["provenance"]): Promise<number> {
    const body = this.origins.push(origin) - 1;
    await this.warehouse.db.run(`insert into ${this.table}_bodies values ($1, $2, $3, $4)`, [
      body,
      provenance.retrievedAt,
      provenance.runId,
      provenance.rawSha256,
    ]);
    return body;
  }

  /** Appends observations (already normalised) from one body; their `row_no` is their place in it, from 1. */
  async stage(observations: readonly Observation[], opts: { batchAt: string; origin: string }): Promise<void> {
    if (!observations.length) return;
    // One body per provenance: a body's rows share it (refresh normalises a response at a time).
    const p = observations[0]!.provenance;
    const same = (o: Observation) => o.provenance.retrievedAt === p.retrievedAt && o.provenance.runId === p.runId && o.provenance.rawSha256 === p.rawSha256;
    if (!observations.every(same)) {
      await this.stage(observations.filter(same), opts);
      await this.stage(
        observations.filter((o) => !same(o)),
        opts,
      );
      return;
    }
    const body = await this.body(opts.origin, p);
    const appender = await this.warehouse.db.createAppender(this.table, "main", "temp");
    const flagsType = LIST(VARCHAR);
    const text = (v: string | null | undefined) => (v == null ? appender.appendNull() : appender.appendVarchar(v));
    try {
      for (const [i, o] of observations.entries()) {
        appender.appendVarchar(o.indicatorId);
        appender.appendVarchar(o.geo);
        appender.appendVarchar(o.period);
        appender.appendDouble(o.value);
        appender.appendVarchar(o.unit);
        appender.appendVarchar(o.status);
        // Most figures carry no flag: an empty list is written as null (a tenth of the cost), read back as [].
        if (o.flags.length) appender.appendList(o.flags, flagsType);
        else appender.appendNull();
        appender.appendVarchar(o.sourceId);
        appender.appendVarchar(o.seriesCode);
        appender.appendVarchar(o.note);
        text(o.citation?.title);
        text(o.citation?.publisher);
        text(o.citation?.date);
        text(o.citation?.url);
        text(o.citation?.statement);
        appender.appendNull();
        appender.appendNull();
        appender.appendNull();
        appender.appendNull();
        appender.appendVarchar(opts.batchAt);
        appender.appendInteger(i + 1);
        appender.appendInteger(body);
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    this.rows += observations.length;
  }

  /** Loads every staged row as vintages, the oldest recording first; returns the rows added. Call inside a transaction. */
  load(): Promise<number> {
    return loadStaged(this);
  }

  async drop(): Promise<void> {
    for (const t of [this.table, `${this.table}_bodies`, `${this.table}_stated`, `${this.table}_territories`])
      await this.warehouse.db.run(`drop table if exists temp.${t}`);
  }
}

/**
 * The vintage rule in SQL: per batch, a staged figure whose value, status, flags and unit equal the
 * latest vintage of its key adds nothing; a changed one adds vintage n+1. A bundled recording older
 * than what the warehouse holds for a key adds nothing either: replaying the bundled files again, or
 * after a live run, must not bring an old value back as the newest vintage.
 */
async function loadStaged(staging: Staging): Promise<number> {
  const { warehouse, table } = staging;
  if (!staging.rows) return 0;
  await fillTerritories(warehouse);
  await stateTerritories(staging);
  const batches = await warehouse.query<{ batch_at: string }>(`select distinct batch_at from ${table} order by batch_at`);
  let added = 0;
  for (const { batch_at } of batches) {
    if (batch_at)
      await warehouse.db.run(
        `delete from ${table} s where batch_at = $1 and exists (
           select 1 from observations o
           where ${KEY.split(", ")
             .map((k) => `o.${k} = s.${k}`)
             .join(" and ")} and o.retrieved_at > $1::timestamptz)`,
        [batch_at],
      );
    // A key given twice is fine with one value (two pages repeating a figure) and an error with two.
    // Keys are compared by hash first, a cheap pass; only rows whose hash repeats are compared in full.
    const [repeated] = await warehouse.query<{ key: string; clash: boolean }>(
      `with repeats as (select hash(${KEY}) as h from ${table} where batch_at = $1 group by h having count(*) > 1)
       select concat_ws(' / ', ${KEY}) as key, count(distinct value) > 1 as clash from ${table}
       where batch_at = $1 and hash(${KEY}) in (select h from repeats)
       group by ${KEY} having count(*) > 1 order by clash desc limit 1`,
      [batch_at],
    );
    if (repeated?.clash) throw new Error(`two different values for one series and period in one run: ${repeated.key}`);
    // Vintages carry their own order (the vintage number): DuckDB may write them in any order, in
    // parallel, rather than merging its threads' output back into the staged order.
    await warehouse.db.run("set preserve_insertion_order = false");
    try {
      const inserted = await warehouse.db.run(vintageSql(table, { repeats: repeated !== undefined }), [batch_at]);
      added += Number(inserted.rowsChanged);
    } finally {
      await warehouse.db.run("reset preserve_insertion_order");
    }
  }
  return added;
}

// Most figures carry no flag and are staged with null: they skip the sort.
const SORTED_FLAGS = "case when i.flags is null then []::varchar[] else list_sort(i.flags) end";

/**
 * The statement that adds a batch's new and changed figures. The latest vintage is read only for
 * the keys the batch holds (a semi join), so a small refresh of a large warehouse stays small.
 */
export function vintageSql(table: string, opts: { repeats?: boolean } = { repeats: true }): string {
  const joined = ["territory", "flags", "retrieved_at", "run_id", "raw_sha256"];
  const copied = LOADED_COLUMNS.filter((c) => !joined.includes(c));
  // One row per key: `distinct on` only when some key is staged twice, as it costs a pass of its own.
  // The batch is read twice (for its keys, then its rows); `not materialized` streams it both times
  // instead of copying every staged row into a common table expression first.
  const incoming = opts.repeats ? `select distinct on (${KEY}) * from ${table} where batch_at = $1` : `select * from ${table} where batch_at = $1`;
  return `insert into observations by name
    with incoming as not materialized (${incoming}),
    latest as (
      select ${KEY}, vintage, value, status, unit, flags from observations semi join incoming using (${KEY})
      qualify row_number() over (partition by ${KEY} order by vintage desc) = 1)
    select ${copied.map((c) => `i.${c}`).join(", ")}, ${SORTED_FLAGS} as flags,
      b.retrieved_at::timestamptz as retrieved_at, b.run_id, b.raw_sha256,
      coalesce(i.territory, t.territory) as territory, coalesce(l.vintage, 0) + 1 as vintage, now() as loaded_at
    from incoming i
    join ${table}_bodies b using (body)
    left join latest l using (${KEY})
    left join ${table}_stated k using (indicator_id, source_id, series_code, geo)
    left join ${table}_territories t on t.geo = i.geo and t.period = i.period and t.stated = coalesce(k.territory, '')
    where l.vintage is null or l.value <> i.value or l.status <> i.status or l.unit <> i.unit
       or list_sort(l.flags) <> ${SORTED_FLAGS}`;
}

/**
 * The territory of each staged figure that has none: read off its geography and period, and the
 * territory the catalog's series link states (the synced `indicators` table). The rule lives in
 * territory.ts; it runs once per distinct geography, period and stated territory, not per row.
 */
async function stateTerritories(staging: Staging): Promise<void> {
  const { warehouse, table } = staging;
  const links = await warehouse.query<{ id: string; series: string | null }>("select id, series::varchar as series from indicators");
  await warehouse.db.run(
    `create or replace temp table ${table}_stated (indicator_id varchar, source_id varchar, series_code varchar, geo varchar, territory varchar)`,
  );
  const stated: unknown[][] = [];
  for (const { id, series } of links)
    for (const s of JSON.parse(series ?? "[]") as { source: string; seriesCode: string; geo: string; territory?: string }[])
      if (s.territory) stated.push([id, s.source, s.seriesCode, s.geo, s.territory]);
  await insertValues(warehouse, `${table}_stated`, stated);
  const combos = await warehouse.query<{ geo: string; period: string; stated: string | null }>(
    `select distinct s.geo, s.period, k.territory as stated from ${table} s
     left join ${table}_stated k using (indicator_id, source_id, series_code, geo) where s.territory is null`,
  );
  await warehouse.db.run(`create or replace temp table ${table}_territories (geo varchar, period varchar, stated varchar, territory varchar)`);
  await insertValues(
    warehouse,
    `${table}_territories`,
    // "" for no stated territory, so the load's join is a plain equality.
    combos.map((c) => [c.geo, c.period, c.stated ?? "", territoryOf(c.geo, c.period, c.stated)]),
  );
}

/** Small tables of text (the catalog's links, territory combinations) through the appender. */
async function insertValues(warehouse: Warehouse, table: string, rows: unknown[][]): Promise<void> {
  const appender = await warehouse.db.createAppender(table, "main", "temp");
  try {
    for (const row of rows) {
      for (const v of row) {
        if (v == null) appender.appendNull();
        else appender.appendVarchar(String(v));
      }
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

/**
 * Rows loaded before the `territory` column existed get it from their geography and period, as a
 * load would write it: the column is a reading of the key, not a revision, so it adds no vintage.
 */
async function fillTerritories(warehouse: Warehouse): Promise<void> {
  const missing = await warehouse.query<{ geo: string; period: string }>("select distinct geo, period from observations where territory is null");
  for (const { geo, period } of missing)
    await warehouse.db.run("update observations set territory = $1 where territory is null and geo = $2 and period = $3", [
      territoryOf(geo, period),
      geo,
      period,
    ]);
}
