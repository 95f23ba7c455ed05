import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import PQueue from "p-queue";
import { Agent, type Dispatcher, errors as undiciErrors, interceptors, request } from "undici";
import { sha256 } from "../pipelines/files.ts";
import { NoSnapshotError, UpstreamError } from "./errors.ts";

export const USER_AGENT = "chiso/0.1 (open indicators of Ho Chi Minh City's digital economy; https://github.com/chiso-hcmc/chiso)";

/** Headers worth keeping with an archived body: they say what it is and let us ask "changed since?". */
const KEPT_HEADERS = ["content-type", "etag", "last-modified", "date", "content-length", "cache-control"];

export interface RawResponse {
  url: string;
  method: "GET" | "POST";
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
  sha256: string;
  retrievedAt: string;
  /** Set when the body was replayed from a recording rather than fetched. */
  snapshot?: string;
}

export interface Validators {
  etag?: string;
  lastModified?: string;
}

export interface RequestOptions {
  method?: "GET" | "POST";
  body?: string;
  headers?: Record<string, string>;
  /**
   * Validators of the last good response: an unchanged upstream then answers 304. Only GETs are
   * conditional: If-None-Match on a POST asks the server to refuse it (412) when it matches.
   */
  validators?: Validators;
}

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
  bodyTimeoutMs: number;
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


interface SnapshotEntry {
  source: string;
  method: "GET" | "POST";
  url: string;
  file: string;
  retrievedAt: string;
  origin: string;
}

function keyOf(method: string, url: string): string {
  return `${method} ${url}`;
}

/** Delay before retry `attempt` (1-based): full jitter over an exponential ceiling. */
export function backoffMs(attempt: number, baseMs: number, random = Math.random): number {
  return Math.round(random() * baseMs * 2 ** (attempt - 1));
}

/** Retry-After is either seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Statuses worth another try: the upstream is busy or briefly broken, not saying no. */
const RETRYABLE = (status: number) => status === 408 || status === 429 || status >= 500;

type Attempt = { response: RawResponse } | { reason: string; status?: number; retryAfterMs?: number; cause?: unknown };

/**
 * The one HTTP client every source uses: keep-alive, a polite queue per host, timeouts,
 * a body cap, bounded retries and conditional requests. Offline, it replays recordings.
 */
export class HttpClient {
  readonly options: HttpOptions;
  private readonly agent: Agent;
  private readonly dispatcher: Dispatcher;
  private readonly queues = new Map<string, PQueue>();
  private readonly limits = new Map<string, HostLimits>();
  /** A host that answered Retry-After is left alone until then, by every request, not just the one. */
  private readonly pausedUntil = new Map<string, number>();
  private snapshots?: Map<string, SnapshotEntry>;

  constructor(
    readonly sourceId: string,
    options: Partial<HttpOptions> = {},
  ) {
    this.options = { ...DEFAULT_HTTP, ...options };
    this.agent = new Agent({
      keepAliveTimeout: 10_000,
      connect: { timeout: this.options.connectTimeoutMs },
      headersTimeout: this.options.headersTimeoutMs,
      bodyTimeout: this.options.bodyTimeoutMs,
    });
    this.dispatcher = this.options.maxRedirects > 0 ? this.agent.compose(interceptors.redirect({ maxRedirections: this.options.maxRedirects })) : this.agent;
  }

  get offline(): boolean {
    return this.options.offline;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  /**
   * Sets how hard one host may be asked (e.g. `http.limitHost(baseUrl, { concurrency: 1 })`), on
   * top of the defaults. Call it before the first request to that host.
   */
  limitHost(url: string, limits: Partial<HostLimits>): void {
    if (!this.options.sourceLimits) return;
    const host = new URL(url).host;
    const merged = { ...this.options.hostLimits, ...this.limits.get(host), ...limits };
    this.limits.set(host, merged);
    const queue = this.queues.get(host);
    if (queue) queue.concurrency = merged.concurrency;
  }

  async get(url: string, options: Omit<RequestOptions, "method" | "body"> = {}): Promise<RawResponse> {
    return this.request(url, { ...options, method: "GET" });
  }

  async post(url: string, body: string, options: Omit<RequestOptions, "method" | "body"> = {}): Promise<RawResponse> {
    return this.request(url, { ...options, method: "POST", body });
  }

  async request(url: string, options: RequestOptions = {}): Promise<RawResponse> {
    const method = options.method ?? "GET";
    if (this.options.offline) return this.replay(method, url);
    const host = new URL(url).host;
    const queue = this.queueFor(host);
    if (method === "GET") {
      const validators = options.validators ?? (await this.options.validatorsFor?.(method, url));
      options = { ...options, validators };
    } else options = { ...options, validators: undefined };
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      const outcome = (await queue.add(async () => {
        await this.waitForHost(host);
        return this.attempt(method, url, options);
      }))!;
      if ("response" in outcome) return outcome.response;
      const elapsed = Date.now() - started;
      const wait = outcome.retryAfterMs ?? backoffMs(attempt, this.options.backoffBaseMs);
      const tries = `${attempt} attempt${attempt > 1 ? "s" : ""}`;
      const fail = (why: string) =>
        new UpstreamError(this.sourceId, `${method} ${url}: ${outcome.reason} (${why})`, outcome.status, { cause: outcome.cause });
      if (outcome.retryAfterMs !== undefined && outcome.retryAfterMs > this.options.maxRetryAfterMs)
        throw fail(`Retry-After asks for ${Math.ceil(outcome.retryAfterMs / 1000)}s, more than the ${this.options.maxRetryAfterMs / 1000}s we wait; gave up after ${tries}`);
      if (attempt > this.options.retries || elapsed + wait > this.options.retryBudgetMs) throw fail(`gave up after ${tries}`);
      if (outcome.retryAfterMs !== undefined) this.pausedUntil.set(host, Math.max(this.pausedUntil.get(host) ?? 0, Date.now() + wait));
      await sleep(wait);
    }
  }

  private queueFor(host: string): PQueue {
    let queue = this.queues.get(host);
    if (!queue) {
      const { concurrency, intervalCap, intervalMs } = this.limits.get(host) ?? this.options.hostLimits;
      // Strict mode: no burst of 2 x intervalCap at a window's edge.
      queue = new PQueue({ concurrency, intervalCap, interval: intervalMs, strict: true });
      this.queues.set(host, queue);
    }
    return queue;
  }

  private async waitForHost(host: string): Promise<void> {
    const until = this.pausedUntil.get(host);
    if (until !== undefined && until > Date.now()) await sleep(until - Date.now());
  }

  private async attempt(method: "GET" | "POST", url: string, options: RequestOptions): Promise<Attempt> {
    const headers: Record<string, string> = { "user-agent": USER_AGENT, accept: "application/json, */*;q=0.5", ...options.headers };
    if (options.body !== undefined) headers["content-type"] ??= "application/json";
    if (options.validators?.etag) headers["if-none-match"] = options.validators.etag;
    if (options.validators?.lastModified) headers["if-modified-since"] = options.validators.lastModified;
    const retrievedAt = new Date().toISOString();
    let res: Dispatcher.ResponseData;
    try {
      res = await request(url, { method, headers, body: options.body, dispatcher: this.dispatcher });
    } catch (cause) {
      // A malformed request will not improve with another try.
      if (cause instanceof undiciErrors.InvalidArgumentError)
        throw new UpstreamError(this.sourceId, `${method} ${url}: ${(cause as Error).message}`, undefined, { cause });
      return { reason: describeNetworkError(cause), cause };
    }
    if (RETRYABLE(res.statusCode)) {
      await res.body.dump();
      return { reason: `HTTP ${res.statusCode}`, status: res.statusCode, retryAfterMs: parseRetryAfter(header(res.headers, "retry-after")) };
    }
    const declared = Number(header(res.headers, "content-length") ?? NaN);
    if (declared > this.options.maxBodyBytes) {
      // Dropped unread on purpose: the only error left to come is the abort we cause here.
      res.body.on("error", () => {}).destroy();
      throw new UpstreamError(this.sourceId, `${method} ${url}: body of ${declared} bytes exceeds the ${this.options.maxBodyBytes}-byte cap`, res.statusCode);
    }
    let body: Uint8Array;
    try {
      body = await readCapped(res.body, this.options.maxBodyBytes);
    } catch (cause) {
      if (cause instanceof BodyTooLarge)
        throw new UpstreamError(this.sourceId, `${method} ${url}: body exceeds the ${this.options.maxBodyBytes}-byte cap`, res.statusCode);
      return { reason: describeNetworkError(cause), cause };
    }
    if (res.statusCode >= 300 && res.statusCode !== 304) {
      const excerpt = new TextDecoder().decode(body.subarray(0, 200)).replace(/\s+/g, " ").trim();
      const location = header(res.headers, "location");
      const detail = res.statusCode < 400 ? `redirect${location ? ` to ${location}` : ""} not followed` : excerpt;
      throw new UpstreamError(this.sourceId, `${method} ${url}: HTTP ${res.statusCode}: ${detail}`, res.statusCode);
    }
    return { response: { url, method, status: res.statusCode, headers: keepHeaders(res.headers), body, sha256: sha256(body), retrievedAt } };
  }

  private replay(method: "GET" | "POST", url: string): RawResponse {
    if (!this.snapshots) {
      const manifest = JSON.parse(readFileSync(this.options.snapshotManifest, "utf8")) as { snapshots: SnapshotEntry[] };
      this.snapshots = new Map(manifest.snapshots.map((s) => [keyOf(s.method, s.url), s]));
    }
    const entry = this.snapshots.get(keyOf(method, url));
    if (!entry) throw new NoSnapshotError(`${method} ${url}`);
    const body = new Uint8Array(readFileSync(join(dirname(this.options.snapshotManifest), entry.file)));
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
}

class BodyTooLarge extends Error {}

async function readCapped(stream: AsyncIterable<Uint8Array> & { destroy(): void }, cap: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.byteLength;
    if (size > cap) {
      stream.destroy();
      throw new BodyTooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function keepHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const v = header(headers, name);
    if (v !== undefined) kept[name] = v;
  }
  return kept;
}

function describeNetworkError(cause: unknown): string {
  if (cause instanceof undiciErrors.HeadersTimeoutError) return "timed out waiting for response headers";
  if (cause instanceof undiciErrors.BodyTimeoutError) return "timed out reading the response body";
  if (cause instanceof undiciErrors.ConnectTimeoutError) return "timed out connecting";
  const code = (cause as { code?: string }).code;
  return code ? `network error ${code}` : `network error: ${(cause as Error).message}`;
}
