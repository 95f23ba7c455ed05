import { describe, expect, it } from "vitest";
import { isFormulaLike, readGeography, readNumber, readPeriod, readStatus, type Cell } from "../../../sources/submission/values.ts";

const text = (t: string): Cell => ({ col: 1, kind: "text", text: t });

describe("numbers as Vietnamese offices write them", () => {
  it.each([
    ["85,5", 85.5, 1],
    ["85.5", 85.5, 1],
    ["12.500.000", 12_500_000, 0],
    ["12.500", 12_500, 0],
    ["1.234.567,89", 1_234_567.89, 2],
    ["12,500,000", 12_500_000, 0],
    ["12,500,000.25", 12_500_000.25, 2],
    ["1 234,5", 1234.5, 1],
    ["1\u00a0234,5", 1234.5, 1],
    ["85%", 85, 0],
    ["85,5 %", 85.5, 1],
    ["0.125", 0.125, 3],
    ["-5", -5, 0],
    ["+84", 84, 0],
    ["42", 42, 0],
  ])("%s is %d", (written, value, decimals) => {
    const n = readNumber(text(written));
    expect(n).toMatchObject({ ok: true, value, decimals });
  });

  it("knows a typed percent sign", () => {
    expect(readNumber(text("85%"))).toMatchObject({ percentSign: true });
    expect(readNumber(text("85"))).toMatchObject({ percentSign: false });
  });

  it("reads an XLSX percent-formatted number as the percentage shown", () => {
    expect(readNumber({ col: 1, kind: "number", text: "0.855", number: 0.855, percentFormat: true })).toMatchObject({ ok: true, value: 85.5, decimals: 1 });
    expect(readNumber({ col: 1, kind: "number", text: "85.5", number: 85.5 })).toMatchObject({ ok: true, value: 85.5 });
  });

  it.each(["abc", "12,5,0", "1.2.3", "", "0x1A", "Infinity", "12.50.000"])("%j is not a number", (written) => {
    expect(readNumber(text(written))).toEqual({ ok: false, rule: "not-a-number" });
  });

  it("refuses formulas and formula-like text, never evaluating them", () => {
    expect(readNumber({ col: 1, kind: "formula", text: "=B2*100" })).toEqual({ ok: false, rule: "formula" });
    for (const t of ["=1+1", "+1+1", "-2+3", "@SUM(A1)", '=HYPERLINK("http://x")', " =1"]) {
      expect(readNumber(text(t))).toEqual({ ok: false, rule: "formula-like-text" });
      expect(isFormulaLike(t)).toBe(true);
    }
    expect(isFormulaLike("-5")).toBe(false);
    expect(isFormulaLike("Quyết định 2393")).toBe(false);
  });
});

describe("periods, to ISO 8601", () => {
  it.each([
    ["2024", "2024"],
    ["năm 2024", "2024"],
    ["2024-Q3", "2024-Q3"],
    ["Q3/2024", "2024-Q3"],
    ["q3-2024", "2024-Q3"],
    ["Quý 3/2024", "2024-Q3"],
    ["QUÝ 3 NĂM 2024", "2024-Q3"],
    ["quý III năm 2024", "2024-Q3"],
    ["Quý IV/2024", "2024-Q4"],
    ["2024-09", "2024-09"],
    ["09/2024", "2024-09"],
    ["9/2024", "2024-09"],
    ["tháng 9/2024", "2024-09"],
    ["Tháng 9 năm 2024", "2024-09"],
    ["T9/2024", "2024-09"],
    ["09.2024", "2024-09"],
  ])("%s is %s", (written, iso) => {
    expect(readPeriod(text(written))).toMatchObject({ ok: true, period: iso });
  });

  it("reads Excel's own conversions: a year typed as a number, 09/2024 turned into a date", () => {
    expect(readPeriod({ col: 1, kind: "number", text: "2024", number: 2024 })).toMatchObject({ period: "2024", granularity: "year" });
    expect(readPeriod({ col: 1, kind: "date", text: "", date: new Date(Date.UTC(2024, 8, 1)) })).toMatchObject({ period: "2024-09", granularity: "month" });
    expect(readPeriod({ col: 1, kind: "date", text: "", date: new Date(Date.UTC(2024, 8, 17)) })).toEqual({ ok: false });
  });

  it.each(["Quý 5/2024", "13/2024", "tháng 0/2024", "24", "6 tháng đầu năm 2024", "2024-2025", "Q3"])("%s is refused", (written) => {
    expect(readPeriod(text(written))).toEqual({ ok: false });
  });
});

describe("statuses and geographies", () => {
  it("takes codes and Vietnamese words, any case, with or without diacritics", () => {
    expect(readStatus("")).toBe("final");
    expect(readStatus("Chính thức")).toBe("final");
    expect(readStatus("so bo")).toBe("provisional");
    expect(readStatus("ƯỚC TÍNH")).toBe("estimate");
    expect(readStatus("estimate")).toBe("estimate");
    expect(readStatus("sơ bộ / provisional")).toBe("provisional");
    expect(readStatus("chắc chắn")).toBeNull();
  });

  it("knows the city and the country by code and by name", () => {
    expect(readGeography("VN-SG")).toBe("VN-SG");
    expect(readGeography("vn-sg")).toBe("VN-SG");
    expect(readGeography("TP.HCM")).toBe("VN-SG");
    expect(readGeography("Thành phố Hồ Chí Minh")).toBe("VN-SG");
    expect(readGeography("Cả nước")).toBe("VN");
    expect(readGeography("vn-hn")).toBe("VN-HN");
  });
});
