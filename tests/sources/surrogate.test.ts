import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { refreshSource } from "../../pipelines/ingest/refresh.ts";
import { ingestSubmissions } from "../../pipelines/ingest/submit.ts";
import { Warehouse } from "../../pipelines/warehouse/warehouse.ts";
import { loadCatalog } from "../../schemas/catalog.ts";
import { readJson } from "../../sources/errors.ts";
import { sourceById } from "../../sources/index.ts";
import { wellFormed } from "../../sources/text.ts";
import { startLocalServer, type LocalServer } from "../helpers/local-server.ts";
import { FAST } from "./contract.ts";
import { context, csv, HEADER_VI, INDICATORS, TARGETS, toUtf16 } from "./submission/helpers.ts";

// The real DataHub recording (USA), re-keyed to Viet Nam, its source note cut off half-way
// through a character: JSON can escape the lone half ("\ud83d") although UTF-8 cannot carry it.
const ITU = readFileSync(new URL("../fixtures/itu/itu-get-country-series.json", import.meta.url), "utf8")
  .replace(/"USA"/g, '"VNM"')
  .replace(/"ITU estimate\."/g, '"ITU estimate \\ud83d"');

describe("lone surrogates in upstream text are repaired at the source boundary", () => {
  it("replaces each lone half with U+FFFD and keeps whole pairs", () => {
    expect(wellFormed("a\uD800b")).toBe("a\uFFFDb");
    expect(wellFormed("\uDC00x\uD83D")).toBe("\uFFFDx\uFFFD");
    expect(wellFormed("ok 😀")).toBe("ok 😀");
    expect(readJson("itu", '{"label":"Hà N\\ud800i","\\udc00":["\\ud83d\\ude00"]}')).toEqual({ label: "Hà N\uFFFDi", "\uFFFD": ["😀"] });
  });

  describe("a refresh whose upstream sends one in a note", () => {
    let dir: string;
    let warehouse: Warehouse;
    let server: LocalServer;
    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), "chiso-surrogate-"));
      warehouse = await Warehouse.open(join(dir, "warehouse.duckdb"));
      server = await startLocalServer({ "GET /data/bycode/11624/byiso/VNM": { body: ITU } });
    });
    afterEach(async () => {
      warehouse.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it("loads the figures, the note carrying U+FFFD where the broken character was", async () => {
      const run = await refreshSource(
        { ...sourceById("itu")!, baseUrl: server.url },
        { warehouse, dataDir: dir, catalog: loadCatalog(), offline: false, log: () => {}, http: FAST },
      );
      expect(run).toMatchObject({ status: "ok", rowsAdded: 5 });
      const notes = await warehouse.query<{ note: string }>("select distinct note from observations where source_id = 'itu'");
      expect(notes.map((n) => n.note)).toContain("ITU estimate \uFFFD");
    });
  });

  describe("a department's UTF-16 file with half a character in its note", () => {
    let dir: string;
    let warehouse: Warehouse;
    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), "chiso-surrogate-submission-"));
      warehouse = await Warehouse.open(join(dir, "warehouse.duckdb"));
    });
    afterEach(() => {
      warehouse.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it("loads the figure, the note carrying U+FFFD", async () => {
      // Excel's "Unicode text" is UTF-16, which can hold a lone surrogate where UTF-8 cannot.
      const bytes = toUtf16(csv([HEADER_VI, ["fully-online-procedures", "TP.HCM", "2024", "85,5", "", "", "", "", "ghi chú \uD83D"]], "\t"));
      const result = await ingestSubmissions([{ path: "q3.txt", bytes }], {
        warehouse,
        catalog: { indicators: INDICATORS, targets: TARGETS, documents: [] },
        dataDir: dir,
        context: context(),
        by: "Sở Thông tin và Truyền thông",
        now: new Date("2026-06-15T08:00:00Z"),
      });
      expect(result.checked[0]!.problems).toEqual([]);
      expect(result.run).toMatchObject({ status: "ok", rowsAdded: 1 });
      expect(await warehouse.query<{ note: string }>("select note from observations")).toEqual([{ note: "ghi chú \uFFFD" }]);
    });
  });
});
