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

/** A zod issue path as a readable field name: `[1][3].countryiso3code`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "") || "(root)";
}
