import PQueue from "p-queue";
import { Agent, type Dispatcher, errors as undiciErrors, interceptors, request } from "undici";
import { sha256 } from "../pipelines/files.ts";
import { UpstreamError, seconds } from "./errors.ts";
import { DEFAULT_HTTP, type HostLimits, type HttpOptions } from "./http-options.ts";
import { SnapshotReplay } from "./http-snapshots.ts";
import { parseDecimal } from "./numbers.ts";
import { BodyTooLarge, RETRYABLE, backoffMs, describeNetworkError, header, keepHeaders, parseRetryAfter, readCapped, sleep } from "./http-wire.ts";

export { backoffMs, parseRetryAfter } from "./http-wire.ts";
export { DEFAULT_HTTP, type HostLimits, type HttpOptions } from "./http-options.ts";

export const USER_AGENT = "chiso/0.1 (open indicators of Ho Chi Minh City's digital economy; https://github.com/chiso-hcmc/chiso)";

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
  /** Aborts the request (queued, in flight or between retries); it then fails with the signal's reason. */
  signal?: AbortSignal;
}

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
  private readonly snapshots: SnapshotReplay;
  /** Aborted by `abort`: every request of this client, now and later, then fails. */
  private readonly stop = new AbortController();
  private closed = false;
  /**
   * Every response this client returned, in order. When a source fails half-way (a malformed page,
   * a deadline), these are the bodies refresh still archives as the evidence.
   */
  readonly retrieved: RawResponse[] = [];

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
    this.snapshots = new SnapshotReplay(this.options.snapshotManifest);
  }

  get offline(): boolean {
    return this.options.offline;
  }

  /** Waits for requests in flight, then closes the connections; after `abort`, drops them at once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.stop.signal.aborted) await this.agent.destroy(this.stop.signal.reason as Error);
    else await this.agent.close();
  }

  /** Fails every request in flight, queued or yet to come with `reason`: for a run whose time is up. */
  abort(reason: Error): void {
    this.stop.abort(reason);
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

  /** Offline: the bundled recordings kept as files under `folder` whose names match `name`. */
  recordedFiles(folder: string, name: RegExp): string[] {
    return this.snapshots.files(folder, name);
  }

  /** Offline: one bundled file (from `recordedFiles`) as the response to `url`, dated by `dateOf` from its bytes. */
  replayFile(file: string, url: string, dateOf: (body: Uint8Array) => string, contentType = "text/csv"): RawResponse {
    return this.keep(this.snapshots.replayFile(file, url, dateOf, contentType));
  }

  async get(url: string, options: Omit<RequestOptions, "method" | "body"> = {}): Promise<RawResponse> {
    return this.request(url, { ...options, method: "GET" });
  }

  async post(url: string, body: string, options: Omit<RequestOptions, "method" | "body"> = {}): Promise<RawResponse> {
    return this.request(url, { ...options, method: "POST", body });
  }

  async request(url: string, options: RequestOptions = {}): Promise<RawResponse> {
    const method = options.method ?? "GET";
    this.stop.signal.throwIfAborted();
    options.signal?.throwIfAborted();
    if (this.options.offline) return this.keep(this.snapshots.replay(method, url));
    const host = new URL(url).host;
    const queue = this.queueFor(host);
    if (method === "GET") {
      const validators = options.validators ?? (await this.options.validatorsFor?.(method, url));
      options = { ...options, validators };
    } else options = { ...options, validators: undefined };
    const started = Date.now();
    // The deadline runs from the first attempt: time waiting in the host's queue is not the upstream's.
    let deadlineAt: number | undefined;
    for (let attempt = 1; ; attempt++) {
      const outcome = (await queue.add(async () => {
        await this.waitForHost(host, options);
        deadlineAt ??= Date.now() + this.options.requestDeadlineMs;
        return this.attempt(method, url, options, deadlineAt);
      }))!;
      if ("response" in outcome) return this.keep(outcome.response);
      const elapsed = Date.now() - started;
      const wait = outcome.retryAfterMs ?? backoffMs(attempt, this.options.backoffBaseMs);
      const tries = `${attempt} attempt${attempt > 1 ? "s" : ""}`;
      const fail = (why: string) => new UpstreamError(this.sourceId, `${method} ${url}: ${outcome.reason} (${why})`, outcome.status, { cause: outcome.cause });
      if (outcome.retryAfterMs !== undefined && outcome.retryAfterMs > this.options.maxRetryAfterMs)
        throw fail(
          `Retry-After asks for ${Math.ceil(outcome.retryAfterMs / 1000)}s, more than the ${this.options.maxRetryAfterMs / 1000}s we wait; gave up after ${tries}`,
        );
      if (attempt > this.options.retries || elapsed + wait > this.options.retryBudgetMs || Date.now() + wait >= deadlineAt!)
        throw fail(`gave up after ${tries}`);
      if (outcome.retryAfterMs !== undefined) this.pausedUntil.set(host, Math.max(this.pausedUntil.get(host) ?? 0, Date.now() + wait));
      await sleep(wait, this.signals(options));
    }
  }

  /** What may abort a request: the client's own stop, and the caller's signal. */
  private signals(options: RequestOptions): AbortSignal[] {
    return options.signal ? [this.stop.signal, options.signal] : [this.stop.signal];
  }

  private keep(response: RawResponse): RawResponse {
    this.retrieved.push(response);
    return response;
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

  private async waitForHost(host: string, options: RequestOptions): Promise<void> {
    const until = this.pausedUntil.get(host);
    if (until !== undefined && until > Date.now()) await sleep(until - Date.now(), this.signals(options));
  }

  /**
   * One try, aborted when the request's deadline passes, the caller's signal aborts or the client
   * is aborted; the first two fail the request outright, with no retry.
   */
  private async attempt(method: "GET" | "POST", url: string, options: RequestOptions, deadlineAt: number): Promise<Attempt> {
    const cut = new AbortController();
    const signals = this.signals(options);
    const follow = () => {
      const aborted = signals.find((s) => s.aborted);
      if (aborted) cut.abort(aborted.reason);
    };
    for (const s of signals) s.addEventListener("abort", follow);
    follow();
    const timer = setTimeout(
      () => cut.abort(new UpstreamError(this.sourceId, `${method} ${url}: gave up after ${seconds(this.options.requestDeadlineMs)}, the request's deadline`)),
      Math.max(0, deadlineAt - Date.now()),
    );
    try {
      return await this.attemptWith(method, url, options, cut.signal);
    } catch (error) {
      throw cut.signal.aborted ? cut.signal.reason : error;
    } finally {
      clearTimeout(timer);
      for (const s of signals) s.removeEventListener("abort", follow);
    }
  }

  private async attemptWith(method: "GET" | "POST", url: string, options: RequestOptions, signal: AbortSignal): Promise<Attempt> {
    const headers: Record<string, string> = { "user-agent": USER_AGENT, accept: "application/json, */*;q=0.5", ...options.headers };
    if (options.body !== undefined) headers["content-type"] ??= "application/json";
    if (options.validators?.etag) headers["if-none-match"] = options.validators.etag;
    if (options.validators?.lastModified) headers["if-modified-since"] = options.validators.lastModified;
    const retrievedAt = new Date().toISOString();
    let res: Dispatcher.ResponseData;
    try {
      res = await request(url, { method, headers, body: options.body, dispatcher: this.dispatcher, signal });
    } catch (cause) {
      if (signal.aborted) throw signal.reason;
      // A malformed request will not improve with another try.
      if (cause instanceof undiciErrors.InvalidArgumentError)
        throw new UpstreamError(this.sourceId, `${method} ${url}: ${(cause as Error).message}`, undefined, { cause });
      return { reason: describeNetworkError(cause), cause };
    }
    if (RETRYABLE(res.statusCode)) {
      await res.body.dump();
      return { reason: `HTTP ${res.statusCode}`, status: res.statusCode, retryAfterMs: parseRetryAfter(header(res.headers, "retry-after")) };
    }
    const declared = parseDecimal(header(res.headers, "content-length") ?? "");
    if (declared !== undefined && declared > this.options.maxBodyBytes) {
      // Dropped unread on purpose: the only error left to come is the abort we cause here.
      res.body.on("error", () => {}).destroy();
      throw new UpstreamError(this.sourceId, `${method} ${url}: body of ${declared} bytes exceeds the ${this.options.maxBodyBytes}-byte cap`, res.statusCode);
    }
    let body: Uint8Array;
    try {
      body = await readCapped(res.body, this.options.maxBodyBytes);
    } catch (cause) {
      if (signal.aborted) throw signal.reason;
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
}
