import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { statusReport } from "../../../pipelines/cli/status.ts";
import { ObservationError } from "../../../pipelines/ingest/normalise.ts";
import { LoadError, classify, refreshSource } from "../../../pipelines/ingest/refresh.ts";
import { Warehouse } from "../../../pipelines/warehouse/warehouse.ts";
import { SourceShapeError, UpstreamError } from "../../../sources/errors.ts";
import { itu } from "../../../sources/itu.ts";
import { startLocalServer, type LocalServer, type Reply } from "../../helpers/local-server.ts";
import { FAST } from "../../sources/contract.ts";
import { internetUsersCatalog } from "../../helpers/catalog.ts";

// The real DataHub recording (USA), re-keyed to Viet Nam.
const GOOD = readFileSync(new URL("../../fixtures/itu/itu-get-country-series.json", import.meta.url), "utf8").replace(/"USA"/g, '"VNM"');
const ROUTE = "GET /data/bycode/11624/byiso/VNM";

const catalog = internetUsersCatalog();

describe("classify: the kind of a failure, from the error's type", () => {
  it("an upstream error is 'upstream', with its HTTP status when it had one", () => {
    expect(classify(new UpstreamError("itu", "HTTP 503", 503))).toEqual({ failureKind: "upstream", httpStatus: 503 });
    expect(classify(new UpstreamError("itu", "connection refused"))).toEqual({ failureKind: "upstream" });
  });
  it("a body of the wrong shape is 'shape'", () => {
    expect(classify(new SourceShapeError("itu", "field [0].dataYear: expected number"))).toEqual({ failureKind: "shape" });
  });
  it("a figure that breaks a catalog rule is 'validation'", () => {
    expect(classify(new ObservationError('indicator "x" is not in the catalog'))).toEqual({ failureKind: "validation" });
  });
  it("a refused load is 'load'", () => {
    expect(classify(new LoadError("load failed", { cause: new Error("constraint") }))).toEqual({ failureKind: "load" });
  });
  it("anything else a parser threw counts as a shape problem", () => {
    expect(classify(new TypeError("cannot read properties of undefined"))).toEqual({ failureKind: "shape" });
    expect(classify("a string")).toEqual({ failureKind: "shape" });
  });
});

describe("refresh records the kind of failure in runs", () => {
  let dir: string;
  let warehouse: Warehouse;
  let server: LocalServer;
  let reply: Reply;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "chiso-failure-kind-"));
    warehouse = await Warehouse.open(join(dir, "warehouse.duckdb"));
    server = await startLocalServer({ [ROUTE]: () => reply });
  });
  afterEach(async () => {
    warehouse.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const refresh = (adapter = { ...itu, baseUrl: server.url }, w: Warehouse = warehouse) =>
    refreshSource(adapter, { warehouse: w, dataDir: dir, catalog, offline: false, log: () => {}, http: FAST });
  const recorded = async (runId: string) =>
    (
      await warehouse.query<{ status: string; failure_kind: string | null; http_status: number | null }>(
        "select status, failure_kind, http_status from runs where run_id = ?",
        [runId],
      )
    )[0];

  it("an upstream answering 500 is 'upstream' with http_status 500", async () => {
    reply = { status: 500, body: "internal error" };
    const run = await refresh();
    expect(run).toMatchObject({ status: "failed", failureKind: "upstream", httpStatus: 500 });
    // Retried first: 500 may pass.
    expect(server.count(ROUTE)).toBe(1 + FAST.retries!);
    expect(await recorded(run.runId)).toEqual({ status: "failed", failure_kind: "upstream", http_status: 500 });
  });

  it("an upstream refusing the request (404) is 'upstream' with http_status 404", async () => {
    reply = { status: 404, body: JSON.stringify({ error: "not found" }) };
    const run = await refresh();
    expect(await recorded(run.runId)).toEqual({ status: "failed", failure_kind: "upstream", http_status: 404 });
  });

  it("an upstream that cannot be reached is 'upstream' with no http_status", async () => {
    const url = server.url;
    await server.close();
    const run = await refresh({ ...itu, baseUrl: url });
    expect(await recorded(run.runId)).toEqual({ status: "failed", failure_kind: "upstream", http_status: null });
    // afterEach closes it again: a fresh server keeps that harmless.
    server = await startLocalServer({});
  });

  it("a malformed body is 'shape'", async () => {
    reply = { body: '{"not": "an array of records"' };
    const run = await refresh();
    expect(run.message).toContain("body is not JSON");
    expect(await recorded(run.runId)).toEqual({ status: "failed", failure_kind: "shape", http_status: null });
  });

  it("a body whose fields drifted is 'shape'", async () => {
    reply = { body: GOOD.replace(/"dataYear"/g, '"year"') };
    const run = await refresh();
    expect(run.message).toContain("dataYear");
    expect(await recorded(run.runId)).toEqual({ status: "failed", failure_kind: "shape", http_status: null });
  });

  it("a row for an indicator the catalog does not hold is 'validation'", async () => {
    reply = { body: GOOD };
    const series = itu.series.map((s) => ({ ...s, indicator: "not-in-catalog" }));
    const run = await refresh({ ...itu, baseUrl: server.url, series });
    expect(run.message).toContain('indicator "not-in-catalog" is not in the catalog');
    expect(await recorded(run.runId)).toEqual({ status: "failed", failure_kind: "validation", http_status: null });
    expect(await warehouse.scalar("select count(*) from observations")).toBe(0);
  });

  it("a load the warehouse refuses is 'load'", async () => {
    reply = { body: GOOD };
    // The warehouse as it is, except that it refuses the figures.
    const refusing = Object.create(warehouse) as Warehouse;
    refusing.loadStaged = async () => {
      throw new Error("disk full");
    };
    const run = await refresh(undefined, refusing);
    expect(run.message).toBe("load failed, nothing written: disk full");
    expect(await recorded(run.runId)).toEqual({ status: "failed", failure_kind: "load", http_status: null });
  });

  it("a run that loaded records no failure kind", async () => {
    reply = { body: GOOD };
    const run = await refresh();
    expect(run.status).toBe("ok");
    expect(run.failureKind).toBeUndefined();
    expect(await recorded(run.runId)).toEqual({ status: "ok", failure_kind: null, http_status: null });
  });

  it("chiso status shows the kind and HTTP status beside the source's last run", async () => {
    reply = { status: 500, body: "internal error" };
    await refresh();
    const sourceLine = () => statusReport(warehouse, catalog).then((r) => r.split("\n").find((l) => l.trimStart().startsWith("itu ")));
    expect(await sourceLine()).toMatch(
      /^ {2}itu {10}failed {5}\S+Z {2}\[upstream, HTTP 500\] \[itu\] GET http:\/\/127\.0\.0\.1:\d+\/data\/bycode\/11624\/byiso\/VNM: /,
    );

    reply = { body: "[" };
    await refresh();
    expect(await sourceLine()).toContain("Z  [shape] [itu] body is not JSON");

    // Once the source loads again, its line carries no kind.
    reply = { body: GOOD };
    await refresh();
    expect(await sourceLine()).toMatch(/Z {2}5 figures read, 5 new vintages$/);
  });
});
