import { z } from "zod";
import { GeoCode, Period, Slug, Unit } from "./common.ts";
import { Flag, Status } from "./observation.ts";
import { Comparator } from "./target.ts";

/**
 * The rows researchers download: one flat table per kind, snake_case, the same columns in Parquet,
 * CSV and JSON. Each column's description is the data dictionary; the JSON Schema, the Frictionless
 * Table Schema and the bundle READMEs are all generated from these objects.
 */
export const ObservationRow = z.object({
  indicator_id: Slug.describe("chiso indicator id; the indicator's page is /indicators/<id>.html"),
  geo: GeoCode.describe("ISO 3166 code of the area: VN-SG Ho Chi Minh City, VN Viet Nam"),
  period: Period.describe("the period the figure is for: a year (2024), quarter (2024-Q3) or month (2024-09)"),
  value: z.number().describe("the figure, in `unit`; read it with `flags`"),
  unit: Unit.describe("percent, count, per-100-people, thousand-persons, vnd-billion, rank or index"),
  status: Status.describe("final, provisional or estimate, as the publisher labels it"),
  flags: z
    .array(Flag)
    .describe(
      "qualifiers: lower-bound (the true value is above: 'over 70%'), upper-bound, approximate, derived (computed by chiso), proxy (a national figure standing in for the city), break-in-series. A list in Parquet and JSON; ';'-separated in CSV",
    ),
  source_id: Slug.describe("the chiso source that read the figure (see sources in datapackage.json)"),
  series_code: z.string().min(1).describe("the source's own code for the series, to find it upstream"),
  note: z.string().describe("the source's own label or note for the figure"),
  citation_title: z.string().nullable().describe("for transcribed figures: the publication the figure was read in"),
  citation_publisher: z.string().nullable().describe("its publisher"),
  citation_date: z.string().nullable().describe("its date (YYYY, YYYY-MM or YYYY-MM-DD); empty when the publication gives none"),
  citation_url: z.string().nullable().describe("where to read it"),
  citation_statement: z.string().nullable().describe("what the sentence says, in short"),
  retrieved_at: z.iso.datetime({ offset: true }).describe("when chiso retrieved the bytes the figure came from (UTC)"),
  run_id: z.string().min(1).describe("the refresh run that loaded it"),
  raw_sha256: z.string().regex(/^[0-9a-f]{64}$/).describe("sha256 of the raw response or file the figure was parsed from"),
  vintage: z.number().int().positive().describe("1 for the first value chiso loaded for this key, 2 for its first revision, and so on"),
});
export type ObservationRow = z.infer<typeof ObservationRow>;

/** Every vintage ever loaded: the latest table's columns plus when each was loaded. */
export const ObservationHistoryRow = ObservationRow.extend({
  loaded_at: z.iso.datetime({ offset: true }).describe("when this vintage entered the warehouse (UTC); a later vintage of the same key supersedes it"),
});

export const TargetRow = z.object({
  target_id: Slug.describe("chiso target id"),
  indicator_id: Slug.describe("the indicator the target is set on"),
  geo: GeoCode.describe("the area the target is for"),
  comparator: Comparator.describe("how the figure must compare with `value`: '>' for 'over', '>=' for 'at least' or a plain figure"),
  value: z.number().describe("the target level, in the indicator's unit"),
  unit: Unit.describe("the indicator's unit"),
  deadline: z.number().int().describe("the year by whose end the target is due"),
  document_id: Slug.describe("the document that sets the target"),
  document_number: z.string().describe("its official number, e.g. 2649/KH-UBND"),
  document_date: z.string().describe("its date"),
  section: z.string().describe("the section or clause of the document"),
  wording_vi: z.string().describe("the target as the document words it"),
  wording_en: z.string().describe("the same in English"),
  status: z
    .enum(["achieved", "on-track", "off-track", "insufficient-data", "no-data"])
    .describe("progress judged on the city series (see the methodology page); a national proxy never judges a city target"),
  projected_year: z.number().int().nullable().describe("the year the linear trend of the last figures reaches the target; empty when there is no trend or it never does"),
  latest_period: z.string().nullable().describe("the period of the figure the status was judged on"),
  latest_value: z.number().nullable().describe("that figure"),
});
export type TargetRow = z.infer<typeof TargetRow>;

/** Columns in order, straight from the schema: the order of every download. */
export const columnsOf = (schema: z.ZodObject) => Object.keys(schema.shape);
