import type { Catalog } from "../../schemas/catalog.ts";
import { Indicator } from "../../schemas/indicator.ts";

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
