import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { stringify } from "csv-stringify/sync";
import { CATALOG_DIR, readCatalog } from "../../schemas/catalog.ts";
import { checkFigures } from "../../schemas/check/figures.ts";
import { targetRules } from "../../schemas/check/rules.ts";
import { TRANSCRIBED_COLUMNS } from "../../schemas/published.ts";
import { Target } from "../../schemas/target.ts";

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), "chiso-wards-"));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * A test indicator reported for the city and for every ward (the real catalog has none: no source
 * reports by ward yet), appended to a copy of the real catalog; `series` and `geographies` are
 * YAML lines to vary.
 */
function withWardIndicator(opts: { geographies?: string; series?: string } = {}): string {
  const dir = mkdtempSync(path.join(scratch, "catalog-"));
  cpSync(CATALOG_DIR, dir, { recursive: true });
  appendFileSync(
    path.join(dir, "digital-society.yaml"),
    `  - id: ward-public-wifi-points
    name:
      vi: Số điểm wifi công cộng
      en: Public wifi points
    definition:
      vi: Số điểm wifi công cộng miễn phí.
      en: Number of free public wifi points.
    unit: count
    domain: digital-society
    direction: higher-is-better
    geographies: ${opts.geographies ?? "[VN-SG, VN-SG/wards]"}
    periodicity: annual
    series:
${opts.series ?? "      - { source: report, seriesCode: ward-wifi, geo: VN-SG/wards }"}
`,
  );
  return dir;
}
const problemsOf = (dir: string) => readCatalog(dir).problems.map((p) => `${p.field}: ${p.en} | ${p.vi}`);

describe("catalog: an indicator reported for every ward", () => {
  it("takes VN-SG/wards in geographies and as a series link's geography, with no problem", () => {
    const dir = withWardIndicator();
    expect(problemsOf(dir)).toEqual([]);
    const wifi = readCatalog(dir).catalog.indicators.find((i) => i.id === "ward-public-wifi-points")!;
    expect(wifi.geographies).toEqual(["VN-SG", "VN-SG/wards"]);
    expect(wifi.series[0]!.geo).toBe("VN-SG/wards");
  });

  it("refuses an unlisted ward code in geographies or in a link, in both languages", () => {
    const problems = problemsOf(
      withWardIndicator({ geographies: "[VN-SG, VN-SG-99999]", series: "      - { source: report, seriesCode: ward-wifi, geo: VN-HN-00004 }" }),
    );
    expect(problems).toHaveLength(2);
    for (const p of problems) {
      expect(p).toContain("ward code is not on the GSO list of Ho Chi Minh City's wards and communes");
      expect(p).toContain("mã phường, xã không có trong danh mục đơn vị hành chính của Cục Thống kê");
    }
    expect(problemsOf(withWardIndicator({ geographies: "[VN-SG/ward]" }))).toEqual([
      expect.stringMatching(/^geographies #1: geography must be .* or VN-SG\/wards for every ward/),
    ]);
  });

  it("refuses a territory stated on the link for every ward, and takes one on a ward's own link", () => {
    const level = withWardIndicator({
      series: "      - { source: report, seriesCode: ward-wifi, geo: VN-SG/wards, territory: vn-sg-ward-from-2025-07 }",
    });
    expect(problemsOf(level)).toEqual([expect.stringContaining("series #1.territory: a series for VN-SG/wards states no territory")]);
    const own = withWardIndicator({
      series: "      - { source: report, seriesCode: ward-wifi, geo: VN-SG-26740, territory: vn-sg-ward-from-2025-07 }",
    });
    expect(problemsOf(own)).toEqual([]);
    const city = withWardIndicator({ series: "      - { source: report, seriesCode: ward-wifi, geo: VN-SG-26740, territory: vn-sg-from-2025-07 }" });
    expect(problemsOf(city)).toEqual([expect.stringContaining("territory vn-sg-from-2025-07 belongs to VN-SG, not VN-SG-26740")]);
  });

  it("lets a target be set for a ward the indicator covers, and for no other", () => {
    const { catalog } = readCatalog(withWardIndicator());
    const indicators = new Map(catalog.indicators.map((i) => [i.id, i]));
    const target = (geo: string) => ({
      target: Target.parse({
        id: `ward-wifi-${geo.toLowerCase()}`,
        indicatorId: "ward-public-wifi-points",
        comparator: ">=",
        value: 10,
        deadline: 2030,
        geo,
        document: { id: "x", number: "1/QĐ-UBND", date: "2026-01-01", clause: "1", seed: "001_0123456789abcdef.txt" },
        wording: { vi: "tối thiểu 10", en: "at least 10" },
      }),
      file: "targets.csv",
      line: 2,
    });
    const geoProblems = (geo: string) => targetRules([target(geo)], indicators, new Map()).filter((p) => p.field === "geo");
    expect(geoProblems("VN-SG-26740")).toEqual([]);
    expect(geoProblems("VN").map((p) => p.en)).toEqual(["indicator ward-public-wifi-points is not measured for VN"]);
  });

  it("checks a transcribed ward figure against the link for every ward, and its period against the ward's birth", () => {
    const { catalog } = readCatalog(withWardIndicator());
    const indicators = new Map(catalog.indicators.map((i) => [i.id, i]));
    const figure = (geo: string, period: string) =>
      Object.fromEntries(
        TRANSCRIBED_COLUMNS.map((c) => [
          c,
          {
            indicator_id: "ward-public-wifi-points",
            geo,
            period,
            value: "12",
            unit: "count",
            series_code: "ward-wifi",
            citation_title: "T",
            citation_publisher: "P",
            citation_statement: "S",
          }[c as string] ?? "",
        ]),
      );
    const file = path.join(scratch, "figures.csv");
    writeFileSync(
      file,
      stringify([figure("VN-SG-26740", "2026"), figure("VN-SG-26732", "2024"), figure("VN-SG", "2026")], { header: true, columns: [...TRANSCRIBED_COLUMNS] }),
    );
    expect(checkFigures(file, indicators).map((p) => `${p.id} ${p.field}: ${p.en}`)).toEqual([
      "ward-public-wifi-points VN-SG-26732 2024 period: Đặc khu Côn Đảo (VN-SG-26732) exists only from 2025-07-01; the period 2024 is before it",
      // The city's figure needs the city's own link: the one for every ward is not it.
      "ward-public-wifi-points VN-SG 2026 series_code: indicator ward-public-wifi-points has no series link {report, ward-wifi, VN-SG}",
    ]);
  });
});
