import { z } from "zod";
import { EVERY_WARD, levelOf, wardOf } from "./geography/wards.ts";

/**
 * A geography has versions in time. On 1 July 2025 Viet Nam went from 63 provinces to 34 and
 * Ho Chi Minh City absorbed Bình Dương and Bà Rịa - Vũng Tàu (about 9.5 million people before,
 * about 14 million after): `VN-SG` before and after that date are two territories, and a figure
 * for one is not a figure for the other. The country's own boundary did not change.
 */
export interface Territory {
  /** Stable id, written in the `territory` column of the observations. */
  id: string;
  /**
   * The ISO 3166 code the territory is published under; for the city's wards, the catalog's level
   * (`VN-SG/wards`): each ward has a single boundary, from the day the 2025 arrangement made it, so
   * one territory dates them all.
   */
  geo: string;
  name: { vi: string; en: string };
  /** First and last day (inclusive, YYYY-MM-DD) the boundary held; null when open. */
  validFrom: string | null;
  validTo: string | null;
}

/** The day the merged provinces began to operate and the district tier of government ended. */
export const MERGER_DATE = "2025-07-01";

export const TERRITORIES = [
  {
    id: "vn",
    geo: "VN",
    name: { vi: "Việt Nam", en: "Viet Nam" },
    validFrom: null,
    validTo: null,
  },
  {
    id: "vn-sg-to-2025-06",
    geo: "VN-SG",
    name: {
      vi: "TP. Hồ Chí Minh trước sáp nhập (đến 30/6/2025, khoảng 9,5 triệu dân)",
      en: "Ho Chi Minh City before the merger (to 30 June 2025, about 9.5 million people)",
    },
    validFrom: null,
    validTo: "2025-06-30",
  },
  {
    id: "vn-sg-from-2025-07",
    geo: "VN-SG",
    name: {
      vi: "TP. Hồ Chí Minh sau sáp nhập với Bình Dương và Bà Rịa - Vũng Tàu (từ 1/7/2025, khoảng 14 triệu dân)",
      en: "Ho Chi Minh City merged with Bình Dương and Bà Rịa - Vũng Tàu (from 1 July 2025, about 14 million people)",
    },
    validFrom: MERGER_DATE,
    validTo: null,
  },
  {
    id: "vn-sg-ward-from-2025-07",
    geo: EVERY_WARD,
    name: {
      vi: "Phường, xã, đặc khu của TP. Hồ Chí Minh theo địa giới từ 1/7/2025",
      en: "A ward or commune of Ho Chi Minh City, on its boundary from 1 July 2025",
    },
    validFrom: MERGER_DATE,
    validTo: null,
  },
] as const satisfies readonly Territory[];

export type TerritoryId = (typeof TERRITORIES)[number]["id"];

/** What an observation says when its period straddles a change and its source did not say which side. */
export const NOT_STATED = "not-stated";
export const NOT_STATED_LABEL = { vi: "không nêu địa giới", en: "territory not stated" } as const;

export const TERRITORY_IDS = TERRITORIES.map((t) => t.id) as [TerritoryId, ...TerritoryId[]];
export const TerritoryCode = z.enum(TERRITORY_IDS);

const byId = new Map<string, Territory>(TERRITORIES.map((t) => [t.id, t]));
export const territory = (id: string): Territory | undefined => byId.get(id);

/** The territory's name, or "territory not stated". */
export const territoryName = (id: string | null | undefined) => (id && byId.get(id)?.name) || NOT_STATED_LABEL;

/** First and last day of an ISO period: 2025 -> 2025-01-01..2025-12-31, 2025-Q3 -> 2025-07-01..2025-09-30. */
export function periodDays(period: string): { from: string; to: string } {
  const year = period.slice(0, 4);
  const q = /-Q([1-4])$/.exec(period);
  const m = /-(\d{2})$/.exec(period);
  const first = q ? (Number(q[1]) - 1) * 3 + 1 : m ? Number(m[1]) : 1;
  const last = q ? first + 2 : m ? first : 12;
  const end = new Date(Date.UTC(Number(year), last, 0)).getUTCDate();
  const mm = (n: number) => String(n).padStart(2, "0");
  return { from: `${year}-${mm(first)}-01`, to: `${year}-${mm(last)}-${mm(end)}` };
}

const holds = (t: Territory, day: string) => (t.validFrom === null || t.validFrom <= day) && (t.validTo === null || day <= t.validTo);

/**
 * The territory a figure for `geo` and `period` describes: the one whose dates cover the whole
 * period. A period that straddles a change (VN-SG, 2025) is `not-stated` unless the source
 * `stated` a territory of that geography, valid for part of the period at least, or one that began
 * after it: a source may recompute earlier years on the new boundaries (the 2024 DTI ranking of the
 * 34 merged provinces). A territory that had ended before the period cannot describe it. A
 * geography with no territory declared is `not-stated` too: chiso does not guess.
 */
export function territoryOf(geo: string, period: string, stated?: string | null): string {
  const { from, to } = periodDays(period);
  // A ward is dated by its level's territory: a ward figure before 1 July 2025 finds none.
  const key = levelOf(geo);
  const versions = TERRITORIES.filter((t) => t.geo === key);
  if (stated) {
    const s = byId.get(stated);
    const recomputed = s?.validFrom != null && s.validFrom > to;
    if (s && s.geo === key && (holds(s, from) || holds(s, to) || recomputed)) return s.id;
    return NOT_STATED;
  }
  const whole = versions.find((t) => holds(t, from) && holds(t, to));
  return whole?.id ?? NOT_STATED;
}

/** Whether `stated` can describe a figure for `geo` over `period`; the reason when it cannot. */
export function statedTerritoryProblem(geo: string, stated: string): { vi: string; en: string } | undefined {
  const t = byId.get(stated);
  if (!t)
    return {
      vi: `địa giới không xác định "${stated}" (có: ${TERRITORY_IDS.join(", ")})`,
      en: `unknown territory "${stated}" (known: ${TERRITORY_IDS.join(", ")})`,
    };
  if (t.geo !== levelOf(geo)) return { vi: `địa giới ${stated} thuộc ${t.geo}, không phải ${geo}`, en: `territory ${stated} belongs to ${t.geo}, not ${geo}` };
  return undefined;
}

/**
 * Why a figure for a ward cannot be for `period`, when the whole period ends before the ward
 * existed: the 168 units were made on 1 July 2025, and a code of theirs on a 2024 figure is a
 * mistake, or a figure recomputed on the new boundaries, which only a source that says so (a
 * series link's `territory`) may load. A period that straddles the day is not refused: like any
 * figure across a change, its territory is "not stated" unless the source says which.
 */
export function beforeWardExisted(geo: string, period: string): { vi: string; en: string } | undefined {
  const ward = wardOf(geo);
  if (!ward || periodDays(period).to >= ward.validFrom) return undefined;
  return {
    vi: `${ward.name} (${geo}) chỉ có từ ngày ${ward.validFrom}; kỳ ${period} ở trước đó`,
    en: `${ward.name} (${geo}) exists only from ${ward.validFrom}; the period ${period} is before it`,
  };
}
