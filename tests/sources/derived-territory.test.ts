import { describe, expect, it } from "vitest";
import { healthBookPairing, perHundred } from "../../sources/derived.ts";

type Input = Parameters<typeof healthBookPairing>[0][number];
const figure = (indicator_id: string, period: string, value: number, territory?: string): Input => ({
  indicator_id,
  geo: "VN-SG",
  period,
  value,
  flags: [],
  source_id: indicator_id === "average-population" ? "gso-pxweb" : "report",
  series_code: indicator_id === "average-population" ? "E02.01" : "city-report",
  vintage: 1,
  ...(territory ? { territory } : {}),
});
const books = (period: string, value: number, territory?: string) => figure("electronic-health-books", period, value, territory);
const population = (period: string, value: number, territory?: string) => figure("average-population", period, value, territory);

describe("e-health books per 100 inhabitants: one territory per ratio", () => {
  it("refuses to divide the merged city's count by the old city's population, naming both", () => {
    // 2.9 million books (September 2025, the merged city) over 9,500 thousand (2024, the old city)
    // would read 30.5 per 100; over about 14 million it would be about 21: overstated by some 45%.
    expect(perHundred(2_900_000, 9_500)).toBeCloseTo(30.53, 2);
    const { pairs, refused } = healthBookPairing([books("2025-09", 2_900_000)], [population("2024", 9_500)]);
    expect(pairs).toEqual([]);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.books.period).toBe("2025-09");
    expect(refused[0]!.reason.en).toContain("merged with Bình Dương");
    expect(refused[0]!.reason.en).toContain("before the merger");
    expect(refused[0]!.reason.vi).toContain("sau sáp nhập");
    expect(refused[0]!.reason.vi).toContain("trước sáp nhập");
  });

  it("reads territories off the periods when the rows predate the territory column", () => {
    const { refused } = healthBookPairing([books("2025-09", 1)], [population("2024", 9_500)]);
    expect(refused).toHaveLength(1);
  });

  it("pairs a count with a population of its own territory", () => {
    // GSO publishes a year; for 2025 the source must say which city it counted.
    const merged = population("2025", 14_000, "vn-sg-from-2025-07");
    const { pairs, refused } = healthBookPairing([books("2025-09", 2_800_000)], [population("2024", 9_500), merged]);
    expect(refused).toEqual([]);
    expect(pairs[0]!.population).toEqual(merged);
    expect(perHundred(2_800_000, 14_000)).toBeCloseTo(20);
  });

  it("keeps pairing the old city's counts with the old city's population", () => {
    const { pairs, refused } = healthBookPairing([books("2024-09", 1_000_000)], [population("2023", 9_400), population("2024", 9_500)]);
    expect(refused).toEqual([]);
    expect(pairs[0]!.population.period).toBe("2024");
  });

  it("refuses a count whose territory is not stated", () => {
    const { pairs, refused } = healthBookPairing([books("2025", 1)], [population("2024", 9_500)]);
    expect(pairs).toEqual([]);
    expect(refused[0]!.reason.en).toContain("territory not stated");
  });
});
