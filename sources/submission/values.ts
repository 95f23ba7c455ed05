import { OBSERVATION_STATUSES, codesOf } from "../../schemas/labels.ts";
import { fold } from "./header.ts";

/** A cell as the reader hands it over: what kind it was in the file, and its text as shown. */
export type CellKind = "empty" | "text" | "number" | "date" | "formula" | "boolean" | "error";

export interface Cell {
  /** 1-based column number. */
  col: number;
  kind: CellKind;
  /** The text a person sees; for a formula, the formula itself ("=B2*100"). */
  text: string;
  number?: number;
  date?: Date;
  /** An XLSX number shown with a percent format: 0.855 stored, 85.5% shown. */
  percentFormat?: boolean;
}

export const EMPTY_CELL = (col: number): Cell => ({ col, kind: "empty", text: "" });

export type NumberReading =
  | { ok: true; value: number; decimals: number; percentSign: boolean }
  | { ok: false; rule: "formula" | "formula-like-text" | "not-a-number" };

/**
 * Text a spreadsheet would run as a formula when the file is opened again ("=HYPERLINK(…)",
 * "+cmd|…", "@SUM(…)", "-2+3"). Such text is refused, never evaluated; a plain signed number
 * ("-5", "+84") is not formula-like.
 */
export function isFormulaLike(text: string): boolean {
  const t = text.trim();
  return /^[=+\-@]/.test(t) && readNumberText(t) === null;
}

const SPACES = /[\s\u00a0\u202f]/g;

/**
 * Numbers as Vietnamese offices write them: "85,5" (decimal comma), "12.500.000" (thousands
 * dots), "85%", "1 234,5"; and as English software writes them: "85.5", "12,500,000.5".
 * Where a single separator is ambiguous the Vietnamese reading wins: "12.500" is twelve thousand
 * five hundred and "1,234" is 1.234, because these files come from Vietnamese offices; the range
 * rules then catch a misreading of a percentage.
 */
function readNumberText(raw: string): { value: number; decimals: number; percentSign: boolean } | null {
  let t = raw.replace(SPACES, "").replace(/\u2212/g, "-");
  const percentSign = t.endsWith("%");
  if (percentSign) t = t.slice(0, -1);
  const m = /^([+-]?)(.*)$/.exec(t)!;
  const sign = m[1] === "-" ? -1 : 1;
  const body = m[2]!;
  let intPart: string;
  let frac = "";
  let g: RegExpExecArray | null;
  if (/^\d+$/.test(body)) intPart = body;
  else if ((g = /^([1-9]\d{0,2}(?:\.\d{3})+)(?:,(\d+))?$/.exec(body))) [intPart, frac] = [g[1]!.replace(/\./g, ""), g[2] ?? ""];
  else if ((g = /^(\d{1,3}(?:,\d{3}){2,})(?:\.(\d+))?$/.exec(body)) || (g = /^(\d{1,3}(?:,\d{3})+)\.(\d+)$/.exec(body)))
    [intPart, frac] = [g[1]!.replace(/,/g, ""), g[2] ?? ""];
  else if ((g = /^(\d*)[.,](\d+)$/.exec(body))) [intPart, frac] = [g[1] || "0", g[2]!];
  else return null;
  const value = sign * Number(`${intPart}.${frac || "0"}`);
  return Number.isFinite(value) ? { value, decimals: frac.length, percentSign } : null;
}

/** Digits after the decimal point in a number's shortest form: what a person was shown. */
export function decimalsOf(n: number): number {
  const s = String(n);
  if (s.includes("e-")) return Number(s.split("e-")[1]);
  const dot = s.indexOf(".");
  return dot < 0 ? 0 : s.length - dot - 1;
}

export function readNumber(cell: Cell): NumberReading {
  switch (cell.kind) {
    case "number": {
      // Twelve significant digits drop the binary noise of 0.855 * 100.
      const value = cell.percentFormat ? Number((cell.number! * 100).toPrecision(12)) : cell.number!;
      return { ok: true, value, decimals: decimalsOf(value), percentSign: false };
    }
    case "formula":
      return { ok: false, rule: "formula" };
    case "text": {
      const read = readNumberText(cell.text.trim());
      if (read) return { ok: true, ...read };
      return { ok: false, rule: isFormulaLike(cell.text) ? "formula-like-text" : "not-a-number" };
    }
    default:
      return { ok: false, rule: "not-a-number" };
  }
}

export type Granularity = "year" | "quarter" | "month";

export type PeriodReading = { ok: true; period: string; granularity: Granularity } | { ok: false };

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };
const pad = (n: number) => String(n).padStart(2, "0");

function quarter(year: string, q: string): PeriodReading {
  const n = ROMAN[q] ?? Number(q);
  return n >= 1 && n <= 4 ? { ok: true, period: `${year}-Q${n}`, granularity: "quarter" } : { ok: false };
}

function month(year: string, m: string): PeriodReading {
  const n = Number(m);
  return n >= 1 && n <= 12 ? { ok: true, period: `${year}-${pad(n)}`, granularity: "month" } : { ok: false };
}

/**
 * Periods as clerks write them, to ISO 8601: "2024", "năm 2024"; "2024-Q3", "Q3/2024",
 * "Quý 3/2024", "quý III năm 2024"; "2024-09", "09/2024", "tháng 9/2024", "T9/2024".
 * Excel turns a typed "09/2024" into a date (the 1st of the month), so such a date is a month.
 */
export function readPeriod(cell: Cell): PeriodReading {
  if (cell.kind === "number") {
    const n = cell.number!;
    return Number.isInteger(n) && n >= 1000 && n <= 9999 ? { ok: true, period: String(n), granularity: "year" } : { ok: false };
  }
  if (cell.kind === "date") {
    const d = cell.date!;
    return d.getUTCDate() === 1 ? { ok: true, period: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`, granularity: "month" } : { ok: false };
  }
  if (cell.kind !== "text") return { ok: false };
  const f = fold(cell.text);
  let m: RegExpExecArray | null;
  if ((m = /^(?:nam )?(\d{4})$/.exec(f))) return { ok: true, period: m[1]!, granularity: "year" };
  if ((m = /^(\d{4}) ?[-/]? ?q ?([1-4])$/.exec(f))) return quarter(m[1]!, m[2]!);
  if ((m = /^(?:quy|q) ?(iv|i{1,3}|\d)(?: ?[-/] ?| nam | )(?:nam )?(\d{4})$/.exec(f))) return quarter(m[2]!, m[1]!);
  if ((m = /^(\d{4}) ?[-/] ?(\d{1,2})$/.exec(f))) return month(m[1]!, m[2]!);
  if ((m = /^(?:thang ?|t ?)?(\d{1,2})(?: ?[-/] ?| nam | )(?:nam )?(\d{4})$/.exec(f))) return month(m[2]!, m[1]!);
  return { ok: false };
}

/** Statuses a department may give: the observation statuses, in the words their reports use (schemas/labels.ts). */
export type SubmittedStatus = keyof typeof OBSERVATION_STATUSES;
export const STATUSES = codesOf(OBSERVATION_STATUSES).map((code) => ({ code, ...OBSERVATION_STATUSES[code] }));

const STATUS_NAMES = new Map<string, SubmittedStatus>();
for (const s of STATUSES) for (const name of [s.code, s.vi, s.en]) STATUS_NAMES.set(fold(name), s.code);
STATUS_NAMES.set(fold("ước"), "estimate");
STATUS_NAMES.set(fold("ước thực hiện"), "estimate");
STATUS_NAMES.set(fold("tạm tính"), "provisional");

/** A status code, or null for text that names none; an empty cell is a final figure. */
export function readStatus(text: string): SubmittedStatus | null {
  if (!text.trim()) return "final";
  const f = fold(text);
  return STATUS_NAMES.get(f) ?? STATUS_NAMES.get(fold(text.split("/")[0] ?? "")) ?? null;
}

/** Geographies a submission may name, with the names clerks write for them. */
export const GEOGRAPHIES = [
  { code: "VN-SG", vi: "Thành phố Hồ Chí Minh", en: "Ho Chi Minh City", names: ["TP.HCM", "TP HCM", "TPHCM", "TP. Hồ Chí Minh", "Hồ Chí Minh", "HCMC"] },
  { code: "VN", vi: "Việt Nam (cả nước)", en: "Viet Nam (whole country)", names: ["Việt Nam", "Cả nước", "Vietnam", "Viet Nam"] },
] as const;

const GEO_NAMES = new Map<string, string>();
for (const g of GEOGRAPHIES) for (const name of [g.code, g.vi, g.en, ...g.names]) GEO_NAMES.set(fold(name).replace(/ /g, ""), g.code);

/** An ISO 3166 code from a code or a common name; codes not listed are passed on upper-cased, for the rules to judge. */
export function readGeography(text: string): string {
  const known = GEO_NAMES.get(fold(text).replace(/ /g, ""));
  if (known) return known;
  return text.trim().toUpperCase();
}
