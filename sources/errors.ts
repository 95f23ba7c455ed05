import type { z } from "zod";
import { repairParsed } from "./text.ts";

/** The upstream answered, but not in the shape the parser relies on. */
export class SourceShapeError extends Error {
  override name = "SourceShapeError";
  constructor(
    readonly sourceId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`[${sourceId}] ${message}`, options);
  }
}

/** The upstream could not be reached or said no (HTTP status, error body, timeout). */
export class UpstreamError extends Error {
  override name = "UpstreamError";
  constructor(
    readonly sourceId: string,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(`[${sourceId}] ${message}`, options);
  }
}

/** Offline, and no recorded body exists for this request: the source has nothing, and says so. */
export class NoSnapshotError extends Error {
  override name = "NoSnapshotError";
  constructor(readonly url: string) {
    super(`no recorded response for ${url}`);
  }
}

/** A duration as messages give it: "1.5 s", "120 s". */
export const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

/** A zod issue path as a readable field name: `[1][3].countryiso3code`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return (
    path
      .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
      .join("")
      .replace(/^\./, "") || "(root)"
  );
}

/** A configured input (a transcription file, a filter) the upstream answered for, yielding no figure: a failed run. */
export class EmptyInputError extends SourceShapeError {
  override name = "EmptyInputError";
}

/** A body read as JSON; a body that is not JSON fails its source, saying so. */
export function readJson(sourceId: string, body: Uint8Array | string): unknown {
  try {
    const text = typeof body === "string" ? body : new TextDecoder().decode(body);
    // Text from upstream reaches DuckDB: a lone surrogate is repaired here (sources/text.ts).
    return repairParsed(JSON.parse(text), text);
  } catch (cause) {
    throw new SourceShapeError(sourceId, `body is not JSON: ${(cause as Error).message}`, { cause });
  }
}

/**
 * Checks a parsed body against the shape its parser relies on. A mismatch fails the source with the
 * first field that differs, after `prefix` (e.g. "table metadata "), rather than loading wrong numbers.
 */
export function checkShape<T>(sourceId: string, schema: z.ZodType<T>, raw: unknown, prefix = ""): T {
  const checked = schema.safeParse(raw);
  if (checked.success) return checked.data;
  const issue = checked.error.issues[0]!;
  throw new SourceShapeError(sourceId, `${prefix}field ${fieldPath(issue.path)}: ${issue.message}`);
}

/**
 * Runs `read` on a body met while fetching (a page count, a package's resources) and adds the
 * series and the request to any error's message. The error keeps its type, for `runs.failure_kind`;
 * refresh archives the body, so the message points at evidence that is kept.
 */
export function whileReading<T>(series: string, response: { method: string; url: string }, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof Error) error.message = `${error.message} (series ${series}, in ${response.method} ${response.url})`;
    throw error;
  }
}
