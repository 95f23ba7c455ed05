import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { sha256 } from "../pipelines/files.ts";
import { NoSnapshotError } from "./errors.ts";
import type { RawResponse } from "./http.ts";

/** One recorded response, as sources/snapshots/manifest.json lists it. */
interface SnapshotEntry {
  source: string;
  method: "GET" | "POST";
  url: string;
  file: string;
  retrievedAt: string;
  origin: string;
}

const keyOf = (method: string, url: string) => `${method} ${url}`;

/** Offline, the recordings stand in for the upstream: same request, same bytes, every time. */
export class SnapshotReplay {
  private entries?: Map<string, SnapshotEntry>;

  constructor(private readonly manifestPath: string) {}

  /** The recorded response to `method url`; a NoSnapshotError when none was recorded. */
  replay(method: "GET" | "POST", url: string): RawResponse {
    // Read on first use: an online run never touches the manifest.
    if (!this.entries) {
      const manifest = JSON.parse(readFileSync(this.manifestPath, "utf8")) as { snapshots: SnapshotEntry[] };
      this.entries = new Map(manifest.snapshots.map((s) => [keyOf(s.method, s.url), s]));
    }
    const entry = this.entries.get(keyOf(method, url));
    if (!entry) throw new NoSnapshotError(`${method} ${url}`);
    const body = new Uint8Array(readFileSync(join(dirname(this.manifestPath), entry.file)));
    return {
      url,
      method,
      status: 200,
      headers: { "content-type": "application/json" },
      body,
      sha256: sha256(body),
      retrievedAt: entry.retrievedAt,
      snapshot: entry.file,
    };
  }

  /**
   * Recordings kept as files under `folder` (relative to the manifest) whose names match `name`,
   * sorted by name: for publications that are files, not answers to one request (the World Bank's
   * bulk CSVs), where every file present is a vintage and the file itself says its date.
   */
  files(folder: string, name: RegExp): string[] {
    let found: string[];
    try {
      found = readdirSync(join(dirname(this.manifestPath), folder));
    } catch {
      return [];
    }
    return found
      .filter((f) => name.test(f))
      .sort()
      .map((f) => `${folder}/${f}`);
  }

  /** One such file as the response to `url`, dated by `dateOf` (the date the file gives itself). */
  replayFile(file: string, url: string, dateOf: (body: Uint8Array) => string, contentType: string): RawResponse {
    const body = new Uint8Array(readFileSync(join(dirname(this.manifestPath), file)));
    return { url, method: "GET", status: 200, headers: { "content-type": contentType }, body, sha256: sha256(body), retrievedAt: dateOf(body), snapshot: file };
  }
}
