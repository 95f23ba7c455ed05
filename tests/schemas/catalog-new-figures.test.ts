import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { judgeAgainstSeries } from "../../pipelines/judge/verdicts.ts";
import { loadCatalog } from "../../schemas/catalog.ts";
import type { ObservationRow } from "../../schemas/published.ts";
import { itu } from "../../sources/itu.ts";
import { FIGURES_FILE, parseReportFigures } from "../../sources/report.ts";
import { worldbank } from "../../sources/worldbank.ts";

const catalog = loadCatalog();
const figures = parseReportFigures(readFileSync(FIGURES_FILE), FIGURES_FILE);
const indicator = (id: string) => catalog.indicators.find((i) => i.id === id)!;
const row = (indicatorId: string, geo: string, period: string, seriesCode: string) =>
  figures.find((f) => f.indicatorId === indicatorId && f.geo === geo && f.period === period && f.seriesCode === seriesCode);

describe("adults with a smartphone: the Telecommunications Department's estimate of March 2022", () => {
  it("transcribes HCMC's 75.7% as a city figure and the national estimate as a proxy, with their citation", () => {
    const city = row("adults-with-smartphone", "VN-SG", "2022-03", "telecom-dept-2022");
    expect(city).toMatchObject({ value: 75.7, unit: "percent", status: "estimate", flags: [] });
    expect(city!.citation).toMatchObject({ publisher: "vietgiaitri.com; opengovasia.com", date: "2022-03-29" });
    expect(city!.citation!.title).toMatch(/Telecommunications Department/);
    const national = row("adults-with-smartphone", "VN", "2022-03", "telecom-dept-2022");
    // "khoảng 73,5%": about, and a national figure beside a city indicator.
    expect(national).toMatchObject({ value: 73.5, status: "estimate" });
    expect([...(national!.flags ?? [])].sort()).toEqual(["approximate", "proxy"]);
    // Hanoi is no geography of chiso's: its 74.5% stays in the note, never a row.
    expect(figures.some((f) => f.geo === "VN-HN")).toBe(false);
    expect(city!.note).toMatch(/Hanoi 74\.5%/);
  });

  it("the city series is the headline and decides the 85% target; the national ones are proxies", () => {
    const i = indicator("adults-with-smartphone");
    const link = i.series.find((s) => s.source === "report" && s.seriesCode === "telecom-dept-2022" && s.geo === "VN-SG")!;
    expect(link).toMatchObject({ headline: true, proxy: false });
    expect(i.decidedBy).toMatchObject({ source: "report", seriesCode: "telecom-dept-2022", geo: "VN-SG" });
    expect(i.series.filter((s) => s.geo === "VN").every((s) => s.proxy && !s.headline)).toBe(true);
  });

  it("judges the 85% target on the city's 75.7% (2022-03), not on a national figure", () => {
    const i = indicator("adults-with-smartphone");
    const target = catalog.targets.find((t) => t.indicatorId === i.id && t.value === 85)!;
    expect(target.geo).toBe("VN-SG");
    const series = i.series.map((link) => ({
      ...link,
      observations: figures
        .filter((f) => f.indicatorId === i.id && f.seriesCode === link.seriesCode && f.geo === link.geo && link.source === "report")
        .map((f) => ({ period: f.period, value: f.value, territory: f.geo === "VN" ? "vn" : "vn-sg-to-2025-06", flags: f.flags }) as unknown as ObservationRow),
    }));
    const judged = judgeAgainstSeries(i, target, series, catalog.documents, new Date("2026-12-02T00:00:00Z"));
    expect(judged.judgedOn).toEqual({ source: "report", seriesCode: "telecom-dept-2022", geo: "VN-SG" });
    expect(judged.verdicts.map((v) => v.geo)).toEqual(["VN-SG"]);
    expect(judged.progress.latest).toMatchObject({ period: "2022-03", value: 75.7 });
    expect(judged.decidedBecause).toEqual(i.decidedBy!.why);
  });
});

describe("MIC's quarterly report Q2/2023: fibre households and fixed broadband, Viet Nam", () => {
  it("transcribes 77.1% and 22.15 per 100 as national proxies, June 2023", () => {
    expect(row("households-fibre-broadband", "VN", "2023-06", "mic")).toMatchObject({
      value: 77.1,
      flags: ["proxy"],
      citation: { publisher: "24h.com.vn", date: "2023-06" },
    });
    expect(row("fixed-broadband-subscriptions", "VN", "2023-06", "mic")).toMatchObject({
      value: 22.15,
      unit: "per-100-people",
      flags: ["proxy"],
      citation: { publisher: "24h.com.vn", date: "2023-06" },
    });
  });
});

describe("ITU figures carried by WDI", () => {
  it("WDI is the headline where it carries ITU's figure, and each source's licence is stated", () => {
    for (const [id, code] of [
      ["internet-users", "IT.NET.USER.ZS"],
      ["fixed-broadband-subscriptions", "IT.NET.BBND.P2"],
    ] as const) {
      const headline = indicator(id).series.filter((s) => s.headline);
      expect(headline, id).toHaveLength(1);
      expect(headline[0], id).toMatchObject({ source: "worldbank", seriesCode: code, geo: "VN", proxy: true });
      expect(headline[0]!.label?.en, id).toMatch(/CC BY 4\.0/);
    }
    const ituLink = indicator("internet-users").series.find((s) => s.source === "itu")!;
    expect(ituLink.label?.en).toMatch(/CC BY-NC-SA 3\.0 IGO/);
    expect(itu.licence).toBe("CC-BY-NC-SA-3.0-IGO");
    expect(worldbank.licence).toBe("CC-BY-4.0");
  });
});
