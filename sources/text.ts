/**
 * A lone surrogate (half of a UTF-16 pair, which JSON can send as "\ud800") is no character:
 * DuckDB refuses such a string with a conversion error, and the whole load fails. Upstream text
 * is repaired at the boundary: each lone half becomes U+FFFD, the replacement character, as a
 * UTF-8 decoder does with a broken byte sequence.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export const wellFormed = (text: string): string => text.replace(LONE_SURROGATE, "\uFFFD");

/** A JSON text that could hold a lone surrogate: escaped ("\\ud800", all a UTF-8 body can carry) or, in a string, as is. */
const MAY_HOLD_SURROGATE = /\\u[dD][89a-fA-F]|[\uD800-\uDFFF]/;

/** Every string (and object key) of a parsed JSON value, well formed; the value as it was when none needed it. */
export function repairParsed(value: unknown, source: string): unknown {
  if (!MAY_HOLD_SURROGATE.test(source)) return value;
  const repair = (v: unknown): unknown => {
    if (typeof v === "string") return wellFormed(v);
    if (Array.isArray(v)) return v.map(repair);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [wellFormed(k), repair(x)]));
    return v;
  };
  return repair(value);
}
