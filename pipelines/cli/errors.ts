/** A failure the user can act on: printed as one line at the edge, with an exit code; the cause is kept. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Exit codes: 0 success, 1 a failure (a source, a build, a check), 2 a usage error, 3 the data folder is in use by another writer. */
export const EXIT = { ok: 0, failed: 1, usage: 2, locked: 3 } as const;
