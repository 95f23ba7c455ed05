import type { Catalog } from "../../schemas/catalog.ts";
import { Indicator } from "../../schemas/indicator.ts";
import type { PublishedObservation } from "../../pipelines/judge/views.ts";
import type { Observation } from "../../schemas/observation.ts";
import { territoryOf } from "../../schemas/territory.ts";

/**
 * A one-indicator catalog for tests about the pipes rather than the figures: internet users,
 * fed by ITU's national series as a proxy for the city (the shape of the real catalog entry).
 */
export function internetUsersCatalog(): Catalog {
  const internetUsers = Indicator.parse({
    id: "internet-users",
    name: { vi: "Người dùng Internet", en: "Internet users" },
    definition: { vi: "Tỷ lệ người dùng Internet", en: "Share of people using the Internet" },
    unit: "percent",
    domain: "digital-society",
    direction: "higher-is-better",
    geographies: ["VN-SG"],
    periodicity: "annual",
    series: [{ source: "itu", seriesCode: "i99H", geo: "VN", proxy: true }],
  });
  return { indicators: [internetUsers], targets: [], documents: [] };
}

/** A test figure for that catalog's one series (ITU's national share, standing in for the city). */
export const internetUsersFigure = (value: number, runId: string, period = "2023"): Observation => ({
  indicatorId: "internet-users",
  geo: "VN",
  period,
  value,
  unit: "percent",
  status: "final",
  flags: ["proxy"],
  sourceId: "itu",
  seriesCode: "i99H",
  note: "",
  provenance: { retrievedAt: "2026-10-01T00:00:00Z", runId, rawSha256: "e".repeat(64) },
});

/**
 * The catalog normalise is tested against: internet users, which the city reports, with a
 * national series declared as its proxy and one that is not; and a count, where numbers above
 * 100 are ordinary.
 */
export function normaliseCatalog(): Catalog {
  const indicator = (over: { id: string; unit: string; series: unknown[] }) =>
    Indicator.parse({
      name: { vi: "Chỉ số", en: "Indicator" },
      definition: { vi: "Định nghĩa", en: "Definition" },
      domain: "digital-society",
      direction: "higher-is-better",
      geographies: ["VN-SG"],
      periodicity: "annual",
      ...over,
    });
  return {
    indicators: [
      indicator({
        id: "internet-users",
        unit: "percent",
        series: [
          { source: "itu", seriesCode: "i99H", geo: "VN", proxy: true },
          { source: "itu", seriesCode: "i99H", geo: "VN-SG" },
          { source: "itu", seriesCode: "i99H-national", geo: "VN" },
        ],
      }),
      indicator({ id: "digital-firms", unit: "count", series: [{ source: "itu", seriesCode: "firms", geo: "VN-SG" }] }),
    ],
    targets: [],
    documents: [],
  };
}

/**
 * A published figure (the shape the judgements and pages read) for tests: a final figure of the
 * report source with no citation, flags or notes unless `over` says otherwise. Its territory is
 * the one its geography and period give, as a load would write it, unless `over` names one.
 */
export const publishedFigure = (
  over: Pick<PublishedObservation, "indicator_id" | "period" | "value"> & Partial<PublishedObservation>,
): PublishedObservation => ({
  geo: "VN-SG",
  unit: "percent",
  status: "final",
  flags: [],
  source_id: "report",
  series_code: "city",
  note: "",
  citation_title: null,
  citation_publisher: null,
  citation_date: null,
  citation_url: null,
  citation_statement: null,
  retrieved_at: "2026-01-01T00:00:00Z",
  run_id: "r",
  raw_sha256: "0".repeat(64),
  vintage: 1,
  territory: territoryOf(over.geo ?? "VN-SG", over.period) as PublishedObservation["territory"],
  ...over,
});
