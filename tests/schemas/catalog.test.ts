import { describe, it, expect, beforeAll } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { CATALOG_DIR, indicatorFiles, loadCatalog, readCatalog, type Catalog } from "../../schemas/catalog.ts";
import { checkQuotesInDocuments } from "../../schemas/check/seeds.ts";
import { Comparator } from "../../schemas/target.ts";
import { SOURCES } from "../../sources/index.ts";

/**
 * The seed documents live outside the repository (CI sets CHISO_DOCUMENTS_DIR to the seeds folder beside the repository);
 * everything else here needs only the repository, because each target carries its clause's words.
 */
const documentsDir = process.env.CHISO_DOCUMENTS_DIR;

const norm = (s: string) => s.normalize("NFC").replace(/\s+/g, " ").trim();
/** A number as a Vietnamese document writes it: 12.5 -> "12,5". */
const vnNumber = (n: number) => String(n).replace(".", ",");
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/**
 * The patterns under which a target value must occur in its quote: "25%", "2%" (not the "2%"
 * inside "12%"), ranks as "nhóm 5" (top-5 group). Written apart from schemas/check/quote.ts on
 * purpose: the test reads the quotes its own way, so a slip in the checker does not hide itself.
 */
function statedAs(value: number, unit: string, text: string): string | undefined {
  const n = escapeRegExp(vnNumber(value));
  const patterns = unit === "rank" ? [`nhóm ${n}(?![\\d,])`, `(?<![\\d,.])${n}/\\d+`] : [`(?<![\\d,.])${n}%`];
  return patterns.find((p) => new RegExp(p, "u").test(text));
}

let catalog: Catalog;
beforeAll(() => {
  catalog = loadCatalog();
});
const indicatorOf = (id: string) => catalog.indicators.find((i) => i.id === id)!;

describe("catalog: the real files", () => {
  it("loads, with documents, indicators and targets, and chiso's checks find nothing", () => {
    expect(catalog.documents.length).toBeGreaterThan(0);
    expect(catalog.indicators.length).toBeGreaterThan(0);
    expect(catalog.targets.length).toBeGreaterThan(0);
    expect(readCatalog().problems).toEqual([]);
  });

  it("every target takes its document's number, date and seed from the documents file", () => {
    const docs = new Map(catalog.documents.map((d) => [d.id, d]));
    for (const t of catalog.targets) {
      const doc = docs.get(t.document.id);
      expect(doc, `${t.id} cites ${t.document.id}`).toBeDefined();
      expect(t.document, t.id).toEqual({ id: doc!.id, number: doc!.number, date: doc!.date, clause: t.document.clause, seed: doc!.seed });
      expect(
        doc!.sections.map((s) => s.id),
        t.id,
      ).toContain(t.document.clause);
      expect(Comparator.options, t.id).toContain(t.comparator);
      expect(Number.isFinite(t.value), t.id).toBe(true);
      // a plan sets targets for after it is issued
      expect(t.deadline, t.id).toBeGreaterThanOrEqual(Number(doc!.date.slice(0, 4)));
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
    }
  });

  it("each indicator file holds only its own domain", () => {
    const files = indicatorFiles();
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const domain = path.basename(file, ".yaml");
      const { indicators } = parseYaml(readFileSync(file, "utf8")) as { indicators: { id: string; domain: string }[] };
      for (const i of indicators) expect(i.domain, `${domain}.yaml: ${i.id}`).toBe(domain);
    }
  });

  it("every target's value is stated in its quoted clause", () => {
    for (const t of catalog.targets) {
      const unit = indicatorOf(t.indicatorId).unit;
      expect(statedAs(t.value, unit, norm(t.wording.vi)), `${t.id}: ${t.value} not stated in "${t.wording.vi}"`).toBeDefined();
    }
  });

  it("comparators follow the quoted clause: trên -> '>', tối thiểu / từ ... trở lên / plain -> '>=', nhóm N -> rank '<='", () => {
    for (const t of catalog.targets) {
      const vi = norm(t.wording.vi);
      const indicator = indicatorOf(t.indicatorId);
      const n = escapeRegExp(vnNumber(t.value));
      if (indicator.unit === "rank") {
        expect(t.comparator, t.id).toBe("<=");
        expect(indicator.direction, t.id).toBe("lower-is-better");
        expect(vi, t.id).toMatch(new RegExp(`nhóm ${n}`));
      } else if (new RegExp(`(trên|hơn) ${n}%`).test(vi)) {
        expect(t.comparator, t.id).toBe(">");
      } else {
        expect(vi, t.id).not.toMatch(new RegExp(`(dưới|tối đa|không quá) ${n}%`));
        expect(t.comparator, t.id).toBe(">=");
      }
    }
  });

  it("one indicator per measure: the same measure in two documents is one indicator with two targets", () => {
    const docsOf = (id: string) => catalog.targets.filter((t) => t.indicatorId === id).map((t) => t.document.id);
    expect(docsOf("digital-economy-share")).toEqual(expect.arrayContaining(["decision-2393-2020", "plan-2649-2023"]));
    expect(docsOf("enterprises-using-e-contracts")).toEqual(expect.arrayContaining(["plan-175-2025", "plan-2649-2023"]));
    expect(docsOf("digital-economy-workforce-share")).toEqual(expect.arrayContaining(["plan-175-2025", "plan-2649-2023"]));
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
    expect(pop.series).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ source: "gso-pxweb", seriesCode: "E02.01", geo: "VN" }),
        expect.objectContaining({ source: "gso-pxweb", seriesCode: "E02.01", geo: "VN-SG", headline: true }),
      ]),
    );
    expect(get("account-ownership-15plus").series).toContainEqual(
      expect.objectContaining({ source: "worldbank", seriesCode: "FX.OWN.TOTL.ZS", geo: "VN", proxy: true, headline: true }),
    );
    expect(get("internet-users").series).toContainEqual(expect.objectContaining({ source: "worldbank", seriesCode: "IT.NET.USER.ZS", headline: true }));
    expect(get("internet-users").series).toContainEqual(expect.objectContaining({ source: "itu", seriesCode: "i99H" }));
    expect(get("fixed-broadband-subscriptions")).toMatchObject({ unit: "per-100-people" });
    expect(get("fixed-broadband-subscriptions").series).toContainEqual(
      expect.objectContaining({ source: "worldbank", seriesCode: "IT.NET.BBND.P2", proxy: true }),
    );
    expect(get("mobile-subscriptions").series).toContainEqual(expect.objectContaining({ source: "worldbank", seriesCode: "IT.CEL.SETS.P2", proxy: true }));
    expect(get("electronic-health-books")).toMatchObject({ unit: "count", geographies: ["VN-SG"] });
    const per100 = get("electronic-health-books-per-100");
    expect(per100).toMatchObject({ unit: "per-100-people", geographies: ["VN-SG"] });
    expect(per100.formula?.en).toContain("electronic-health-books / (average-population x 10)");
    expect(per100.series).toContainEqual(
      expect.objectContaining({ source: "derived", seriesCode: "electronic-health-books/average-population", geo: "VN-SG" }),
    );
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
        expect(
          indicator?.series.some((l) => l.source === source.id && l.seriesCode === s.code),
          `${s.code} is linked from another indicator than ${s.indicator}`,
        ).toBe(true);
      }
    // report and derived rows name their own series; every other source's links must be fetched.
    for (const i of catalog.indicators)
      for (const l of i.series.filter((x) => !["report", "derived"].includes(x.source)))
        expect(fetched.get(key(l.source, l.seriesCode, l.geo)), `${i.id} links ${l.source} ${l.seriesCode} ${l.geo}, which no source fetches`).toBe(i.id);
  });
});

const verbatim = "quotes appear verbatim in the seed documents";
describe.skipIf(!documentsDir)(documentsDir ? verbatim : `${verbatim} (CHISO_DOCUMENTS_DIR not set)`, () => {
  const seedText = (seed: string) => norm(readFileSync(path.join(documentsDir!, seed), "utf8"));

  it("every document's seed is in the documents folder", () => {
    for (const d of catalog.documents) expect(existsSync(path.join(documentsDir!, d.seed)), `${d.id}: seed ${d.seed}`).toBe(true);
  });

  it("every fragment of every quote is in its document, and so is the value", () => {
    for (const t of catalog.targets) {
      const text = seedText(t.document.seed);
      // " … " joins fragments of one sentence, each verbatim.
      for (const part of t.wording.vi.split(" … ")) expect(text.includes(norm(part)), `${t.id}: "${part}" not in ${t.document.seed}`).toBe(true);
      expect(statedAs(t.value, indicatorOf(t.indicatorId).unit, text), `${t.id}: ${t.value} not stated in ${t.document.seed}`).toBeDefined();
    }
  });

  it("chiso check --documents agrees", () => {
    const { catalog: read, locations } = readCatalog(CATALOG_DIR);
    expect(checkQuotesInDocuments(read, locations, documentsDir!)).toEqual([]);
  });

  it("the seed-002 figures in report-figures.csv are in the seed as written there", () => {
    const seed = seedText("002_3cb7a300628f9588.txt");
    for (const s of ["hơn 12,5 triệu", "gần 8,7 triệu", "hơn 257.000", "trên 70%", "Gần 2,9 triệu", "2/34", "168/168"]) expect(seed).toContain(s);
  });
});
