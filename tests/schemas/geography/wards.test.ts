import { describe, expect, it } from "vitest";
import { describeIssue } from "../../../schemas/check/zod-issues.ts";
import { GeoCode, GeoCover, UNLISTED_WARD_MESSAGE, isGeoCode } from "../../../schemas/common.ts";
import { EVERY_WARD, WARDS, coveredBy, levelOf, readWards, spelledOut, wardOf } from "../../../schemas/geography/wards.ts";
import { geoLabel } from "../../../schemas/labels.ts";
import { NOT_STATED, beforeWardExisted, statedTerritoryProblem, territoryOf } from "../../../schemas/territory.ts";

const WARD = "vn-sg-ward-from-2025-07";
const SAI_GON = "VN-SG-26740";

describe("the bundled list of Ho Chi Minh City's wards and communes", () => {
  it("has the 168 units of Decision 19/2025/QĐ-TTg: 113 phường, 54 xã, 1 đặc khu, each code once", () => {
    expect(WARDS).toHaveLength(168);
    expect(new Set(WARDS.map((w) => w.code)).size).toBe(168);
    const count = (level: string) => WARDS.filter((w) => w.level === level).length;
    expect([count("phuong"), count("xa"), count("dac-khu")]).toEqual([113, 54, 1]);
    for (const w of WARDS) {
      expect(w.code).toMatch(/^\d{5}$/);
      expect(w.geo).toBe(`VN-SG-${w.code}`);
      expect(w.validFrom).toBe("2025-07-01");
      expect(w.name).toBe(w.name.normalize("NFC"));
      // The name carries its kind, and the kind is the level.
      expect(w.name.startsWith({ phuong: "Phường ", xa: "Xã ", "dac-khu": "Đặc khu " }[w.level])).toBe(true);
    }
  });

  it("holds the codes of the list's own entries, old Bình Dương and Bà Rịa - Vũng Tàu included", () => {
    expect(wardOf(SAI_GON)?.name).toBe("Phường Sài Gòn");
    expect(wardOf("VN-SG-26732")).toMatchObject({ name: "Đặc khu Côn Đảo", level: "dac-khu" });
    expect(wardOf("VN-SG-27676")?.name).toBe("Xã Thạnh An");
    expect(wardOf("VN-SG-25807")?.name).toBe("Xã Thanh An");
    expect(wardOf("VN-SG-25747")?.name).toBe("Phường Thủ Dầu Một");
    expect(wardOf("VN-SG-26506")?.name).toBe("Phường Vũng Tàu");
    // 26734 was Phường Tân Định's code before the 2025 arrangement; the new Tân Định is 26737.
    expect(wardOf("VN-SG-26737")?.name).toBe("Phường Tân Định");
    expect(wardOf("VN-SG-26734")).toBeUndefined();
  });

  it("refuses a list with a repeated or malformed code, or an unknown level", () => {
    const head = "code,name_vi,level,valid_from\n";
    expect(() => readWards(`${head}26740,Phường Sài Gòn,phuong,2025-07-01\n26740,Phường Sài Gòn,phuong,2025-07-01\n`)).toThrow(
      /row 3: code 26740 is listed twice/,
    );
    expect(() => readWards(`${head}2674,Phường Sài Gòn,phuong,2025-07-01\n`)).toThrow(/row 2: code "2674" is not a 5-digit GSO code/);
    expect(() => readWards(`${head}26740,Phường Sài Gòn,quan,2025-07-01\n`)).toThrow(/level "quan"/);
  });
});

describe("ward codes as geographies", () => {
  it("accepts a listed ward and refuses an unlisted one, with the message in both languages", () => {
    expect(GeoCode.safeParse(SAI_GON).success).toBe(true);
    expect(isGeoCode(SAI_GON)).toBe(true);
    for (const code of ["VN-SG-99999", "VN-HN-00004", "VN-SG-26734"]) {
      const parsed = GeoCode.safeParse(code);
      expect(parsed.success, code).toBe(false);
      const issue = parsed.error!.issues[0]!;
      expect(issue.message).toBe(UNLISTED_WARD_MESSAGE);
      expect(describeIssue(issue, code)).toEqual({
        vi: `mã phường, xã không có trong danh mục đơn vị hành chính của Cục Thống kê cho TP. Hồ Chí Minh (schemas/geography/vn-sg-wards.csv) ("${code}")`,
        en: `${UNLISTED_WARD_MESSAGE} ("${code}")`,
      });
      expect(isGeoCode(code)).toBe(false);
    }
    // The ISO forms are as before; a ward code of the wrong length is not a code at all.
    for (const code of ["VN", "VN-SG", "US"]) expect(GeoCode.safeParse(code).success, code).toBe(true);
    for (const code of ["vn-sg", "VN-SG-2674", "VN-SG/wards", "Vietnam"]) {
      const parsed = GeoCode.safeParse(code);
      expect(parsed.success, code).toBe(false);
      expect(parsed.error!.issues.map((i) => i.message)).toEqual([
        "geography must be an ISO 3166 code such as VN or VN-SG, or a ward code such as VN-SG-26740",
      ]);
    }
  });

  it("lets the catalog say every ward, and nothing like it", () => {
    expect(GeoCover.safeParse(EVERY_WARD).success).toBe(true);
    expect(GeoCover.safeParse(SAI_GON).success).toBe(true);
    for (const cover of ["VN-HN/wards", "VN-SG/ward", "VN-SG-99999"]) expect(GeoCover.safeParse(cover).success, cover).toBe(false);
    expect(coveredBy([EVERY_WARD], SAI_GON)).toBe(true);
    expect(coveredBy([EVERY_WARD], "VN-SG")).toBe(false);
    expect(coveredBy(["VN-SG"], SAI_GON)).toBe(false);
    expect(coveredBy([EVERY_WARD], "VN-HN-00004")).toBe(false);
    expect(levelOf(SAI_GON)).toBe(EVERY_WARD);
    expect(levelOf("VN-SG")).toBe("VN-SG");
    expect(spelledOut(["VN-SG", EVERY_WARD])).toHaveLength(169);
  });

  it("names a ward by its official name in both languages, and the level in words", () => {
    expect(geoLabel(SAI_GON)).toEqual({ vi: "Phường Sài Gòn", en: "Phường Sài Gòn" });
    expect(geoLabel(EVERY_WARD)?.en).toBe("every ward and commune of Ho Chi Minh City");
    expect(geoLabel("VN-SG")?.en).toBe("Ho Chi Minh City");
    expect(geoLabel("VN-HN")).toBeUndefined();
  });
});

describe("a ward's territory: it exists from 1 July 2025", () => {
  it("dates a ward figure by the ward territory, as the city's are dated by theirs", () => {
    expect(territoryOf(SAI_GON, "2025-07")).toBe(WARD);
    expect(territoryOf(SAI_GON, "2025-Q3")).toBe(WARD);
    expect(territoryOf(SAI_GON, "2026")).toBe(WARD);
    // The year of the change straddles it; a year before finds no ward at all.
    expect(territoryOf(SAI_GON, "2025")).toBe(NOT_STATED);
    expect(territoryOf(SAI_GON, "2024")).toBe(NOT_STATED);
    // A source that says it recomputed earlier years on the ward's boundary is taken at its word.
    expect(territoryOf(SAI_GON, "2024", WARD)).toBe(WARD);
    expect(territoryOf(SAI_GON, "2025", WARD)).toBe(WARD);
    // The city's territories are not a ward's, and the ward's is not the city's.
    expect(territoryOf(SAI_GON, "2026", "vn-sg-from-2025-07")).toBe(NOT_STATED);
    expect(territoryOf("VN-SG", "2026", WARD)).toBe(NOT_STATED);
    expect(territoryOf("VN-SG", "2026")).toBe("vn-sg-from-2025-07");
  });

  it("tells a stated territory of another geography, and a period wholly before the ward", () => {
    expect(statedTerritoryProblem(SAI_GON, WARD)).toBeUndefined();
    expect(statedTerritoryProblem(EVERY_WARD, WARD)).toBeUndefined();
    expect(statedTerritoryProblem(SAI_GON, "vn-sg-from-2025-07")?.en).toBe("territory vn-sg-from-2025-07 belongs to VN-SG, not VN-SG-26740");
    expect(beforeWardExisted(SAI_GON, "2025-06")).toEqual({
      vi: "Phường Sài Gòn (VN-SG-26740) chỉ có từ ngày 2025-07-01; kỳ 2025-06 ở trước đó",
      en: "Phường Sài Gòn (VN-SG-26740) exists only from 2025-07-01; the period 2025-06 is before it",
    });
    expect(beforeWardExisted(SAI_GON, "2025-Q2")).toBeDefined();
    expect(beforeWardExisted(SAI_GON, "2024")).toBeDefined();
    for (const period of ["2025", "2025-Q3", "2025-07"]) expect(beforeWardExisted(SAI_GON, period), period).toBeUndefined();
    expect(beforeWardExisted("VN-SG", "2020")).toBeUndefined();
  });
});
