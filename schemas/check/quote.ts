import type { Unit } from "../common.ts";
import type { Comparator } from "../target.ts";

/** A number as a Vietnamese document writes it: 12.5 -> "12,5". */
export const vietnameseNumber = (n: number) => String(n).replace(".", ",");

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Whitespace collapsed and Unicode composed (NFC), so a quote can be matched literally. */
export const normaliseText = (s: string) => s.normalize("NFC").replace(/\s+/g, " ").trim();

/**
 * Words before a figure that set the comparator, as the city's plans use them. Anything else
 * ("đạt 80%", "tối thiểu 7%", "từ 50% trở lên", a bare "80%") is a floor the figure meets: `>=`.
 */
const BEFORE: { words: RegExp; comparator: Comparator; en: string }[] = [
  { words: /(?:trên|hơn|vượt)\s*$/u, comparator: ">", en: "over" },
  { words: /(?:dưới|chưa tới|chưa đến)\s*$/u, comparator: "<", en: "under" },
  { words: /(?:tối đa|không quá|không vượt quá)\s*$/u, comparator: "<=", en: "at most" },
];

export interface Reading {
  /** The words of the quote that state the value, e.g. "trên 80%" or "nhóm 3". */
  phrase: string;
  comparator: Comparator;
}

/**
 * How a quote states a target's value: "25%" (not the "25%" inside "125%"), and for ranks
 * "nhóm 3" (the top-3 group, so rank 3 or better: `<=`). Undefined when the value is not there.
 */
export function readQuote(quote: string, value: number, unit: Unit): Reading | undefined {
  const text = normaliseText(quote);
  const n = escapeRegExp(vietnameseNumber(value));
  if (unit === "rank") {
    const m = new RegExp(`nhóm ${n}(?![\\d,])`, "u").exec(text);
    return m ? { phrase: m[0], comparator: "<=" } : undefined;
  }
  const m = new RegExp(`(?<![\\d,.])${n} ?%`, "u").exec(text);
  if (!m) return undefined;
  const before = text.slice(Math.max(0, m.index - 20), m.index);
  const rule = BEFORE.find((r) => r.words.test(before));
  const lead = rule ? before.match(rule.words)![0] : "";
  return { phrase: `${lead}${m[0]}`.trim(), comparator: rule?.comparator ?? ">=" };
}

/** A quote's fragments: " … " marks words left out of the sentence, so each fragment is verbatim. */
export function quoteFragments(quote: string): string[] {
  return quote.split(" … ").map(normaliseText).filter(Boolean);
}
