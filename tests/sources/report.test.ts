import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SourceShapeError } from "../../sources/errors.ts";
import { FIGURES_FILE, parseReportFigures } from "../../sources/report.ts";

const COLUMNS = [
  "indicator_id",
  "geo",
  "period",
  "value",
  "unit",
  "status",
  "flags",
  "series_code",
  "note",
  "citation_title",
  "citation_publisher",
  "citation_date",
  "citation_url",
  "citation_statement",
] as const;
type Column = (typeof COLUMNS)[number];
const HEADER = COLUMNS.join(",");

const GOOD: Record<Column, string> = {
  indicator_id: "internet-users",
  geo: "VN-SG",
  period: "2024",
  value: "78.5",
  unit: "percent",
  status: "provisional",
  flags: "approximate",
  series_code: "city-report",
  note: "about four in five",
  citation_title: "Báo cáo chuyển đổi số 2024",
  citation_publisher: "Sở Khoa học và Công nghệ",
  citation_date: "2025-01-15",
  citation_url: "https://example.org/report",
  citation_statement: "About 78.5% of residents use the Internet",
};

/** One CSV line; cells with a comma or a quote are quoted as a spreadsheet would. */
const line = (row: Partial<Record<Column, string>>) =>
  COLUMNS.map((c) => {
    const v = row[c] ?? GOOD[c];
    return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  }).join(",");
const csv = (...rows: Partial<Record<Column, string>>[]) => [HEADER, ...rows.map(line)].join("\n") + "\n";

/** The error parseReportFigures throws, to look at its type and message. */
function failure(body: string, file?: string): SourceShapeError {
  try {
    parseReportFigures(body, file);
  } catch (error) {
    expect(error).toBeInstanceOf(SourceShapeError);
    return error as SourceShapeError;
  }
  throw new Error("parseReportFigures accepted the file");
}

describe("parseReportFigures: what a transcribed row becomes", () => {
  it("reads a complete row as a figure with its citation", () => {
    expect(parseReportFigures(csv({}))).toEqual([
      {
        indicatorId: "internet-users",
        geo: "VN-SG",
        period: "2024",
        value: 78.5,
        unit: "percent",
        status: "provisional",
        flags: ["approximate"],
        seriesCode: "city-report",
        note: "about four in five",
        citation: {
          title: "Báo cáo chuyển đổi số 2024",
          publisher: "Sở Khoa học và Công nghệ",
          date: "2025-01-15",
          url: "https://example.org/report",
          statement: "About 78.5% of residents use the Internet",
        },
      },
    ]);
  });

  it("reads an empty status as final, empty flags as none, and leaves out an empty citation date and URL", () => {
    const [row] = parseReportFigures(csv({ status: "", flags: "", citation_date: "", citation_url: "" }));
    expect(row).toMatchObject({ status: "final", flags: [] });
    // No guessed date and no invented link: the keys are absent, not empty.
    expect(row!.citation).not.toHaveProperty("date");
    expect(row!.citation).not.toHaveProperty("url");
  });

  it("splits flags on semicolons and trims them", () => {
    const [row] = parseReportFigures(csv({ flags: "lower-bound; approximate ;" }));
    expect(row!.flags).toEqual(["lower-bound", "approximate"]);
  });

  it("accepts quarters, months, negative and whole numbers", () => {
    const rows = parseReportFigures(csv({ period: "2024-Q3", value: "-2" }, { period: "2024-09", value: "12500000", unit: "count" }));
    expect(rows.map((r) => [r.period, r.value])).toEqual([
      ["2024-Q3", -2],
      ["2024-09", 12500000],
    ]);
  });

  it("reads bytes as well as text, and tolerates a byte-order mark and padded cells", () => {
    const padded = `\uFEFF${HEADER}\n${line({}).replace("VN-SG", "  VN-SG ")}\n`;
    expect(parseReportFigures(new TextEncoder().encode(padded))).toEqual(parseReportFigures(csv({})));
  });

  it("reads an empty file as no figures", () => {
    expect(parseReportFigures("")).toEqual([]);
  });
});

describe("parseReportFigures: each rule names the row and the column", () => {
  // Each rule with a value that breaks it and what the transcriber is told.
  const cases: [Column, string, string][] = [
    ["indicator_id", "Internet_Users", "must be a kebab-case indicator id"],
    ["geo", "Vietnam", "must be an ISO 3166 code"],
    ["period", "2024-13", "must be ISO 8601 (2024, 2024-Q3, 2024-09)"],
    ["period", "Q3 2024", "must be ISO 8601 (2024, 2024-Q3, 2024-09)"],
    // Thousands separators and exponents are how transcription slips in wrong numbers.
    ["value", "12,500", "must be a plain number such as 12500000 or 18.66"],
    ["value", "1e5", "must be a plain number such as 12500000 or 18.66"],
    ["value", "", "must be a plain number such as 12500000 or 18.66"],
    ["status", "draft", "must be one of final, provisional, estimate, or empty for final"],
    ["flags", "approximate;bogus", 'unknown flag "bogus" (allowed: lower-bound, upper-bound, approximate, derived, proxy, break-in-series)'],
    ["series_code", "", "is required"],
    ["citation_title", "", "is required: every figure carries its citation"],
    ["citation_publisher", "", "is required"],
    ["citation_date", "27/09/2025", "must be YYYY, YYYY-MM or YYYY-MM-DD, or empty when the publication gives none"],
    ["citation_url", "not a url", "must be an http:// or https:// link"],
    ["citation_statement", "", "is required: what the sentence says"],
  ];
  it.each(cases)("column %s rejects %j", (column, value, message) => {
    expect(failure(csv({ [column]: value })).message).toBe(`[report] report-figures.csv: row 2, column ${column}: value "${value}" ${message}`);
  });

  it("column unit rejects a unit the schema does not know, listing the known ones", () => {
    const { message } = failure(csv({ unit: "people" }));
    expect(message).toMatch(/^\[report\] report-figures\.csv: row 2, column unit: value "people" /);
    expect(message).toContain('"percent"');
  });

  it("numbers rows as a spreadsheet does: the header is row 1", () => {
    const { message } = failure(csv({}, {}, { geo: "vn-sg" }), "sources/report-figures.csv");
    expect(message).toBe('[report] sources/report-figures.csv: row 4, column geo: value "vn-sg" must be an ISO 3166 code');
  });

  it("counts a blank line as the empty row a spreadsheet shows", () => {
    const body = `${HEADER}\n\n${line({})}\n\n${line({ value: "x" })}\n`;
    expect(failure(body).message).toContain("row 5, column value");
  });

  it("counts a cell spanning lines as one row", () => {
    const body = csv({ note: "first line\nsecond line" }, { value: "x" });
    expect(failure(body).message).toContain("row 3, column value");
  });

  it("names every missing column", () => {
    const body =
      `indicator_id,geo,period,value,unit,status,flags,series_code,note,citation_title,citation_publisher,citation_statement\n` +
      "internet-users,VN-SG,2024,78.5,percent,,,city-report,,T,P,S\n";
    expect(failure(body).message).toBe("[report] report-figures.csv: missing column(s) citation_date, citation_url");
  });

  it("reports a file that is not well-formed CSV with its line", () => {
    expect(failure(`${HEADER}\n"unclosed,${line({}).split(",").slice(1).join(",")}\n`).message).toMatch(/^\[report\] report-figures\.csv: .*line 2/);
    expect(failure(`${HEADER}\n${line({})},one cell too many\n`).message).toMatch(/^\[report\] report-figures\.csv: .*line 2/);
  });
});

describe("the bundled transcription", () => {
  it("parses, and every figure carries a citation with a statement", () => {
    const rows = parseReportFigures(readFileSync(FIGURES_FILE), "sources/report-figures.csv");
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.citation?.statement).toBeTruthy();
  });
});
