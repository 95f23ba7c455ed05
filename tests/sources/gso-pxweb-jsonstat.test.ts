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
    const hcmc = cells.find((c) => c.dimensions["Cities, provincies"]!.label === "Ho Chi Minh city" && c.dimensions.Year!.label === "2024" && c.dimensions.Items!.code === "1");
    expect(hcmc).toBeDefined();
    expect(hcmc!.dimensions.Items!.label).toBe("Average population (Thous. pers.)");
    // The first cell is the whole country's area in 2011.
    expect(cells[0]!.dimensions["Cities, provincies"]!.label.trim()).toBe("WHOLE COUNTRY");
    expect(cells[0]!.value).toBe(330957.6);
  });

  it("reads JSON-stat 2.0 as well", () => {
    const v2 = JSON.stringify({
      class: "dataset", label: "t", id: ["area", "year"], size: [1, 2],
      dimension: { area: { category: { index: ["A"], label: { A: "Ho Chi Minh city" } } }, year: { category: { index: { "2023": 0, "2024": 1 } } } },
      value: [1, 2],
    });
    expect(parseJsonStat(v2).map((c) => [c.dimensions.year!.code, c.value])).toEqual([["2023", 1], ["2024", 2]]);
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
    expect(() => parseJsonStat(JSON.stringify({ dataset: { dimension: { id: ["a"], size: [1], a: { category: {} } }, value: "x" } }))).toThrow(/\[gso-pxweb\] JSON-stat field dataset\.value/);
    expect(() => parseJsonStat("not json")).toThrow(/body is not JSON/);
  });
});
