import { z } from "zod";
import { columnsOf } from "./columns.ts";
import { GeoCode, Period, Slug, Unit } from "./common.ts";
import { FLAGS, PROGRESS_STATUSES, codesOf, listed } from "./labels.ts";
import { Flag, type Observation, Status } from "./observation.ts";
import { Comparator } from "./target.ts";
import { NOT_STATED, TERRITORY_IDS, territoryOf } from "./territory.ts";

/**
 * The rows researchers download: one flat table per kind, snake_case, the same columns in Parquet,
 * CSV and JSON. Each column's description is the data dictionary; the warehouse DDL, the JSON
 * Schema, the Frictionless Table Schema and the bundle READMEs are all generated from these objects.
 */

export { columnsOf };

const flagsExplained = Object.entries(FLAGS)
  .map(([flag, label]) => ("gloss" in label ? `${flag} (${label.gloss})` : flag))
  .join(", ");

/** An observation as a load writes it: every column but the vintage, which the warehouse assigns. */
export const LoadedObservationRow = z.object({
  indicator_id: Slug.describe("chiso indicator id; the indicator's page is /indicators/<id>.html"),
  geo: GeoCode.describe("ISO 3166 code of the area: VN-SG Ho Chi Minh City, VN Viet Nam; VN-SG-26740 a ward or commune of the city, by its GSO code"),
  period: Period.describe("the period the figure is for: a year (2024), quarter (2024-Q3) or month (2024-09)"),
  value: z.number().describe("the figure, in `unit`; read it with `flags`"),
  unit: Unit.describe(listed(Unit.options)),
  status: Status.describe(`${listed(Status.options)}, as the publisher labels it`),
  flags: z.array(Flag).describe(`qualifiers: ${flagsExplained}. A list in Parquet and JSON; ';'-separated in CSV`),
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
  raw_sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .describe("sha256 of the raw response or file the figure was parsed from"),
  territory: z
    .enum([...TERRITORY_IDS, NOT_STATED])
    .describe(
      `the territory the figure describes, as the area stood over its period: ${listed([...TERRITORY_IDS])}; ` +
        `${NOT_STATED} when the period straddles a boundary change (VN-SG, 1 July 2025) and the source does not say which side`,
    ),
});
export type LoadedObservationRow = z.infer<typeof LoadedObservationRow>;

/** The latest value of a key: the loaded columns and its vintage number. */
// `territory` came after the first release: it stays the last column, after `vintage`.
export const ObservationRow = LoadedObservationRow.omit({ territory: true })
  .extend({
    vintage: z.number().int().positive().describe("1 for the first value chiso loaded for this key, 2 for its first revision, and so on"),
  })
  .extend({ territory: LoadedObservationRow.shape.territory });
export type ObservationRow = z.infer<typeof ObservationRow>;

/** Every vintage ever loaded: the latest table's columns plus when each was loaded. */
// A warehouse made before `territory` gains it as its last column, nullable (a column added to
// existing rows has no value yet); a fresh one is made the same, so the two cannot drift apart.
export const ObservationHistoryRow = ObservationRow.omit({ territory: true })
  .extend({
    loaded_at: z.iso.datetime({ offset: true }).describe("when this vintage entered the warehouse (UTC); a later vintage of the same key supersedes it"),
  })
  .extend({
    territory: LoadedObservationRow.shape.territory
      .nullable()
      .describe(`${LoadedObservationRow.shape.territory.description}; empty only in a warehouse not yet loaded since the column was added`),
  });
export type ObservationHistoryRow = z.infer<typeof ObservationHistoryRow>;

/** Where a target stands; the labels are in labels.ts. */
export const ProgressStatus = z.enum(codesOf(PROGRESS_STATUSES));
export type ProgressStatus = z.infer<typeof ProgressStatus>;

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
  status: ProgressStatus.describe(
    "progress judged on the deciding series (`judged_on`; see the methodology page). After the deadline: achieved, not-achieved or no-deadline-figure, " +
      "judged on the figure for the deadline period; before it: achieved, on-track, off-track, insufficient-data or no-data. A national proxy never judges a city target",
  ),
  projected_year: z
    .number()
    .int()
    .nullable()
    .describe("the year the linear trend of the last figures reaches the target; empty when there is no trend or it never does"),
  latest_period: z.string().nullable().describe("the period of the figure the status was judged on"),
  latest_value: z.number().nullable().describe("that figure"),
  rule: z
    .enum(["level", "each-year"])
    .describe("level: the figure must reach `value` by the deadline; each-year: every year of the plan's period must (an annual rate 'each year at least 7%')"),
  read_from: z.enum(["document", "press-report"]).describe("whether chiso read the target's words in the document's own text or in a press report of it"),
  clause_vi: z.string().describe("the clause in words, e.g. 'mục II.1'; for a document read in the press, the part of it the press report gives"),
  clause_en: z.string().describe("the same in English"),
  judged_on: z.string().nullable().describe("the series that decides `status`, as source/series_code/geo; empty when no series has a figure"),
  decided_because_en: z.string().nullable().describe("why that series decides, as the catalog says, when several answer the target"),
  deadline_period: z
    .string()
    .nullable()
    .describe("after the deadline: the period of the figure for the deadline period the status was judged on; empty when there is none"),
  deadline_value: z.number().nullable().describe("that figure"),
  verdicts: z.string().describe("every series that answers the target with its own status, ';'-separated, as source/series_code/geo=status"),
  series_agreement: z
    .enum(["none", "single", "agree", "disagree"])
    .describe(
      "how the series that answer the target compare: none or a single one; agree; disagree (different statuses now, or on their trend before the deadline)",
    ),
});
export type TargetRow = z.infer<typeof TargetRow>;

/** What identifies a figure: one value per key per vintage. */
export const OBSERVATION_KEY = ["indicator_id", "geo", "period", "source_id", "series_code"] as const satisfies readonly (keyof ObservationRow)[];

/** Columns chiso fills in itself when it loads a figure: which source read it and from which bytes. */
const PROVENANCE = { source_id: true, retrieved_at: true, run_id: true, raw_sha256: true } as const;

/**
 * A figure as a transcriber writes it into sources/report-figures.csv: the loaded row without its
 * provenance, and without the territory, which chiso reads off the period (and the catalog's series link).
 */
export const TranscribedObservationRow = LoadedObservationRow.omit({ ...PROVENANCE, territory: true });
export const TRANSCRIBED_COLUMNS = columnsOf(TranscribedObservationRow);

/**
 * The row a load writes for an observation. Flags are sorted so that the same qualifiers in
 * another order compare equal to the latest vintage and add no revision. `statedTerritory` is the
 * catalog series link's, where the source says which territory its figures describe (territoryOf).
 */
export const loadedRow = (o: Observation, statedTerritory?: string): LoadedObservationRow => ({
  indicator_id: o.indicatorId,
  geo: o.geo,
  period: o.period,
  value: o.value,
  unit: o.unit,
  status: o.status,
  flags: [...o.flags].sort(),
  source_id: o.sourceId,
  series_code: o.seriesCode,
  note: o.note,
  citation_title: o.citation?.title ?? null,
  citation_publisher: o.citation?.publisher ?? null,
  citation_date: o.citation?.date ?? null,
  citation_url: o.citation?.url ?? null,
  citation_statement: o.citation?.statement ?? null,
  retrieved_at: o.provenance.retrievedAt,
  run_id: o.provenance.runId,
  raw_sha256: o.provenance.rawSha256,
  territory: territoryOf(o.geo, o.period, statedTerritory) as LoadedObservationRow["territory"],
});
