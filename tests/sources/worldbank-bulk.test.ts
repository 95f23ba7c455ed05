import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { HttpClient } from "../../sources/http.ts";
import { bulkFileName, bulkLastUpdated, rowsFromBulk } from "../../sources/worldbank-bulk.ts";
import { worldbank } from "../../sources/worldbank.ts";

// The two real WDI bulk files bundled in sources/snapshots/worldbank/ (byte for byte as published).
const file = (name: string) => readFileSync(new URL(`../../sources/snapshots/worldbank/${name}`, import.meta.url));
const MOBILE = file("API_IT.CEL.SETS.P2_DS2_en_csv_v2_4903391.csv");
const BROADBAND = file("API_IT.NET.BBND.P2_DS2_en_csv_v2_43250.csv");
const series = (code: string) => worldbank.series.find((s) => s.code === code)!;

describe("worldbank: the bulk CSV reader", () => {
  it("reads Viet Nam's row of the real files, one row per year with a figure, and ignores the other countries", () => {
    const mobile = rowsFromBulk(MOBILE, series("IT.CEL.SETS.P2"), "mobile");
    expect(mobile.find((r) => r.period === "2021")!.value).toBeCloseTo(138.87, 2);
    expect(mobile.every((r) => r.geo === "VN" && r.seriesCode === "IT.CEL.SETS.P2" && r.flags?.includes("proxy"))).toBe(true);
    expect(new Set(mobile.map((r) => r.period)).size).toBe(mobile.length);
    const broadband = rowsFromBulk(BROADBAND, series("IT.NET.BBND.P2"), "broadband");
    expect(broadband.at(-1)).toMatchObject({ period: "2017", unit: "per-100-people" });
    expect(broadband.at(-1)!.value).toBeCloseTo(11.8, 2);
    // 2018 is an empty cell in this vintage: no figure, not a zero.
    expect(broadband.some((r) => r.period === "2018")).toBe(false);
    expect(broadband[0]!.note).toBe("Fixed broadband subscriptions (per 100 people) (World Bank bulk CSV, Last Updated Date 2019-07-10)");
  });

  it("takes the file's Last Updated Date, CRLF or LF", () => {
    expect(
      bulkLastUpdated([
        ["Data Source", "World Development Indicators"],
        ["Last Updated Date", "2023-03-01"],
      ]),
    ).toBe("2023-03-01");
    expect(bulkFileName("IT.CEL.SETS.P2").test("API_IT.CEL.SETS.P2_DS2_en_csv_v2_4903391.csv")).toBe(true);
    expect(bulkFileName("IT.CEL.SETS.P2").test("API_ITxCEL.SETS.P2_DS2_en_csv_v2_1.csv")).toBe(false);
  });

  it("still reads a file that lost its preamble (re-saved by a spreadsheet), saying its date is unknown", () => {
    const resaved = MOBILE.toString("utf8").split("\n").slice(4).join("\n");
    const rows = rowsFromBulk(resaved, series("IT.CEL.SETS.P2"), "resaved");
    expect(rows.find((r) => r.period === "2021")!.value).toBeCloseTo(138.87, 2);
    expect(rows[0]!.note).toMatch(/its Last Updated Date is unknown \(the file has lost its preamble\)/);
  });

  it("refuses a file of another series and a figure that is not a plain number, naming the line and column", () => {
    expect(() => rowsFromBulk(MOBILE, { ...series("IT.CEL.SETS.P2"), code: "IT.NET.BBND.P2" }, "mobile")).toThrow(
      /\[worldbank\] mobile: line \d+, column "Indicator Code": "IT.CEL.SETS.P2" in a file read for IT.NET.BBND.P2/,
    );
    const hex = MOBILE.toString("utf8").replace('"138.8654955"', '"0x8A"');
    expect(() => rowsFromBulk(hex, series("IT.CEL.SETS.P2"), "mobile")).toThrow(/line \d+, column "2021": "0x8A" is not a plain number/);
    expect(() => rowsFromBulk("a,b\n1,2\n", series("IT.CEL.SETS.P2"), "other")).toThrow(/other: no header row starting "Country Name","Country Code"/);
  });

  it("offline, reads every bundled bulk file of a configured series, dated by its Last Updated Date, older first", async () => {
    const logged: string[] = [];
    const http = new HttpClient("worldbank", { offline: true });
    try {
      const fetched = await worldbank.fetch({ http, log: (m) => logged.push(m), baseUrl: worldbank.baseUrl, series: worldbank.series });
      expect(fetched.map((f) => [f.series.code, f.response.retrievedAt, f.response.snapshot, f.response.url])).toEqual([
        [
          "IT.NET.BBND.P2",
          "2019-07-10T00:00:00.000Z",
          "worldbank/API_IT.NET.BBND.P2_DS2_en_csv_v2_43250.csv",
          "https://api.worldbank.org/v2/en/indicator/IT.NET.BBND.P2?downloadformat=csv",
        ],
        [
          "IT.CEL.SETS.P2",
          "2023-03-01T00:00:00.000Z",
          "worldbank/API_IT.CEL.SETS.P2_DS2_en_csv_v2_4903391.csv",
          "https://api.worldbank.org/v2/en/indicator/IT.CEL.SETS.P2?downloadformat=csv",
        ],
      ]);
      expect(logged).toEqual([expect.stringMatching(/offline, no bundled bulk CSV for FX\.OWN\.TOTL\.ZS, IT\.NET\.USER\.ZS, account\.t\.d, g20\.any, con9a/)]);
      const rows = fetched.flatMap((f) => worldbank.parse(f.response.body, f.series, f.response));
      expect(rows.find((r) => r.seriesCode === "IT.CEL.SETS.P2" && r.period === "2021")!.value).toBeCloseTo(138.87, 2);
    } finally {
      await http.close();
    }
  });
});
