import { describe, expect, it } from "vitest";
import { publishedFigure } from "../../helpers/catalog.ts";
import { indicatorPages, type PublishedObservation } from "../../../pipelines/judge/views.ts";
import { clauseWords, judgeAgainstSeries } from "../../../pipelines/judge/verdicts.ts";
import { loadCatalog } from "../../../schemas/catalog.ts";
import type { Indicator } from "../../../schemas/indicator.ts";
import type { Target } from "../../../schemas/target.ts";

const catalog = loadCatalog();
const BEFORE = new Date("2025-03-01T00:00:00Z");
const AFTER = new Date("2026-12-02T00:00:00Z");

const obs = (series_code: string, period: string, value: number, geo = "VN-SG"): PublishedObservation =>
  publishedFigure({ indicator_id: "digital-economy-share", geo, period, value, series_code, territory: geo === "VN" ? "vn" : "vn-sg-to-2025-06" });
// The figures of the city's 2024 report: GSO method 12.62-14.65, MIC method 15.38-22.
const figures = [
  obs("gso-method", "2020", 12.62),
  obs("gso-method", "2021", 13.84),
  obs("gso-method", "2022", 13.51),
  obs("gso-method", "2023", 14.65),
  obs("mic-method", "2021", 15.38),
  obs("mic-method", "2022", 18.66),
  obs("mic-method", "2023", 21.5),
  obs("mic-method", "2024", 22),
  obs("gso-method", "2024", 13.17, "VN"),
];
const page = (now: Date) => indicatorPages(catalog, figures, now).find((p) => p.indicator.id === "digital-economy-share")!;

describe("several series answer one target", () => {
  it("gives each method its verdict, names the deciding one and says why", () => {
    const target = page(BEFORE).targets.find((t) => t.id === "digital-economy-share-plan-2649")!;
    const by = Object.fromEntries(target.verdicts.map((v) => [v.seriesCode, v.judgement.status]));
    // GSO: +0.6 a year from 14.65 never reaches 25 by 2025; MIC: about +2.3 a year reaches it.
    expect(by).toEqual({ "gso-method": "off-track", "mic-method": "on-track" });
    expect(target.judgedOn).toEqual({ source: "report", seriesCode: "mic-method", geo: "VN-SG" });
    expect(target.progress.status).toBe("on-track");
    expect(target.decidedBecause?.en).toContain("MIC method");
    expect(target.disagree).toBe(true);
    // The national series answers no city target.
    expect(target.verdicts.some((v) => v.geo === "VN")).toBe(false);
  });

  it("after the deadline both methods lack a 2025 figure, and the trends they had still disagree", () => {
    const target = page(AFTER).targets.find((t) => t.id === "digital-economy-share-decision-2393")!;
    expect(target.progress.status).toBe("no-deadline-figure");
    expect(target.verdicts.map((v) => [v.seriesCode, v.judgement.status, v.judgement.trend])).toEqual([
      ["gso-method", "no-deadline-figure", "off-track"],
      ["mic-method", "no-deadline-figure", "on-track"],
    ]);
    expect(target.disagree).toBe(true);
  });

  it("without decidedBy the headline series decides, and the reason says so", () => {
    const indicator = catalog.indicators.find((i) => i.id === "digital-economy-share")!;
    const plain: Indicator = { ...indicator, decidedBy: undefined };
    const series = plain.series.map((s) => ({ ...s, observations: figures.filter((o) => o.series_code === s.seriesCode && o.geo === s.geo) }));
    const target = catalog.targets.find((t) => t.id === "digital-economy-share-plan-2649")!;
    const j = judgeAgainstSeries(plain, target, series, catalog.documents, BEFORE);
    expect(j.judgedOn?.seriesCode).toBe("gso-method");
    expect(j.progress.status).toBe("off-track");
    expect(j.decidedBecause?.en).toBe("the indicator's headline series");
  });

  it("one series that agrees with itself does not disagree", () => {
    const pages = indicatorPages(
      catalog,
      figures.filter((o) => o.series_code === "mic-method"),
      BEFORE,
    );
    const target = pages.find((p) => p.indicator.id === "digital-economy-share")!.targets[0]!;
    expect(target.verdicts).toHaveLength(1);
    expect(target.disagree).toBe(false);
  });
});

describe("where a target's words came from", () => {
  it("names the clause in words and whether it was read in the legal text or a press report", () => {
    const targets = indicatorPages(catalog, [], AFTER).flatMap((p) => p.targets);
    const plan = targets.find((t) => t.id === "digital-economy-share-plan-2649")!;
    expect(plan.clause.vi).toMatch(/^mục II\.1: /);
    expect(plan.readFrom).toBe("document");
    const decision = targets.find((t) => t.id === "digital-economy-share-decision-2393")!;
    expect(decision.clause.vi).not.toContain("targets-2025");
    expect(decision.readFrom).toBe("press-report");
    expect(targets.filter((t) => t.readFrom === "press-report")).toHaveLength(27);
  });

  it("stores the steering committee's 80% goal with VN, as a national goal", () => {
    const t = indicatorPages(catalog, [], AFTER)
      .flatMap((p) => p.targets)
      .find((x) => x.id === "fully-online-procedures-steering-committee")!;
    expect(t.geo).toBe("VN");
    expect(t.national).toBe(true);
  });

  it("judges labour productivity year by year", () => {
    expect(catalog.targets.find((t) => t.id === "labour-productivity-growth-decision-2393")!.rule).toBe("each-year");
  });

  it("a clause id that is not a section number reads as its title", () => {
    const target = { document: { id: "x", clause: "targets-2025" } } as Target;
    expect(clauseWords(target, { sections: [{ id: "targets-2025", title: { vi: "Mục tiêu 2025", en: "Targets for 2025" } }] } as never)).toEqual({
      vi: "Mục tiêu 2025",
      en: "Targets for 2025",
    });
  });
});
