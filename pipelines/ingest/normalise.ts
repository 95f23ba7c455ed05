import type { Catalog } from "../../schemas/catalog.ts";
import type { Indicator, SeriesLink } from "../../schemas/indicator.ts";
import { Flag, Observation, Provenance as ProvenanceSchema, Status } from "../../schemas/observation.ts";
import { PERIOD_PATTERN as PERIOD, SLUG_PATTERN as SLUG, Unit, isGeoCode } from "../../schemas/common.ts";
import { coveredBy, levelOf } from "../../schemas/geography/wards.ts";
import { implausibility } from "../../schemas/plausible.ts";
import { beforeWardExisted } from "../../schemas/territory.ts";
import type { SourceRow } from "../../sources/define.ts";
import { fieldPath } from "../../sources/errors.ts";
import { SUBMISSION_SOURCE } from "../../sources/submission/source.ts";

export class ObservationError extends Error {
  override name = "ObservationError";
}

export interface Provenance {
  sourceId: string;
  runId: string;
  retrievedAt: string;
  rawSha256: string;
  /** Where the row came from, for error messages: a URL, a file, a snapshot. */
  origin: string;
}

/**
 * Turns a source's rows into observations and checks them against the catalog: the indicator
 * exists, the unit and geography are its own, and the catalog links this series to it.
 * `firstRow` is the number of the first row among its body's (for a body checked in parts).
 */
export function normalise(rows: SourceRow[], prov: Provenance, catalog: Catalog, firstRow = 1): Observation[] {
  const { indicators, linkOf } = catalogIndex(catalog);
  const shape = observationShape(prov);
  return rows.map((row, i) => {
    const where = `${prov.origin}: row ${firstRow + i} (${row.indicatorId} ${row.geo} ${row.period})`;
    const o = shape(row, where);
    const indicator = indicators.get(o.indicatorId);
    const fail = (rule: string) => new ObservationError(`[${prov.sourceId}] ${where}: ${rule}`);
    if (!indicator) throw fail(`indicator "${o.indicatorId}" is not in the catalog`);
    if (o.unit !== indicator.unit) throw fail(`unit "${o.unit}" differs from the indicator's unit "${indicator.unit}"`);
    // A department's submission is its own series, named by the submitting unit: `chiso validate`
    // has already checked the indicator takes submissions, so no catalog link is needed.
    const submitted = o.sourceId === SUBMISSION_SOURCE;
    const link = linkOf(o.indicatorId, o.sourceId, o.seriesCode, o.geo);
    if (!link && !submitted) throw fail(`series ${o.sourceId}/${o.seriesCode} for ${o.geo} is not linked to the indicator in the catalog`);
    // A wider geography enters only as a declared proxy; a ward enters where the indicator is
    // reported for every ward.
    if (!coveredBy(indicator.geographies, o.geo) && !link?.proxy)
      throw fail(`geography ${o.geo} is not one the indicator is reported at (${indicator.geographies.join(", ")}) nor a declared proxy`);
    // A ward code on a figure from before the ward existed, unless its source says the figure was
    // recomputed on the ward's boundary (its link states the territory).
    const early = beforeWardExisted(o.geo, o.period);
    if (early && !link?.territory) throw fail(early.en);
    // A national figure standing in for the city is always marked, whatever the source said.
    if (link?.proxy && !o.flags.includes("proxy")) o.flags.push("proxy");
    const implausible = implausibility(o, indicator);
    if (implausible) throw fail(implausible);
    return o;
  });
}

/** Indicators by id and series links by their four parts, built once per catalog. */
interface CatalogIndex {
  indicators: Map<string, Indicator>;
  linkOf: (indicatorId: string, sourceId: string, seriesCode: string, geo: string) => SeriesLink | undefined;
}

const indexes = new WeakMap<Catalog, CatalogIndex>();
const key = (indicatorId: string, sourceId: string, seriesCode: string, geo: string) => `${indicatorId}\u0000${sourceId}\u0000${seriesCode}\u0000${geo}`;

export function catalogIndex(catalog: Catalog): CatalogIndex {
  const known = indexes.get(catalog);
  if (known) return known;
  const indicators = new Map<string, Indicator>(catalog.indicators.map((i) => [i.id, i]));
  const links = new Map<string, SeriesLink>();
  for (const i of catalog.indicators)
    for (const s of i.series) {
      const k = key(i.id, s.source, s.seriesCode, s.geo);
      // The first link wins, as a search of the indicator's list would find it.
      if (!links.has(k)) links.set(k, s);
    }
  const index: CatalogIndex = {
    indicators,
    // A ward's own link first, then the series' link for every ward.
    linkOf: (indicatorId, sourceId, seriesCode, geo) =>
      links.get(key(indicatorId, sourceId, seriesCode, geo)) ?? links.get(key(indicatorId, sourceId, seriesCode, levelOf(geo))),
  };
  indexes.set(catalog, index);
  return index;
}

const UNITS = new Set<string>(Unit.options);
const STATUSES = new Set<string>(Status.options);
const FLAGS = new Set<string>(Flag.options);

/**
 * A row as an observation. The common row (no citation, every field as the schema wants it) is
 * checked by hand: the schema's rules, without its per-row cost. Any other row goes through the
 * `Observation` schema itself, which decides and words the message, so the two cannot disagree on
 * what is refused nor on how it is said.
 */
function observationShape(prov: Provenance): (row: SourceRow, where: string) => Observation {
  const provenance = { retrievedAt: prov.retrievedAt, runId: prov.runId, rawSha256: prov.rawSha256 };
  const trusted = ProvenanceSchema.safeParse(provenance).success && SLUG.test(prov.sourceId);
  const bySchema = (row: SourceRow, where: string): Observation => {
    const parsed = Observation.safeParse({ ...row, sourceId: prov.sourceId, provenance });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ObservationError(`[${prov.sourceId}] ${where}: field ${fieldPath(issue.path)}: ${issue.message}`);
    }
    return parsed.data;
  };
  return (row, where) => {
    if (!trusted || !plainRow(row)) return bySchema(row, where);
    return {
      indicatorId: row.indicatorId,
      geo: row.geo,
      period: row.period,
      value: row.value,
      unit: row.unit,
      status: row.status ?? "final",
      // A copy: the proxy flag is added to the observation, never to the source's row.
      flags: row.flags ? [...row.flags] : [],
      sourceId: prov.sourceId,
      seriesCode: row.seriesCode,
      note: row.note ?? "",
      provenance: { ...provenance },
    };
  };
}

/** Whether a row without a citation meets every rule of the observation schema. */
function plainRow(row: SourceRow): boolean {
  return (
    row.citation === undefined &&
    typeof row.indicatorId === "string" &&
    SLUG.test(row.indicatorId) &&
    typeof row.geo === "string" &&
    isGeoCode(row.geo) &&
    typeof row.period === "string" &&
    PERIOD.test(row.period) &&
    typeof row.value === "number" &&
    Number.isFinite(row.value) &&
    UNITS.has(row.unit) &&
    (row.status === undefined || STATUSES.has(row.status)) &&
    (row.flags === undefined || (Array.isArray(row.flags) && row.flags.every((f) => FLAGS.has(f)))) &&
    typeof row.seriesCode === "string" &&
    row.seriesCode.length > 0 &&
    (row.note === undefined || typeof row.note === "string")
  );
}
