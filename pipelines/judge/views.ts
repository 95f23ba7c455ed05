import { type Bilingual, webUrlOrNull } from "../../schemas/common.ts";
import type { ObservationRow } from "../../schemas/published.ts";
import type { Catalog } from "../../schemas/catalog.ts";
import { EVERY_WARD, wardOf } from "../../schemas/geography/wards.ts";
import type { Indicator, SeriesLink } from "../../schemas/indicator.ts";
import type { Target } from "../../schemas/target.ts";
import { NOT_STATED, territoryOf } from "../../schemas/territory.ts";
import { HEALTH_BOOKS_PER_100, healthBookPairing } from "../../sources/derived.ts";
import { SUBMISSION_SOURCE } from "../../sources/submission/source.ts";
import type { Judgement } from "./deadlines.ts";
import { judgeAgainstSeries, type TargetJudgement } from "./verdicts.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";

/** One observation as the site and the downloads show it: the shared schema's published row. */
export type PublishedObservation = ObservationRow;

export interface TargetView extends Target, Omit<TargetJudgement, "progress"> {
  progress: Judgement;
}

/** Where a series changes territory: the chart draws a gap and a marker there, the trend starts after it. */
export interface SeriesBreak {
  period: string;
  from: string;
  to: string;
}

export interface SeriesView extends SeriesLink {
  observations: PublishedObservation[];
  breaks: SeriesBreak[];
}

export interface IndicatorPage {
  indicator: Indicator;
  targets: TargetView[];
  series: SeriesView[];
  headline: PublishedObservation | null;
  /** Figures chiso will not compute, each with the reason (a ratio across two territories). */
  withheld: { period: string; reason: Bilingual }[];
}

export async function latestObservations(warehouse: Warehouse): Promise<PublishedObservation[]> {
  const rows = await warehouse.query<PublishedObservation & { retrieved_at: Date; vintage: number | bigint }>(
    `select * exclude (loaded_at) from observations_latest order by indicator_id, geo, source_id, series_code, period`,
  );
  const latest = rows.map((r) => ({
    ...r,
    retrieved_at: new Date(r.retrieved_at).toISOString(),
    vintage: Number(r.vintage),
    // A link loaded before links were checked at the boundary is dropped, never published.
    citation_url: webUrlOrNull(r.citation_url),
    territory: (r.territory ?? territoryOf(r.geo, r.period)) as PublishedObservation["territory"],
  }));
  // A ratio a warehouse computed before chiso checked territories stays its latest vintage: it is not published.
  const refused = new Set(withheldFigures(HEALTH_BOOKS_PER_100, latest).map((w) => w.period));
  return latest.filter((o) => !(o.indicator_id === HEALTH_BOOKS_PER_100 && o.source_id === "derived" && refused.has(o.period)));
}

/**
 * A series' figures with the territory each describes: the catalog's stated territory settles a
 * period that straddles a change; where the territory changes, the first figure after the change
 * carries `break-in-series` and the change is listed.
 */
function withTerritories(link: SeriesLink, rows: PublishedObservation[]): { observations: PublishedObservation[]; breaks: SeriesBreak[] } {
  const breaks: SeriesBreak[] = [];
  let previous: string | undefined;
  const observations = rows.map((o) => {
    const stored = o.territory ?? NOT_STATED;
    const territory = (stored === NOT_STATED && link.territory ? territoryOf(o.geo, o.period, link.territory) : stored) as PublishedObservation["territory"];
    const crossed = previous !== undefined && territory !== previous;
    if (crossed) breaks.push({ period: o.period, from: previous!, to: territory });
    previous = territory;
    const flags = crossed && !o.flags.includes("break-in-series") ? [...o.flags, "break-in-series" as const] : o.flags;
    return { ...o, territory, flags };
  });
  return { observations, breaks };
}

/** The health-book ratio is withheld where count and population describe different territories. */
function withheldFigures(indicatorId: string, observations: PublishedObservation[]): IndicatorPage["withheld"] {
  if (indicatorId !== HEALTH_BOOKS_PER_100) return [];
  const of = (id: string) => observations.filter((o) => o.indicator_id === id && o.geo === "VN-SG" && !o.flags.includes("proxy"));
  return healthBookPairing(of("electronic-health-books"), of("average-population")).refused.map((r) => ({ period: r.books.period, reason: r.reason }));
}

/**
 * A link for every ward is one series per ward that has figures, each shown and judged as a link of
 * its own would be (a ward that also has its own link keeps to that one); with no ward
 * figure yet it stays one empty series, which says why.
 */
function perGeography(indicator: Indicator, link: SeriesLink, byKey: Map<string, PublishedObservation[]>): SeriesLink[] {
  if (link.geo !== EVERY_WARD) return [link];
  const prefix = `${indicator.id}|${link.source}|${link.seriesCode}|`;
  const own = new Set(indicator.series.filter((s) => s.source === link.source && s.seriesCode === link.seriesCode).map((s) => s.geo));
  const wards = [...byKey.keys()]
    .filter((k) => k.startsWith(prefix))
    .map((k) => k.slice(prefix.length))
    .filter((geo) => wardOf(geo) && !own.has(geo));
  return wards.length ? wards.sort().map((geo) => ({ ...link, geo })) : [link];
}

/**
 * A department's submissions are series the catalog does not list: one per submitting unit and
 * geography, named and credited by the unit (sources/submission/source.ts).
 */
function submittedSeries(indicatorId: string, byKey: Map<string, PublishedObservation[]>): SeriesView[] {
  const out: SeriesView[] = [];
  for (const [key, rows] of byKey) {
    const [id, source, unit, geo] = key.split("|");
    if (id !== indicatorId || source !== SUBMISSION_SOURCE || !unit || !geo) continue;
    const link: SeriesLink = {
      source,
      seriesCode: unit,
      geo,
      proxy: false,
      headline: false,
      publisher: unit,
      label: { vi: `Số liệu do ${unit} gửi`, en: `Submitted by ${unit}` },
    };
    out.push({ ...link, ...withTerritories(link, rows) });
  }
  return out;
}

/**
 * The pages' data, judged at `now` (the publish time): a target whose deadline year has ended is
 * judged on the figure for its deadline period.
 */
export function indicatorPages(catalog: Catalog, observations: PublishedObservation[], now: Date = new Date()): IndicatorPage[] {
  const byKey = new Map<string, PublishedObservation[]>();
  for (const o of observations) {
    const key = `${o.indicator_id}|${o.source_id}|${o.series_code}|${o.geo}`;
    (byKey.get(key) ?? byKey.set(key, []).get(key)!).push(o);
  }
  return catalog.indicators.map((indicator) => {
    const withheld = withheldFigures(indicator.id, observations);
    const refused = new Set(withheld.map((w) => w.period));
    const series: SeriesView[] = indicator.series.flatMap((catalogLink) =>
      perGeography(indicator, catalogLink, byKey).map((link) => {
        // A ratio computed before chiso checked territories stays in old warehouses: it is not shown.
        const rows = (byKey.get(`${indicator.id}|${link.source}|${link.seriesCode}|${link.geo}`) ?? []).filter(
          (o) => !(link.source === "derived" && refused.has(o.period)),
        );
        return { ...link, ...withTerritories(link, rows) };
      }),
    );
    series.push(...submittedSeries(indicator.id, byKey));
    const targets = catalog.targets
      .filter((t) => t.indicatorId === indicator.id)
      .map((t) => ({ ...t, ...judgeAgainstSeries(indicator, t, series, catalog.documents, now) }));
    // Headline: the marked series, else the first with data; its most recent period.
    const withData = series.filter((s) => s.observations.length);
    const headlineSeries = withData.find((s) => s.headline) ?? withData[0];
    const headline = headlineSeries?.observations.at(-1) ?? null;
    return { indicator, targets, series, headline, withheld };
  });
}

/** The home page's list: one line per indicator with its headline figure and its targets' status. */
export function indicatorSummaries(pages: IndicatorPage[]) {
  return pages.map(({ indicator, targets, headline, series }) => ({
    id: indicator.id,
    name: indicator.name,
    domain: indicator.domain,
    unit: indicator.unit,
    direction: indicator.direction,
    dataGap: indicator.dataGap ?? null,
    hasData: series.some((s) => s.observations.length > 0),
    headline,
    targets: targets.map((t) => ({
      id: t.id,
      comparator: t.comparator,
      value: t.value,
      deadline: t.deadline,
      geo: t.geo,
      document: t.document,
      status: t.progress.status,
      projectedYear: t.progress.projectedYear ?? null,
      national: t.national,
      disagree: t.disagree,
      verdicts: t.verdicts.map((v) => ({ seriesCode: v.seriesCode, label: v.label, status: v.judgement.status, decides: v.decides })),
      latest: t.progress.latest ?? null,
    })),
  }));
}

/**
 * Progress by plan: document > section > target, each target with its indicator, status and
 * latest figure, and a tally of statuses per section and per document.
 */
export function planProgress(catalog: Catalog, pages: IndicatorPage[]) {
  const tally = (statuses: string[]) => Object.fromEntries([...new Set(statuses)].sort().map((s) => [s, statuses.filter((x) => x === s).length]));
  const targetViews = pages.flatMap((p) => p.targets.map((t) => ({ page: p, t })));
  return catalog.documents.map((doc) => {
    const sections = doc.sections.map((section) => {
      const targets = targetViews
        .filter(({ t }) => t.document.id === doc.id && t.document.clause === section.id)
        .map(({ page, t }) => ({
          id: t.id,
          indicatorId: page.indicator.id,
          indicatorName: page.indicator.name,
          unit: page.indicator.unit,
          wording: t.wording,
          comparator: t.comparator,
          value: t.value,
          deadline: t.deadline,
          geo: t.geo,
          status: t.progress.status,
          projectedYear: t.progress.projectedYear ?? null,
          latest: t.progress.latest ?? null,
          deadlineFigure: t.progress.deadlineFigure,
          readFrom: t.readFrom,
          clause: t.clause,
          national: t.national,
          disagree: t.disagree,
          judgedOn: t.judgedOn,
          verdicts: t.verdicts.map((v) => ({ seriesCode: v.seriesCode, label: v.label, status: v.judgement.status, decides: v.decides })),
        }));
      return { id: section.id, title: section.title, targets, tally: tally(targets.map((t) => t.status)) };
    });
    const all = sections.flatMap((s) => s.targets);
    return {
      id: doc.id,
      number: doc.number,
      title: doc.title,
      date: doc.date,
      readFrom: doc.readFrom,
      url: doc.url ?? null,
      sections,
      targets: all.length,
      tally: tally(all.map((t) => t.status)),
    };
  });
}
