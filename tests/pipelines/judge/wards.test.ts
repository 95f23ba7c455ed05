import { describe, expect, it } from "vitest";
import { publishedFigure } from "../../helpers/catalog.ts";
import { type PublishedObservation, indicatorPages } from "../../../pipelines/judge/views.ts";
import { dcatCatalog } from "../../../pipelines/publish/formats/dcat.ts";
import { indicatorRecord } from "../../../pipelines/publish/formats/json-api.ts";
import { seriesName } from "../../../pipelines/publish/site/chart.ts";
import { indicatorPage } from "../../../pipelines/publish/site/indicator-page.ts";
import { geoName } from "../../../pipelines/publish/site/parts.ts";
import type { Catalog } from "../../../schemas/catalog.ts";
import { Indicator } from "../../../schemas/indicator.ts";
import { Target } from "../../../schemas/target.ts";

const NOW = new Date("2026-12-02T00:00:00Z");

/** A test indicator counted for the city and, through one link, for every ward (no real one yet). */
function catalog(decided = false): Catalog {
  const indicator = Indicator.parse({
    id: "ward-kiosks",
    name: { vi: "Số ki-ốt số", en: "Digital kiosks" },
    definition: { vi: "Số ki-ốt dịch vụ công số", en: "Number of digital public-service kiosks" },
    unit: "count",
    domain: "digital-government",
    direction: "higher-is-better",
    geographies: ["VN-SG", "VN-SG/wards"],
    periodicity: "annual",
    series: [
      { source: "report", seriesCode: "kiosks", geo: "VN-SG" },
      { source: "report", seriesCode: "kiosks", geo: "VN-SG/wards", label: { vi: "Báo cáo theo phường", en: "Ward reports" } },
      { source: "report", seriesCode: "census", geo: "VN-SG/wards" },
    ],
    ...(decided ? { decidedBy: { source: "report", seriesCode: "census", geo: "VN-SG/wards", why: { vi: "tổng điều tra", en: "the census" } } } : {}),
  });
  const target = Target.parse({
    id: "ward-kiosks-sai-gon",
    indicatorId: "ward-kiosks",
    comparator: ">=",
    value: 10,
    deadline: 2030,
    geo: "VN-SG-26740",
    document: { id: "test-plan", number: "1/QĐ-UBND", date: "2025-08-01", clause: "1", seed: "001_0123456789abcdef.txt" },
    wording: { vi: "tối thiểu 10", en: "at least 10" },
  });
  return { indicators: [indicator], targets: [target], documents: [] };
}

const obs = (geo: string, period: string, value: number, series_code = "kiosks"): PublishedObservation =>
  publishedFigure({ indicator_id: "ward-kiosks", geo, period, value, unit: "count", series_code });

const FIGURES = [obs("VN-SG", "2026", 400), obs("VN-SG-26740", "2026", 12), obs("VN-SG-26732", "2025-Q4", 3), obs("VN-SG-26732", "2026", 4)];

describe("judging and showing a series for every ward", () => {
  it("makes one series per ward with figures, each named after its ward; a link with none stays one empty series", () => {
    const [page] = indicatorPages(catalog(), FIGURES, NOW);
    expect(page!.series.map((s) => [s.seriesCode, s.geo, s.observations.length])).toEqual([
      ["kiosks", "VN-SG", 1],
      ["kiosks", "VN-SG-26732", 2],
      ["kiosks", "VN-SG-26740", 1],
      ["census", "VN-SG/wards", 0],
    ]);
    expect(page!.series.map((s) => seriesName(s, "en"))).toEqual([
      "report kiosks",
      "Ward reports (Đặc khu Côn Đảo)",
      "Ward reports (Phường Sài Gòn)",
      "report census",
    ]);
    expect(page!.series[1]!.observations.map((o) => o.territory)).toEqual(["vn-sg-ward-from-2025-07", "vn-sg-ward-from-2025-07"]);
  });

  it("judges a ward's target on that ward's series, and a deciding link for every ward decides it", () => {
    const [page] = indicatorPages(catalog(), FIGURES, NOW);
    expect(page!.targets[0]!.verdicts.map((v) => `${v.seriesCode}/${v.geo}`)).toEqual(["kiosks/VN-SG-26740"]);
    const both = [...FIGURES, obs("VN-SG-26740", "2026", 11, "census")];
    const [decided] = indicatorPages(catalog(true), both, NOW);
    const t = decided!.targets[0]!;
    expect(t.judgedOn).toEqual({ source: "report", seriesCode: "census", geo: "VN-SG-26740" });
    expect(t.decidedBecause?.en).toBe("the census");
  });

  it("names the ward on the page, not its code, and gives DCAT a resource for the level", () => {
    expect(geoName("VN-SG-26740", "vi")).toBe("Phường Sài Gòn");
    expect(geoName("VN-SG-26740", "en")).toBe("Phường Sài Gòn");
    expect(geoName("VN-SG/wards", "en")).toBe("every ward and commune of Ho Chi Minh City");
    const [page] = indicatorPages(catalog(), FIGURES, NOW);
    const ctx = { siteUrl: "https://chiso.example.org", release: "2026-12-02", now: NOW, calendars: new Map() };
    const record = indicatorRecord(page!, ctx);
    expect(record.geographies).toEqual(["VN-SG", "VN-SG/wards"]);
    const html = indicatorPage(page!, record, "en").body.html;
    expect(html).toContain(`<td data-label="Area">Phường Sài Gòn<br>`);
    expect(html).toContain(`<td data-label="Area">Đặc khu Côn Đảo<br>`);
    expect(html).not.toContain(`<td data-label="Area">VN-SG-26740`);
    const dataset = (dcatCatalog([record], ctx) as { "dcat:dataset": { "dct:spatial": unknown[] }[] })["dcat:dataset"][0]!;
    // Every ward together is the city: its GeoNames feature, once.
    expect(dataset["dct:spatial"]).toEqual([{ "@id": "https://sws.geonames.org/1566083/" }]);
    // A single ward has no feature of its own here: a location with its code and name, not a code as an IRI.
    const oneWard = (dcatCatalog([{ ...record, geographies: ["VN-SG-26740"] }], ctx) as { "dcat:dataset": { "dct:spatial": unknown[] }[] })["dcat:dataset"][0]!;
    expect(oneWard["dct:spatial"]).toEqual([
      {
        "@type": "dct:Location",
        "dct:identifier": "VN-SG-26740",
        "http://www.w3.org/ns/locn#geographicName": { "@value": "Phường Sài Gòn", "@language": "vi" },
      },
    ]);
  });
});
