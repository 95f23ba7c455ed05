import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import type { Catalog } from "../../schemas/catalog.ts";
import type { Observation } from "../../schemas/observation.ts";
import type { Source } from "../../schemas/source.ts";
import { DDL } from "./ddl.ts";
import { type RetrievalRecord, type RunRecord, catalogRows, retrievalRow, runRow } from "./rows.ts";
import { Staging } from "./staging.ts";
import { appendVintages } from "./vintages.ts";

export { FAILURE_KINDS, type FailureKind, type RetrievalRecord, type RunRecord } from "./rows.ts";

/** From this many rows on, inserts go through a temp file read by DuckDB's JSON reader. */
const BULK_ROWS = 1_000;

export interface SourceRunSummary {
  sourceId: string;
  schedule: string;
  kind: string;
  lastStatus: string | null;
  lastRun: string | null;
  lastSuccess: string | null;
  lastFailure: string | null;
  lastFailureKind: string | null;
  lastMessage: string | null;
}

/**
 * DuckDB's memory cap unless CHISO_MEMORY_LIMIT says otherwise. With it a 9-million-figure load
 * peaks near 1.3 GB for the whole process (DuckDB's allocator and Node.js come on top of the cap).
 */
export const MEMORY_LIMIT = "768MB";

export class Warehouse {
  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    readonly db: DuckDBConnection,
  ) {}

  /**
   * `memoryLimit` caps DuckDB's own memory (default CHISO_MEMORY_LIMIT, else MEMORY_LIMIT): a large run's
   * joins and staging spill to disk beside the warehouse instead of growing without bound, so a
   * `chiso schedule` daemon on a shared machine keeps its size whatever a source sends.
   */
  static async open(path: string, opts: { memoryLimit?: string } = {}): Promise<Warehouse> {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    const instance = await DuckDBInstance.create(path, { memory_limit: opts.memoryLimit ?? process.env.CHISO_MEMORY_LIMIT ?? MEMORY_LIMIT });
    const db = await instance.connect();
    // Timestamps are read and written in UTC whatever the machine's zone.
    await db.run("set TimeZone = 'UTC'");
    // The schema (and any column an older warehouse gains) lands whole or not at all.
    await db.run("begin transaction");
    try {
      await db.run(DDL);
      await db.run("commit");
    } catch (error) {
      await db.run("rollback");
      db.closeSync();
      instance.closeSync();
      throw error;
    }
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
      const rows = catalogRows(catalog, sources);
      for (const table of ["indicators", "targets", "documents", "sources"] as const) {
        await this.db.run(`delete from ${table}`);
        await this.insertJson(table, rows[table]);
      }
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
    await this.insertJson("runs", [runRow(run)]);
  }

  async recordRetrievals(retrievals: RetrievalRecord[]): Promise<void> {
    await this.insertJson("retrievals", retrievals.map(retrievalRow));
  }

  /**
   * When each source last finished well (`ok` or `unchanged`). For an API or portal only a live run
   * counts (`live`): a replay of the bundled recordings (`replay`) checked nothing upstream.
   */
  /** Each source's most recent run, whatever its outcome: why a series is empty, when it is. */
  async lastRuns(): Promise<Map<string, { status: string; message: string; failureKind: string | null }>> {
    const rows = await this.query<{ source_id: string; status: string; message: string; failure_kind: string | null }>(
      `select source_id, status, message, failure_kind from runs
       qualify row_number() over (partition by source_id order by finished_at desc, run_id desc) = 1`,
    );
    return new Map(rows.map((r) => [r.source_id, { status: r.status, message: r.message, failureKind: r.failure_kind }]));
  }

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
   * When each source last ran to an end that needs no retry: a success, or a skip (nothing
   * configured, or offline with nothing recorded). A replay of recordings counts only when
   * `countReplays` (an offline `--due`): it checked nothing upstream.
   */
  async lastSettled(countReplays: boolean): Promise<Map<string, Date>> {
    const rows = await this.query<{ source_id: string; at: Date }>(
      `select r.source_id, max(r.finished_at) as at from runs r join sources s on s.id = r.source_id
       where r.status in ('ok', 'unchanged', 'skipped') and (? or not r.offline or s.kind not in ('api', 'portal'))
       group by r.source_id`,
      [countReplays],
    );
    return new Map(rows.map((r) => [r.source_id, new Date(r.at)]));
  }

  /** Bytes fetched by one run: the bodies of its retrievals. */
  async runBytes(runId: string): Promise<number> {
    return this.scalar("select coalesce(sum(bytes), 0) from retrievals where run_id = ?", [runId]);
  }

  /** Per source: its last run, its last success and its last failure, for a monitor. */
  async runSummary(): Promise<SourceRunSummary[]> {
    const rows = await this.query<Record<string, unknown>>(
      `select s.id as source_id, s.schedule, s.kind,
         arg_max(r.status, r.finished_at) as last_status, max(r.finished_at) as last_run,
         arg_max(r.failure_kind, r.finished_at) as last_failure_kind, arg_max(r.message, r.finished_at) as last_message,
         max(r.finished_at) filter (where r.status in ('ok', 'unchanged')) as last_success,
         max(r.finished_at) filter (where r.status = 'failed') as last_failure
       from sources s left join runs r on r.source_id = s.id group by s.id, s.schedule, s.kind order by s.id`,
    );
    const iso = (v: unknown) => (v ? new Date(v as Date).toISOString() : null);
    return rows.map((r) => ({
      sourceId: String(r.source_id),
      schedule: String(r.schedule),
      kind: String(r.kind),
      lastStatus: (r.last_status as string | null) ?? null,
      lastRun: iso(r.last_run),
      lastSuccess: iso(r.last_success),
      lastFailure: iso(r.last_failure),
      lastFailureKind: (r.last_failure_kind as string | null) ?? null,
      lastMessage: (r.last_message as string | null) ?? null,
    }));
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

  /** See vintages.ts: a figure adds a vintage only when it differs from its key's latest. Call inside a transaction. */
  appendVintages(observations: Observation[]): Promise<number> {
    return appendVintages(this, observations);
  }

  /** A temporary table a run's figures are appended to as they are read (staging.ts). */
  openStaging(): Promise<Staging> {
    return Staging.open(this);
  }

  /** Loads a staging table's figures as vintages; returns rows added. Call inside a transaction. */
  loadStaged(staging: Staging): Promise<number> {
    return staging.load();
  }
}
