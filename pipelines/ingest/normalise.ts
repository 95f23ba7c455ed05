import type { Catalog } from "../../schemas/catalog.ts";
import type { Indicator } from "../../schemas/indicator.ts";
import { Observation } from "../../schemas/observation.ts";
import { implausibility } from "../../schemas/plausible.ts";
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
 */
export function normalise(rows: SourceRow[], prov: Provenance, catalog: Catalog): Observation[] {
  const indicators = new Map<string, Indicator>(catalog.indicators.map((i) => [i.id, i]));
  return rows.map((row, i) => {
    const where = `${prov.origin}: row ${i + 1} (${row.indicatorId} ${row.geo} ${row.period})`;
    const parsed = Observation.safeParse({
      ...row,
      sourceId: prov.sourceId,
      provenance: { retrievedAt: prov.retrievedAt, runId: prov.runId, rawSha256: prov.rawSha256 },
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ObservationError(`[${prov.sourceId}] ${where}: field ${fieldPath(issue.path)}: ${issue.message}`);
    }
    const o = parsed.data;
    const indicator = indicators.get(o.indicatorId);
    const fail = (rule: string) => new ObservationError(`[${prov.sourceId}] ${where}: ${rule}`);
    if (!indicator) throw fail(`indicator "${o.indicatorId}" is not in the catalog`);
    if (o.unit !== indicator.unit) throw fail(`unit "${o.unit}" differs from the indicator's unit "${indicator.unit}"`);
    // A department's submission is its own series, named by the submitting unit: `chiso validate`
    // has already checked the indicator takes submissions, so no catalog link is needed.
    const submitted = o.sourceId === SUBMISSION_SOURCE;
    const link = indicator.series.find((s) => s.source === o.sourceId && s.seriesCode === o.seriesCode && s.geo === o.geo);
    if (!link && !submitted) throw fail(`series ${o.sourceId}/${o.seriesCode} for ${o.geo} is not linked to the indicator in the catalog`);
    // A wider geography enters only as a declared proxy.
    if (!indicator.geographies.includes(o.geo) && !link?.proxy)
      throw fail(`geography ${o.geo} is not one the indicator is reported at (${indicator.geographies.join(", ")}) nor a declared proxy`);
    // A national figure standing in for the city is always marked, whatever the source said.
    if (link?.proxy && !o.flags.includes("proxy")) o.flags.push("proxy");
    const implausible = implausibility(o, indicator);
    if (implausible) throw fail(implausible);
    return o;
  });
}
