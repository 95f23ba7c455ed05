import { createServer, type IncomingHttpHeaders, type Server } from "node:http";

/** One request as the server saw it. */
export interface Hit {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

/** How the server answers one request. */
export interface Reply {
  status?: number;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  /** Sent as ETag; a request whose If-None-Match equals it gets 304 and no body. */
  etag?: string;
  /** Held back this long before the headers go out: for timeouts. */
  delayMs?: number;
  /** The body goes out one byte every this many ms: an upstream never idle long enough to time out. */
  trickleMs?: number;
}

/** A reply, a sequence of replies (the last repeats), or a function of the request. */
export type Answer = Reply | Reply[] | ((hit: Hit, nth: number) => Reply);

/** Routes keyed by `METHOD /path` (no query string): the recorded bodies a source expects. */
export type Routes = Record<string, Answer>;

export interface LocalServer {
  url: string;
  hits: Hit[];
  /** Requests that matched `METHOD /path`. */
  count(route: string): number;
  /** Connections the server holds open now: none once a client has really let go. */
  openConnections(): Promise<number>;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 (a free port) answering recorded bodies by route. */
export async function startLocalServer(routes: Routes): Promise<LocalServer> {
  const hits: Hit[] = [];
  const seen = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const hit: Hit = {
        method: req.method ?? "GET",
        path: decodeURIComponent(url.pathname),
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      hits.push(hit);
      const key = `${hit.method} ${hit.path}`;
      const nth = seen.get(key) ?? 0;
      seen.set(key, nth + 1);
      const answer = routes[key];
      const reply: Reply = !answer
        ? { status: 404, body: JSON.stringify({ error: `no route for ${key}` }) }
        : typeof answer === "function"
          ? answer(hit, nth)
          : Array.isArray(answer)
            ? answer[Math.min(nth, answer.length - 1)]!
            : answer;
      const send = () => {
        const headers: Record<string, string> = { "content-type": "application/json", ...reply.headers };
        if (reply.etag) headers.etag = reply.etag;
        if (reply.etag && req.headers["if-none-match"] === reply.etag) {
          res.writeHead(304, headers).end();
          return;
        }
        const body = typeof reply.body === "string" ? Buffer.from(reply.body) : (reply.body ?? Buffer.alloc(0));
        if (!headers["transfer-encoding"]) headers["content-length"] = String(body.byteLength);
        if (!reply.trickleMs) {
          res.writeHead(reply.status ?? 200, headers).end(body);
          return;
        }
        res.writeHead(reply.status ?? 200, headers).flushHeaders();
        let sent = 0;
        const trickle = setInterval(() => {
          if (res.destroyed || sent >= body.byteLength) {
            clearInterval(trickle);
            timers.delete(trickle);
            if (!res.destroyed) res.end();
            return;
          }
          res.write(body.subarray(sent, ++sent));
        }, reply.trickleMs);
        timers.add(trickle);
      };
      if (!reply.delayMs) return send();
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) send();
      }, reply.delayMs);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    count: (route) => hits.filter((h) => `${h.method} ${h.path}` === route).length,
    openConnections: () => new Promise((resolve, reject) => server.getConnections((error, n) => (error ? reject(error) : resolve(n)))),
    close: () =>
      new Promise((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
