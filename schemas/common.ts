import { z } from "zod";
import { EVERY_WARD, isUnlistedWard } from "./geography/wards.ts";
import { DOMAINS, UNITS, codesOf } from "./labels.ts";

/** Text in both working languages; Vietnamese is the official wording. */
export const Bilingual = z.object({
  vi: z.string().trim().min(1, "Vietnamese text is required"),
  en: z.string().trim().min(1, "English text is required"),
});
export type Bilingual = z.infer<typeof Bilingual>;

/**
 * ISO 3166-1 alpha-2 or ISO 3166-2 code: `VN` is Viet Nam, `VN-SG` is Ho Chi Minh City; or a ward
 * of the city, `VN-SG-26740` (the GSO code after the city's, schemas/geography/wards.ts). The
 * pattern gives the form; a ward code must also be on the bundled list (`isGeoCode`).
 */
export const GEO_PATTERN = /^[A-Z]{2}(-[A-Z0-9]{1,3}(-\d{5})?)?$/;
export const GEO_MESSAGE = "geography must be an ISO 3166 code such as VN or VN-SG, or a ward code such as VN-SG-26740";
export const UNLISTED_WARD_MESSAGE = "ward code is not on the GSO list of Ho Chi Minh City's wards and communes (schemas/geography/vn-sg-wards.csv)";

/** Whether a text is a geography chiso knows: the pattern, and for a ward code, the list. */
export const isGeoCode = (text: string): boolean => GEO_PATTERN.test(text) && !isUnlistedWard(text);

export const GeoCode = z
  .string()
  .regex(GEO_PATTERN, GEO_MESSAGE)
  .refine((g) => !isUnlistedWard(g), UNLISTED_WARD_MESSAGE);
export type GeoCode = z.infer<typeof GeoCode>;

/**
 * What the catalog may say an indicator or a series link covers: a geography, or every ward of the
 * city at once (`VN-SG/wards`), so that an indicator reported by ward needs one link, not 168.
 */
export const GEO_COVER_MESSAGE = `geography must be an ISO 3166 code such as VN or VN-SG, a ward code such as VN-SG-26740, or ${EVERY_WARD} for every ward`;
export const GeoCover = z
  .string()
  .refine((g) => g === EVERY_WARD || GEO_PATTERN.test(g), GEO_COVER_MESSAGE)
  .refine((g) => !isUnlistedWard(g), UNLISTED_WARD_MESSAGE);
export type GeoCover = z.infer<typeof GeoCover>;

/** ISO 8601 period: a year, a quarter or a month. */
export const PERIOD_PATTERN = /^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/;
export const Period = z.string().regex(PERIOD_PATTERN, "period must be ISO 8601: 2024, 2024-Q3 or 2024-09");
export type Period = z.infer<typeof Period>;

/** kebab-case identifier, stable across releases: it appears in URLs and citations. */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const Slug = z.string().regex(SLUG_PATTERN, "id must be kebab-case");

/** The codes of the `unit` column; their labels and meanings are in labels.ts. */
export const Unit = z.enum(codesOf(UNITS));
export type Unit = z.infer<typeof Unit>;

/** `context` holds denominators and background series (population) that no target answers to. */
export const Domain = z.enum(codesOf(DOMAINS));
export type Domain = z.infer<typeof Domain>;

/**
 * A link that came from data (a citation, a source's page, a submission): only http: and https:.
 * `z.string().url()` alone accepts javascript:, data: and file:, which would run or read on a
 * reader's machine when clicked.
 */
export const isWebUrl = (text: string): boolean => {
  try {
    const { protocol } = new URL(text);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
};
export const WebUrl = z.string().refine(isWebUrl, "must be an http:// or https:// link");

/** The same check where a link is written out (HTML, JSON API, DCAT, README): anything else becomes no link. */
export const webUrlOrNull = (text: string | null | undefined): string | null => (text && isWebUrl(text) ? text : null);
