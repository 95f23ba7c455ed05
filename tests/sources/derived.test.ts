import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Catalog } from "../../schemas/catalog.ts";
import { Indicator, type IndicatorInput } from "../../schemas/indicator.ts";
import type { Flag, Observation } from "../../schemas/observation.ts";
import { refreshSource } from "../../pipelines/ingest/refresh.ts";
import { Warehouse } from "../../pipelines/warehouse/warehouse.ts";
import { HEALTH_BOOKS_FORMULA, derivedRows, derivedSource, pairWithPopulation, perHundred } from "../../sources/derived.ts";

type Input = Parameters<typeof pairWithPopulation>[0][number];

const books = (period: string, value: number, flags: string[] = []): Input => ({
  indicator_id: "electronic-health-books",
  geo: "VN-SG",
  period,
  value,
  flags,
  source_id: "report",
  series_code: "city-report",
  vintage: 1,
});
const population = (period: string, value: number): Input => ({
  indicator_id: "average-population",
  geo: "VN-SG",
  period,
  value,
  flags: [],
  source_id: "gso-pxweb",
  series_code: "E02.01",
  vintage: 1,
});

describe("perHundred", () => {
  it("divides the count by the population given in thousands, times 100", () => {
    expect(perHundred(9_000_000, 10_000)).toBe(90);
    expect(perHundred(7_500_000, 9_500)).toBeCloseTo(78.947368, 5);
  });
});

describe("pairWithPopulation", () => {
  const pops = [population("2024", 10_000), population("2022", 9_000), population("2023", 9_500)];

  it("pairs a count with the population of its own year", () => {
    expect(pairWithPopulation([books("2023", 1)], pops)).toEqual([{ books: books("2023", 1), population: population("2023", 9_500) }]);
  });

  it("pairs a quarter or a month with the population of its year", () => {
    const pairs = pairWithPopulation([books("2024-Q3", 1), books("2023-09", 2)], pops);
    expect(pairs.map((p) => p.population.period)).toEqual(["2024", "2023"]);
  });

  it("falls back to the latest earlier year when the count's year is not published yet", () => {
    const older = pops.filter((p) => p.period !== "2024");
    expect(pairWithPopulation([books("2024-09", 1)], older)[0]!.population).toEqual(population("2023", 9_500));
  });

  it("leaves out a count older than every published population", () => {
    expect(pairWithPopulation([books("2021", 1), books("2022", 2)], pops).map((p) => p.books.period)).toEqual(["2022"]);
  });

  it("pairs nothing without a population", () => {
    expect(pairWithPopulation([books("2024", 1)], [])).toEqual([]);
  });
});

describe("derivedRows", () => {
  it("computes books per 100 inhabitants as an estimate flagged derived, with a note a reader can check", () => {
    expect(derivedRows({ formula: HEALTH_BOOKS_FORMULA, pairs: [{ books: books("2024", 9_000_000), population: population("2024", 10_000) }] })).toEqual([
      {
        indicatorId: "electronic-health-books-per-100",
        geo: "VN-SG",
        period: "2024",
        value: 90,
        unit: "per-100-people",
        status: "estimate",
        flags: ["derived"],
        seriesCode: HEALTH_BOOKS_FORMULA,
        note: "9,000,000 e-health books (report/city-report, 2024) over 10000 thousand inhabitants (gso-pxweb E02.01, 2024) x 100",
      },
    ]);
  });

  it("flags a ratio over an earlier year's population approximate, and says which year it used", () => {
    const [row] = derivedRows({ formula: HEALTH_BOOKS_FORMULA, pairs: [{ books: books("2025-09", 9_000_000), population: population("2024", 10_000) }] });
    expect(row!.flags).toEqual(["derived", "approximate"]);
    expect(row!.period).toBe("2025-09");
    expect(row!.note).toContain("(gso-pxweb E02.01, 2024, the latest year published)");
  });

  it("carries the count's bound and approximation over to the ratio, and nothing else", () => {
    const flags = (f: string[]) =>
      derivedRows({ formula: HEALTH_BOOKS_FORMULA, pairs: [{ books: books("2024", 1_000, f), population: population("2024", 10) }] })[0]!.flags;
    expect(flags(["lower-bound"])).toEqual(["derived", "lower-bound"]);
    expect(flags(["upper-bound", "approximate"])).toEqual(["derived", "upper-bound", "approximate"]);
    // The city's own count is no proxy for the ratio, and a break in the count is not one in the ratio.
    expect(flags(["proxy", "break-in-series"])).toEqual(["derived"]);
  });

  it("flags approximate once when the count is approximate and the population an earlier year's", () => {
    const [row] = derivedRows({ formula: HEALTH_BOOKS_FORMULA, pairs: [{ books: books("2025", 1_000, ["approximate"]), population: population("2024", 10) }] });
    expect(row!.flags).toEqual(["derived", "approximate"]);
  });
});

describe("derivedSource: computed from the warehouse, loaded like any source", () => {
  const indicator = (over: Pick<IndicatorInput, "id" | "unit" | "series">): IndicatorInput => ({
    name: { vi: "Chỉ số", en: "Indicator" },
    definition: { vi: "Định nghĩa", en: "Definition" },
    domain: "digital-society",
    direction: "higher-is-better",
    geographies: ["VN-SG"],
    periodicity: "irregular",
    ...over,
  });
  const catalog: Catalog = {
    indicators: [
      indicator({ id: "electronic-health-books", unit: "count", series: [{ source: "report", seriesCode: "city-report", geo: "VN-SG" }] }),
      indicator({ id: "average-population", unit: "thousand-persons", series: [{ source: "gso-pxweb", seriesCode: "E02.01", geo: "VN-SG" }] }),
      indicator({
        id: "electronic-health-books-per-100",
        unit: "per-100-people",
        series: [{ source: "derived", seriesCode: HEALTH_BOOKS_FORMULA, geo: "VN-SG" }],
      }),
    ].map((i) => Indicator.parse(i)),
    targets: [],
    documents: [],
  };
  const observation = (
    indicatorId: string,
    sourceId: string,
    seriesCode: string,
    period: string,
    value: number,
    unit: Observation["unit"],
    flags: Flag[] = [],
  ): Observation => ({
    indicatorId,
    geo: "VN-SG",
    period,
    value,
    unit,
    status: "final",
    flags,
    sourceId,
    seriesCode,
    note: "",
    provenance: { retrievedAt: "2026-01-01T00:00:00Z", runId: `run-${sourceId}`, rawSha256: "b".repeat(64) },
  });

  let dir: string;
  let warehouse: Warehouse;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "chiso-derived-"));
    warehouse = await Warehouse.open(join(dir, "warehouse.duckdb"));
  });
  afterEach(() => {
    warehouse.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const refresh = () => refreshSource(derivedSource(warehouse), { warehouse, dataDir: dir, catalog, offline: true, log: () => {} });
  const derived = () =>
    warehouse.query<{ period: string; value: number; flags: string[]; status: string }>(
      "select period, value, list_sort(flags) as flags, status from observations_latest where indicator_id = 'electronic-health-books-per-100' order by period",
    );

  it("derives one figure per count of the old city; a count of the merged city finds no population of its territory", async () => {
    await warehouse.transaction(async () => {
      await warehouse.appendVintages([
        observation("electronic-health-books", "report", "city-report", "2024", 8_000_000, "count", ["lower-bound"]),
        observation("electronic-health-books", "report", "city-report", "2025-09", 9_000_000, "count"),
        observation("average-population", "gso-pxweb", "E02.01", "2024", 10_000, "thousand-persons"),
      ]);
    });
    const run = await refresh();
    // 2025-09 is after the merger of 1 July 2025: dividing it by the old city's 2024 population would overstate it.
    expect(run).toMatchObject({ status: "ok", rowsRead: 1, rowsAdded: 1 });
    expect(await derived()).toEqual([{ period: "2024", value: 80, flags: ["derived", "lower-bound"], status: "estimate" }]);
  });

  it("follows a revised input: a new vintage of the population gives a new vintage of the ratio", async () => {
    await warehouse.transaction(async () => {
      await warehouse.appendVintages([
        observation("electronic-health-books", "report", "city-report", "2024", 9_000_000, "count"),
        observation("average-population", "gso-pxweb", "E02.01", "2024", 10_000, "thousand-persons"),
      ]);
    });
    await refresh();
    await warehouse.transaction(async () => {
      await warehouse.appendVintages([observation("average-population", "gso-pxweb", "E02.01", "2024", 9_000, "thousand-persons")]);
    });
    expect(await refresh()).toMatchObject({ status: "ok", rowsAdded: 1 });
    expect((await derived()).map((r) => r.value)).toEqual([100]);
    // Same inputs, same figure: no new vintage.
    expect(await refresh()).toMatchObject({ status: "ok", rowsAdded: 0 });
  });

  it("derives nothing, and fails nothing, while an input is missing", async () => {
    await warehouse.transaction(async () => {
      await warehouse.appendVintages([observation("electronic-health-books", "report", "city-report", "2024", 9_000_000, "count")]);
    });
    expect(await refresh()).toMatchObject({ status: "ok", rowsRead: 0, rowsAdded: 0 });
    expect(await derived()).toEqual([]);
  });
});
