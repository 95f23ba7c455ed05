import { createHash } from "node:crypto";
import { closeSync, openSync, readSync, readdirSync, renameSync, statSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";

// The file helpers every step shares; this module imports nothing of chiso's, so using it drags nothing in.

export function sha256(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Writes to a temporary name and renames into place: readers see the old file or the new, never half. */
export function writeAtomic(path: string, contents: Uint8Array | string): void {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, path);
}

const CHUNK = 1 << 20;

/** Reads a file a megabyte at a time: a download of any size is never held whole. */
export function eachChunk(path: string, use: (chunk: Uint8Array) => void, skip = 0): void {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    let position = skip;
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK, position);
      if (n === 0) break;
      use(buffer.subarray(0, n));
      position += n;
    }
  } finally {
    closeSync(fd);
  }
}

/** The sha256 and size of files read one after another, as if they were one (a fingerprint over several). */
export function sha256Files(...paths: string[]): { sha256: string; bytes: number } {
  const hash = createHash("sha256");
  let bytes = 0;
  for (const path of paths)
    eachChunk(path, (chunk) => {
      hash.update(chunk);
      bytes += chunk.byteLength;
    });
  return { sha256: hash.digest("hex"), bytes };
}

/** Writes `parts` into `path` in order: text as it is, files streamed (from byte `skip`). */
export function concatAtomic(path: string, parts: (string | { file: string; skip?: number })[]): void {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  const fd = openSync(tmp, "w");
  try {
    for (const part of parts)
      if (typeof part === "string") writeSync(fd, part);
      else eachChunk(part.file, (chunk) => writeSync(fd, chunk), part.skip);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** Every file below `dir`, at any depth (directories themselves left out). */
export function filesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesBelow(path) : [path];
  });
}
