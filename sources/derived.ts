import { z } from "zod";
import type { Flag } from "../schemas/observation.ts";
import { NOT_STATED, territoryName, territoryOf } from "../schemas/territory.ts";
import { defineSource, type SeriesSpec, type SourceAdapter, type SourceRow } from "./define.ts";
import { sha256 } from "../pipelines/files.ts";
import type { Warehouse } from "../pipelines/warehouse/warehouse.ts";

/**
 * Indicators chiso computes from others. The "raw body" of a derived figure is the document of
 * its inputs (each with its own source and vintage), archived like any upstream body, so a
 * derived value is as traceable as a fetched one.
 */
interface InputFigure {
  indicator_id: string;
  geo: string;
  period: string;
  value: number;
  flags: string[];
  source_id: string;
  series_code: string;
  vintage: number;
  /** The territory the figure describes; read off geo and period when a warehouse predates the column. */
  territory?: string | null;
}

const InputsDocument = z.object({
  formula: z.string(),
  pairs: z.array(z.object({ books: z.custom<InputFigure>(), population: z.custom<InputFigure>() })),
  /** Counts with no population of their own territory: archived with the reason, never computed. */
  refused: z.array(z.object({ books: z.custom<InputFigure>(), reason: z.object({ vi: z.string(), en: z.string() }) })).default([]),
});

export const HEALTH_BOOKS_FORMULA = "electronic-health-books/average-population";
/** The indicator the formula computes. */
export const HEALTH_BOOKS_PER_100 = "electronic-health-books-per-100";

/** Books per 100 inhabitants; population is in thousands. */
export function perHundred(books: number, populationThousands: number): number {
  return (books / (populationThousands * 1000)) * 100;
}

const territoryOfFigure = (f: InputFigure) => (f.territory && f.territory !== NOT_STATED ? f.territory : territoryOf(f.geo, f.period));

/**
 * Pairs each count with the population of its year, or the latest earlier year GSO has published,
 * of the same territory. A count of the merged city (from July 2025) over the population of the
 * old one would overstate the ratio by half: such a count is refused, with a reason naming both.
 */
export function healthBookPairing(
  books: InputFigure[],
  population: InputFigure[],
): { pairs: { books: InputFigure; population: InputFigure }[]; refused: { books: InputFigure; reason: { vi: string; en: string } }[] } {
  const byYear = [...population].sort((a, b) => a.period.localeCompare(b.period));
  const pairs: { books: InputFigure; population: InputFigure }[] = [];
  const refused: { books: InputFigure; reason: { vi: string; en: string } }[] = [];
  for (const b of books) {
    const year = b.period.slice(0, 4);
    const earlier = byYear.filter((p) => p.period <= year);
    const t = territoryOfFigure(b);
    const pop = t === NOT_STATED ? undefined : earlier.filter((p) => territoryOfFigure(p) === t).at(-1);
    if (pop) {
      pairs.push({ books: b, population: pop });
      continue;
    }
    const other = earlier.at(-1);
    if (!other) continue; // no population at all yet: nothing to say
    const bn = territoryName(t);
    const pn = territoryName(territoryOfFigure(other));
    refused.push({
      books: b,
      reason: {
        vi: `Không tính: số sổ sức khỏe điện tử (${b.period}) là của ${bn.vi}; dân số gần nhất (${other.period}) là của ${pn.vi}. Chưa có số dân của cùng địa giới.`,
        en: `Withheld: the e-health book count (${b.period}) describes ${bn.en}; the latest population (${other.period}) describes ${pn.en}. No population of the same territory is published yet.`,
      },
    });
  }
  return { pairs, refused };
}

/** The pairs alone (see healthBookPairing): counts refused for want of a same-territory population are left out. */
export function pairWithPopulation(books: InputFigure[], population: InputFigure[]): { books: InputFigure; population: InputFigure }[] {
  return healthBookPairing(books, population).pairs;
}

export function derivedRows(doc: z.input<typeof InputsDocument>): SourceRow[] {
  return doc.pairs.map(({ books, population }) => {
    const sameYear = population.period === books.period.slice(0, 4);
    const flags = new Set<Flag>(["derived"]);
    // The count's own qualifiers carry over to the ratio.
    for (const f of books.flags) if (f === "approximate" || f === "lower-bound" || f === "upper-bound") flags.add(f);
    if (!sameYear) flags.add("approximate");
    return {
      indicatorId: HEALTH_BOOKS_PER_100,
      geo: books.geo,
      period: books.period,
      value: perHundred(books.value, population.value),
      unit: "per-100-people",
      status: "estimate",
      flags: [...flags],
      seriesCode: HEALTH_BOOKS_FORMULA,
      note:
        `${books.value.toLocaleString("en")} e-health books (${books.source_id}/${books.series_code}, ${books.period}) ` +
        `over ${population.value} thousand inhabitants (${population.source_id} ${population.series_code}, ${population.period}` +
        `${sameYear ? "" : ", the latest year published"}) x 100`,
    };
  });
}

export function derivedSource(warehouse: Warehouse): SourceAdapter<SeriesSpec> {
  return defineSource<SeriesSpec>({
    id: "derived",
    publisher: "chiso (computed from the figures it cites)",
    kind: "derived",
    baseUrl: "pipelines/derive.ts",
    licence: "CC-BY-4.0",
    schedule: "30 6 * * *",
    series: [{ code: HEALTH_BOOKS_FORMULA, indicator: HEALTH_BOOKS_PER_100, geo: "VN-SG" }],
    async fetch({ series }) {
      const latest = (indicator: string) =>
        warehouse.query<InputFigure>(
          `select indicator_id, geo, period, value, flags, source_id, series_code, vintage, territory from observations_latest
           where indicator_id = ? and geo = 'VN-SG' order by period, source_id, series_code`,
          [indicator],
        );
      const [books, population] = await Promise.all([latest("electronic-health-books"), latest("average-population")]);
      const doc = { formula: HEALTH_BOOKS_FORMULA, ...healthBookPairing(books, population) };
      const body = new TextEncoder().encode(JSON.stringify(doc, (_k, v) => (typeof v === "bigint" ? Number(v) : v), 2));
      const response = {
        url: `derived:${HEALTH_BOOKS_FORMULA}`,
        method: "GET" as const,
        status: 200,
        headers: { "content-type": "application/json" },
        body,
        sha256: sha256(body),
        retrievedAt: new Date().toISOString(),
      };
      return [{ response, series: series[0]! }];
    },
    parse: (body) => derivedRows(InputsDocument.parse(JSON.parse(new TextDecoder().decode(body)))),
  });
}
