import { existsSync } from "node:fs";
import { loadCatalog, type Catalog } from "../../schemas/catalog.ts";
import { derivedSource } from "../../sources/derived.ts";
import { SOURCES } from "../../sources/index.ts";
import { refreshSource } from "../ingest/refresh.ts";
import { publish } from "../publish/publish.ts";
import { Warehouse } from "../warehouse/warehouse.ts";
import { type Config, configuredSources } from "./config.ts";
import { CliError } from "./errors.ts";
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

/** Refreshes the chosen sources (and the derived figures); says whether all succeeded and how many vintages they added. */
export async function refresh(config: Config, opts: { source?: string; offline: boolean }): Promise<{ ok: boolean; added: number }> {
  const catalog = catalogOrFail();
  const sources = configuredSources(SOURCES, config);
  const chosen = opts.source ? sources.filter((s) => s.id === opts.source) : sources;
  if (!chosen.length) throw new CliError(`unknown source "${opts.source}"; sources are: ${SOURCES.map((s) => s.id).join(", ")}`, 2);
  return withWarehouse(config, async (warehouse) => {
    const derived = derivedSource(warehouse);
    await warehouse.syncCatalog(catalog, [...sources, derived]);
    let ok = true;
    let added = 0;
    for (const adapter of [...chosen, derived]) {
      const t0 = performance.now();
      progress(`refresh: ${adapter.id}${opts.offline ? " (offline)" : ""}…`);
      const run = await refreshSource(adapter, { warehouse, dataDir: config.dataDir, catalog, offline: opts.offline, log: progress });
      const secs = ((performance.now() - t0) / 1000).toFixed(1);
      const kind = run.failureKind ? ` (${run.failureKind}${run.httpStatus ? `, HTTP ${run.httpStatus}` : ""})` : "";
      progress(`refresh: ${adapter.id}: ${run.status}${kind}: ${run.message} [${secs}s]`);
      if (run.status === "failed") ok = false;
      added += run.rowsAdded;
    }
    const n = await warehouse.scalar("select count(*) from observations");
    const latest = await warehouse.scalar("select count(*) from observations_latest");
    progress(`refresh: warehouse ${config.warehouse} holds ${latest} current figures in ${n} vintages`);
    return { ok, added };
  });
}

export async function runPublish(config: Config) {
  requireWarehouse(config);
  const catalog = catalogOrFail();
  return withWarehouse(config, async (warehouse) => {
    const t0 = performance.now();
    const result = await publish({ warehouse, catalog, dataDir: config.dataDir, distDir: config.distDir, log: progress, siteUrl: config.siteUrl });
    progress(`publish: ${result.pages} indicator pages, ${result.observations} figures, ${result.downloads.length} downloads in ${result.distDir} [${((performance.now() - t0) / 1000).toFixed(1)}s]`);
    return result;
  });
}

export async function schedule(config: Config) {
  const scheduler = await scheduleJobs(SOURCES, {
    refresh: (id) => refresh(config, { source: id, offline: false }),
    publish: async () => {
      await runPublish(config);
    },
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
  if (!/^\d+$/.test(portText ?? "0") || !Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a port number, got "${portText}"`, 2);
  const { url } = await serveSite(config.distDir, port).catch((e: NodeJS.ErrnoException) => {
    throw new CliError(e.code === "EADDRINUSE" ? `port ${port} is in use: try --port 0 or another port` : e.message, 1, { cause: e });
  });
  console.log(`chiso: serving ${config.distDir} at ${url}  (Ctrl-C to stop)`);
}
