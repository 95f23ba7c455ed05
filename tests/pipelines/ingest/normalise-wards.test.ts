import { describe, expect, it } from "vitest";
import { ObservationError, normalise, type Provenance } from "../../../pipelines/ingest/normalise.ts";
import type { Catalog } from "../../../schemas/catalog.ts";
import { Indicator } from "../../../schemas/indicator.ts";
import { loadedRow } from "../../../schemas/published.ts";
import type { SourceRow } from "../../../sources/define.ts";

/**
 * A test catalog (no real source reports by ward yet): one count reported for the city and for
 * every ward through one link; one reported for the city only; one whose Phường Sài Gòn series has
 * a link of its own that says its earlier years were recomputed on the ward's boundary.
 */
function wardCatalog(): Catalog {
  const indicator = (id: string, geographies: string[], series: unknown[]) =>
    Indicator.parse({
      id,
      name: { vi: "Chỉ số", en: "Indicator" },
      definition: { vi: "Định nghĩa", en: "Definition" },
      unit: "count",
      domain: "digital-government",
      direction: "higher-is-better",
      geographies,
      periodicity: "annual",
      series,
    });
  return {
    indicators: [
      indicator(
        "ward-kiosks",
        ["VN-SG", "VN-SG/wards"],
        [
          { source: "report", seriesCode: "kiosks", geo: "VN-SG" },
          { source: "report", seriesCode: "kiosks", geo: "VN-SG/wards" },
        ],
      ),
      indicator("city-kiosks", ["VN-SG"], [{ source: "report", seriesCode: "kiosks", geo: "VN-SG" }]),
      indicator("recomputed-kiosks", ["VN-SG/wards"], [{ source: "report", seriesCode: "kiosks", geo: "VN-SG-26740", territory: "vn-sg-ward-from-2025-07" }]),
    ],
    targets: [],
    documents: [],
  };
}

const catalog = wardCatalog();
const prov: Provenance = {
  sourceId: "report",
  runId: "20260101T000000000Z-abcd-report",
  retrievedAt: "2026-01-01T00:00:00.000Z",
  rawSha256: "b".repeat(64),
  origin: "sources/report-figures.csv",
};
const row = (over: Partial<SourceRow> = {}): SourceRow => ({
  indicatorId: "ward-kiosks",
  geo: "VN-SG-26740",
  period: "2026",
  value: 12,
  unit: "count",
  seriesCode: "kiosks",
  ...over,
});

function rejection(r: SourceRow): string {
  try {
    normalise([r], prov, catalog);
  } catch (error) {
    expect(error).toBeInstanceOf(ObservationError);
    return (error as Error).message;
  }
  throw new Error("normalise accepted the row");
}
const where = (r: SourceRow) => `[report] sources/report-figures.csv: row 1 (${r.indicatorId} ${r.geo} ${r.period})`;

describe("normalise: a link for every ward", () => {
  it("takes a figure for any listed ward, and the city's own figure through its own link", () => {
    const rows = [row(), row({ geo: "VN-SG-26732" }), row({ geo: "VN-SG-27676", period: "2025" }), row({ geo: "VN-SG" })];
    expect(normalise(rows, prov, catalog).map((o) => o.geo)).toEqual(["VN-SG-26740", "VN-SG-26732", "VN-SG-27676", "VN-SG"]);
  });

  it("refuses a ward code of another province, or one not on the list, whatever the link", () => {
    for (const geo of ["VN-HN-00004", "VN-SG-99999", "VN-SG-26734"]) {
      const r = row({ geo });
      expect(rejection(r)).toBe(
        `${where(r)}: field geo: ward code is not on the GSO list of Ho Chi Minh City's wards and communes (schemas/geography/vn-sg-wards.csv)`,
      );
    }
  });

  it("refuses a ward figure for an indicator reported for the city only, in the words it always used", () => {
    const r = row({ indicatorId: "city-kiosks" });
    expect(rejection(r)).toBe(`${where(r)}: series report/kiosks for VN-SG-26740 is not linked to the indicator in the catalog`);
  });

  it("refuses a ward figure for a period that ends before the ward existed", () => {
    for (const period of ["2024", "2025-Q2", "2025-06"]) {
      const r = row({ period });
      expect(rejection(r)).toBe(`${where(r)}: Phường Sài Gòn (VN-SG-26740) exists only from 2025-07-01; the period ${period} is before it`);
    }
  });

  it("marks the year of the change 'not stated', and dates the rest to the ward", () => {
    const [straddling, after] = normalise([row({ period: "2025" }), row({ period: "2025-Q3" })], prov, catalog);
    expect(loadedRow(straddling!).territory).toBe("not-stated");
    expect(loadedRow(after!).territory).toBe("vn-sg-ward-from-2025-07");
  });

  it("takes an earlier year from a ward's own link that says it was recomputed on the ward's boundary", () => {
    const [o] = normalise([row({ indicatorId: "recomputed-kiosks", period: "2024" })], prov, catalog);
    expect(loadedRow(o!, "vn-sg-ward-from-2025-07").territory).toBe("vn-sg-ward-from-2025-07");
    // That link is the ward's alone: another ward is not linked.
    const other = row({ indicatorId: "recomputed-kiosks", geo: "VN-SG-26737" });
    expect(rejection(other)).toBe(`${where(other)}: series report/kiosks for VN-SG-26737 is not linked to the indicator in the catalog`);
  });
});
