// What the fault tests share: the CLI as a child process that can be killed outright, a server
// that misbehaves on purpose, and the checks a warehouse and a site must pass after any crash.
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { dirname, join, relative } from "node:path";
import { Warehouse } from "../../pipelines/warehouse/warehouse.ts";

export const ROOT = new URL("../..", import.meta.url).pathname;
const BIN = join(ROOT, "bin/chiso.js");

export interface Child {
  process: ChildProcess;
  output: () => string;
  /** Resolves with the exit code (null when killed) once the process and everything it started are gone. */
  exited: Promise<number | null>;
}

/** `chiso ARGS` in a process group of its own, so a kill reaches the Framework build it may have started. */
export function chiso(args: string[], env: Record<string, string> = {}): Child {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    process: child,
    output: () => out,
    exited: exited.then(async (code) => {
      await groupGone(child.pid!);
      return code;
    }),
  };
}

/** Waits until no process of the group is left (the Framework's build outlives a killed publish by a moment). */
async function groupGone(pgid: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** kill -9 of the child's process group (only the processes this test started). */
export async function kill9(child: Child): Promise<boolean> {
  const running = child.process.exitCode === null && child.process.signalCode === null;
  try {
    process.kill(-child.process.pid!, "SIGKILL");
  } catch {
    // already gone
  }
  await child.exited;
  return running;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A handler answers each request as it likes: status, a bad body, a trickle, a cut connection. */
export type Handler = (req: IncomingMessage, res: ServerResponse, nth: number, url: URL) => void;

export interface FaultyServer {
  url: string;
  hits: { method: string; path: string }[];
  count: (prefix: string) => number;
  close: () => Promise<void>;
}

/** A server on 127.0.0.1; routes by path prefix, the first that matches answers. */
export async function faultyServer(routes: [prefix: string, handler: Handler][]): Promise<FaultyServer> {
  const hits: { method: string; path: string }[] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const path = decodeURIComponent(url.pathname);
      const route = routes.find(([prefix]) => path.startsWith(prefix));
      const nth = hits.filter((h) => route && h.path.startsWith(route[0])).length;
      hits.push({ method: req.method ?? "GET", path });
      if (!route) return void res.writeHead(404, { "content-type": "text/plain" }).end("no such route");
      route[1](req, res, nth, url);
    });
  });
  server.on("connection", (s) => s.on("error", () => {}));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    count: (prefix) => hits.filter((h) => h.path.startsWith(prefix)).length,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One byte every `ms`: never idle long enough for an idle timeout. */
export function trickle(res: ServerResponse, body: string, ms: number): void {
  res.writeHead(200, { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) }).flushHeaders();
  const bytes = Buffer.from(body);
  let sent = 0;
  const t = setInterval(() => {
    if (res.destroyed || sent >= bytes.length) return clearInterval(t);
    res.write(bytes.subarray(sent, ++sent));
  }, ms);
  res.on("close", () => clearInterval(t));
}

/** Announces the whole body, sends a part, then drops the connection. */
export function truncated(res: ServerResponse, body: string, keep: number): void {
  res.writeHead(200, { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) });
  res.write(Buffer.from(body).subarray(0, keep), () => res.destroy());
}

/**
 * What must hold in the warehouse after any crash, as the next command would see it: it opens;
 * every vintage belongs to a run recorded as loaded, and each such run added exactly the vintages
 * it says; no key has one vintage twice; every loaded run kept its retrievals.
 */
export async function warehouseProblems(dataDir: string): Promise<{ problems: string[]; vintages: number; runs: number }> {
  const warehouse = await Warehouse.open(join(dataDir, "warehouse.duckdb"));
  try {
    const count = async (sql: string) => Number(await warehouse.scalar(sql));
    const problems: string[] = [];
    const orphans = await count(
      "select count(*) from observations o where not exists (select 1 from runs r where r.run_id = o.run_id and r.status in ('ok', 'unchanged'))",
    );
    if (orphans) problems.push(`${orphans} vintages of no run recorded as loaded`);
    const miscounted = await warehouse.query<{ run_id: string; rows_added: number; n: number }>(
      `select r.run_id, r.rows_added, (select count(*) from observations o where o.run_id = r.run_id) as n
       from runs r where r.status in ('ok', 'unchanged') and r.rows_added <> (select count(*) from observations o where o.run_id = r.run_id)`,
    );
    for (const m of miscounted) problems.push(`run ${m.run_id} says ${m.rows_added} vintages, holds ${m.n}`);
    const twice = await count(
      "select count(*) from (select indicator_id, geo, period, series_code, source_id, vintage from observations group by all having count(*) > 1)",
    );
    if (twice) problems.push(`${twice} vintages written twice`);
    const bare = await count(
      "select count(*) from runs r where r.status = 'ok' and r.bodies > 0 and not exists (select 1 from retrievals t where t.run_id = r.run_id)",
    );
    if (bare) problems.push(`${bare} loaded runs without their retrievals`);
    return { problems, vintages: await count("select count(*) from observations"), runs: await count("select count(*) from runs") };
  } finally {
    warehouse.close();
  }
}

const sha = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Every file of a folder, by path and content. */
export const treeHash = (dir: string) =>
  sha(
    files(dir)
      .map((f) => `${relative(dir, f)}\0${sha(readFileSync(f))}`)
      .join("\n"),
  );

/** Why a site folder is not a complete site: its index, each indicator page, every file SHA256SUMS lists with its sum. */
export function siteProblems(dir: string, pages: number): string[] {
  if (!existsSync(join(dir, "index.html"))) return ["no index.html"];
  const sums = join(dir, "data", "SHA256SUMS");
  if (!existsSync(sums)) return ["no data/SHA256SUMS"];
  const problems: string[] = [];
  for (const line of readFileSync(sums, "utf8").split("\n").filter(Boolean)) {
    const [hash, name] = line.split(/ {2}/);
    const path = join(dir, "data", name!);
    if (!existsSync(path)) problems.push(`missing ${name}`);
    else if (sha(readFileSync(path)) !== hash) problems.push(`${name} differs from its sum`);
  }
  const html = existsSync(join(dir, "indicators")) ? files(join(dir, "indicators")).filter((f) => f.endsWith(".html")) : [];
  if (html.length !== pages) problems.push(`${html.length} indicator pages, not ${pages}`);
  for (const f of html) if (!readFileSync(f, "utf8").trimEnd().endsWith("</html>")) problems.push(`${relative(dir, f)} is cut short`);
  return problems;
}

/** Folders a publish left beside the site (`dist.building-<pid>`, `dist.previous-<pid>`). */
export const leftovers = (dist: string) => readdirSync(dirname(dist)).filter((n) => n.startsWith(`${dist.split("/").at(-1)}.`));
