import { describe, expect, it } from "vitest";
import { parseDecimal } from "../../sources/numbers.ts";

describe("parseDecimal: only a plain decimal is a figure", () => {
  it("reads sign, digits, fraction and exponent", () => {
    expect(parseDecimal("26")).toBe(26);
    expect(parseDecimal("-3.25")).toBe(-3.25);
    expect(parseDecimal("+0.5")).toBe(0.5);
    expect(parseDecimal("007")).toBe(7);
    expect(parseDecimal("43.0791626375201")).toBe(43.0791626375201);
    expect(parseDecimal("1.5e3")).toBe(1500);
    expect(parseDecimal("2E-2")).toBe(0.02);
  });

  it.each([
    ["hex", "0x1A"],
    ["octal", "0o17"],
    ["binary", "0b11"],
    ["Infinity", "Infinity"],
    ["signed Infinity", "-Infinity"],
    ["NaN", "NaN"],
    ["empty", ""],
    ["whitespace only", "   "],
    ["padding", " 70.3"],
    ["a decimal comma", "70,1"],
    ["a thousands separator", "1,234"],
    ["a digit separator", "1_000"],
    ["a bare point", "5."],
    ["no integer part", ".5"],
    ["an exponent alone", "e5"],
    ["a unit", "70%"],
    ["a flag", ">70"],
    ["an overflow", "1e999"],
  ])("refuses %s (%j)", (_what, text) => {
    expect(parseDecimal(text)).toBeUndefined();
  });
});
