import { afterEach, describe, expect, it } from "vitest";
import { NoSnapshotError } from "../../sources/errors.ts";
import { sha256 } from "../../pipelines/files.ts";
import { HttpClient, USER_AGENT, backoffMs, parseRetryAfter, type HttpOptions } from "../../sources/http.ts";
import { startLocalServer, type LocalServer, type Routes } from "../helpers/local-server.ts";
import { FAST } from "./contract.ts";

describe("HttpClient against a local server", () => {
  let server: LocalServer | undefined;
  let http: HttpClient | undefined;
  afterEach(async () => {
    await http?.close();
    await server?.close();
    [http, server] = [undefined, undefined];
  });
  const start = async (routes: Routes, options: Partial<HttpOptions> = {}) => {
    server = await startLocalServer(routes);
    http = new HttpClient("test", { ...FAST, ...options });
    return { server, http, url: (path: string) => server!.url + path };
  };

  it("names chiso and its repository in the User-Agent", async () => {
    expect(USER_AGENT).toMatch(/^chiso\/\S+ \(.*https:\/\/\S+\)$/);
    const { server, http, url } = await start({ "GET /a": { body: "{}" } });
    await http.get(url("/a"));
    expect(server.hits[0]!.headers["user-agent"]).toBe(USER_AGENT);
  });

  it("makes GETs conditional on the last good response, and never POSTs", async () => {
    const { server, http, url } = await start(
      { "GET /a": { body: "{}" }, "POST /a": { body: "{}" } },
      {
        validatorsFor: async () => ({ etag: '"e1"', lastModified: "Wed, 01 Jan 2025 00:00:00 GMT" }),
      },
    );
    await http.get(url("/a"));
    await http.post(url("/a"), "{}");
    expect(server.hits.map((h) => [h.method, h.headers["if-none-match"], h.headers["if-modified-since"]])).toEqual([
      ["GET", '"e1"', "Wed, 01 Jan 2025 00:00:00 GMT"],
      ["POST", undefined, undefined],
    ]);
  });

  it("keeps the headers that matter with the body and its sha256", async () => {
    const { http, url } = await start({
      "GET /a": { body: '{"x":1}', etag: '"e2"', headers: { "last-modified": "Wed, 01 Jan 2025 00:00:00 GMT", "x-noise": "1" } },
    });
    const r = await http.get(url("/a"));
    expect(r).toMatchObject({ status: 200, method: "GET", url: url("/a"), sha256: sha256('{"x":1}') });
    expect(r.headers).toEqual({
      "content-type": "application/json",
      etag: '"e2"',
      "last-modified": "Wed, 01 Jan 2025 00:00:00 GMT",
      "content-length": "7",
      date: expect.any(String),
    });
  });

  it("retries 5xx and 408, then gives up after the configured number of retries", async () => {
    const { server, http, url } = await start({ "GET /flaky": [{ status: 503 }, { status: 408 }, { body: "{}" }], "GET /down": { status: 500 } });
    expect((await http.get(url("/flaky"))).status).toBe(200);
    expect(server.count("GET /flaky")).toBe(3);
    await expect(http.get(url("/down"))).rejects.toThrow(/\[test\] GET .*\/down: HTTP 500 \(gave up after 3 attempts\)/);
    expect(server.count("GET /down")).toBe(3);
  });

  it("stops retrying when the time budget is spent", async () => {
    const { server, http, url } = await start({ "GET /down": { status: 502 } }, { retries: 10, retryBudgetMs: 0 });
    await expect(http.get(url("/down"))).rejects.toThrow(/HTTP 502 \(gave up after 1 attempt\)/);
    expect(server.count("GET /down")).toBe(1);
  });

  it("waits out Retry-After before asking again, and holds every request to that host meanwhile", async () => {
    const { server, http, url } = await start(
      {
        "GET /busy": [{ status: 429, headers: { "retry-after": "1" }, body: "" }, { body: "{}" }],
        "GET /other": { body: "{}" },
      },
      { maxRetryAfterMs: 5_000 },
    );
    const t0 = Date.now();
    const busy = http.get(url("/busy"));
    // Let the 429 arrive, then ask the same host for something else.
    await new Promise((r) => setTimeout(r, 200));
    const other = http.get(url("/other")).then(() => Date.now() - t0);
    expect((await busy).status).toBe(200);
    const busyMs = Date.now() - t0;
    expect(busyMs).toBeGreaterThanOrEqual(950);
    expect(await other).toBeGreaterThanOrEqual(950);
    expect(server.count("GET /busy")).toBe(2);
  });

  it("times out a body that stops arriving", async () => {
    const { http } = await start({}, { bodyTimeoutMs: 200, retries: 0 });
    // A server that sends headers and part of the body, then goes quiet.
    const { createServer } = await import("node:http");
    const stalled = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"partial":');
    });
    await new Promise<void>((r) => stalled.listen(0, "127.0.0.1", () => r()));
    const { port } = stalled.address() as { port: number };
    try {
      await expect(http.get(`http://127.0.0.1:${port}/`)).rejects.toThrow(/timed out reading the response body \(gave up after 1 attempt\)/);
    } finally {
      stalled.closeAllConnections();
      stalled.close();
    }
  });

  it("does not retry a 4xx: the upstream said no", async () => {
    const { server, http, url } = await start({ "GET /nope": { status: 404, body: "no such series" } });
    await expect(http.get(url("/nope"))).rejects.toThrow(/HTTP 404: no such series/);
    expect(server.count("GET /nope")).toBe(1);
  });

  it("reports a refused connection as a network error", async () => {
    const { http, url } = await start({});
    const closed = url("/a");
    await server!.close();
    server = undefined;
    await expect(http.get(closed)).rejects.toThrow(/network error ECONNREFUSED \(gave up after 3 attempts\)/);
  });

  it("caps the body, whether or not its length is declared", async () => {
    const big = "x".repeat(2_000);
    const { http, url } = await start(
      { "GET /declared": { body: big }, "GET /chunked": { body: big, headers: { "transfer-encoding": "chunked" } } },
      { maxBodyBytes: 1_000 },
    );
    await expect(http.get(url("/declared"))).rejects.toThrow(/body of 2000 bytes exceeds the 1000-byte cap/);
    await expect(http.get(url("/chunked"))).rejects.toThrow(/body exceeds the 1000-byte cap/);
  });

  it("follows redirects up to its limit, and says so when it does not", async () => {
    const routes: Routes = { "GET /old": { status: 302, headers: { location: "/new" } }, "GET /new": { body: '{"moved":true}' } };
    const { http, url } = await start(routes);
    const r = await http.get(url("/old"));
    expect(new TextDecoder().decode(r.body)).toBe('{"moved":true}');
    const strict = new HttpClient("test", { ...FAST, maxRedirects: 0 });
    await expect(strict.get(url("/old"))).rejects.toThrow(/HTTP 302: redirect to \/new not followed/);
    await strict.close();
  });

  it("offline, replays recordings by METHOD URL and says when there is none", async () => {
    const offline = new HttpClient("test", { offline: true });
    await expect(offline.get("https://example.org/none")).rejects.toBeInstanceOf(NoSnapshotError);
    await offline.close();
  });
});

describe("retry timing", () => {
  it("backs off with full jitter under an exponential ceiling", () => {
    expect(backoffMs(1, 100, () => 1)).toBe(100);
    expect(backoffMs(3, 100, () => 1)).toBe(400);
    expect(backoffMs(3, 100, () => 0)).toBe(0);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("7", now)).toBe(7_000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
