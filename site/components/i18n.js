// @ts-check
import {html} from "htl";
import {COMPARATORS as COMPARATOR_LABELS, DOMAINS, FLAGS, GEOS, PROGRESS_STATUSES, TERRITORIES, UNITS} from "./labels.js";

/** @typedef {{vi: string, en: string}} Bilingual */

/**
 * Both languages in the page; CSS shows the one chosen (html[data-lang]).
 * @param {Bilingual | null | undefined} text
 */
export function bi(text) {
  if (!text) return html``;
  return html`<span lang="vi">${text.vi}</span><span lang="en">${text.en}</span>`;
}

// The vocabulary is declared once, in schemas/labels.ts; labels.js is generated from it.
export {DOMAINS, GEOS, UNITS, FLAGS, TERRITORIES};

/** Where a target's words were read: the legal text itself, or a press report of it. */
export const READ_FROM = {
  document: {vi: "đọc từ văn bản gốc", en: "read in the legal text"},
  "press-report": {vi: "đọc qua báo chí đưa tin, chưa đọc văn bản gốc", en: "read in a press report of it, not in the legal text"}
};

/** A goal the Government set for the whole country, shown as such beside a city figure. */
export const NATIONAL_GOAL = {vi: "mục tiêu chung cả nước", en: "national goal"};

/** @param {string | null | undefined} id */
export function territoryLabel(id) {
  /** @type {Record<string, Bilingual>} */
  const labels = TERRITORIES;
  return labels[id ?? "not-stated"] ?? labels["not-stated"];
}
export const STATUS = PROGRESS_STATUSES;

/** Target statuses in the order the pages tally them. */
export const STATUS_ORDER = Object.keys(PROGRESS_STATUSES);

export const COMPARATORS = Object.fromEntries(Object.entries(COMPARATOR_LABELS).map(([c, l]) => [c, l.sign]));

/**
 * A figure as a reader expects it: "over 70%", "≈ 2.9 million" is left to the flags column.
 * @param {number | null | undefined} value
 * @param {string} [unit]
 */
export function formatValue(value, unit) {
  if (value == null) return "—";
  const digits = Math.abs(value) >= 1000 ? 0 : Math.abs(value) >= 100 ? 1 : 2;
  const n = value.toLocaleString("en-US", {maximumFractionDigits: digits});
  return unit === "percent" ? `${n}%` : n;
}

/** @type {Record<string, Bilingual & {qualifier?: {sign: string}}>} */
const FLAG_LABELS = FLAGS;
/** @type {Record<string, Bilingual>} */
const STATUS_LABELS = STATUS;

/**
 * The sign in front of a bound or an estimate: the first flag, in declaration order, that has one.
 * @param {readonly string[]} [flags]
 */
export function qualifier(flags = []) {
  const sign = Object.keys(FLAG_LABELS)
    .map((f) => (flags.includes(f) ? FLAG_LABELS[f]?.qualifier?.sign : undefined))
    .find(Boolean);
  return sign ? `${sign} ` : "";
}

/** @param {string} status */
export function statusBadge(status) {
  return html`<span class="status status-${status}">${bi(STATUS_LABELS[status] ?? {vi: status, en: status})}</span>`;
}

/**
 * A link from data, as an href: only http: and https:. Publish checks links already; this holds
 * for any page data made before it did, since a javascript: href runs when clicked.
 * @param {string | null | undefined} url
 */
export function webLink(url) {
  if (!url) return null;
  try {
    const {protocol} = new URL(url);
    return protocol === "http:" || protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}
