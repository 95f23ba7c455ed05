import type { Bilingual, Lang } from "./html.ts";

/**
 * Numbers, periods and dates as each language writes them: Vietnamese groups thousands with a
 * dot and uses a decimal comma (257.000; 14,65%), English the other way round (257,000; 14.65%).
 */
export const LOCALES: Record<Lang, string> = { vi: "vi-VN", en: "en-GB" };

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: Lang, digits: number): Intl.NumberFormat {
  const key = `${lang}:${digits}`;
  let f = numberFormats.get(key);
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: digits })));
  return f;
}

/** A number with as many decimals as its size deserves: 257.000, 85,5, 14,65. */
export function formatNumber(value: number, lang: Lang): string {
  const size = Math.abs(value);
  return numberFormat(lang, size >= 1000 ? 0 : size >= 100 ? 1 : 2).format(value);
}

/** A figure in its unit's short form: "14,65%" for percent, the bare number otherwise. */
export function formatValue(value: number | null | undefined, unit: string, lang: Lang): string {
  if (value === null || value === undefined) return "—";
  const n = formatNumber(value, lang);
  return unit === "percent" ? `${n}%` : n;
}

const MONTHS: Record<Lang, string[]> = {
  vi: Array.from({ length: 12 }, (_, i) => `tháng ${i + 1}`),
  en: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
};

/** An ISO period as a reader writes it: 2024; quý 3/2024 or Q3 2024; tháng 9/2024 or Sep 2024. */
export function formatPeriod(period: string, lang: Lang): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return lang === "vi" ? `quý ${q[2]}/${q[1]}` : `Q${q[2]} ${q[1]}`;
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) {
    const month = Number(m[2]);
    return lang === "vi" ? `tháng ${month}/${m[1]}` : `${MONTHS.en[month - 1]} ${m[1]}`;
  }
  return period;
}

/** A day (an ISO date or timestamp, read in UTC): 2/12/2026 or 2 Dec 2026. */
export function formatDate(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return "—";
  const day = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(day.getTime())) return iso;
  if (lang === "vi") return `${day.getUTCDate()}/${day.getUTCMonth() + 1}/${day.getUTCFullYear()}`;
  return `${day.getUTCDate()} ${MONTHS.en[day.getUTCMonth()]} ${day.getUTCFullYear()}`;
}

/** A count with its noun: Vietnamese nouns do not change ("1 chỉ tiêu", "3 chỉ tiêu"); English ones do. */
export function counted(n: number, noun: { vi: string; en: [string, string] }, lang: Lang): string {
  const count = formatNumber(n, lang);
  if (lang === "vi") return `${count} ${noun.vi}`;
  return `${count} ${n === 1 ? noun.en[0] : noun.en[1]}`;
}

/**
 * Where a period sits on a chart's time axis, in years: at its end, as the methodology places it
 * for trends (the year 2024 ends where 2025 starts; 2024-Q3 at three quarters of 2024). The axis
 * labels each year at its end, so an annual figure sits on its own year's tick.
 */
export function periodEnd(period: string): number {
  const year = Number(period.slice(0, 4));
  const q = /-Q([1-4])$/.exec(period);
  if (q) return year - 1 + Number(q[1]) / 4;
  const m = /-(\d{2})$/.exec(period);
  if (m) return year - 1 + Number(m[1]) / 12;
  return year;
}

export type { Bilingual };
