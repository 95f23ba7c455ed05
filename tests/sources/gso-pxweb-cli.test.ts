import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterEach, describe, expect, it } from "vitest";
import { startLocalServer, type LocalServer } from "../helpers/local-server.ts";

// The real NSO JSON-stat body answers the form's POST; the page is shaped after PX-Web's form (tests/fixtures/README.md).
const TABLE = readFileSync(new URL("../../sources/snapshots/gso-pxweb/E02.01.json", import.meta.url), "utf8");
const PAGE = readFileSync(new URL("../fixtures/gso-pxweb/E02.01-page.html", import.meta.url), "utf8");
const ROUTE = "/pxweb/en/Population and Employment/Population and Employment/E02.01.px/";

describe("chiso refresh --source gso-pxweb, pointed by CHISO_GSO_PXWEB_URL at a server answering the table form", () => {
  let server: LocalServer;
  let dir: string;
  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const refresh = async (table: string) => {
    server = await startLocalServer({ [`GET ${ROUTE}`]: { body: PAGE, headers: { "content-type": "text/html" } }, [`POST ${ROUTE}`]: { body: table } });
    dir = mkdtempSync(join(tmpdir(), "chiso-gso-cli-"));
    const root = new URL("../..", import.meta.url).pathname;
    await promisify(execFile)(process.execPath, [join(root, "bin/chiso.js"), "refresh", "--source", "gso-pxweb", "--data-dir", dir], {
      env: { ...process.env, CHISO_GSO_PXWEB_URL: server.url },
    });
    const db = await DuckDBInstance.create(join(dir, "warehouse.duckdb"), { access_mode: "READ_ONLY" });
    const c = await db.connect();
    const rows = (
      await c.runAndReadAll("select geo, period, value, status from observations where source_id = 'gso-pxweb' and geo = 'VN-SG' order by period")
    ).getRowObjectsJS();
    c.closeSync();
    db.closeSync();
    return rows;
  };

  it("loads the real body, every year of the city", async () => {
    const rows = await refresh(TABLE);
    expect(rows).toHaveLength(14);
    expect(server.hits.map((h) => h.method)).toEqual(["GET", "POST"]);
    expect(new URLSearchParams(server.hits[1]!.body).getAll("ctl00$ContentPlaceHolderMain$VariableSelector1$OutputFormats$OutputFormats")).toEqual([
      "FileTypeJsonStat",
    ]);
  });

  it("loads a year relabelled 'Sơ bộ 2024' as 2024, provisional", async () => {
    const rows = await refresh(TABLE.replace('"13":"2024"', '"13":"Sơ bộ 2024"'));
    expect(rows).toHaveLength(14);
    expect(rows.at(-1)).toMatchObject({ period: "2024", status: "provisional" });
    expect(rows.slice(0, -1).every((r) => r.status === "final")).toBe(true);
  });
});
