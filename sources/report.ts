import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse as parseCsv } from "csv-parse/sync";
import { z } from "zod";
import { GEO_PATTERN, Unit, WebUrl } from "../schemas/common.ts";
import { isUnlistedWard } from "../schemas/geography/wards.ts";
import { Flag, Status } from "../schemas/observation.ts";
import { TRANSCRIBED_COLUMNS } from "../schemas/published.ts";
import { defineSource, type SeriesSpec, type SourceRow } from "./define.ts";
import { EmptyInputError, SourceShapeError } from "./errors.ts";
import { sha256 } from "../pipelines/files.ts";

/** Figures transcribed from official documents and press reports, one citation per row. */
export const FIGURES_FILE = fileURLToPath(new URL("./report-figures.csv", import.meta.url));

/** The file's columns are the published observation's, less what chiso fills in when it loads. */
const COLUMNS = TRANSCRIBED_COLUMNS;

/** Each cell as transcribed text, with messages that tell the transcriber what to write. */
const Row = z.object({
  indicator_id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be a kebab-case indicator id"),
  geo: z
    .string()
    .regex(GEO_PATTERN, "must be an ISO 3166 code")
    .refine((g) => !isUnlistedWard(g), "must be a ward on the GSO list of Ho Chi Minh City (schemas/geography/vn-sg-wards.csv)"),
  period: z.string().regex(/^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/, "must be ISO 8601 (2024, 2024-Q3, 2024-09)"),
  // Transcribed as the document states it: no thousands separators, a dot for decimals.
  value: z.string().regex(/^-?\d+(\.\d+)?$/, "must be a plain number such as 12500000 or 18.66"),
  unit: Unit,
  status: z.union([Status, z.literal("").transform(() => "final" as const)], { error: `must be one of ${Status.options.join(", ")}, or empty for final` }),
  flags: z.string().transform((s, ctx) => {
    const flags = s
      .split(";")
      .map((f) => f.trim())
      .filter(Boolean);
    for (const f of flags)
      if (!Flag.safeParse(f).success) ctx.addIssue({ code: "custom", message: `unknown flag "${f}" (allowed: ${Flag.options.join(", ")})` });
    return flags as Flag[];
  }),
  series_code: z.string().min(1, "is required"),
  note: z.string(),
  citation_title: z.string().min(1, "is required: every figure carries its citation"),
  citation_publisher: z.string().min(1, "is required"),
  citation_date: z.union([
    z.literal(""),
    z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, "must be YYYY, YYYY-MM or YYYY-MM-DD, or empty when the publication gives none"),
  ]),
  citation_url: z.union([z.literal(""), WebUrl]),
  citation_statement: z.string().min(1, "is required: what the sentence says"),
} satisfies Record<(typeof COLUMNS)[number], z.ZodType>);

/** Parses the transcription file; errors name the file, the row (as a spreadsheet numbers it) and the column. */
export function parseReportFigures(body: Uint8Array | string, file = "report-figures.csv"): SourceRow[] {
  let parsedCsv: { record: Record<string, string>; info: { records: number; empty_lines: number } }[];
  try {
    parsedCsv = parseCsv(typeof body === "string" ? body : Buffer.from(body), { columns: true, bom: true, skip_empty_lines: true, trim: true, info: true });
  } catch (cause) {
    throw new SourceShapeError("report", `${file}: ${(cause as Error).message}`, { cause });
  }
  const records = parsedCsv.map((p) => p.record);
  const header = records.length ? Object.keys(records[0]!) : [];
  const missing = COLUMNS.filter((c) => !header.includes(c));
  if (records.length && missing.length) throw new SourceShapeError("report", `${file}: missing column(s) ${missing.join(", ")}`);
  return records.map((record, i) => {
    const parsed = Row.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const column = String(issue.path[0] ?? "?");
      // Row 1 is the header, so the first figure is row 2; a blank line is a row in a spreadsheet too.
      const row = 1 + parsedCsv[i]!.info.records + parsedCsv[i]!.info.empty_lines;
      throw new SourceShapeError("report", `${file}: row ${row}, column ${column}: value "${record[column] ?? ""}" ${issue.message}`);
    }
    const r = parsed.data;
    return {
      indicatorId: r.indicator_id,
      geo: r.geo,
      period: r.period,
      value: Number(r.value),
      unit: r.unit,
      status: r.status,
      flags: r.flags,
      seriesCode: r.series_code,
      note: r.note,
      citation: {
        title: r.citation_title,
        publisher: r.citation_publisher,
        ...(r.citation_date ? { date: r.citation_date } : {}),
        ...(r.citation_url ? { url: r.citation_url } : {}),
        statement: r.citation_statement,
      },
    };
  });
}

export const report = defineSource<SeriesSpec>({
  id: "report",
  publisher: "Official documents and public reports, transcribed by chiso",
  kind: "report",
  baseUrl: "sources/report-figures.csv",
  licence: "Facts cited from their publishers; the transcription is CC-BY-4.0",
  schedule: "0 6 * * 1",
  // One series stands for the whole file; rows carry their own indicator and series code.
  series: [{ code: "report-figures", indicator: "*", geo: "VN-SG" }],
  async fetch({ series }) {
    const body = new Uint8Array(readFileSync(FIGURES_FILE));
    const stamp = new Date().toISOString();
    const response = {
      url: "file:sources/report-figures.csv",
      method: "GET" as const,
      status: 200,
      headers: { "content-type": "text/csv" },
      body,
      sha256: sha256(body),
      retrievedAt: stamp,
    };
    return [{ response, series: series[0]! }];
  },
  parse: (body) => {
    const rows = parseReportFigures(body, "sources/report-figures.csv");
    // The file is configured input: one that yields nothing lost its rows, and is no "ok, 0 figures".
    if (!rows.length)
      throw new EmptyInputError(
        "report",
        "sources/report-figures.csv holds no figures (no row below the header): nothing was transcribed, or the rows were lost",
      );
    return rows;
  },
});
