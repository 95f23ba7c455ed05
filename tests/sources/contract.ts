import { afterEach, expect, it } from "vitest";
import { Period, Unit } from "../../schemas/common.ts";
import type { Fetched, SeriesSpec, SourceAdapter, SourceRow } from "../../sources/define.ts";
import { configuredSources, loadConfig, sourceUrlVariable } from "../../pipelines/cli/config.ts";
import { sha256 } from "../../pipelines/files.ts";
import { HttpClient, USER_AGENT, type HttpOptions } from "../../sources/http.ts";
import { startLocalServer, type Answer, type Hit, type LocalServer, type Reply, type Routes } from "../helpers/local-server.ts";

/** Small timeouts and quick retries: the suite talks to 127.0.0.1 and must stay fast. */
export const FAST: Partial<HttpOptions> = {
  connectTimeoutMs: 500,
  headersTimeoutMs: 200,
  bodyTimeoutMs: 500,
  backoffBaseMs: 10,
  retries: 2,
  maxRetryAfterMs: 1_000,
  hostLimits: { concurrency: 4, intervalCap: 1_000, intervalMs: 1_000 },
  sourceLimits: false,
};

/** What the contract needs to know about one source. */
export interface ContractCase<S extends SeriesSpec> {
  adapter: SourceAdapter<S>;
  /** The series fetched; the adapter's own by default. */
  series?: S[];
  /** Serves the recorded bodies; at least one series spans more than one page. */
  routes: (server: { url: string }) => Routes;
  /** Path of the source's base URL on the server ("" when the API sits at the root). */
  basePath?: string;
  /** Requests the happy path makes at least: proof that it pages. */
  minRequests: number;
  /** What the recorded bodies hold, as rows. */
  expectRows: (rows: SourceRow[]) => void;
  /** Routes (over the happy ones) where the upstream answers with its error body. */
  errorBody: { routes: Routes; message: RegExp };
  /** Routes where the upstream has nothing: no rows, or the error a configured series must raise. */
  empty: { routes: Routes; expect: "no-rows" | RegExp };
  /** Routes whose body drifted; the message names the field. */
  drifted: { routes: Routes; message: RegExp };
  /** Every request of an unchanged upstream answers 304 (false where an unconditional request comes along). */
  allUnchanged: boolean;
}

export interface Run<S extends SeriesSpec> {
  fetched: Fetched<S>[];
  rows: SourceRow[];
}

/** Fetch, then parse what came back with a body: what refresh does, without the warehouse. */
export async function runSource<S extends SeriesSpec>(
  adapter: SourceAdapter<S>,
  baseUrl: string,
  options: Partial<HttpOptions> = {},
  series: S[] = adapter.series,
): Promise<Run<S>> {
  const http = new HttpClient(adapter.id, { ...FAST, ...options });
  try {
    const fetched = await adapter.fetch({ http, log: () => {}, baseUrl, series });
    const rows = fetched.filter((f) => f.response.status === 200).flatMap((f) => adapter.parse(f.response.body, f.series, f.response));
    return { fetched, rows };
  } finally {
    await http.close();
  }
}

const resolve = (answer: Answer, hit: Hit, nth: number): Reply =>
  typeof answer === "function" ? answer(hit, nth) : Array.isArray(answer) ? answer[Math.min(nth, answer.length - 1)]! : answer;

/** Every route's answer, changed by `change`. */
export const mapRoutes = (routes: Routes, change: (reply: Reply, route: string, nth: number) => Reply): Routes =>
  Object.fromEntries(Object.entries(routes).map(([route, answer]) => [route, (hit: Hit, nth: number) => change(resolve(answer, hit, nth), route, nth)]));

/** Runs the shared contract for one source: call inside a `describe`. */
export function sourceContract<S extends SeriesSpec>(c: ContractCase<S>): void {
  let server: LocalServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const serve = async (change?: (happy: Routes) => Routes) => {
    let routes: Routes = {};
    // Routes may need the server's own address (a CKAN resource URL points back at it).
    server = await startLocalServer(new Proxy({} as Routes, { get: (_, key: string) => routes[key] }));
    const happy = c.routes(server);
    routes = change ? change(happy) : happy;
    return { server, base: server.url + (c.basePath ?? "") };
  };
  const series = c.series ?? c.adapter.series;
  const run = (base: string, options: Partial<HttpOptions> = {}) => runSource(c.adapter, base, options, series);

  it("fetches the recorded bodies, pages through them and parses them into rows", async () => {
    const { server, base } = await serve();
    const { rows } = await run(base);
    expect(server.hits.length).toBeGreaterThanOrEqual(c.minRequests);
    expect(server.hits.every((h) => h.headers["user-agent"] === USER_AGENT)).toBe(true);
    for (const row of rows) {
      const spec = series.find((s) => s.code === row.seriesCode && s.indicator === row.indicatorId && s.geo === row.geo);
      expect(spec, `row ${JSON.stringify(row)} belongs to a configured series`).toBeDefined();
      expect(Period.safeParse(row.period).success, `period ${row.period}`).toBe(true);
      expect(Unit.safeParse(row.unit).success).toBe(true);
      expect(Number.isFinite(row.value)).toBe(true);
      if (spec!.proxy) expect(row.flags).toContain("proxy");
    }
    c.expectRows(rows);
  });

  it("turns the upstream's error body into an error naming the source and the upstream's message", async () => {
    const { base } = await serve((happy) => ({ ...happy, ...c.errorBody.routes }));
    const failure = run(base);
    await expect(failure).rejects.toThrow(`[${c.adapter.id}]`);
    await expect(failure).rejects.toThrow(c.errorBody.message);
  });

  it("handles an empty result as the source means it", async () => {
    const { base } = await serve((happy) => ({ ...happy, ...c.empty.routes }));
    if (c.empty.expect === "no-rows") expect((await run(base)).rows).toEqual([]);
    else await expect(run(base)).rejects.toThrow(c.empty.expect);
  });

  it("asks again with the last validators and passes a 304 through without a body to parse", async () => {
    const { server, base } = await serve((happy) => mapRoutes(happy, (reply, route) => ({ ...reply, etag: `"${sha256(route + String(reply.body ?? ""))}"` })));
    const first = await run(base);
    // What refresh keeps in the warehouse: the validators of every response a source returned.
    const kept = new Map(first.fetched.map(({ response: r }) => [`${r.method} ${r.url}`, r.headers.etag]));
    const before = server.hits.length;
    const second = await run(base, {
      validatorsFor: async (method, url) => {
        const etag = kept.get(`${method} ${url}`);
        return etag ? { etag } : undefined;
      },
    });
    const again = server.hits.slice(before);
    expect(again.filter((h) => h.method === "GET").some((h) => h.headers["if-none-match"])).toBe(true);
    expect(again.filter((h) => h.method === "POST").every((h) => h.headers["if-none-match"] === undefined)).toBe(true);
    const statuses = second.fetched.map((f) => f.response.status);
    expect(statuses).toContain(304);
    if (c.allUnchanged) expect(new Set(statuses)).toEqual(new Set([304]));
    expect(second.fetched.filter((f) => f.response.status === 304).every((f) => f.response.body.byteLength === 0)).toBe(true);
  });

  it("waits out a 429 with Retry-After, then reads the body", async () => {
    const { server, base } = await serve((happy) =>
      mapRoutes(happy, (reply, _route, nth) => (nth === 0 ? { status: 429, headers: { "retry-after": "0" }, body: "slow down" } : reply)),
    );
    const { rows } = await run(base);
    c.expectRows(rows);
    const routes = new Set(server.hits.map((h) => `${h.method} ${h.path}`));
    for (const route of routes) expect(server.count(route)).toBeGreaterThanOrEqual(2);
  });

  it("gives up at once when Retry-After asks for longer than it will wait", async () => {
    const { base } = await serve((happy) => mapRoutes(happy, () => ({ status: 429, headers: { "retry-after": "30" }, body: "" })));
    await expect(run(base)).rejects.toThrow(/HTTP 429 \(Retry-After asks for 30s/);
  });

  it("fails with a timeout message when the upstream does not answer in time", async () => {
    const { base } = await serve((happy) => mapRoutes(happy, (reply) => ({ ...reply, delayMs: 1_000 })));
    await expect(run(base, { retries: 1 })).rejects.toThrow(/timed out waiting for response headers \(gave up after 2 attempts\)/);
  });

  it("gives up on a body trickling in at the request's deadline, however steadily it arrives", async () => {
    // A byte every 50 ms never trips the 500 ms idle timeout; only the total deadline ends it.
    const { server, base } = await serve((happy) => mapRoutes(happy, (reply) => ({ ...reply, body: "x".repeat(10_000), trickleMs: 50 })));
    const t0 = Date.now();
    await expect(run(base, { requestDeadlineMs: 800 })).rejects.toThrow(
      new RegExp(`^\\[${c.adapter.id}\\] (GET|POST) .*: gave up after 0\\.8 s, the request's deadline`),
    );
    expect(Date.now() - t0).toBeLessThan(3_000);
    expect(server.hits).toHaveLength(1);
  });

  it("CHISO_<ID>_URL points the source at any server answering like the API", async () => {
    const { server, base } = await serve();
    const config = loadConfig({}, { [sourceUrlVariable(c.adapter.id)]: `${base}/` }, [c.adapter]);
    const [adapter] = configuredSources([c.adapter], config);
    expect(adapter!.baseUrl).toBe(base);
    const http = new HttpClient(adapter!.id, FAST);
    try {
      const fetched = await adapter!.fetch({ http, log: () => {}, baseUrl: adapter!.baseUrl, series });
      c.expectRows(fetched.flatMap((f) => adapter!.parse(f.response.body, f.series, f.response)));
    } finally {
      await http.close();
    }
    expect(server.hits.length).toBeGreaterThanOrEqual(c.minRequests);
  });

  it("rejects a drifted shape, naming the field", async () => {
    const { base } = await serve((happy) => ({ ...happy, ...c.drifted.routes }));
    const failure = run(base);
    await expect(failure).rejects.toThrow(`[${c.adapter.id}]`);
    await expect(failure).rejects.toThrow(c.drifted.message);
  });
}
