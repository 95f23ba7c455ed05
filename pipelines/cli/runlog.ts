import { appendFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

/**
 * The run log as JSON lines under <data-dir>/logs/, one file a month: what a log shipper or
 * `jq` reads without opening the warehouse (which a running refresh holds).
 */
export interface RunLogLine {
  kind: "refresh" | "publish" | "ingest";
  runId?: string;
  source?: string;
  startedAt: string;
  finishedAt: string;
  outcome: string;
  failureKind?: string | null;
  httpStatus?: number | null;
  rowsAdded?: number;
  bytesFetched?: number;
  message?: string;
  [more: string]: unknown;
}

export const runLogPath = (dataDir: string, at: Date) => join(dataDir, "logs", `runs-${at.toISOString().slice(0, 7)}.jsonl`);

export function appendRunLog(dataDir: string, line: RunLogLine): void {
  const path = runLogPath(dataDir, new Date(line.finishedAt));
  mkdirSync(join(dataDir, "logs"), { recursive: true });
  // One write of one line: appends of a line this short are not interleaved with another writer's.
  appendFileSync(path, `${JSON.stringify(line)}\n`);
}
