import { z } from "zod";

/**
 * A plain decimal: optional sign, digits, optional fraction, optional exponent. `Number()` would
 * also read "0x1A" (26), "0b11", "0o17", "Infinity", "" and "  " (both 0): none of those is a
 * figure a statistics office publishes, and loading one would put a wrong number on a page.
 */
const DECIMAL = /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/** The number `text` writes as a plain decimal, or undefined when it is anything else (or overflows). */
export function parseDecimal(text: string): number | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const value = Number(text);
  // "1e999" is well formed but no finite number.
  return Number.isFinite(value) ? value : undefined;
}

/** A count sent either as a JSON number or as decimal text ("50"): what paging envelopes carry. */
export const CountField = z.union([z.number(), z.string()]).transform((sent, ctx) => {
  const value = typeof sent === "number" ? sent : parseDecimal(sent.trim());
  if (value === undefined || !Number.isInteger(value) || value < 0) {
    ctx.addIssue({ code: "custom", message: `${JSON.stringify(sent)} is not a count (a whole decimal number)` });
    return z.NEVER;
  }
  return value;
});
