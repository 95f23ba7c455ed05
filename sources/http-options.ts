import type { Validators } from "./http.ts";

// How the HTTP client (sources/http.ts) is tuned: timeouts, deadlines, caps, retries and politeness.

export interface HostLimits {
  /** Requests in flight at once to one host. */
  concurrency: number;
  /** At most `intervalCap` requests per `intervalMs` to one host. */
  intervalCap: number;
  intervalMs: number;
}

export interface HttpOptions {
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  /** Idle time allowed between two chunks of a body. */
  bodyTimeoutMs: number;
  /**
   * Time one request may take in all, from its first attempt to its last byte, retries included.
   * The idle timeout alone lets an upstream that sends a byte every few seconds hold a request forever.
   */
  requestDeadlineMs: number;
  maxBodyBytes: number;
  retries: number;
  /** No retry is started once this much time has passed since the first attempt. */
  retryBudgetMs: number;
  backoffBaseMs: number;
  /** Longest Retry-After we will honour; a longer one fails the request. */
  maxRetryAfterMs: number;
  /** Redirects followed (CKAN resources often live behind one); 0 makes any 3xx but 304 an error. */
  maxRedirects: number;
  /** Limits for any host a source has not set its own for (see `HttpClient.limitHost`). */
  hostLimits: HostLimits;
  /** False makes `limitHost` a no-op: a test server on 127.0.0.1 needs no politeness. */
  sourceLimits: boolean;
  offline: boolean;
  snapshotManifest: string;
  /** Looks up the validators of the last good response, so every request can be conditional. */
  validatorsFor?: (method: string, url: string) => Promise<Validators | undefined>;
}

export const DEFAULT_HTTP: HttpOptions = {
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 30_000,
  bodyTimeoutMs: 60_000,
  requestDeadlineMs: 120_000,
  maxBodyBytes: 50 * 1024 * 1024,
  retries: 4,
  retryBudgetMs: 120_000,
  backoffBaseMs: 500,
  maxRetryAfterMs: 60_000,
  maxRedirects: 3,
  hostLimits: { concurrency: 2, intervalCap: 5, intervalMs: 1_000 },
  sourceLimits: true,
  offline: false,
  snapshotManifest: new URL("./snapshots/manifest.json", import.meta.url).pathname,
};
