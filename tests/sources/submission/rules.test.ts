import { describe, expect, it } from "vitest";
import { checkSubmission } from "../../../sources/submission/index.ts";
import { context, csv, HEADER_EN, HEADER_VI, xlsxOf } from "./helpers.ts";

const ctx = context();
/** Header on rows 1-2, figures from row 3. */
const check = (rows: string[][], header: string[][] = [HEADER_VI, HEADER_EN]) => checkSubmission(Buffer.from(csv([...header, ...rows])), "so-lieu.csv", ctx);
const rules = async (rows: string[][]) => (await check(rows)).problems.map((p) => [p.row, p.column, p.rule]);
const fig = (id: string, geo: string, period: string, value: string, ...rest: string[]) => [id, geo, period, value, ...rest];

describe("a clean submission", () => {
  it("gives its figures, normalised", async () => {
    const c = await check([
      fig("fully-online-procedures", "VN-SG", "năm 2025", "85,5", "171", "200", "Sơ bộ", "Báo cáo 12/BC-SNV", "đã đối chiếu"),
      fig("ecommerce-revenue", "Cả nước", "Quý 3/2025", "12.500.000"),
      fig("public-wifi-sessions", "TP.HCM", "tháng 9/2025", "1.234"),
      fig("chip-id-applications", "VN-SG", "Q3/2025", "8.500.000"),
      fig("labour-productivity-growth", "VN-SG", "2024", "-1,2"),
      fig("e-government-ranking", "VN-SG", "2024", "3"),
      fig("fixed-broadband-subscriptions", "VN-SG", "2024", "45,3"),
    ]);
    expect(c.problems).toEqual([]);
    expect(c.figures.map((f) => [f.indicatorId, f.geo, f.period, f.value, f.status, f.row])).toEqual([
      ["fully-online-procedures", "VN-SG", "2025", 85.5, "provisional", 3],
      ["ecommerce-revenue", "VN", "2025-Q3", 12_500_000, "final", 4],
      ["public-wifi-sessions", "VN-SG", "2025-09", 1234, "final", 5],
      ["chip-id-applications", "VN-SG", "2025-Q3", 8_500_000, "final", 6],
      ["labour-productivity-growth", "VN-SG", "2024", -1.2, "final", 7],
      ["e-government-ranking", "VN-SG", "2024", 3, "final", 8],
      ["fixed-broadband-subscriptions", "VN-SG", "2024", 45.3, "final", 9],
    ]);
    expect(c.figures[0]).toMatchObject({
      numerator: 171,
      denominator: 200,
      sourceDocument: "Báo cáo 12/BC-SNV",
      note: "đã đối chiếu",
      unit: "percent",
      file: "so-lieu.csv",
      sheet: "so-lieu",
    });
  });

  it("skips template rows left blank, and says so", async () => {
    const c = await check([fig("fully-online-procedures", "VN-SG", "2025", "80"), ["vneid-activation-rate", "VN-SG", "2025"]]);
    expect(c.problems).toEqual([]);
    expect([c.figures.length, c.blankRows]).toEqual([1, 1]);
  });
});

describe("every rule, every problem", () => {
  it("checks the indicator, the geography and the period against the catalog", async () => {
    expect(
      await rules([
        fig("no-such-indicator", "VN-SG", "2025", "1"),
        fig("mobile-subscriptions", "VN-SG", "2025", "120"),
        fig("", "VN-SG", "2025", "1"),
        fig("fully-online-procedures", "VN-HN", "2025", "1"),
        fig("fully-online-procedures", "", "2025", "1"),
        fig("fully-online-procedures", "VN-SG", "Quý 3/2025", "1"),
        fig("ecommerce-revenue", "VN-SG", "09/2025", "1"),
        fig("public-wifi-sessions", "VN-SG", "2025", "1"),
        fig("fully-online-procedures", "VN-SG", "2027", "1"),
        fig("fully-online-procedures", "VN-SG", "6 tháng đầu năm 2025", "1"),
        fig("fully-online-procedures", "VN-SG", "", "1"),
        fig("fully-online-procedures", "VN-SG", "1899", "1"),
      ]),
    ).toEqual([
      [3, "A", "unknown-indicator"],
      [4, "A", "not-accepting"],
      [5, "A", "missing-indicator"],
      [6, "B", "geography-not-covered"],
      [7, "B", "missing-geography"],
      [8, "C", "period-granularity"],
      [9, "C", "period-granularity"],
      [10, "C", "period-granularity"],
      [11, "C", "future-period"],
      [12, "C", "invalid-period"],
      [13, "C", "missing-period"],
      [14, "C", "early-period"],
    ]);
  });

  it("holds each value to its unit's range", async () => {
    expect(
      await rules([
        fig("fully-online-procedures", "VN-SG", "2024", "100,1"),
        fig("fully-online-procedures", "VN-SG", "2023", "-0,5"),
        fig("fixed-broadband-subscriptions", "VN-SG", "2024", "1001"),
        fig("chip-id-applications", "VN-SG", "2024", "-1"),
        fig("chip-id-applications", "VN-SG", "2023", "12,5"),
        fig("e-government-ranking", "VN-SG", "2024", "0"),
        fig("e-government-ranking", "VN-SG", "2023", "2,5"),
        fig("chip-id-applications", "VN-SG", "2022", "85%"),
        fig("fully-online-procedures", "VN-SG", "2022", "không có"),
        fig("fully-online-procedures", "VN-SG", "2021", "", "", "", "Sơ bộ"),
        fig("fully-online-procedures", "VN-SG", "2020", "85%"),
      ]),
    ).toEqual([
      [3, "D", "out-of-range"],
      [4, "D", "out-of-range"],
      [5, "D", "out-of-range"],
      [6, "D", "out-of-range"],
      [7, "D", "not-whole-number"],
      [8, "D", "out-of-range"],
      [9, "D", "not-whole-number"],
      [10, "D", "percent-sign"],
      [11, "D", "not-a-number"],
      [12, "D", "missing-value"],
    ]);
  });

  it("checks numerator and denominator against the value, within rounding", async () => {
    expect(
      await rules([
        fig("fully-online-procedures", "VN-SG", "2025", "85,5", "171", "200"), // 85.5 exactly
        fig("fully-online-procedures", "VN-SG", "2024", "85", "1709", "2000"), // 85.45: "85" means 84.5 to 85.5
        fig("fully-online-procedures", "VN-SG", "2023", "85,6", "1711", "2000"), // 85.55 within 0.05 of 85.6
        fig("fully-online-procedures", "VN-SG", "2022", "85,5", "172", "200"), // 86
        fig("fully-online-procedures", "VN-SG", "2021", "85,5", "171", ""),
        fig("fully-online-procedures", "VN-SG", "2020", "0", "0", "0"),
        fig("chip-id-applications", "VN-SG", "2025", "10", "1", "2"),
        fig("fixed-broadband-subscriptions", "VN-SG", "2024", "45,3", "4530", "10000"),
        fig("fixed-broadband-subscriptions", "VN-SG", "2023", "45,3", "453", "10000"),
        fig("fully-online-procedures", "VN-SG", "2019", "85,5", "=171", "200"),
      ]),
    ).toEqual([
      [6, "E", "ratio-mismatch"],
      [7, "F", "ratio-incomplete"],
      [8, "F", "zero-denominator"],
      [9, "E", "ratio-not-applicable"],
      [11, "E", "ratio-mismatch"],
      [12, "E", "formula-like-text"],
    ]);
  });

  it("refuses formula-like text in any column, and unknown statuses", async () => {
    expect(
      await rules([
        fig("fully-online-procedures", "VN-SG", "2025", '=HYPERLINK("http://x",85)'),
        fig("fully-online-procedures", "VN-SG", "2024", "80", "", "", "", "@SUM(1)"),
        fig("fully-online-procedures", "VN-SG", "2023", "80", "", "", "chắc chắn"),
        fig("fully-online-procedures", "VN-SG", "2022", "80", "", "", "", "", "-5 điểm so với năm trước"),
      ]),
    ).toEqual([
      [3, "D", "formula-like-text"],
      [4, "H", "formula-like-text"],
      [5, "G", "unknown-status"],
      [6, "I", "formula-like-text"],
    ]);
  });

  it("reports a figure given twice, naming the first row", async () => {
    const c = await check([
      fig("fully-online-procedures", "VN-SG", "2025", "80"),
      fig("vneid-activation-rate", "VN-SG", "2025", "80"),
      fig("fully-online-procedures", "TP.HCM", "năm 2025", "81"),
    ]);
    expect(c.problems.map((p) => [p.row, p.rule, p.en])).toEqual([[5, "duplicate-figure", "Duplicate figure (indicator, geography, period) of row 3."]]);
    expect(c.figures).toHaveLength(2);
  });

  it("checks the columns: required ones present, unknown ones and stray data reported", async () => {
    const c = await check([["fully-online-procedures", "VN-SG", "2025", "1", "x", "", "y"]], [["Mã chỉ số", "Địa bàn", "Kỳ", "Đơn vị", "Ghi chú"]]);
    expect(c.problems.map((p) => [p.row, p.column, p.value, p.rule])).toEqual([
      [1, null, null, "missing-column"],
      [1, "D", "Đơn vị", "unknown-column"],
    ]);
    const stray = await check([[...fig("fully-online-procedures", "VN-SG", "2025", "1"), "", "", "", "", "", "", "lạc"]]);
    expect(stray.problems.map((p) => [p.row, p.column, p.value, p.rule])).toEqual([[3, "K", "lạc", "data-outside-columns"]]);
  });

  it("says when no header can be found, or nothing was filled in", async () => {
    expect((await checkSubmission(Buffer.from("a,b,c\n1,2,3\n"), "x.csv", ctx)).problems.map((p) => [p.sheet, p.rule])).toEqual([["x", "no-header"]]);
    expect((await check([["fully-online-procedures", "VN-SG", "2025"]])).problems.map((p) => p.rule)).toEqual(["empty-submission"]);
  });

  it("reports one bad row among a hundred by its row number, file, sheet and column, in both languages", async () => {
    const rows = Array.from({ length: 100 }, (_, i) => fig("chip-id-applications", "VN-SG", `${2000 + Math.floor(i / 4)}-Q${(i % 4) + 1}`, String(1000 + i)));
    rows[63]![3] = "1.000,5";
    const c = await check(rows);
    expect(c.figures).toHaveLength(99);
    expect(c.problems).toEqual([
      {
        file: "so-lieu.csv",
        sheet: "so-lieu",
        row: 66,
        column: "D",
        columnName: "Giá trị / Value",
        value: "1.000,5",
        rule: "not-whole-number",
        vi: "Chỉ số tính bằng số lượng phải là số nguyên.",
        en: "An indicator measured as a count takes whole numbers only.",
      },
    ]);
  });
});

describe("XLSX cells", () => {
  it("rejects formula cells whatever their cached result, and reads percent formats and Excel dates", async () => {
    const bytes = await xlsxOf(
      {
        "Số liệu": [
          ["Tiêu đề"],
          HEADER_VI,
          HEADER_EN,
          ["fully-online-procedures", "VN-SG", 2025, { formula: "171/200*100", result: 85.5 }],
          ["fully-online-procedures", "VN-SG", 2024, 0.855],
          ["public-wifi-sessions", "VN-SG", new Date(Date.UTC(2025, 8, 1)), 12500],
        ],
      },
      (wb) => {
        wb.getWorksheet("Số liệu")!.getCell("D5").numFmt = "0.0%";
      },
    );
    const c = await checkSubmission(bytes, "so-lieu.xlsx", ctx);
    expect(c.problems.map((p) => [p.sheet, p.row, p.column, p.value, p.rule])).toEqual([["Số liệu", 4, "D", "=171/200*100", "formula"]]);
    expect(c.figures.map((f) => [f.period, f.value])).toEqual([
      ["2024", 85.5],
      ["2025-09", 12500],
    ]);
  });
});

describe("a row with several problems", () => {
  it("reports each of its cells, once, left to right", async () => {
    expect(await rules([fig("no-such-indicator", "VN-HN", "=2025", "=1+1", "1", "", "chắc chắn")])).toEqual([
      [3, "A", "unknown-indicator"],
      [3, "B", "geography-not-covered"],
      [3, "C", "formula-like-text"],
      [3, "D", "formula-like-text"],
      [3, "F", "ratio-incomplete"],
      [3, "G", "unknown-status"],
    ]);
  });
});
