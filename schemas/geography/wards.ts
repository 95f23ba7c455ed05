import { readFileSync } from "node:fs";
import { parse as parseCsv } from "csv-parse/sync";

/**
 * Ho Chi Minh City's wards and communes, from the national list of administrative units
 * (vn-sg-wards.csv; its README says where the list comes from). A ward is published under the
 * city's ISO 3166-2 code followed by its 5-digit GSO code, `VN-SG-26740`, so a ward code sorts and
 * reads beside the city's and nothing that splits codes on "-" mistakes it for another country.
 */

/** The kinds of commune-level unit, as the list names them. */
export const WARD_LEVELS = {
  phuong: { vi: "phường", en: "ward" },
  xa: { vi: "xã", en: "commune" },
  "dac-khu": { vi: "đặc khu", en: "special zone" },
} as const satisfies Record<string, { vi: string; en: string }>;
export type WardLevel = keyof typeof WARD_LEVELS;

export interface Ward {
  /** `VN-SG-26740`: how figures, links and downloads name it. */
  geo: string;
  /** The GSO code alone, `26740`. */
  code: string;
  /** Its official name with its kind ("Phường Sài Gòn"); the list gives no English name. */
  name: string;
  level: WardLevel;
  /** The first day the unit exists (YYYY-MM-DD). */
  validFrom: string;
}

/** The city whose wards are listed. */
export const WARD_PARENT = "VN-SG";

/**
 * How the catalog says "every ward of VN-SG" in an indicator's `geographies` and in a series link's
 * `geo`, instead of one entry per ward. The slash keeps it from ever being read as a code.
 */
export const EVERY_WARD = `${WARD_PARENT}/wards`;
export const EVERY_WARD_LABEL = {
  vi: "mọi phường, xã, đặc khu của TP. Hồ Chí Minh",
  en: "every ward and commune of Ho Chi Minh City",
} as const;

/** A code in the ward form: an ISO 3166-2 code, then five digits. Only the listed ones exist. */
export const WARD_CODE_SHAPE = /^[A-Z]{2}-[A-Z0-9]{1,3}-\d{5}$/;

export const WARDS_FILE = new URL("./vn-sg-wards.csv", import.meta.url);

/**
 * The list, checked as it is read: a typo in the bundled file would otherwise make a real ward
 * "unknown" to every check that uses it, far from the cause.
 */
export function readWards(text: string, file = "vn-sg-wards.csv"): Ward[] {
  const rows = parseCsv(text, { columns: true, bom: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  const seen = new Set<string>();
  return rows.map((r, i) => {
    const at = `${file}: row ${i + 2}`;
    const code = r.code ?? "";
    if (!/^\d{5}$/.test(code)) throw new Error(`${at}: code "${code}" is not a 5-digit GSO code`);
    if (seen.has(code)) throw new Error(`${at}: code ${code} is listed twice`);
    seen.add(code);
    const level = r.level ?? "";
    if (!Object.hasOwn(WARD_LEVELS, level)) throw new Error(`${at}: level "${level}" is not one of ${Object.keys(WARD_LEVELS).join(", ")}`);
    const validFrom = r.valid_from ?? "";
    if (!/^\d{4}-\d{2}-\d{2}$/.test(validFrom)) throw new Error(`${at}: valid_from "${validFrom}" is not YYYY-MM-DD`);
    if (!r.name_vi) throw new Error(`${at}: name_vi is empty`);
    return { geo: `${WARD_PARENT}-${code}`, code, name: r.name_vi.normalize("NFC"), level: level as WardLevel, validFrom };
  });
}

export const WARDS: readonly Ward[] = readWards(readFileSync(WARDS_FILE, "utf8"));
const byGeo = new Map(WARDS.map((w) => [w.geo, w]));

/** The listed ward a code names, if any. */
export const wardOf = (geo: string): Ward | undefined => byGeo.get(geo);

/** A code in the ward form that is not on the list: refused wherever a geography is read. */
export const isUnlistedWard = (geo: string): boolean => WARD_CODE_SHAPE.test(geo) && !byGeo.has(geo);

/** The catalog level a geography belongs to: `VN-SG/wards` for a listed ward, else the code itself. */
export const levelOf = (geo: string): string => (byGeo.has(geo) ? EVERY_WARD : geo);

/** Whether a catalog geography (a code, or a level) covers a figure's geography. */
export const covers = (cover: string, geo: string): boolean => cover === geo || (cover === EVERY_WARD && byGeo.has(geo));

/** Whether any of an indicator's geographies covers `geo`. */
export const coveredBy = (geographies: readonly string[], geo: string): boolean => geographies.some((g) => covers(g, geo));

/** The codes a list of catalog geographies stands for, a level spelt out as its wards in list order. */
export const spelledOut = (geographies: readonly string[]): string[] => geographies.flatMap((g) => (g === EVERY_WARD ? WARDS.map((w) => w.geo) : [g]));
