import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadCatalog, type Catalog } from "../schemas/catalog.ts";
import { SOURCES, sourceById } from "../sources/index.ts";
import { resolvePaths, type Paths } from "./config.ts";
import { derivedSource } from "./derive.ts";
import { publish } from "./publish.ts";
import { refreshSource } from "./refresh.ts";
import { serveSite } from "./serve.ts";
import { schedule as scheduleJobs } from "./schedule.ts";
import { listSources } from "./sources-list.ts";
import { statusReport } from "./status.ts";
import { Warehouse } from "./warehouse.ts";

/** A failure the user can act on: printed as one line, with an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

const COMMON = `
Options for every command:
  --data-dir DIR   data folder holding warehouse.duckdb and raw/ (env CHISO_DATA_DIR, default ./data)
  -h, --help       show this help`;

const HELP: Record<string, string> = {
  main: `chiso: Ho Chi Minh City's digital economy and society, measured against the city's own targets.

Usage: chiso <command> [options]

Commands:
  refresh    fetch every source, normalise, validate and load new vintages into the warehouse
  publish    export the data and build the static site into dist/
  status     each source's last run, each indicator's latest value and its targets' progress
  sources    every source: base URL, licence, schedule, last success and the series it feeds
  schedule   stay running: refresh each source on its own schedule, then publish
  start      refresh --offline, publish, then serve the site on localhost
  serve      serve an already built site
${COMMON}

Run 'chiso <command> --help' for a command's options.`,
  refresh: `Usage: chiso refresh [--source ID] [--offline] [--data-dir DIR]

Fetches, parses, validates and loads each source; a source that fails is reported and leaves
the warehouse as it was, while the others still load. Exits 1 if any source failed.

  --source ID   refresh one source (${SOURCES.map((s) => s.id).join(", ")})
  --offline     read the bundled recordings in sources/snapshots/ instead of the network
${COMMON}

Environment: CHISO_<ID>_URL overrides a source's base URL, e.g. CHISO_WORLDBANK_URL.`,
  publish: `Usage: chiso publish [--out DIR] [--data-dir DIR]

Writes the downloads and builds the site from the warehouse; the previous site stays in place
until the new one is complete.

  --out DIR     where the site goes (env CHISO_DIST_DIR, default ./dist)
${COMMON}

Environment: CHISO_SITE_URL, the site's public root (e.g. https://chiso.example.org), makes the
citations and the DCAT catalogue's links absolute; without it they are relative to the site.
Each publish whose figures differ from the last release is kept as a release under
<data-dir>/releases/YYYY-MM-DD/ and published with every later site.`,
  status: `Usage: chiso status [--data-dir DIR]
${COMMON}`,
  sources: `Usage: chiso sources [--data-dir DIR]

Lists every source with its base URL (after any CHISO_<ID>_URL override), licence, schedule
(cron, UTC), last successful run in the warehouse, and each series with the indicator it feeds.
${COMMON}`,
  schedule: `Usage: chiso schedule [--out DIR] [--data-dir DIR]

Runs until stopped. Each source is refreshed on its own cron schedule (UTC, see 'chiso sources');
after a refresh that added figures the site is published again. A failed source is logged and
retried at its next slot; the warehouse and the site stay at their last good state.
${COMMON}`,
  start: `Usage: chiso start [--port N] [--out DIR] [--data-dir DIR]

Builds the site from the bundled recordings (no network needed) and serves it on localhost.

  --port N      port to serve on (default 3000; 0 picks a free one)
  --out DIR     where the site goes (default ./dist)
${COMMON}`,
  serve: `Usage: chiso serve [--port N] [--out DIR]
${COMMON}`,
};

const OPTIONS = {
  "data-dir": { type: "string" },
  out: { type: "string" },
  source: { type: "string" },
  offline: { type: "boolean" },
  port: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const progress = (line: string) => process.stderr.write(`${line}\n`);

async function withWarehouse<T>(paths: Paths, work: (w: Warehouse) => Promise<T>): Promise<T> {
  let warehouse: Warehouse;
  try {
    warehouse = await Warehouse.open(paths.warehouse);
  } catch (error) {
    throw new CliError(`cannot open the warehouse ${paths.warehouse}: ${(error as Error).message.split("\n")[0]}`);
  }
  try {
    return await work(warehouse);
  } finally {
    warehouse.close();
  }
}

function catalogOrFail(): Catalog {
  try {
    return loadCatalog();
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

/** Refreshes the chosen sources (and the derived figures); says whether all succeeded and how many vintages they added. */
export async function refresh(paths: Paths, opts: { source?: string; offline: boolean }): Promise<{ ok: boolean; added: number }> {
  const catalog = catalogOrFail();
  const chosen = opts.source ? [sourceById(opts.source)] : SOURCES;
  if (opts.source && !chosen[0]) throw new CliError(`unknown source "${opts.source}"; sources are: ${SOURCES.map((s) => s.id).join(", ")}`);
  return withWarehouse(paths, async (warehouse) => {
    await warehouse.syncCatalog(catalog, [...SOURCES, derivedSource(warehouse)]);
    let ok = true;
    let added = 0;
    const adapters = [...chosen.map((s) => s!), derivedSource(warehouse)];
    for (const adapter of adapters) {
      const t0 = performance.now();
      progress(`refresh: ${adapter.id}${opts.offline ? " (offline)" : ""}…`);
      const run = await refreshSource(adapter, { warehouse, dataDir: paths.dataDir, catalog, offline: opts.offline, log: progress });
      const secs = ((performance.now() - t0) / 1000).toFixed(1);
      progress(`refresh: ${adapter.id}: ${run.status}: ${run.message} [${secs}s]`);
      if (run.status === "failed") ok = false;
      added += run.rowsAdded;
    }
    const n = await warehouse.scalar("select count(*) from observations");
    const latest = await warehouse.scalar("select count(*) from observations_latest");
    progress(`refresh: warehouse ${paths.warehouse} holds ${latest} current figures in ${n} vintages`);
    return { ok, added };
  });
}

export async function runPublish(paths: Paths) {
  if (!existsSync(paths.warehouse)) throw new CliError(`no warehouse at ${paths.warehouse}: run 'chiso refresh' first`);
  const catalog = catalogOrFail();
  return withWarehouse(paths, async (warehouse) => {
    const t0 = performance.now();
    const result = await publish({ warehouse, catalog, dataDir: paths.dataDir, distDir: paths.distDir, log: progress, siteUrl: process.env.CHISO_SITE_URL ?? "" });
    progress(`publish: ${result.pages} indicator pages, ${result.observations} figures, ${result.downloads.length} downloads in ${result.distDir} [${((performance.now() - t0) / 1000).toFixed(1)}s]`);
    return result;
  });
}

async function schedule(paths: Paths) {
  const scheduler = await scheduleJobs(SOURCES, {
    refresh: (id) => refresh(paths, { source: id, offline: false }),
    publish: async () => {
      await runPublish(paths);
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

async function serve(paths: Paths, portText: string | undefined) {
  if (!existsSync(paths.distDir)) throw new CliError(`no site at ${paths.distDir}: run 'chiso publish' first`);
  const port = Number(portText ?? process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a port number, got "${portText}"`);
  const { url } = await serveSite(paths.distDir, port).catch((e: NodeJS.ErrnoException) => {
    throw new CliError(e.code === "EADDRINUSE" ? `port ${port} is in use: try --port 0 or another port` : e.message);
  });
  console.log(`chiso: serving ${paths.distDir} at ${url}  (Ctrl-C to stop)`);
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "help" || command === "--help" || command === "-h") {
    console.log(HELP.main);
    return 0;
  }
  if (!HELP[command]) throw new CliError(`unknown command "${command}"; run 'chiso --help'`, 2);
  let values;
  try {
    ({ values } = parseArgs({ args: rest, options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new CliError(`${(error as Error).message}; run 'chiso ${command} --help'`, 2);
  }
  if (values.help) {
    console.log(HELP[command]);
    return 0;
  }
  const paths = resolvePaths({ dataDir: values["data-dir"], out: values.out });
  switch (command) {
    case "refresh":
      return (await refresh(paths, { source: values.source, offline: values.offline ?? false })).ok ? 0 : 1;
    case "publish":
      await runPublish(paths);
      return 0;
    case "status":
      if (!existsSync(paths.warehouse)) throw new CliError(`no warehouse at ${paths.warehouse}: run 'chiso refresh' first`);
      console.log(await withWarehouse(paths, (w) => statusReport(w, catalogOrFail())));
      return 0;
    case "sources":
      console.log(existsSync(paths.warehouse) ? await withWarehouse(paths, (w) => listSources(w)) : await listSources(null));
      return 0;
    case "schedule":
      await schedule(paths);
      return -1;
    case "start": {
      const t0 = performance.now();
      if (!(await refresh(paths, { offline: true })).ok) progress("start: some sources failed (see above); publishing what loaded");
      await runPublish(paths);
      progress(`start: site built in ${((performance.now() - t0) / 1000).toFixed(1)}s`);
      await serve(paths, values.port);
      return -1; // keep serving
    }
    case "serve":
      await serve(paths, values.port);
      return -1;
  }
  return 0;
}

/** Runs the command line and sets the exit code; failures print one line (CHISO_DEBUG=1 for the stack). */
export function run(argv: string[]): void {
  main(argv).then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (error: unknown) => {
      if (error instanceof CliError) {
        process.stderr.write(`chiso: ${error.message}\n`);
        process.exitCode = error.exitCode;
      } else {
        process.stderr.write(`chiso: ${(error as Error).message?.split("\n")[0] ?? String(error)}\n`);
        if (process.env.CHISO_DEBUG) console.error(error);
        process.exitCode = 1;
      }
    },
  );
}
