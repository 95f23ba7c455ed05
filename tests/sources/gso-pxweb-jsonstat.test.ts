import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseJsonStat, rowsFor, gsoPxweb } from "../../sources/gso-pxweb.ts";

const body = new Uint8Array(readFileSync(new URL("../../sources/snapshots/gso-pxweb/E02.01.json", import.meta.url)));

describe("parseJsonStat on the real GSO E02.01 body", () => {
  it("keeps the trailing NUL byte GSO sends and still parses", () => {
    expect(body.at(-1)).toBe(0);
    const cells = parseJsonStat(body);
    expect(cells).toHaveLength(70 * 14 * 3);
    expect(cells[0]!.table).toMatch(/^Area, population and population density/);
  });

  it("gives every dimension's code and label, row-major", () => {
    const cells = parseJsonStat(body);
    const hcmc = cells.find(
      (c) => c.dimensions["Cities, provincies"]!.label === "Ho Chi Minh city" && c.dimensions.Year!.label === "2024" && c.dimensions.Items!.code === "1",
    );
    expect(hcmc).toBeDefined();
    expect(hcmc!.dimensions.Items!.label).toBe("Average population (Thous. pers.)");
    // The first cell is the whole country's area in 2011.
    expect(cells[0]!.dimensions["Cities, provincies"]!.label.trim()).toBe("WHOLE COUNTRY");
    expect(cells[0]!.value).toBe(330957.6);
  });

  it("reads JSON-stat 2.0 as well", () => {
    const v2 = JSON.stringify({
      class: "dataset",
      label: "t",
      id: ["area", "year"],
      size: [1, 2],
      dimension: { area: { category: { index: ["A"], label: { A: "Ho Chi Minh city" } } }, year: { category: { index: { "2023": 0, "2024": 1 } } } },
      value: [1, 2],
    });
    expect(parseJsonStat(v2).map((c) => [c.dimensions.year!.code, c.value])).toEqual([
      ["2023", 1],
      ["2024", 2],
    ]);
  });

  it("selects Ho Chi Minh City and the country by label", () => {
    const cells = parseJsonStat(body);
    const [vn, hcmc] = gsoPxweb.series;
    const city = rowsFor(cells, hcmc!);
    expect(city).toHaveLength(14);
    expect(city.every((r) => r.geo === "VN-SG" && r.unit === "thousand-persons")).toBe(true);
    expect(city.find((r) => r.period === "2024")!.value).toBeGreaterThan(9000);
    expect(rowsFor(cells, vn!).find((r) => r.period === "2024")!.value).toBeGreaterThan(100000);
  });

  it("names the field when the shape drifted", () => {
    expect(() => parseJsonStat(JSON.stringify({ dataset: { dimension: { id: ["a"], size: [1], a: { category: {} } }, value: "x" } }))).toThrow(
      /\[gso-pxweb\] JSON-stat field dataset\.value/,
    );
    expect(() => parseJsonStat("not json")).toThrow(/body is not JSON/);
  });
});

describe("parseJsonStat: a table's declared size is checked before anything is made for it", () => {
  const table = (size: number[], value: unknown, index: Record<string, unknown> = {}) =>
    JSON.stringify({
      class: "dataset",
      label: "t",
      id: ["area", "year", "item"],
      size,
      dimension: {
        area: { category: { index: index.area ?? ["A", "B"] } },
        year: { category: { index: index.year ?? { "2023": 0, "2024": 1 } } },
        item: { category: { index: index.item ?? ["1"] } },
      },
      value,
    });

  it("refuses 10^10 declared cells at once, naming the sizes", () => {
    const t0 = performance.now();
    expect(() => parseJsonStat(table([100_000, 100_000, 1], [1, 2]))).toThrow(
      /\[gso-pxweb\] JSON-stat field size: dimension sizes 100000 × 100000 × 1 declare 10000000000 cells, more than the 1000000 read from one table/,
    );
    // Reading it would take minutes and more memory than the process has.
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it("refuses the 3000 × 3000 × 3 table of a 160 KB body", () => {
    expect(() => parseJsonStat(table([3000, 3000, 3], new Array(20_000).fill(1)))).toThrow(/3000 × 3000 × 3 declare 27000000 cells/);
  });

  it("refuses a dense value with fewer cells than declared, in JSON-stat 1.x too", () => {
    expect(() => parseJsonStat(table([2, 2, 1], [1, 2, 3]))).toThrow(/JSON-stat field value: value has 3 cells, dimensions give 4/);
    const v1 = JSON.stringify({ dataset: { dimension: { id: ["a"], size: [2_000_000], a: { category: { index: ["x"] } } }, value: [1] } });
    expect(() => parseJsonStat(v1)).toThrow(/JSON-stat field dataset\.dimension\.size: dimension sizes 2000000 declare/);
  });

  it("reads a sparse value, missing cells as null", () => {
    const cells = parseJsonStat(table([2, 2, 1], { "0": 5, "3": 7 }));
    expect(cells.map((c) => c.value)).toEqual([5, null, null, 7]);
  });

  it("names the field of a sparse value keyed by anything but a cell position", () => {
    expect(() => parseJsonStat(table([2, 2, 1], { "0": 5, "4": 7 }))).toThrow(/\[gso-pxweb\] JSON-stat field value\.4: not a cell position \(0 to 3/);
    expect(() => parseJsonStat(table([2, 2, 1], { x: 5 }))).toThrow(/JSON-stat field value\.x: not a cell position/);
  });

  it("names the field of a category index with a gap, a clash or a position out of range", () => {
    const withYears = (year: Record<string, number>) => () => parseJsonStat(table([2, 2, 1], [1, 2, 3, 4], { year }));
    expect(withYears({ "2023": 0, "2024": 2 })).toThrow(/\[gso-pxweb\] JSON-stat field dimension\.year\.category\.index\.2024: position 2 is outside 0 to 1/);
    expect(withYears({ "2023": 1, "2024": 1 })).toThrow(/JSON-stat field dimension\.year\.category\.index\.2024: position 1 is also given to "2023"/);
    expect(withYears({ "2023": -1, "2024": 0 })).toThrow(/index\.2023: position -1 is outside/);
    expect(withYears({ "2023": 0 })).toThrow(/dimension "year": category index has 1 codes, size says 2/);
  });

  it("refuses a dimension far larger than its codes without making room for it", () => {
    // No cells at all (one size is 0), so only the codes can tell the year's size is absurd.
    expect(() => parseJsonStat(table([0, 10_000_000_000, 1], [], { area: [] }))).toThrow(
      /\[gso-pxweb\] dimension "year": category index has 2 codes, size says 10000000000/,
    );
  });
});
