import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DTI_SERIES, RANKINGS, dti, rowsFromRanking } from "../../sources/dti.ts";
import { HttpClient } from "../../sources/http.ts";
import { SOURCES } from "../../sources/index.ts";
import { loadCatalog } from "../../schemas/catalog.ts";
import { normalise } from "../../pipelines/ingest/normalise.ts";

// The real extraction of the dti.gov.vn ranking tables bundled in sources/snapshots/dti/.
const ranking = (file: string) => readFileSync(new URL(`../../sources/snapshots/dti/${file}`, import.meta.url));

describe("dti: HCMC's provincial Digital Transformation Index", () => {
  it("reads the bundled rankings offline: score and rank per year, 2024 under 63 and under 34 provinces apart", async () => {
    const http = new HttpClient("dti", { offline: true });
    try {
      const fetched = await dti.fetch({ http, log: () => {}, baseUrl: dti.baseUrl, series: DTI_SERIES });
      const rows = fetched.flatMap((f) => dti.parse(f.response.body, f.series, f.response));
      const of = (code: string) => rows.filter((r) => r.seriesCode === code).map((r) => [r.period, r.value]);
      expect(of("pdti-63")).toEqual([
        ["2022", 0.7163],
        ["2023", 0.802],
        ["2024", 0.8373],
      ]);
      expect(of("pdti-rank-63")).toEqual([
        ["2022", 2],
        ["2023", 2],
        ["2024", 1],
      ]);
      expect(of("pdti-34")).toEqual([["2024", 0.777]]);
      expect(of("pdti-rank-34")).toEqual([["2024", 4]]);
      expect(rows.every((r) => r.geo === "VN-SG" && r.citation?.url?.startsWith("https://dti.gov.vn/xep-hang-"))).toBe(true);
      expect(rows[0]!.citation!.statement).toMatch(/as extracted from the ranking page by github\.com\/Tuan04-D\/opendx \(commit 97f3d092/);
      expect(fetched.every((f) => f.response.snapshot?.startsWith("dti/"))).toBe(true);
    } finally {
      await http.close();
    }
  });

  it("refuses a ranking of the wrong size or without the province, naming the file", () => {
    const [rank63] = DTI_SERIES.filter((s) => s.code === "pdti-rank-63");
    const file = RANKINGS[0]!;
    const short = JSON.stringify(JSON.parse(ranking(file.file).toString("utf8")).slice(0, 60));
    expect(() => rowsFromRanking(short, rank63!, file)).toThrow(/\[dti\] dti_2022_map\.json: 60 provinces ranked, the ranking of 63 expected/);
    const renamed = ranking(file.file).toString("utf8").replace("TP. Hồ Chí Minh", "Hồ Chí Minh City");
    expect(() => rowsFromRanking(renamed, rank63!, file)).toThrow(/no province named "TP\. Hồ Chí Minh"/);
  });

  it("is registered with the series the catalog links, and normalise accepts its rows", async () => {
    expect(dti.series).toEqual(DTI_SERIES);
    expect(SOURCES.map((s) => s.id)).toContain("dti");
    const catalog = loadCatalog();
    for (const s of dti.series) {
      const indicator = catalog.indicators.find((i) => i.id === s.indicator);
      expect(
        indicator?.series.some((l) => l.source === "dti" && l.seriesCode === s.code && l.geo === s.geo),
        `${s.code} is not linked to ${s.indicator}`,
      ).toBe(true);
    }
    const http = new HttpClient("dti", { offline: true });
    try {
      const fetched = await dti.fetch({ http, log: () => {}, baseUrl: dti.baseUrl, series: dti.series });
      const rows = fetched.flatMap((f) => dti.parse(f.response.body, f.series, f.response));
      const prov = { sourceId: "dti", runId: "test", retrievedAt: "2026-12-02T00:00:00Z", rawSha256: "0".repeat(64), origin: "sources/snapshots/dti" };
      const observations = normalise(rows, prov, catalog);
      const of = (indicator: string, code: string) =>
        observations.filter((o) => o.indicatorId === indicator && o.seriesCode === code && o.geo === "VN-SG").map((o) => [o.period, o.value]);
      // Decision 2393's "top 3 in ICT (DI)" target is measured by the DTI rank: HCMC's ranks.
      expect(of("ict-index-ranking", "pdti-rank-63")).toEqual([
        ["2022", 2],
        ["2023", 2],
        ["2024", 1],
      ]);
      expect(of("ict-index-ranking", "pdti-rank-34")).toEqual([["2024", 4]]);
      expect(of("digital-transformation-index", "pdti-63").map(([p]) => p)).toEqual(["2022", "2023", "2024"]);
      expect(of("digital-transformation-index", "pdti-34")).toEqual([["2024", 0.777]]);
      expect(observations.every((o) => !o.flags.includes("proxy"))).toBe(true);
    } finally {
      await http.close();
    }
  });

  it("the catalog keeps the two 2024 rankings apart: own series codes, own territories, the 63 deciding the target", () => {
    const ranking = loadCatalog().indicators.find((i) => i.id === "ict-index-ranking")!;
    const dtiLinks = ranking.series.filter((l) => l.source === "dti");
    expect(dtiLinks.map((l) => [l.seriesCode, l.territory])).toEqual([
      ["pdti-rank-63", "vn-sg-to-2025-06"],
      ["pdti-rank-34", "vn-sg-from-2025-07"],
    ]);
    expect(ranking.decidedBy).toMatchObject({ source: "dti", seriesCode: "pdti-rank-63", geo: "VN-SG" });
    expect(ranking.decidedBy!.why.en).toMatch(/DTI.*replaced the ICT Index \(DI\)/);
    expect(ranking.definition.en).toMatch(/replaced the ICT Index/);
  });
});
