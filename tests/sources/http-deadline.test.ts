import { afterEach, describe, expect, it } from "vitest";
import { HttpClient, type HttpOptions } from "../../sources/http.ts";
import { startLocalServer, type LocalServer, type Routes } from "../helpers/local-server.ts";
import { FAST } from "./contract.ts";

// Never idle long enough for the body timeout (500 ms in FAST), never done: only a total deadline ends it.
const TRICKLE = { body: "x".repeat(10_000), trickleMs: 50 };

describe("HttpClient: a request's total deadline", () => {
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

  it("cuts a body that trickles in at the deadline, and does not retry it", async () => {
    const { server, http, url } = await start({ "GET /slow": TRICKLE }, { requestDeadlineMs: 1_500 });
    const t0 = Date.now();
    await expect(http.get(url("/slow"))).rejects.toThrow(/\[test\] GET http:\/\/127\.0\.0\.1:\d+\/slow: gave up after 1\.5 s, the request's deadline/);
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(1_400);
    expect(took).toBeLessThan(4_000);
    expect(server.count("GET /slow")).toBe(1);
  });

  it("counts retries against the same deadline", async () => {
    const { server, http, url } = await start({ "GET /down": { status: 503 } }, { requestDeadlineMs: 300, retries: 50, backoffBaseMs: 100 });
    const t0 = Date.now();
    await expect(http.get(url("/down"))).rejects.toThrow(/HTTP 503 \(gave up after \d+ attempts?\)/);
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(server.count("GET /down")).toBeLessThan(50);
  });

  it("fails a request in flight, and every later one, with the reason it was aborted for", async () => {
    const { http, url } = await start({ "GET /slow": TRICKLE, "GET /a": { body: "{}" } });
    const inFlight = http.get(url("/slow"));
    setTimeout(() => http.abort(new Error("time is up")), 300);
    const t0 = Date.now();
    await expect(inFlight).rejects.toThrow("time is up");
    expect(Date.now() - t0).toBeLessThan(2_000);
    await expect(http.get(url("/a"))).rejects.toThrow("time is up");
    await http.close();
  });

  it("fails with the caller's signal's reason, with no retry", async () => {
    const { server, http, url } = await start({ "GET /slow": TRICKLE });
    const series = new AbortController();
    setTimeout(() => series.abort(new Error("series deadline")), 300);
    await expect(http.get(url("/slow"), { signal: series.signal })).rejects.toThrow("series deadline");
    expect(server.count("GET /slow")).toBe(1);
  });

  it("keeps every response it returned, for the evidence of a source that fails later", async () => {
    const { http, url } = await start({ "GET /a": { body: '{"a":1}' }, "GET /b": { body: "{}" } });
    await http.get(url("/a"));
    await http.get(url("/b"));
    expect(http.retrieved.map((r) => r.url)).toEqual([url("/a"), url("/b")]);
  });
});
