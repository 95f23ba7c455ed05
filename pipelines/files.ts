import { createHash } from "node:crypto";
import { renameSync, writeFileSync } from "node:fs";

// The two file helpers every step shares; this module imports nothing of chiso's, so using it drags nothing in.

export function sha256(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Writes to a temporary name and renames into place: readers see the old file or the new, never half. */
export function writeAtomic(path: string, contents: Uint8Array | string): void {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, path);
}
