import { randomBytes } from "node:crypto";
import type { Catalog } from "../../schemas/catalog.ts";
import type { Fetched, SeriesSpec, SourceAdapter } from "../../sources/define.ts";
import { NoSnapshotError, SourceShapeError, UpstreamError, seconds } from "../../sources/errors.ts";
import { HttpClient, type HttpOptions, type RawResponse } from "../../sources/http.ts";
import type { PagingLimits } from "../../sources/paging.ts";
import { ObservationError, normalise } from "./normalise.ts";
import { archiveBody } from "./raw-archive.ts";
import type { FailureKind, RetrievalRecord, RunRecord, Warehouse } from "../warehouse/warehouse.ts";

export interface RefreshContext {
  warehouse: Warehouse;
  dataDir: string;
  catalog: Catalog;
  offline: boolean;
  log: (line: string) => void;
  http?: Partial<HttpOptions>;
  /** Caps on following one series' pages, over each source's own (sources/paging.ts). */
  paging?: Partial<PagingLimits>;
  /** Time one source's run may take, fetch to load; then it fails and the next source runs. */
  deadlineMs?: number;
}

/** Ten minutes: several times what the slowest source takes at its polite pace. */
export const DEFAULT_RUN_DEADLINE_MS = 10 * 60_000;

/** Sortable and unique: time to the millisecond, a random tag (two runs can share a millisecond), the source. */
export function newRunId(sourceId: string, at = new Date()): string {
  return `${at.toISOString().replace(/[-:]/g, "")}-${randomBytes(2).toString("hex")}-${sourceId}`;
}

/**
 * One source, end to end: fetch, archive the raw bodies, parse, normalise, validate, and load
 * as vintages in one transaction. A failure is recorded and leaves the warehouse as it was.
 */
export async function refreshSource(adapter: SourceAdapter<SeriesSpec>, ctx: RefreshContext): Promise<RunRecord> {
  const started = new Date();
  const runId = newRunId(adapter.id, started);
  const http = new HttpClient(adapter.id, {
    ...ctx.http,
    offline: ctx.offline,
    validatorsFor: (method, url) => ctx.warehouse.lastValidators(method, url),
  });
  const run: RunRecord = {
    runId,
    sourceId: adapter.id,
    startedAt: started.toISOString(),
    finishedAt: "",
    status: "ok",
    offline: ctx.offline,
    bodies: 0,
    rowsRead: 0,
    rowsAdded: 0,
    message: "",
  };
  const finish = async (status: RunRecord["status"], message: string, error?: unknown) => {
    Object.assign(run, { status, message, finishedAt: new Date().toISOString() });
    if (error !== undefined) Object.assign(run, classify(error));
    await ctx.warehouse.recordRun(run);
    return run;
  };
  if (!adapter.series.length) return finish("skipped", "no series configured: nothing to fetch");
  const deadlineMs = ctx.deadlineMs ?? DEFAULT_RUN_DEADLINE_MS;
  const outOfTime = () => new UpstreamError(adapter.id, `gave up after ${seconds(deadlineMs)}, the run's deadline`);
  // Every body is archived before parsing: a rejected one is the evidence for its error message.
  const keep = (responses: RawResponse[]): RetrievalRecord[] => {
    run.bodies = responses.length;
    return responses.map((r) => {
      if (r.status === 200) archiveBody(ctx.dataDir, r.sha256, r.body);
      return {
        runId,
        sourceId: adapter.id,
        url: r.url,
        method: r.method,
        status: r.status,
        rawSha256: r.status === 200 ? r.sha256 : null,
        bytes: r.body.byteLength,
        headers: r.headers,
        retrievedAt: r.retrievedAt,
        snapshot: r.snapshot,
      };
    });
  };
  let fetched: Fetched<SeriesSpec>[];
  let timer: NodeJS.Timeout | undefined;
  try {
    const fetching = adapter.fetch({ http, log: ctx.log, baseUrl: adapter.baseUrl, series: adapter.series, paging: ctx.paging });
    // Once the deadline has won, the fetch's own failure (the abort below) has no one left to hear it.
    fetching.catch(() => {});
    const timeUp = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = outOfTime();
        // Every request in flight or to come fails at once: nothing of this run keeps running.
        http.abort(error);
        reject(error);
      }, deadlineMs);
    });
    fetched = await Promise.race([fetching, timeUp]);
  } catch (error) {
    if (error instanceof NoSnapshotError)
      return finish("skipped", `offline, and no recording of a real ${adapter.id} response is bundled (${error.url}): nothing to load`);
    // A source that failed half-way (a malformed page, a deadline) still leaves what it was sent.
    http.abort(error instanceof Error ? error : new Error(String(error)));
    try {
      await ctx.warehouse.recordRetrievals(keep(http.retrieved));
    } catch (keeping) {
      // The failure is still recorded: losing the evidence must not lose the run.
      ctx.log(`refresh: ${adapter.id}: could not keep the bodies of the failed run: ${(keeping as Error).message}`);
    }
    return finish("failed", (error as Error).message, error);
  } finally {
    clearTimeout(timer);
    await http.close();
  }

  const responses = uniqueResponses(fetched);
  const retrievals = keep(responses);
  // Offline, a source may have recordings for none of its series: that is nothing to load, not a success.
  if (ctx.offline && responses.length === 0) return finish("skipped", `offline, and no recording of a real ${adapter.id} response is bundled: nothing to load`);
  // Each body's figures go to the staging table as soon as they are read: a run of any size holds
  // one body's rows in memory, and the vintage rule runs over all of them in SQL (staging.ts).
  const staging = await ctx.warehouse.openStaging();
  try {
    try {
      const rowsOf = new Map<SeriesSpec, number>();
      for (const { response, series } of fetched) {
        if (response.status === 304) continue;
        const origin = response.snapshot ? `snapshot ${response.snapshot}` : `${response.method} ${response.url}`;
        let rows;
        try {
          rows = adapter.parse(response.body, series, response);
        } catch (error) {
          // The message gains where the body came from; the error keeps its type for `runs.failure_kind`.
          if (error instanceof Error) error.message = `${error.message} (in ${origin})`;
          throw error;
        }
        rowsOf.set(series, (rowsOf.get(series) ?? 0) + rows.length);
        const observations = normalise(
          rows,
          { sourceId: adapter.id, runId, retrievedAt: response.retrievedAt, rawSha256: response.sha256, origin },
          ctx.catalog,
        );
        await staging.stage(observations, { batchAt: batchOf(response), origin });
      }
      checkEverySeriesRead(adapter, fetched, rowsOf);
    } catch (error) {
      await ctx.warehouse.recordRetrievals(retrievals);
      return finish("failed", (error as Error).message, error);
    }
    run.rowsRead = staging.rows;
    if (Date.now() - started.getTime() > deadlineMs) {
      await ctx.warehouse.recordRetrievals(retrievals);
      return finish("failed", outOfTime().message, outOfTime());
    }

    try {
      await ctx.warehouse.transaction(async () => {
        run.rowsAdded = await ctx.warehouse.loadStaged(staging);
        await ctx.warehouse.recordRetrievals(retrievals);
        const unchanged = responses.length > 0 && responses.every((r) => r.status === 304);
        Object.assign(run, {
          status: unchanged ? "unchanged" : "ok",
          message: unchanged ? "upstream unchanged (304)" : `${run.rowsRead} figures read, ${run.rowsAdded} new vintages`,
          finishedAt: new Date().toISOString(),
        });
        await ctx.warehouse.recordRun(run);
      });
    } catch (error) {
      return finish("failed", `load failed, nothing written: ${(error as Error).message}`, new LoadError("load failed", { cause: error }));
    }
  } finally {
    await staging.drop();
  }
  return run;
}

/**
 * Which batch a body's figures load in. Live, a run is one batch: two pages giving one figure two
 * values is an error. Each bundled recording is its own batch, dated by when the publisher issued it
 * (a World Bank bulk file's "Last Updated Date"): two files of one series are two vintages, the older
 * first, and a recording older than the warehouse's figure adds nothing (staging.ts). The live batch
 * is "", which sorts first: recordings are never mixed with live bodies in one run.
 */
const batchOf = (response: RawResponse): string => (response.snapshot ? response.retrievedAt : "");

/** A configured series of an API or a portal read no row although the upstream answered for it. */
export class EmptySeriesError extends SourceShapeError {
  override name = "EmptySeriesError";
}

/**
 * Fail loudly, not emptily: a configured series the upstream answered (200) for and that yields no
 * row is a wrong code, a stale filter or a moved table, and the run fails naming it. A series with
 * no body (offline with no recording, or 304 unchanged) is not judged. A report's single series
 * stands for a whole file, and derived figures come from other sources: neither is judged here.
 */
function checkEverySeriesRead(adapter: SourceAdapter<SeriesSpec>, fetched: Fetched<SeriesSpec>[], rowsOf: Map<SeriesSpec, number>): void {
  if (adapter.kind !== "api" && adapter.kind !== "portal") return;
  for (const series of new Set(fetched.filter((f) => f.response.status === 200).map((f) => f.series))) {
    if (rowsOf.get(series)) continue;
    const where = fetched.find((f) => f.series === series && f.response.status === 200)!.response;
    const origin = where.snapshot ? `snapshot ${where.snapshot}` : `${where.method} ${where.url}`;
    throw new EmptySeriesError(
      adapter.id,
      `series ${series.code} (${series.indicator}, ${series.geo}): the upstream answered, but no figure was read for it: a wrong code or filter, or a moved table (in ${origin})`,
    );
  }
}

function uniqueResponses(fetched: Fetched<SeriesSpec>[]): RawResponse[] {
  const seen = new Set<RawResponse>();
  for (const f of fetched) seen.add(f.response);
  return [...seen];
}

/** The warehouse refused a load (the transaction rolled back). */
export class LoadError extends Error {
  override name = "LoadError";
}

/** The kind of a failure, from the error's type; anything the parser threw that is not a known kind is a shape problem. */
export function classify(error: unknown): { failureKind: FailureKind; httpStatus?: number } {
  if (error instanceof LoadError) return { failureKind: "load" };
  if (error instanceof UpstreamError) return { failureKind: "upstream", ...(error.status ? { httpStatus: error.status } : {}) };
  if (error instanceof ObservationError) return { failureKind: "validation" };
  if (error instanceof SourceShapeError) return { failureKind: "shape" };
  return { failureKind: "shape" };
}
