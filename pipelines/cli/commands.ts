import { existsSync } from "node:fs";
import { loadCatalog, type Catalog } from "../../schemas/catalog.ts";
import type { SeriesSpec, SourceAdapter } from "../../sources/define.ts";
import { derivedSource } from "../../sources/derived.ts";
import { submissionSource } from "../../sources/submission/source.ts";
import { SOURCES } from "../../sources/index.ts";
import { refreshSource } from "../ingest/refresh.ts";
import { prepareData, publish } from "../publish/publish.ts";
import { ReviewMismatch, type StagedReview, stageReview } from "../publish/review.ts";
import { Warehouse } from "../warehouse/warehouse.ts";
import { type Config, configuredSources } from "./config.ts";
import { dueSources } from "./due.ts";
import { publishDiff } from "./diff.ts";
import { CliError, EXIT } from "./errors.ts";
import { withLock } from "./lock.ts";
import { appendRunLog } from "./runlog.ts";
import { schedule as scheduleJobs } from "./schedule.ts";
import { serveSite } from "./serve.ts";

export const progress = (line: string) => process.stderr.write(`${line}\n`);

export async function withWarehouse<T>(config: Pick<Config, "warehouse">, work: (w: Warehouse) => Promise<T>): Promise<T> {
  let warehouse: Warehouse;
  try {
    warehouse = await Warehouse.open(config.warehouse);
  } catch (error) {
    throw new CliError(`cannot open the warehouse ${config.warehouse}: ${(error as Error).message.split("\n")[0]}`, 1, { cause: error });
  }
  try {
    return await work(warehouse);
  } finally {
    warehouse.close();
  }
}

export function catalogOrFail(): Catalog {
  try {
    return loadCatalog();
  } catch (error) {
    throw new CliError((error as Error).message, 1, { cause: error });
  }
}

export function requireWarehouse(config: Pick<Config, "warehouse">): void {
  if (!existsSync(config.warehouse)) throw new CliError(`no warehouse at ${config.warehouse}: run 'chiso refresh' first`);
}

export interface RefreshCommand {
  source?: string;
  offline: boolean;
  /** Only the sources a slot of whose schedule has passed since their last success. */
  due?: boolean;
  /** Seconds to wait for another writer of the data folder (0: fail at once, exit 3). */
  wait?: number;
}

/** The catalog and every source's declaration into the warehouse: the fetching ones, the derived figures, the departments' submissions. */
export function syncCatalog(warehouse: Warehouse, catalog: Catalog, sources: readonly SourceAdapter<SeriesSpec>[]): Promise<void> {
  return warehouse.syncCatalog(catalog, [...sources, derivedSource(warehouse), submissionSource]);
}

/** Refreshes the chosen sources (and the derived figures); says whether all succeeded and how many vintages they added. */
export async function refresh(config: Config, opts: RefreshCommand): Promise<{ ok: boolean; added: number; ran: string[] }> {
  const catalog = catalogOrFail();
  const sources = configuredSources(SOURCES, config);
  const named = opts.source ? sources.filter((s) => s.id === opts.source) : sources;
  if (!named.length) throw new CliError(`unknown source "${opts.source}"; sources are: ${SOURCES.map((s) => s.id).join(", ")}`, 2);
  const command = `chiso refresh${opts.due ? " --due" : ""}${opts.source ? ` --source ${opts.source}` : ""}`;
  return withLock(config.dataDir, { command, waitSeconds: opts.wait, log: progress }, () =>
    withWarehouse(config, async (warehouse) => {
      const derived = derivedSource(warehouse);
      await syncCatalog(warehouse, catalog, sources);
      let chosen = named;
      if (opts.due) {
        chosen = dueSources(named, await warehouse.lastSettled(opts.offline), new Date());
        if (!chosen.length) {
          progress("refresh: nothing is due");
          return { ok: true, added: 0, ran: [] };
        }
        progress(`refresh: due: ${chosen.map((s) => s.id).join(", ")}`);
      }
      let ok = true;
      let added = 0;
      for (const adapter of [...chosen, derived]) {
        const t0 = performance.now();
        progress(`refresh: ${adapter.id}${opts.offline ? " (offline)" : ""}…`);
        const run = await refreshSource(adapter, {
          warehouse,
          dataDir: config.dataDir,
          catalog,
          offline: opts.offline,
          log: progress,
          deadlineMs: config.runDeadlineMs,
          // A request's deadline also bounds its retries: none is begun that could not finish in time.
          http: config.requestDeadlineMs ? { requestDeadlineMs: config.requestDeadlineMs, retryBudgetMs: config.requestDeadlineMs } : undefined,
        });
        const secs = ((performance.now() - t0) / 1000).toFixed(1);
        const kind = run.failureKind ? ` (${run.failureKind}${run.httpStatus ? `, HTTP ${run.httpStatus}` : ""})` : "";
        progress(`refresh: ${adapter.id}: ${run.status}${kind}: ${run.message} [${secs}s]`);
        appendRunLog(config.dataDir, {
          kind: "refresh",
          runId: run.runId,
          source: run.sourceId,
          startedAt: run.startedAt,
          finishedAt: run.finishedAt,
          outcome: run.status,
          failureKind: run.failureKind ?? null,
          httpStatus: run.httpStatus ?? null,
          offline: run.offline,
          rowsRead: run.rowsRead,
          rowsAdded: run.rowsAdded,
          bytesFetched: await warehouse.runBytes(run.runId),
          message: run.message,
        });
        if (run.status === "failed") ok = false;
        added += run.rowsAdded;
      }
      const n = await warehouse.scalar("select count(*) from observations");
      const latest = await warehouse.scalar("select count(*) from observations_latest");
      progress(`refresh: warehouse ${config.warehouse} holds ${latest} current figures in ${n} vintages`);
      return { ok, added, ran: chosen.map((s) => s.id) };
    }),
  );
}

/**
 * `chiso schedule --review`: instead of publishing new figures, stage them for a person to read
 * with `chiso diff` and publish with `chiso publish --approve`.
 */
export async function stageForReview(config: Config, opts: { wait?: number } = {}): Promise<StagedReview | null> {
  requireWarehouse(config);
  const catalog = catalogOrFail();
  return withLock(config.dataDir, { command: "chiso schedule --review", waitSeconds: opts.wait, log: progress }, () =>
    withWarehouse(config, async (warehouse) => {
      const prepared = await prepareData({ warehouse, catalog, dataDir: config.dataDir, siteUrl: config.siteUrl });
      const diff = await publishDiff(warehouse, catalog, config.dataDir);
      const c = diff.changes;
      if (!prepared.plan.isNew) {
        progress("review: no figure or target changed since the last release; nothing to stage");
        return null;
      }
      const review: StagedReview = {
        fingerprint: prepared.fingerprint,
        stagedAt: new Date().toISOString(),
        against: diff.against,
        added: c.added.length,
        revised: c.revised.length,
        removed: c.removed.length,
        targetsMoved: diff.targets.length,
      };
      stageReview(config.dataDir, review);
      progress(
        `review: staged ${review.added} new, ${review.revised} revised, ${review.removed} withdrawn figures and ${review.targetsMoved} target changes; ` +
          "read them with 'chiso diff', publish them with 'chiso publish --approve'",
      );
      return review;
    }),
  );
}

export async function runPublish(config: Config, opts: { wait?: number; approve?: boolean } = {}) {
  requireWarehouse(config);
  const catalog = catalogOrFail();
  if (!config.siteUrl)
    progress("publish: warning: CHISO_SITE_URL is not set, so citations, the DCAT catalogue and datapackage links are relative to the site root");
  return withLock(config.dataDir, { command: "chiso publish", waitSeconds: opts.wait, log: progress }, () =>
    withWarehouse(config, async (warehouse) => {
      const t0 = performance.now();
      const startedAt = new Date().toISOString();
      const result = await publish({
        warehouse,
        catalog,
        dataDir: config.dataDir,
        distDir: config.distDir,
        log: progress,
        siteUrl: config.siteUrl,
        approve: opts.approve,
      }).catch((error: unknown) => {
        if (error instanceof ReviewMismatch) throw new CliError(`publish --approve: ${error.message}`, EXIT.failed, { cause: error });
        throw error;
      });
      const secs = ((performance.now() - t0) / 1000).toFixed(1);
      if (result.unchanged) progress(`publish: unchanged: nothing changed since the last publish; ${result.distDir} left as it was [${secs}s]`);
      else
        progress(
          `publish: ${result.pages} indicator pages, ${result.observations} figures, ${result.downloads.length} downloads in ${result.distDir}, release ${result.release} [${secs}s]`,
        );
      appendRunLog(config.dataDir, {
        kind: "publish",
        startedAt,
        finishedAt: new Date().toISOString(),
        outcome: result.unchanged ? "unchanged" : "ok",
        release: result.release,
        distDir: result.distDir,
      });
      return result;
    }),
  );
}

/** The daemon: each source on its cron; on start, the sources that missed a slot while it was down. */
export async function schedule(config: Config, opts: { wait?: number; review?: boolean } = {}) {
  // A manual run in progress is waited for (an hour at most); the daemon never fails a slot for it.
  const wait = opts.wait ?? 3600;
  const scheduler = await scheduleJobs(SOURCES, {
    refresh: (id) => refresh(config, { source: id, offline: false, wait }),
    publish: async () => {
      if (opts.review) await stageForReview(config, { wait });
      else await runPublish(config, { wait });
    },
    due: () =>
      withLock(config.dataDir, { command: "chiso schedule", waitSeconds: wait, log: progress }, () =>
        withWarehouse(config, async (w) => {
          return dueSources(configuredSources(SOURCES, config), await w.lastSettled(false), new Date()).map((s) => s.id);
        }),
      ),
    log: progress,
  });
  // Ctrl-C or a service stop lets the refresh under way finish, so no run is left half-recorded.
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => {
      progress(`schedule: ${signal}: finishing the run under way, then stopping`);
      void scheduler.stop().then(() => process.exit(0));
    });
}

export async function serve(config: Config, portText: string | undefined) {
  if (!existsSync(config.distDir)) throw new CliError(`no site at ${config.distDir}: run 'chiso publish' first`);
  const port = portText === undefined ? (config.port ?? 3000) : Number(portText);
  if (!/^\d+$/.test(portText ?? "0") || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(`--port must be a port number, got "${portText}"`, 2);
  const { url } = await serveSite(config.distDir, port).catch((e: NodeJS.ErrnoException) => {
    throw new CliError(e.code === "EADDRINUSE" ? `port ${port} is in use: try --port 0 or another port` : e.message, 1, { cause: e });
  });
  console.log(`chiso: serving ${config.distDir} at ${url}  (Ctrl-C to stop)`);
}
