import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { writeAtomic } from "../files.ts";

/**
 * Every raw body a source returned, kept under the data folder by its sha256: the bytes an
 * observation came from can always be found again (`raw/ab/abcdef...`).
 */
export function rawPath(dataDir: string, sha256: string): string {
  return join(dataDir, "raw", sha256.slice(0, 2), sha256);
}

export function archiveBody(dataDir: string, sha256: string, body: Uint8Array): string {
  const path = rawPath(dataDir, sha256);
  if (existsSync(path)) return path;
  mkdirSync(join(dataDir, "raw", sha256.slice(0, 2)), { recursive: true });
  writeAtomic(path, body);
  return path;
}
