import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import type { Catalog } from "../../schemas/catalog.ts";
import type { Observation } from "../../schemas/observation.ts";
import type { Source } from "../../schemas/source.ts";

/**
 * The warehouse schema. Table and column names are an interface: exports, the site and
 * researchers' own queries read them. Observations are append-only vintages.
 */
const DDL = `
create table if not exists indicators (
  id varchar primary key, name_vi varchar, name_en varchar, definition_vi varchar, definition_en varchar,
  unit varchar, domain varchar, direction varchar, geographies varchar[], periodicity varchar,
  formula_vi varchar, formula_en varchar, data_gap_vi varchar, data_gap_en varchar, series json);
create table if not exists targets (
  id varchar primary key, indicator_id varchar, geo varchar, comparator varchar, value double, deadline integer,
  document_id varchar, document_number varchar, document_date varchar, clause varchar, seed varchar,
  wording_vi varchar, wording_en varchar, milestones json);
create table if not exists documents (
  id varchar primary key, number varchar, title_vi varchar, title_en varchar, issuer varchar, date varchar,
  seed varchar, read_from varchar, url varchar, sections json);
create table if not exists sources (
  id varchar primary key, publisher varchar, kind varchar, base_url varchar, licence varchar, schedule varchar, homepage varchar);
create table if not exists runs (
  run_id varchar primary key, source_id varchar, started_at timestamptz, finished_at timestamptz,
  status varchar, offline boolean, bodies integer, rows_read integer, rows_added integer, message varchar,
  failure_kind varchar, http_status integer);
-- Warehouses made before runs kept the kind of failure gain the columns.
alter table runs add column if not exists failure_kind varchar;
alter table runs add column if not exists http_status integer;
create table if not exists retrievals (
  run_id varchar, source_id varchar, url varchar, method varchar, status integer, raw_sha256 varchar,
  bytes bigint, headers json, retrieved_at timestamptz, snapshot varchar);
create table if not exists observations (
  indicator_id varchar not null, geo varchar not null, period varchar not null, value double not null,
  unit varchar not null, status varchar not null, flags varchar[] not null, source_id varchar not null,
  series_code varchar not null, note varchar not null,
  citation_title varchar, citation_publisher varchar, citation_date varchar, citation_url varchar, citation_statement varchar,
  retrieved_at timestamptz not null, run_id varchar not null, raw_sha256 varchar not null,
  vintage integer not null, loaded_at timestamptz not null);
create or replace view observations_latest as
  select * exclude (rank) from (
    select *, row_number() over (partition by indicator_id, geo, period, source_id, series_code order by vintage desc) as rank
    from observations)
  where rank = 1;
`;

/** From this many rows on, inserts go through a temp file read by DuckDB's JSON reader. */
const BULK_ROWS = 1_000;

/** Columns of `observations` in load order (vintage and loaded_at are set by the load). */
const INCOMING_COLUMNS = [
  "indicator_id", "geo", "period", "value", "unit", "status", "flags", "source_id", "series_code", "note",
  "citation_title", "citation_publisher", "citation_date", "citation_url", "citation_statement",
  "retrieved_at", "run_id", "raw_sha256",
] as const;

export interface RunRecord {
  runId: string;
  sourceId: string;
  startedAt: string;
  finishedAt: string;
  status: "ok" | "unchanged" | "failed" | "skipped";
  offline: boolean;
  bodies: number;
  rowsRead: number;
  rowsAdded: number;
  message: string;
  /** Why a failed run failed, so `chiso status` can tell "upstream down" from "the parser needs fixing". */
  failureKind?: FailureKind;
  httpStatus?: number;
}

/** upstream: unreachable or said no; shape: the body is not what the parser relies on; validation: a figure broke a catalog rule; load: the warehouse refused it. */
export const FAILURE_KINDS = ["upstream", "shape", "validation", "load"] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export interface RetrievalRecord {
  runId: string;
  sourceId: string;
  url: string;
  method: string;
  status: number;
  rawSha256: string | null;
  bytes: number;
  headers: Record<string, string>;
  retrievedAt: string;
  snapshot?: string;
}

export class Warehouse {
  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    readonly db: DuckDBConnection,
  ) {}

  static async open(path: string): Promise<Warehouse> {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    const instance = await DuckDBInstance.create(path);
    const db = await instance.connect();
    // Timestamps are read and written in UTC whatever the machine's zone.
    await db.run("set TimeZone = 'UTC'");
    await db.run(DDL);
    return new Warehouse(path, instance, db);
  }

  close(): void {
    this.db.closeSync();
    this.instance.closeSync();
  }

  async query<T = Record<string, unknown>>(sql: string, params?: Record<string, unknown> | unknown[]): Promise<T[]> {
    const reader = await this.db.runAndReadAll(sql, params as never);
    return reader.getRowObjectsJS() as T[];
  }

  /** The single number a `select count(*)`-like query returns. */
  async scalar(sql: string, params?: unknown[]): Promise<number> {
    const [row] = await this.query<Record<string, unknown>>(sql, params);
    return Number(Object.values(row ?? {})[0] ?? 0);
  }

  /** Runs `work` in one transaction: all of it lands, or none of it. */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.db.run("begin transaction");
    try {
      const result = await work();
      await this.db.run("commit");
      return result;
    } catch (error) {
      await this.db.run("rollback");
      throw error;
    }
  }

  /** The catalog is definition, not data: it is replaced whole on each refresh. */
  async syncCatalog(catalog: Catalog, sources: readonly Source[]): Promise<void> {
    await this.transaction(async () => {
      for (const t of ["indicators", "targets", "documents", "sources"]) await this.db.run(`delete from ${t}`);
      await this.insertJson(
        "indicators",
        catalog.indicators.map((i) => ({
          id: i.id, name_vi: i.name.vi, name_en: i.name.en, definition_vi: i.definition.vi, definition_en: i.definition.en,
          unit: i.unit, domain: i.domain, direction: i.direction, geographies: i.geographies, periodicity: i.periodicity,
          formula_vi: i.formula?.vi ?? null, formula_en: i.formula?.en ?? null,
          data_gap_vi: i.dataGap?.vi ?? null, data_gap_en: i.dataGap?.en ?? null, series: JSON.stringify(i.series),
        })),
      );
      await this.insertJson(
        "targets",
        catalog.targets.map((t) => ({
          id: t.id, indicator_id: t.indicatorId, geo: t.geo, comparator: t.comparator, value: t.value, deadline: t.deadline,
          document_id: t.document.id, document_number: t.document.number, document_date: t.document.date,
          clause: t.document.clause, seed: t.document.seed, wording_vi: t.wording.vi, wording_en: t.wording.en,
          milestones: JSON.stringify(t.milestones),
        })),
      );
      await this.insertJson(
        "documents",
        catalog.documents.map((d) => ({
          id: d.id, number: d.number, title_vi: d.title.vi, title_en: d.title.en, issuer: d.issuer, date: d.date,
          seed: d.seed, read_from: d.readFrom, url: d.url ?? null, sections: JSON.stringify(d.sections),
        })),
      );
      await this.insertJson(
        "sources",
        sources.map((s) => ({ id: s.id, publisher: s.publisher, kind: s.kind, base_url: s.baseUrl, licence: s.licence, schedule: s.schedule, homepage: s.homepage ?? null })),
      );
    });
  }

  /**
   * Inserts plain rows in one statement, with DuckDB casting each field to its column's type.
   * Few rows travel as one JSON parameter; many go through a newline-delimited temp file, which
   * DuckDB's JSON reader parses in parallel (ten times faster at 100,000 rows; see `npm run bench`).
   */
  async insertJson(table: string, rows: Record<string, unknown>[]): Promise<void> {
    if (!rows.length) return;
    const types = await this.query<{ column_name: string; data_type: string }>(
      "select column_name, data_type from information_schema.columns where table_name = ?",
      [table],
    );
    const present = types.filter((t) => t.column_name in rows[0]!);
    if (rows.length >= BULK_ROWS) {
      const file = join(tmpdir(), `chiso-${process.pid}-${randomUUID()}.ndjson`);
      try {
        writeFileSync(file, rows.map((r) => JSON.stringify(r)).join("\n"));
        const columns = `{${present.map((t) => `"${t.column_name}": '${t.data_type}'`).join(", ")}}`;
        await this.db.run(`insert into ${table} by name select * from read_json(?, format = 'newline_delimited', columns = ${columns})`, [file]);
      } finally {
        rmSync(file, { force: true });
      }
      return;
    }
    const shape: Record<string, unknown> = {};
    for (const { column_name, data_type } of present)
      shape[column_name] = data_type.endsWith("[]")
        ? [data_type.slice(0, -2)]
        : data_type === "JSON"
          ? "VARCHAR"
          : data_type.replace("TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ");
    await this.db.run(`insert into ${table} by name select unnest(json_transform(?::json, ?), recursive := true)`, [
      JSON.stringify(rows),
      JSON.stringify([shape]),
    ]);
  }

  async recordRun(run: RunRecord): Promise<void> {
    await this.insertJson("runs", [
      {
        run_id: run.runId, source_id: run.sourceId, started_at: run.startedAt, finished_at: run.finishedAt, status: run.status,
        offline: run.offline, bodies: run.bodies, rows_read: run.rowsRead, rows_added: run.rowsAdded, message: run.message,
        failure_kind: run.failureKind ?? null, http_status: run.httpStatus ?? null,
      },
    ]);
  }

  async recordRetrievals(retrievals: RetrievalRecord[]): Promise<void> {
    await this.insertJson(
      "retrievals",
      retrievals.map((r) => ({
        run_id: r.runId, source_id: r.sourceId, url: r.url, method: r.method, status: r.status, raw_sha256: r.rawSha256,
        bytes: r.bytes, headers: JSON.stringify(r.headers), retrieved_at: r.retrievedAt, snapshot: r.snapshot ?? null,
      })),
    );
  }

  /**
   * When each source last finished well (`ok` or `unchanged`). For an API or portal only a live run
   * counts (`live`): a replay of the bundled recordings (`replay`) checked nothing upstream.
   */
  async lastSuccesses(): Promise<Map<string, { live: Date | null; replay: Date | null }>> {
    const rows = await this.query<{ source_id: string; live: Date | null; replay: Date | null }>(
      `select r.source_id,
         max(r.finished_at) filter (where not r.offline or s.kind not in ('api', 'portal')) as live,
         max(r.finished_at) filter (where r.offline and s.kind in ('api', 'portal')) as replay
       from runs r join sources s on s.id = r.source_id
       where r.status in ('ok', 'unchanged') group by r.source_id`,
    );
    return new Map(rows.map((r) => [r.source_id, { live: r.live ? new Date(r.live) : null, replay: r.replay ? new Date(r.replay) : null }]));
  }

  /**
   * Validators of the last good response for a URL, for a conditional request: a 200 from a run
   * that loaded. A body that failed to parse must be fetched whole again, not answered with 304.
   */
  async lastValidators(method: string, url: string): Promise<{ etag?: string; lastModified?: string } | undefined> {
    const [row] = await this.query<{ etag: string | null; last_modified: string | null }>(
      `select headers->>'$.etag' as etag, headers->>'$."last-modified"' as last_modified
       from retrievals t join runs r using (run_id)
       where t.method = ? and t.url = ? and t.status = 200 and t.snapshot is null and r.status = 'ok'
       order by t.retrieved_at desc limit 1`,
      [method, url],
    );
    if (!row || (!row.etag && !row.last_modified)) return undefined;
    return { ...(row.etag ? { etag: row.etag } : {}), ...(row.last_modified ? { lastModified: row.last_modified } : {}) };
  }

  /**
   * Loads observations as vintages: a figure whose value, status, flags and unit equal the latest
   * vintage of its series adds nothing; a changed one adds vintage n+1. Returns rows added.
   * Call inside a transaction.
   */
  async appendVintages(observations: Observation[]): Promise<number> {
    if (!observations.length) return 0;
    await this.db.run(`create or replace temp table incoming as select ${INCOMING_COLUMNS.join(", ")} from observations limit 0`);
    await this.insertJson(
      "incoming",
      observations.map((o) => ({
        indicator_id: o.indicatorId, geo: o.geo, period: o.period, value: o.value, unit: o.unit, status: o.status,
        flags: [...o.flags].sort(), source_id: o.sourceId, series_code: o.seriesCode, note: o.note,
        citation_title: o.citation?.title ?? null, citation_publisher: o.citation?.publisher ?? null,
        citation_date: o.citation?.date ?? null, citation_url: o.citation?.url ?? null, citation_statement: o.citation?.statement ?? null,
        retrieved_at: o.provenance.retrievedAt, run_id: o.provenance.runId, raw_sha256: o.provenance.rawSha256,
      })),
    );
    const clash = await this.query<{ key: string }>(
      `select concat_ws(' / ', indicator_id, geo, period, source_id, series_code) as key from incoming
       group by indicator_id, geo, period, source_id, series_code having count(distinct value) > 1 limit 1`,
    );
    if (clash.length) throw new Error(`two different values for one series and period in one run: ${clash[0]!.key}`);
    const inserted = await this.db.run(
      `insert into observations
       select i.*, coalesce(l.vintage, 0) + 1 as vintage, now() as loaded_at
       from (select distinct on (indicator_id, geo, period, source_id, series_code) * from incoming) i
       left join observations_latest l using (indicator_id, geo, period, source_id, series_code)
       where l.vintage is null or l.value <> i.value or l.status <> i.status or l.unit <> i.unit
          or list_sort(l.flags) <> list_sort(i.flags)`,
    );
    await this.db.run("drop table incoming");
    return Number(inserted.rowsChanged);
  }
}
