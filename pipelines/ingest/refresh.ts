import { randomBytes } from "node:crypto";
import type { Catalog } from "../../schemas/catalog.ts";
import type { Observation } from "../../schemas/observation.ts";
import type { Fetched, SeriesSpec, SourceAdapter } from "../../sources/define.ts";
import { NoSnapshotError, SourceShapeError, UpstreamError } from "../../sources/errors.ts";
import { HttpClient, type HttpOptions, type RawResponse } from "../../sources/http.ts";
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
}

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
    runId, sourceId: adapter.id, startedAt: started.toISOString(), finishedAt: "", status: "ok",
    offline: ctx.offline, bodies: 0, rowsRead: 0, rowsAdded: 0, message: "",
  };
  const finish = async (status: RunRecord["status"], message: string, error?: unknown) => {
    Object.assign(run, { status, message, finishedAt: new Date().toISOString() });
    if (error !== undefined) Object.assign(run, classify(error));
    await ctx.warehouse.recordRun(run);
    return run;
  };
  if (!adapter.series.length) return finish("skipped", "no series configured: nothing to fetch");
  let fetched: Fetched<SeriesSpec>[];
  try {
    fetched = await adapter.fetch({ http, log: ctx.log, baseUrl: adapter.baseUrl, series: adapter.series });
  } catch (error) {
    if (error instanceof NoSnapshotError)
      return finish("skipped", `offline, and no recording of a real ${adapter.id} response is bundled (${error.url}): nothing to load`);
    return finish("failed", (error as Error).message, error);
  } finally {
    await http.close();
  }

  // Every body is archived before parsing: a rejected one is the evidence for its error message.
  const responses = uniqueResponses(fetched);
  run.bodies = responses.length;
  const retrievals: RetrievalRecord[] = responses.map((r) => {
    if (r.status === 200) archiveBody(ctx.dataDir, r.sha256, r.body);
    return {
      runId, sourceId: adapter.id, url: r.url, method: r.method, status: r.status, rawSha256: r.status === 200 ? r.sha256 : null,
      bytes: r.body.byteLength, headers: r.headers, retrievedAt: r.retrievedAt, snapshot: r.snapshot,
    };
  });
  let observations: Observation[];
  try {
    observations = fetched.flatMap(({ response, series }) => {
      if (response.status === 304) return [];
      const origin = response.snapshot ? `snapshot ${response.snapshot}` : `${response.method} ${response.url}`;
      let rows;
      try {
        rows = adapter.parse(response.body, series, response);
      } catch (error) {
        // The message gains where the body came from; the error keeps its type for `runs.failure_kind`.
        if (error instanceof Error) error.message = `${error.message} (in ${origin})`;
        throw error;
      }
      return normalise(rows, { sourceId: adapter.id, runId, retrievedAt: response.retrievedAt, rawSha256: response.sha256, origin }, ctx.catalog);
    });
  } catch (error) {
    await ctx.warehouse.recordRetrievals(retrievals);
    return finish("failed", (error as Error).message, error);
  }
  run.rowsRead = observations.length;

  try {
    await ctx.warehouse.transaction(async () => {
      run.rowsAdded = await ctx.warehouse.appendVintages(observations);
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
  return run;
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
