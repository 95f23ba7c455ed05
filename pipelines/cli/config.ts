import { resolve } from "node:path";
import { z } from "zod";
import type { SeriesSpec, SourceAdapter } from "../../sources/define.ts";

/**
 * Every `CHISO_*` setting, read and checked once here: a loose spec in (flags and the
 * environment), a strict config out. Nothing else in chiso reads `process.env`.
 */
export interface Config {
  dataDir: string;
  warehouse: string;
  distDir: string;
  /** The site's public root (CHISO_SITE_URL); "" gives site-relative links. */
  siteUrl: string;
  /** CHISO_DEBUG: print stack traces on failure. */
  debug: boolean;
  /** Base URLs overridden by CHISO_<ID>_URL, by source id. */
  sourceUrls: Map<string, string>;
  /** PORT, when `--port` is not given. */
  port?: number;
  /** CHISO_RUN_DEADLINE (seconds): one source's run, fetch to load; default DEFAULT_RUN_DEADLINE_MS. */
  runDeadlineMs?: number;
  /** CHISO_REQUEST_DEADLINE (seconds): one request, retries included; default in sources/http-options.ts. */
  requestDeadlineMs?: number;
}

/** Kept for the callers that only need the folders. */
export type Paths = Pick<Config, "dataDir" | "warehouse" | "distDir">;

export class ConfigError extends Error {}

/** `CHISO_WORLDBANK_URL`, `CHISO_UN_SDG_URL`, ...: the variable that overrides a source's base URL. */
export const sourceUrlVariable = (id: string) => `CHISO_${id.toUpperCase().replace(/-/g, "_")}_URL`;

const HttpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//i.test(u), "must be an http:// or https:// URL")
  .transform((u) => u.replace(/\/+$/, ""));
const Port = z.coerce.number().int().min(0).max(65535);
const Seconds = z.coerce
  .number()
  .positive("must be a number of seconds above 0")
  .transform((s) => Math.round(s * 1000));

function checked<T>(name: string, schema: z.ZodType<T>, value: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new ConfigError(`${name}=${JSON.stringify(value)}: ${result.error.issues[0]!.message}`);
  return result.data;
}

/** `--data-dir` wins over CHISO_DATA_DIR, which wins over ./data; likewise `--out`, CHISO_DIST_DIR, ./dist. */
export function loadConfig(
  flags: { dataDir?: string; out?: string } = {},
  env: NodeJS.ProcessEnv = process.env,
  sources: readonly { id: string }[] = [],
): Config {
  const dataDir = resolve(flags.dataDir ?? env.CHISO_DATA_DIR ?? "data");
  const distDir = resolve(flags.out ?? env.CHISO_DIST_DIR ?? "dist");
  const sourceUrls = new Map<string, string>();
  for (const { id } of sources) {
    const value = env[sourceUrlVariable(id)];
    if (value) sourceUrls.set(id, checked(sourceUrlVariable(id), HttpUrl, value));
  }
  return {
    dataDir,
    warehouse: resolve(dataDir, "warehouse.duckdb"),
    distDir,
    siteUrl: env.CHISO_SITE_URL ? checked("CHISO_SITE_URL", HttpUrl, env.CHISO_SITE_URL) : "",
    debug: Boolean(env.CHISO_DEBUG),
    sourceUrls,
    port: env.PORT ? checked("PORT", Port, env.PORT) : undefined,
    runDeadlineMs: env.CHISO_RUN_DEADLINE ? checked("CHISO_RUN_DEADLINE", Seconds, env.CHISO_RUN_DEADLINE) : undefined,
    requestDeadlineMs: env.CHISO_REQUEST_DEADLINE ? checked("CHISO_REQUEST_DEADLINE", Seconds, env.CHISO_REQUEST_DEADLINE) : undefined,
  };
}

/** The sources as this configuration points them: each base URL after its CHISO_<ID>_URL override. */
export function configuredSources(sources: readonly SourceAdapter<SeriesSpec>[], config: Pick<Config, "sourceUrls">): SourceAdapter<SeriesSpec>[] {
  return sources.map((s) => {
    const url = config.sourceUrls.get(s.id);
    return url ? { ...s, baseUrl: url } : s;
  });
}
