import { errors as undiciErrors } from "undici";

// What the HTTP client reads off the wire and how it paces retries; the client itself is in http.ts.

/** Headers worth keeping with an archived body: they say what it is and let us ask "changed since?". */
const KEPT_HEADERS = ["content-type", "etag", "last-modified", "date", "content-length", "cache-control"];

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

/** Waits `ms`, or rejects with the reason of the first of `signals` to abort. */
export function sleep(ms: number, signals: AbortSignal[] = []): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = signals.find((s) => s.aborted);
    if (aborted) return reject(aborted.reason);
    const settle = (done: () => void) => {
      clearTimeout(timer);
      for (const s of signals) s.removeEventListener("abort", onAbort);
      done();
    };
    const onAbort = (event: Event) => settle(() => reject((event.target as AbortSignal).reason));
    const timer = setTimeout(() => settle(resolve), ms);
    for (const s of signals) s.addEventListener("abort", onAbort);
  });
}

/** Statuses worth another try: the upstream is busy or briefly broken, not saying no. */
export const RETRYABLE = (status: number) => status === 408 || status === 429 || status >= 500;

export class BodyTooLarge extends Error {}

export async function readCapped(stream: AsyncIterable<Uint8Array> & { destroy(): void }, cap: number): Promise<Uint8Array> {
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

export function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function keepHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const v = header(headers, name);
    if (v !== undefined) kept[name] = v;
  }
  return kept;
}

export function describeNetworkError(cause: unknown): string {
  if (cause instanceof undiciErrors.HeadersTimeoutError) return "timed out waiting for response headers";
  if (cause instanceof undiciErrors.BodyTimeoutError) return "timed out reading the response body";
  if (cause instanceof undiciErrors.ConnectTimeoutError) return "timed out connecting";
  const code = (cause as { code?: string }).code;
  return code ? `network error ${code}` : `network error: ${(cause as Error).message}`;
}
