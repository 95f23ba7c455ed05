import { COMPARATORS, DOMAINS, FLAGS, OBSERVATION_STATUSES, PROGRESS_STATUSES, UNITS, geoLabel, qualifierOf } from "../../../schemas/labels.ts";
import { territoryName } from "../../../schemas/territory.ts";
import { type Bilingual, type Lang, type Raw, h } from "./html.ts";

/** The two words a page needs in its language. */
export const say = (lang: Lang) => (vi: string, en: string) => (lang === "vi" ? vi : en);

/** A page's path in a language: Vietnamese at the root, English under /en/. */
export const pagePath = (lang: Lang, path: string) => (lang === "vi" ? `/${path}` : `/en/${path}`);

/** The same page in the other language. */
export function otherLanguagePath(path: string): { lang: Lang; path: string } {
  const clean = path.replace(/^\/+/, "");
  return clean === "en" || clean.startsWith("en/") ? { lang: "vi", path: `/${clean.replace(/^en\/?/, "")}` } : { lang: "en", path: `/en/${clean}` };
}

export const langOfPath = (path: string): Lang => (/^\/?en(\/|$)/.test(path) ? "en" : "vi");

const label = <T extends Record<string, Bilingual>>(labels: T, key: string, lang: Lang) => (labels as Record<string, Bilingual>)[key]?.[lang] ?? key;

export const statusWords = (status: string, lang: Lang) => label(PROGRESS_STATUSES, status, lang);
export const statusBadge = (status: string, lang: Lang): Raw => h`<span class="status status-${status}">${statusWords(status, lang)}</span>`;
/** Late is about the pipe, not the target: it has its own look, never a target status colour. */
export const overdueBadge = (lang: Lang): Raw => h`<span class="overdue">${lang === "vi" ? "quá hạn cập nhật" : "update overdue"}</span>`;

/** An area's name; a ward's is its official name from the GSO list, never its bare code. */
export const geoName = (geo: string, lang: Lang) => geoLabel(geo)?.[lang] ?? geo;
export const domainName = (domain: string, lang: Lang) => label(DOMAINS, domain, lang);
export const flagName = (flag: string, lang: Lang) => label(FLAGS, flag, lang);
export const observationStatus = (status: string, lang: Lang) => label(OBSERVATION_STATUSES, status, lang);
export const territoryWords = (id: string | null | undefined, lang: Lang) => territoryName(id)[lang];
export const comparatorSign = (c: string) => (COMPARATORS as Record<string, { sign: string }>)[c]?.sign ?? c;
/** The unit after a figure; percent is already in the number ("14,65%"). */
export const unitAfter = (unit: string, lang: Lang) => (unit === "percent" ? "" : ((UNITS as Record<string, Bilingual>)[unit]?.[lang] ?? unit));

/** The sign before a bound or an estimate (">", "<", "≈"), with its space; "" for a plain figure. */
export function qualifierSign(flags: readonly string[]): string {
  const q = qualifierOf(flags);
  return q ? `${q.sign} ` : "";
}

/** Relative links from a page at `path` (e.g. "en/indicators/x") to the site's root. */
export const rootFrom = (path: string) => "../".repeat(path.split("/").length - 1) || "./";
