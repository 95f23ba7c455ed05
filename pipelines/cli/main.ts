import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { SOURCES } from "../../sources/index.ts";
import { check } from "./check.ts";
import { diffText, publishDiff } from "./diff.ts";
import { catalogOrFail, progress, refresh, requireWarehouse, runPublish, schedule, serve, withWarehouse } from "./commands.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { CliError, EXIT } from "./errors.ts";
import { HELP } from "./help.ts";
import { ingest } from "./ingest.ts";
import { waitSeconds, withLock } from "./lock.ts";
import { appendRunLog } from "./runlog.ts";
import { listSources } from "./sources-list.ts";
import { statusCommandJson, statusReport } from "./status.ts";
import { template } from "./template.ts";
import { validate } from "./validate.ts";

export { CliError } from "./errors.ts";

const OPTIONS = {
  "data-dir": { type: "string" },
  out: { type: "string" },
  source: { type: "string" },
  offline: { type: "boolean" },
  port: { type: "string" },
  lang: { type: "string" },
  catalog: { type: "string" },
  documents: { type: "string" },
  indicator: { type: "string", multiple: true },
  period: { type: "string" },
  format: { type: "string" },
  json: { type: "boolean" },
  due: { type: "boolean" },
  wait: { type: "string" },
  by: { type: "string" },
  note: { type: "string" },
  review: { type: "boolean" },
  approve: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Runs one command; resolves to its exit code, or -1 for a command that keeps running (serve, schedule). */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "help" || command === "--help" || command === "-h") {
    console.log(HELP.main);
    return EXIT.ok;
  }
  if (!HELP[command]) throw new CliError(`unknown command "${command}"; run 'chiso --help'`, EXIT.usage);
  let values;
  let positionals: string[];
  try {
    // Only validate and ingest take operands (their FILEs); every other command still refuses stray words.
    ({ values, positionals } = parseArgs({ args: rest, options: OPTIONS, strict: true, allowPositionals: command === "validate" || command === "ingest" }));
  } catch (error) {
    throw new CliError(`${(error as Error).message}; run 'chiso ${command} --help'`, EXIT.usage, { cause: error });
  }
  if (values.help) {
    console.log(HELP[command]);
    return EXIT.ok;
  }
  let config;
  try {
    config = loadConfig({ dataDir: values["data-dir"], out: values.out }, env, SOURCES);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(`configuration: ${error.message}`, EXIT.usage, { cause: error });
    throw error;
  }
  switch (command) {
    case "template":
      return template({ indicator: values.indicator, period: values.period, format: values.format, out: values.out });
    case "validate":
      return validate(positionals, { lang: values.lang, json: values.json });
    case "ingest":
      return withLock(config.dataDir, { command: "chiso ingest", waitSeconds: waitSeconds(values.wait), log: progress }, async () => {
        const startedAt = new Date().toISOString();
        const code = await ingest(config, { files: positionals, by: values.by, note: values.note, lang: values.lang });
        appendRunLog(config.dataDir, {
          kind: "ingest",
          startedAt,
          finishedAt: new Date().toISOString(),
          outcome: code === EXIT.ok ? "ok" : "failed",
          files: positionals,
        });
        return code;
      });
    case "check":
      return check({ lang: values.lang, catalogDir: values.catalog, documentsDir: values.documents });
    case "refresh": {
      const { ok } = await refresh(config, { source: values.source, offline: values.offline ?? false, due: values.due, wait: waitSeconds(values.wait) });
      return ok ? EXIT.ok : EXIT.failed;
    }
    case "publish":
      await runPublish(config, { wait: waitSeconds(values.wait), approve: values.approve });
      return EXIT.ok;
    case "status":
      requireWarehouse(config);
      if (values.json) return statusCommandJson(config);
      console.log(await withWarehouse(config, (w) => statusReport(w, catalogOrFail())));
      return EXIT.ok;
    case "diff": {
      requireWarehouse(config);
      const diff = await withWarehouse(config, (w) => publishDiff(w, catalogOrFail(), config.dataDir));
      console.log(values.json ? JSON.stringify(diff, null, 1) : diffText(diff));
      return EXIT.ok;
    }
    case "sources":
      console.log(existsSync(config.warehouse) ? await withWarehouse(config, (w) => listSources(w, config)) : await listSources(null, config));
      return EXIT.ok;
    case "schedule":
      await schedule(config, { review: values.review });
      return -1;
    case "start": {
      const t0 = performance.now();
      if (!(await refresh(config, { offline: true })).ok) progress("start: some sources failed (see above); publishing what loaded");
      await runPublish(config);
      progress(`start: site built in ${((performance.now() - t0) / 1000).toFixed(1)}s`);
      await serve(config, values.port);
      return -1; // keep serving
    }
    case "serve":
      await serve(config, values.port);
      return -1;
  }
  return EXIT.ok;
}

/** The last lines of a failure's causes, for a person to act on without CHISO_DEBUG. */
function causes(error: Error): string[] {
  const lines: string[] = [];
  for (let c = error.cause; c instanceof Error && lines.length < 3; c = c.cause) lines.push(`  because: ${c.message.split("\n")[0]}`);
  return lines;
}

/** Runs the command line and sets the exit code; failures print their message and causes (CHISO_DEBUG=1 for the stack). */
export function run(argv: string[]): void {
  main(argv).then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      process.stderr.write(`chiso: ${e.message}\n`);
      if (!(error instanceof CliError)) for (const line of causes(e)) process.stderr.write(`${line}\n`);
      if (process.env.CHISO_DEBUG) console.error(error);
      process.exitCode = error instanceof CliError ? error.exitCode : EXIT.failed;
    },
  );
}
