import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { SOURCES } from "../../sources/index.ts";
import { catalogOrFail, progress, refresh, requireWarehouse, runPublish, schedule, serve, withWarehouse } from "./commands.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { CliError, EXIT } from "./errors.ts";
import { HELP } from "./help.ts";
import { listSources } from "./sources-list.ts";
import { statusReport } from "./status.ts";

export { CliError } from "./errors.ts";

const OPTIONS = {
  "data-dir": { type: "string" },
  out: { type: "string" },
  source: { type: "string" },
  offline: { type: "boolean" },
  port: { type: "string" },
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
  try {
    ({ values } = parseArgs({ args: rest, options: OPTIONS, strict: true, allowPositionals: false }));
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
    case "refresh":
      return (await refresh(config, { source: values.source, offline: values.offline ?? false })).ok ? EXIT.ok : EXIT.failed;
    case "publish":
      await runPublish(config);
      return EXIT.ok;
    case "status":
      requireWarehouse(config);
      console.log(await withWarehouse(config, (w) => statusReport(w, catalogOrFail())));
      return EXIT.ok;
    case "sources":
      console.log(existsSync(config.warehouse) ? await withWarehouse(config, (w) => listSources(w, config)) : await listSources(null, config));
      return EXIT.ok;
    case "schedule":
      await schedule(config);
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
