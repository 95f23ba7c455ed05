import { describe, expect, it } from "vitest";
import { findHeader, matchHeader } from "../../../sources/submission/header.ts";
import { HEADER_EN, HEADER_VI } from "./helpers.ts";

const row = (n: number, texts: string[]) => ({ row: n, cells: texts.map((text, i) => ({ col: i + 1, text })) });

describe("header matching", () => {
  it("matches either language whatever the case and the diacritics", () => {
    expect(matchHeader("Mã chỉ số")).toBe("indicator");
    expect(matchHeader("MA CHI SO")).toBe("indicator");
    expect(matchHeader("ma chi so:")).toBe("indicator");
    expect(matchHeader("Indicator ID")).toBe("indicator");
    expect(matchHeader("indicator id")).toBe("indicator");
    expect(matchHeader("Địa bàn")).toBe("geo");
    expect(matchHeader("DIA BAN")).toBe("geo");
    expect(matchHeader("Kỳ")).toBe("period");
    expect(matchHeader("ky")).toBe("period");
    expect(matchHeader("Mẫu số")).toBe("denominator");
    expect(matchHeader("Tử số")).toBe("numerator");
    expect(matchHeader("Văn bản nguồn")).toBe("document");
  });

  it("matches a cell holding both languages, and only when both name the same column", () => {
    expect(matchHeader("Giá trị / Value")).toBe("value");
    expect(matchHeader("Giá trị\nValue")).toBe("value");
    expect(matchHeader("Tình trạng / Status")).toBe("status");
    expect(matchHeader("Kỳ / Value")).toBeNull();
    expect(matchHeader("Đơn vị / Unit")).toBeNull();
  });

  it("finds the header below a title and takes the English row beneath it", () => {
    const h = findHeader([row(1, ["BÁO CÁO SỐ LIỆU QUÝ 3"]), row(3, HEADER_VI), row(4, HEADER_EN), row(5, ["x", "VN-SG", "2024", "1"])]);
    expect(h?.rows).toEqual([3, 4]);
    expect(h?.missing).toEqual([]);
    expect(h?.columns.get("value")).toBe(4);
  });

  it("takes a retyped single-row header in English, reordered, and reports what it lacks or does not know", () => {
    const h = findHeader([row(1, ["geography", "INDICATOR ID", "period", "Remarks", "Đơn giá"]), row(2, ["VN-SG", "x", "2024", "", "1"])]);
    expect(h?.rows).toEqual([1]);
    expect(h?.columns.get("indicator")).toBe(2);
    expect(h?.missing).toEqual(["value"]);
    expect(h?.unknown.map((u) => u.text)).toEqual(["Đơn giá"]);
  });

  it("finds no header where no row names the indicator and two more columns", () => {
    expect(findHeader([row(1, ["Giá trị", "Kỳ", "Ghi chú"]), row(2, ["Mã chỉ số", "Ghi chú"])])).toBeNull();
  });
});
