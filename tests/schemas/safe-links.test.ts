import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isWebUrl, WebUrl, webUrlOrNull } from "../../schemas/common.ts";
import { Observation } from "../../schemas/observation.ts";
import { latestObservations } from "../../pipelines/judge/views.ts";
import { Warehouse } from "../../pipelines/warehouse/warehouse.ts";
import { parseReportFigures } from "../../sources/report.ts";

// A link that came from data becomes an href on the public site: only http(s) may get there.
const HOSTILE = [
  "javascript:alert(document.domain)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "file:///etc/passwd",
  "vbscript:msgbox(1)",
];

describe("links from data are http(s) only", () => {
  it("tells web links from the rest", () => {
    expect(isWebUrl("https://hcmcpv.org.vn/tin-tuc/x")).toBe(true);
    expect(isWebUrl("http://127.0.0.1:8080/")).toBe(true);
    for (const url of [...HOSTILE, "", "not a url", "//example.org/x"]) expect(isWebUrl(url), url).toBe(false);
    expect(WebUrl.safeParse(HOSTILE[0]).success).toBe(false);
    expect(webUrlOrNull(HOSTILE[0])).toBeNull();
    expect(webUrlOrNull("https://example.org/")).toBe("https://example.org/");
  });

  it("the transcribed-figures parser refuses a hostile link, naming the row and the column", () => {
    const [header, first] = readFileSync(new URL("../../sources/report-figures.csv", import.meta.url), "utf8").split("\r\n");
    const cols = header!.split(",");
    const at = cols.indexOf("citation_url");
    for (const url of HOSTILE) {
      // Every cell of the first real row kept, the link replaced: quote it, as it may hold a comma.
      const cells = first!.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, ""));
      cells[at] = `"${url.replace(/"/g, '""')}"`;
      expect(() => parseReportFigures(`${header}\r\n${cells.slice(0, cols.length).join(",")}\r\n`, "report-figures.csv")).toThrow(
        /row 2, column citation_url: .*must be an http:\/\/ or https:\/\/ link/,
      );
    }
  });

  it("an observation's citation refuses a hostile link", () => {
    const base = {
      indicatorId: "internet-users",
      geo: "VN",
      period: "2024",
      value: 80,
      unit: "percent",
      sourceId: "report",
      seriesCode: "x",
      provenance: { retrievedAt: "2026-01-01T00:00:00Z", runId: "r", rawSha256: "a".repeat(64) },
      citation: { title: "T", publisher: "P", statement: "S" },
    };
    expect(Observation.safeParse({ ...base, citation: { ...base.citation, url: "https://example.org/a" } }).success).toBe(true);
    for (const url of HOSTILE) expect(Observation.safeParse({ ...base, citation: { ...base.citation, url } }).success, url).toBe(false);
  });

  it("a hostile link already in an older warehouse is dropped before anything is published", async () => {
    const dir = mkdtempSync(join(tmpdir(), "chiso-links-"));
    const warehouse = await Warehouse.open(join(dir, "warehouse.duckdb"));
    try {
      const stored: Observation = {
        indicatorId: "internet-users",
        geo: "VN",
        period: "2024",
        value: 80,
        unit: "percent",
        status: "final",
        flags: [],
        sourceId: "report",
        seriesCode: "x",
        note: "",
        citation: { title: "T", publisher: "P", statement: "S", url: HOSTILE[0] },
        provenance: { retrievedAt: "2026-01-01T00:00:00Z", runId: "r", rawSha256: "a".repeat(64) },
      };
      await warehouse.transaction(() => warehouse.appendVintages([stored]));
      expect(await warehouse.scalar("select count(*) from observations where citation_url like 'javascript:%'")).toBe(1);
      const [row] = await latestObservations(warehouse);
      expect(row!.citation_url).toBeNull();
      expect(row!.citation_title).toBe("T");
    } finally {
      warehouse.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
