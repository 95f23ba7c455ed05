import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { CATALOG_DIR, loadCatalog, type Catalog } from "../../schemas/catalog.ts";
import { Comparator } from "../../schemas/target.ts";
import { Flag, Status } from "../../schemas/observation.ts";
import { Period, Unit } from "../../schemas/common.ts";
import { SOURCES } from "../../sources/index.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const seedsDir = path.resolve(repoRoot, "../shared/seeds");
const csvFile = path.join(repoRoot, "sources/report-figures.csv");

/** Seed text with whitespace collapsed and Unicode in NFC, so wording can be matched literally. */
const seedCache = new Map<string, string>();
function seedText(seed: string): string {
  let text = seedCache.get(seed);
  if (text === undefined) {
    text = readFileSync(path.resolve(repoRoot, "../shared/seeds", seed), "utf8").normalize("NFC").replace(/\s+/g, " ");
    seedCache.set(seed, text);
  }
  return text;
}
const norm = (s: string) => s.normalize("NFC").replace(/\s+/g, " ").trim();

/** A number as a Vietnamese document writes it: 12.5 -> "12,5". */
const vnNumber = (n: number) => String(n).replace(".", ",");
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/**
 * The patterns under which a target value must occur in its document: "25%", "2%" (not the "2%"
 * inside "12%"), ranks as "nhóm 5" (top-5 group). Returns the pattern that matched, or undefined.
 */
function statedAs(value: number, unit: string, text: string): string | undefined {
  const n = escape(vnNumber(value));
  const patterns = unit === "rank" ? [`nhóm ${n}(?![\\d,])`, `(?<![\\d,.])${n}/\\d+`] : [`(?<![\\d,.])${n}%`];
  return patterns.find((p) => new RegExp(p, "u").test(text));
}

/**
 * Targets per document, counted by reading the seeds (a sentence with a number that the city
 * commits to by 2025 is one target; one target per number, even when a sentence carries several):
 *
 * plan-2649-2023 (seed 001, the plan's own text), section II "HỆ THỐNG CÁC CHỈ TIÊU":
 *   II.1 five bullets: 25% GRDP; trên 10% e-commerce; trên 80% e-contracts; trên 50% SMEs; trên 2% workers = 5
 *   II.2 seven bullets: 85% smartphone; 80% accounts 15+; trên 70% digital skills; 90% fibre households;
 *        trên 30% telehealth; 90% e-health records; 80% tertiary/vocational digital governance = 7      -> 12
 * decision-2393-2020 (seed 003, press report), every number stated as a 2025 target:
 *   25% GRDP (stated twice, one target); tối thiểu 7% productivity (twice, one); trên 60% e-payment accounts
 *   (twice, one); 100% popular DVCTT on the national portal; 100% transactions e-authenticated; 40% e-ID
 *   authenticated users; từ 50% trở lên dossiers online; 80% procedures at level 3/4; tối thiểu 90%
 *   satisfaction; 60% information systems on the LGSP; 90% / 80% / 60% work files province / district /
 *   commune (3); 80% periodic reports; 100% province / 80% district meetings (2); nhóm 5 e-government;
 *   nhóm 3 CNTT (DI); nhóm 3 GCI competitiveness; nhóm 2 GII; nhóm 3 cyber security (GCI);
 *   trên 95% households broadband; 100% communes                                                        -> 23
 *   (not counted: "Phổ cập dịch vụ mạng di động 4G/5G và điện thoại di động thông minh" has no number;
 *   the 2030 smart-city vision has none either)
 * plan-175-2025 (seed 000, press report): trên 80% e-contracts; trên 2% digital-economy workers;
 *   100% social-protection beneficiaries paid through their account                                      -> 3
 * steering-committee-2025-09 (seed 002): "tỷ lệ thủ tục hành chính toàn trình trên môi trường số đạt 80%" -> 1
 *   (its other numbers, 168/168, 2/34, 12,5 triệu ..., are reported results: report-figures.csv)
 * plan-4354-2025 (seed 004): qualitative directions only ("10 nhóm nhiệm vụ" counts task groups)          -> 0
 */
const TARGETS_PER_DOCUMENT: Record<string, number> = {
  "plan-2649-2023": 12,
  "decision-2393-2020": 23,
  "plan-175-2025": 3,
  "steering-committee-2025-09": 1,
  "plan-4354-2025": 0,
};

const CSV_COLUMNS = [
  "indicator_id", "geo", "period", "value", "unit", "status", "flags", "series_code", "note",
  "citation_title", "citation_publisher", "citation_date", "citation_url", "citation_statement",
];

let catalog: Catalog;
beforeAll(() => {
  catalog = loadCatalog();
});

describe("catalog: the real files", () => {
  it("loads, with documents, indicators and targets", () => {
    expect(catalog.documents.length).toBeGreaterThan(0);
    expect(catalog.indicators.length).toBeGreaterThan(0);
    expect(catalog.targets.length).toBeGreaterThan(0);
  });

  it("every target has a comparator, a document, a clause of that document and a 2025 deadline", () => {
    const docs = new Map(catalog.documents.map((d) => [d.id, d]));
    for (const t of catalog.targets) {
      expect(Comparator.options, t.id).toContain(t.comparator);
      expect(t.document, t.id).toBeDefined();
      for (const key of ["id", "number", "date", "clause", "seed"] as const) expect(t.document[key], `${t.id}.document.${key}`).toBeTruthy();
      const doc = docs.get(t.document.id);
      expect(doc, `${t.id} cites ${t.document.id}`).toBeDefined();
      expect(doc!.number).toBe(t.document.number);
      expect(doc!.date).toBe(t.document.date);
      expect(doc!.seed).toBe(t.document.seed);
      expect(doc!.sections.map((s) => s.id), t.id).toContain(t.document.clause);
      expect(Number.isFinite(t.value), t.id).toBe(true);
      expect(t.deadline, t.id).toBe(2025);
      expect(t.wording.vi.trim() && t.wording.en.trim(), t.id).toBeTruthy();
    }
  });

  it("every indicator and document is bilingual, and an indicator without series says what would measure it", () => {
    for (const i of catalog.indicators) {
      for (const field of ["name", "definition"] as const) {
        expect(i[field].vi.trim(), `${i.id}.${field}.vi`).not.toBe("");
        expect(i[field].en.trim(), `${i.id}.${field}.en`).not.toBe("");
      }
      if (i.series.length === 0) {
        expect(i.dataGap?.vi.trim(), `${i.id}.dataGap.vi`).toBeTruthy();
        expect(i.dataGap?.en.trim(), `${i.id}.dataGap.en`).toBeTruthy();
      }
      for (const s of i.series) if (s.label) expect(s.label.vi && s.label.en, `${i.id} ${s.seriesCode}`).toBeTruthy();
    }
    for (const d of catalog.documents) {
      expect(d.title.vi && d.title.en, d.id).toBeTruthy();
      for (const s of d.sections) expect(s.title.vi && s.title.en, `${d.id} ${s.id}`).toBeTruthy();
      expect(existsSync(path.join(seedsDir, d.seed)), `${d.id}: seed ${d.seed}`).toBe(true);
    }
  });

  it("each catalog file holds only its own domain", () => {
    for (const domain of ["digital-economy", "digital-society", "digital-government", "context"]) {
      const file = JSON.parse(readFileSync(path.join(CATALOG_DIR, `${domain}.json`), "utf8")) as { indicators: { id: string; domain: string }[] };
      for (const i of file.indicators) expect(i.domain, `${domain}.json: ${i.id}`).toBe(domain);
    }
  });

  it("counts targets per document as read from the seeds", () => {
    const counts: Record<string, number> = Object.fromEntries(catalog.documents.map((d) => [d.id, 0]));
    for (const t of catalog.targets) counts[t.document.id] = (counts[t.document.id] ?? 0) + 1;
    expect(counts).toEqual(TARGETS_PER_DOCUMENT);
    expect(catalog.targets.length).toBe(39);
  });

  it("every target's wording and value appear literally in its document's seed", () => {
    for (const t of catalog.targets) {
      const text = seedText(t.document.seed);
      const unit = catalog.indicators.find((i) => i.id === t.indicatorId)!.unit;
      // wording.vi is the document's own fragment; " … " joins fragments of one sentence.
      for (const part of t.wording.vi.split(" … ")) expect(text.includes(norm(part)), `${t.id}: "${part}" not in ${t.document.seed}`).toBe(true);
      expect(statedAs(t.value, unit, norm(t.wording.vi)), `${t.id}: ${t.value} not stated in its wording`).toBeDefined();
      expect(statedAs(t.value, unit, text), `${t.id}: ${t.value} not stated in ${t.document.seed}`).toBeDefined();
    }
  });

  it("comparators follow the wording: trên -> '>', tối thiểu / từ ... trở lên / plain -> '>=', nhóm N -> rank '<='", () => {
    for (const t of catalog.targets) {
      const vi = norm(t.wording.vi);
      const indicator = catalog.indicators.find((i) => i.id === t.indicatorId)!;
      const n = escape(vnNumber(t.value));
      if (indicator.unit === "rank") {
        expect(t.comparator, t.id).toBe("<=");
        expect(indicator.direction, t.id).toBe("lower-is-better");
        expect(vi, t.id).toMatch(new RegExp(`nhóm ${n}`));
      } else if (new RegExp(`trên ${n}%`).test(vi)) {
        expect(t.comparator, t.id).toBe(">");
      } else {
        expect(t.comparator, t.id).toBe(">=");
      }
    }
  });

  it("one indicator per measure: the same measure in two documents is one indicator with two targets", () => {
    const docsOf = (id: string) => catalog.targets.filter((t) => t.indicatorId === id).map((t) => t.document.id).sort();
    expect(docsOf("digital-economy-share")).toEqual(["decision-2393-2020", "plan-2649-2023"]);
    expect(docsOf("enterprises-using-e-contracts")).toEqual(["plan-175-2025", "plan-2649-2023"]);
    expect(docsOf("digital-economy-workforce-share")).toEqual(["plan-175-2025", "plan-2649-2023"]);
    expect(new Set(catalog.targets.map((t) => `${t.indicatorId}|${t.document.id}`)).size).toBe(catalog.targets.length);
  });

  it("keeps the ids and series other code relies on", () => {
    const get = (id: string) => {
      const i = catalog.indicators.find((x) => x.id === id);
      expect(i, id).toBeDefined();
      return i!;
    };
    const pop = get("average-population");
    expect(pop).toMatchObject({ domain: "context", unit: "thousand-persons", periodicity: "annual", name: { vi: "Dân số trung bình" } });
    expect([...pop.geographies].sort()).toEqual(["VN", "VN-SG"]);
    expect(pop.series).toEqual(expect.arrayContaining([
      expect.objectContaining({ source: "gso-pxweb", seriesCode: "E02.01", geo: "VN" }),
      expect.objectContaining({ source: "gso-pxweb", seriesCode: "E02.01", geo: "VN-SG", headline: true }),
    ]));
    expect(get("account-ownership-15plus").series).toContainEqual(expect.objectContaining({ source: "worldbank", seriesCode: "FX.OWN.TOTL.ZS", geo: "VN", proxy: true, headline: true }));
    expect(get("internet-users").series).toContainEqual(expect.objectContaining({ source: "worldbank", seriesCode: "IT.NET.USER.ZS", headline: true }));
    expect(get("internet-users").series).toContainEqual(expect.objectContaining({ source: "itu", seriesCode: "i99H" }));
    expect(get("fixed-broadband-subscriptions")).toMatchObject({ unit: "per-100-people" });
    expect(get("fixed-broadband-subscriptions").series).toContainEqual(expect.objectContaining({ source: "worldbank", seriesCode: "IT.NET.BBND.P2", proxy: true }));
    expect(get("mobile-subscriptions").series).toContainEqual(expect.objectContaining({ source: "worldbank", seriesCode: "IT.CEL.SETS.P2", proxy: true }));
    expect(get("electronic-health-books")).toMatchObject({ unit: "count", geographies: ["VN-SG"] });
    const per100 = get("electronic-health-books-per-100");
    expect(per100).toMatchObject({ unit: "per-100-people", geographies: ["VN-SG"] });
    expect(per100.formula?.en).toContain("electronic-health-books / (average-population x 10)");
    expect(per100.series).toContainEqual(expect.objectContaining({ source: "derived", seriesCode: "electronic-health-books/average-population", geo: "VN-SG" }));
    const de = get("digital-economy-share");
    expect([...de.geographies].sort()).toEqual(["VN", "VN-SG"]);
    expect(de.series.filter((s) => s.headline)).toEqual([expect.objectContaining({ source: "report", seriesCode: "gso-method", geo: "VN-SG" })]);
    expect(get("internet-users").domain).toBe("digital-society");
    expect(catalog.targets.filter((t) => t.indicatorId === "internet-users")).toEqual([]);
  });

  it("every series a source fetches is linked from its indicator, and every link to a fetching source names a series it fetches", () => {
    const key = (source: string, code: string, geo: string) => `${source} ${code} ${geo}`;
    const linked = new Set(catalog.indicators.flatMap((i) => i.series.map((s) => key(s.source, s.seriesCode, s.geo))));
    const fetched = new Map<string, string>();
    for (const source of SOURCES)
      for (const s of source.series.filter((x) => x.indicator !== "*")) {
        fetched.set(key(source.id, s.code, s.geo), s.indicator);
        expect(linked.has(key(source.id, s.code, s.geo)), `${source.id} ${s.code} ${s.geo} -> ${s.indicator} has no catalog link`).toBe(true);
        const indicator = catalog.indicators.find((i) => i.id === s.indicator);
        expect(indicator?.series.some((l) => l.source === source.id && l.seriesCode === s.code), `${s.code} is linked from another indicator than ${s.indicator}`).toBe(true);
      }
    // report and derived rows name their own series; every other source's links must be fetched.
    for (const i of catalog.indicators)
      for (const l of i.series.filter((x) => !["report", "derived"].includes(x.source)))
        expect(fetched.get(key(l.source, l.seriesCode, l.geo)), `${i.id} links ${l.source} ${l.seriesCode} ${l.geo}, which no source fetches`).toBe(i.id);
  });
});

describe("catalog loader rejects broken catalogs", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "chiso-catalog-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A fresh copy of the real catalog with one file edited. */
  function brokenCopy(name: string, edit: (json: any) => void): string {
    const copy = mkdtempSync(path.join(dir, "case-"));
    cpSync(CATALOG_DIR, copy, { recursive: true });
    const file = path.join(copy, name);
    const json = JSON.parse(readFileSync(file, "utf8"));
    edit(json);
    writeFileSync(file, JSON.stringify(json));
    return copy;
  }

  it("accepts an unedited copy", () => {
    expect(() => loadCatalog(brokenCopy("context.json", () => {}))).not.toThrow();
  });

  it("a target missing its comparator, naming the file and field", () => {
    const copy = brokenCopy("digital-economy.json", (j) => delete j.targets[0].comparator);
    expect(() => loadCatalog(copy)).toThrow(/digital-economy\.json: at targets\.0\.comparator/);
  });

  it("an indicator missing its English name, naming the file and field", () => {
    const copy = brokenCopy("digital-society.json", (j) => delete j.indicators[0].name.en);
    expect(() => loadCatalog(copy)).toThrow(/digital-society\.json: at indicators\.0\.name\.en/);
  });

  it("a target missing its document, naming the file and field", () => {
    const copy = brokenCopy("digital-government.json", (j) => delete j.targets[0].document);
    expect(() => loadCatalog(copy)).toThrow(/digital-government\.json: at targets\.0\.document/);
  });

  it("a target citing a clause its document does not have", () => {
    const copy = brokenCopy("digital-economy.json", (j) => (j.targets[0].document.clause = "IX.9"));
    expect(() => loadCatalog(copy)).toThrow(/clause IX\.9 is not a section/);
  });
});

describe("sources/report-figures.csv", () => {
  const text = readFileSync(csvFile, "utf8");
  const rows = parse(text, { columns: true, bom: true }) as Record<string, string>[];

  it("has exactly the agreed columns, in order", () => {
    const [header] = parse(text, { bom: true, to_line: 1 }) as string[][];
    expect(header).toEqual(CSV_COLUMNS);
    expect(rows.length).toBeGreaterThan(0);
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

  it("transcribes the seed-002 figures with their qualifiers, citing the seed", () => {
    const seed = seedText("002_3cb7a300628f9588.txt");
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
    // and each of those numbers is in the seed as written there
    for (const s of ["hơn 12,5 triệu", "gần 8,7 triệu", "hơn 257.000", "trên 70%", "Gần 2,9 triệu", "2/34", "168/168"]) expect(seed).toContain(s);
  });
});
