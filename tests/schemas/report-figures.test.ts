import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { loadCatalog } from "../../schemas/catalog.ts";
import { checkFigures } from "../../schemas/check/figures.ts";
import { Period, Unit } from "../../schemas/common.ts";
import { Flag, Status } from "../../schemas/observation.ts";
import { FIGURES_FILE } from "../../sources/report.ts";

const CSV_COLUMNS = [
  "indicator_id",
  "geo",
  "period",
  "value",
  "unit",
  "status",
  "flags",
  "series_code",
  "note",
  "citation_title",
  "citation_publisher",
  "citation_date",
  "citation_url",
  "citation_statement",
];

const catalog = loadCatalog();
const text = readFileSync(FIGURES_FILE, "utf8");
const rows = parse(text, { columns: true, bom: true }) as Record<string, string>[];

describe("sources/report-figures.csv", () => {
  it("has exactly the agreed columns, in order", () => {
    const [header] = parse(text, { bom: true, to_line: 1 }) as string[][];
    expect(header).toEqual(CSV_COLUMNS);
    expect(rows.length).toBeGreaterThan(0);
  });

  it("passes chiso's checks of the figures against the catalog", () => {
    expect(checkFigures(FIGURES_FILE, new Map(catalog.indicators.map((i) => [i.id, i])))).toEqual([]);
  });

  it("every row names a catalogued indicator and one of its report series links", () => {
    for (const [n, r] of rows.entries()) {
      const where = `row ${n + 2} (${r.indicator_id} ${r.geo} ${r.period})`;
      const indicator = catalog.indicators.find((i) => i.id === r.indicator_id);
      expect(indicator, where).toBeDefined();
      const link = indicator!.series.find((s) => s.source === "report" && s.seriesCode === r.series_code && s.geo === r.geo);
      expect(link, `${where}: no series link {report, ${r.series_code}, ${r.geo}}`).toBeDefined();
      expect(r.unit, where).toBe(indicator!.unit);
      const flags = r.flags ? r.flags!.split(";") : [];
      // a proxy link carries proxy-flagged figures, and only those
      expect(flags.includes("proxy"), where).toBe(link!.proxy);
      if (!link!.proxy) expect(indicator!.geographies, where).toContain(r.geo);
    }
  });

  it("every value is a finite number and every field is well-formed", () => {
    const seen = new Set<string>();
    for (const [n, r] of rows.entries()) {
      const where = `row ${n + 2} (${r.indicator_id} ${r.period})`;
      expect(r.value, where).toMatch(/^-?\d+(\.\d+)?$/);
      expect(Number.isFinite(Number(r.value)), where).toBe(true);
      expect(Unit.safeParse(r.unit).success, where).toBe(true);
      expect(Status.safeParse(r.status).success, where).toBe(true);
      expect(Period.safeParse(r.period).success, where).toBe(true);
      expect(["VN", "VN-SG"], where).toContain(r.geo);
      for (const f of r.flags ? r.flags.split(";") : []) expect(Flag.safeParse(f).success, `${where}: flag ${f}`).toBe(true);
      expect(r.citation_title, where).toBeTruthy();
      expect(r.citation_publisher, where).toBeTruthy();
      expect(r.citation_statement, where).toBeTruthy();
      // the date is as precise as the reference gives, and empty where it gives none
      if (r.citation_date) expect(r.citation_date, where).toMatch(/^\d{4}(-\d{2}(-\d{2})?)?$/);
      if (r.citation_url) expect(() => new URL(r.citation_url!), where).not.toThrow();
      const key = `${r.indicator_id}|${r.geo}|${r.period}|${r.series_code}`;
      expect(seen.has(key), `${where}: duplicate ${key}`).toBe(false);
      seen.add(key);
    }
  });

  it("keeps disagreeing figures apart: GSO and MIC methods are separate series, both 2022 city figures kept", () => {
    const de2022 = rows.filter((r) => r.indicator_id === "digital-economy-share" && r.geo === "VN-SG" && r.period === "2022");
    expect(de2022.map((r) => [r.series_code, r.value]).sort()).toEqual([
      ["gso-method", "13.51"],
      ["mic-method", "18.66"],
      ["mic-method-city-report", "18.86"],
    ]);
  });

  // The seed itself is checked where the documents are present (tests/schemas/catalog.test.ts).
  it("transcribes the seed-002 figures with their qualifiers", () => {
    const fromSeed = rows.filter((r) => r.citation_title === "100% phường, xã TP Hồ Chí Minh đạt chuẩn chuyển đổi số");
    const byId = Object.fromEntries(fromSeed.map((r) => [r.indicator_id, r]));
    expect(byId["chip-id-applications"]).toMatchObject({ value: "12500000", flags: "lower-bound" });
    expect(byId["personal-electronic-id-records"]).toMatchObject({ value: "8700000", flags: "approximate" });
    expect(byId["organisation-electronic-id-records"]).toMatchObject({ value: "257000", flags: "lower-bound" });
    expect(byId["vneid-activation-rate"]).toMatchObject({ value: "70", flags: "lower-bound" });
    expect(byId["electronic-health-books"]).toMatchObject({ value: "2900000", flags: "approximate" });
    expect(byId["project-06-provincial-rank"]).toMatchObject({ value: "2", unit: "rank" });
    expect(byId["wards-meeting-digital-transformation-criteria"]).toMatchObject({ value: "168", unit: "count" });
    for (const r of fromSeed) expect(r.citation_date, r.indicator_id).toBe("2025-09-27");
  });
});
