import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { toCsv } from "../../../../pipelines/publish/formats/csv.ts";

const roundTrip = (csv: string) => parse(csv, { bom: true, relax_column_count: false }) as string[][];

describe("CSV downloads: RFC 4180, UTF-8 with BOM, formula-safe", () => {
  it("makes every formula lead inert: = + - @ tab and carriage return", () => {
    const leads = ['=HYPERLINK("x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"];
    const csv = toCsv(
      leads.map((note) => ({ note })),
      ["note"],
    );
    const cells = roundTrip(csv)
      .slice(1)
      .map((r) => r[0]);
    expect(cells).toEqual(leads.map((l) => `'${l}`));
    // Each escaped cell is quoted in the file, so no spreadsheet evaluates it.
    for (const line of csv.split("\r\n").slice(1, -1)) expect(line.startsWith(`"'`)).toBe(true);
  });

  it("quotes a text cell holding a line break, so no reader splits the row and starts a cell with a formula", () => {
    const csv = toCsv(
      [
        { note: "line1\n=1+1", other: "x" },
        { note: "a\rb", other: "y" },
      ],
      ["note", "other"],
    );
    expect(roundTrip(csv)).toEqual([
      ["note", "other"],
      ["line1\n=1+1", "x"],
      ["a\rb", "y"],
    ]);
    expect(csv).toContain('"line1\n=1+1",x');
  });

  it("leaves numbers alone (-3.5 is data), writes lists with ';' and nulls as empty cells", () => {
    const csv = toCsv([{ value: -3.5, flags: ["proxy", "approximate"], citation: null }], ["value", "flags", "citation"]);
    expect(csv).toBe("\uFEFFvalue,flags,citation\r\n-3.5,proxy;approximate,\r\n");
  });

  it("keeps Vietnamese text intact behind a byte-order mark", () => {
    const csv = toCsv([{ name: "Tỷ lệ dân số trưởng thành có điện thoại thông minh" }], ["name"]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(roundTrip(csv)[1]![0]).toBe("Tỷ lệ dân số trưởng thành có điện thoại thông minh");
  });
});
