import { EVERY_WARD, EVERY_WARD_LABEL, wardOf } from "./geography/wards.ts";
import type { Comparator } from "./target.ts";
import { NOT_STATED, NOT_STATED_LABEL, TERRITORIES as TERRITORY_LIST } from "./territory.ts";

/**
 * The vocabulary a reader meets in the data: units, statuses, flags and comparators, each with its
 * Vietnamese and English label. The zod enums, the data dictionaries, the CLI, the changelog and the
 * site's pages (rendered at publish by pipelines/publish/site/) all read these objects, so a
 * new unit or flag is added here once. Key order is the order of every enum in the published schemas.
 */

export interface Label {
  vi: string;
  en: string;
}

/** `vi`/`en` are what the site writes after a figure ("" for a plain count); `meaning` is the dictionary entry. */
export const UNITS = {
  percent: { vi: "%", en: "%", meaning: "percentage points out of 100" },
  count: { vi: "", en: "", meaning: "a plain count" },
  "per-100-people": { vi: "trên 100 dân", en: "per 100 people", meaning: "per 100 inhabitants" },
  "thousand-persons": { vi: "nghìn người", en: "thousand people", meaning: "thousands of people" },
  "vnd-billion": { vi: "tỷ đồng", en: "VND billion", meaning: "billions of Vietnamese dong" },
  rank: { vi: "hạng", en: "rank", meaning: "a rank (1 is first)" },
  index: { vi: "điểm", en: "index points", meaning: "index points" },
} as const satisfies Record<string, Label & { meaning: string }>;

/** How the publisher labels a figure. */
export const OBSERVATION_STATUSES = {
  final: { vi: "chính thức", en: "final" },
  provisional: { vi: "sơ bộ", en: "provisional" },
  estimate: { vi: "ước tính", en: "estimate" },
} as const satisfies Record<string, Label>;

/** Where a target stands, as pipelines/judge/progress.ts judges it; also the order the site tallies them in. */
export const PROGRESS_STATUSES = {
  achieved: { vi: "Đã đạt", en: "Achieved" },
  // After the deadline: the figure for the deadline period falls short.
  "not-achieved": { vi: "Không đạt đúng hạn", en: "Not reached by the deadline" },
  "on-track": { vi: "Đúng hướng", en: "On track" },
  "off-track": { vi: "Chậm so với mục tiêu", en: "Off track" },
  // After the deadline: no figure yet for the deadline period; the latest one is shown beside.
  "no-deadline-figure": { vi: "Chưa có số liệu năm đến hạn", en: "No figure for the deadline year" },
  "insufficient-data": { vi: "Chưa đủ số liệu", en: "Too few figures" },
  "no-data": { vi: "Chưa có số liệu", en: "No data yet" },
} as const satisfies Record<string, Label>;

/**
 * How a bound or an estimate reads in front of a figure: `sign` where space is short (the site's
 * cards, the terminal), the words in running text ("over 70", as the documents say "trên 70%").
 */
export interface Qualifier extends Label {
  sign: string;
}

/**
 * Flags qualify a figure. `gloss` is the dictionary's explanation where the name alone does not
 * say enough; `qualifier` is set on the flags that change how the figure itself reads. When a
 * figure carries several, the first one here with a qualifier is the one shown.
 */
export const FLAGS = {
  // "trên 70%": the true value is above.
  "lower-bound": {
    vi: "trên (cận dưới)",
    en: "over (lower bound)",
    gloss: "the true value is above: 'over 70%'",
    qualifier: { sign: ">", vi: "trên", en: "over" },
  },
  // "dưới", "không quá".
  "upper-bound": { vi: "dưới (cận trên)", en: "under (upper bound)", qualifier: { sign: "<", vi: "dưới", en: "under" } },
  // "gần", "khoảng".
  approximate: { vi: "xấp xỉ", en: "approximate", qualifier: { sign: "≈", vi: "khoảng", en: "about" } },
  derived: { vi: "tính toán", en: "derived", gloss: "computed by chiso" },
  proxy: { vi: "số liệu cả nước thay cho TP.HCM", en: "national figure standing in for the city", gloss: "a national figure standing in for the city" },
  "break-in-series": { vi: "đứt gãy chuỗi", en: "break in series" },
} as const satisfies Record<string, Label & { gloss?: string; qualifier?: Qualifier }>;

/** How a target's comparator is written in front of its level, and how it reads in a sentence. */
export const COMPARATORS = {
  ">=": { sign: "≥", vi: "tối thiểu", en: "at least" },
  ">": { sign: ">", vi: "trên", en: "over" },
  "=": { sign: "=", vi: "bằng", en: "equal to" },
  "<=": { sign: "≤", vi: "tối đa", en: "at most" },
  "<": { sign: "<", vi: "dưới", en: "under" },
} as const satisfies Record<Comparator, Qualifier>;

export const DOMAINS = {
  "digital-economy": { vi: "Kinh tế số", en: "Digital economy" },
  "digital-society": { vi: "Xã hội số", en: "Digital society" },
  "digital-government": { vi: "Chính quyền số", en: "Digital government" },
  context: { vi: "Số liệu nền", en: "Context" },
} as const satisfies Record<string, Label>;

/** The areas chiso publishes figures for, by ISO 3166 code. */
export const GEOS = {
  "VN-SG": { vi: "TP. Hồ Chí Minh", en: "Ho Chi Minh City" },
  VN: { vi: "Cả nước", en: "Viet Nam" },
} as const satisfies Record<string, Label>;

/**
 * A geography's name: one of the areas above, a listed ward by its official name (the list gives
 * no English one, so the Vietnamese name stands in both languages), or the catalog's "every ward".
 */
export function geoLabel(geo: string): Label | undefined {
  const area = (GEOS as Record<string, Label>)[geo];
  if (area) return area;
  if (geo === EVERY_WARD) return EVERY_WARD_LABEL;
  const ward = wardOf(geo);
  return ward && { vi: ward.name, en: ward.name };
}

/** The territories a figure can describe (schemas/territory.ts), with "territory not stated". */
export const TERRITORIES: Record<string, Label> = {
  ...Object.fromEntries(TERRITORY_LIST.map((t) => [t.id, t.name])),
  [NOT_STATED]: NOT_STATED_LABEL,
};

/** An object's keys as a non-empty tuple, the form z.enum takes. */
export const codesOf = <T extends Record<string, unknown>>(labels: T) => Object.keys(labels) as [keyof T & string, ...(keyof T & string)[]];

/** The qualifier a set of flags puts in front of a figure, if any. */
export function qualifierOf(flags: readonly string[]): Qualifier | undefined {
  for (const [flag, label] of Object.entries(FLAGS) as [string, { qualifier?: Qualifier }][])
    if (label.qualifier && flags.includes(flag)) return label.qualifier;
  return undefined;
}

/** "a, b or c": how the dictionaries list a vocabulary. */
export const listed = (codes: readonly string[]) => (codes.length < 2 ? codes.join("") : `${codes.slice(0, -1).join(", ")} or ${codes.at(-1)}`);
