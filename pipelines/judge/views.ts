import type { ObservationRow } from "../../schemas/published.ts";
import type { Catalog } from "../../schemas/catalog.ts";
import type { Indicator, SeriesLink } from "../../schemas/indicator.ts";
import type { Target } from "../../schemas/target.ts";
import { assessTarget, type Progress } from "./progress.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";

/** One observation as the site and the downloads show it: the shared schema's published row. */
export type PublishedObservation = ObservationRow;

export interface TargetView extends Target {
  progress: Progress;
  /** Which series the status was judged on. */
  judgedOn: { source: string; seriesCode: string; geo: string } | null;
}

export interface SeriesView extends SeriesLink {
  observations: PublishedObservation[];
}

export interface IndicatorPage {
  indicator: Indicator;
  targets: TargetView[];
  series: SeriesView[];
  headline: PublishedObservation | null;
}

export async function latestObservations(warehouse: Warehouse): Promise<PublishedObservation[]> {
  const rows = await warehouse.query<PublishedObservation & { retrieved_at: Date; vintage: number | bigint }>(
    `select * exclude (loaded_at) from observations_latest order by indicator_id, geo, source_id, series_code, period`,
  );
  return rows.map((r) => ({ ...r, retrieved_at: new Date(r.retrieved_at).toISOString(), vintage: Number(r.vintage) }));
}

/** The series a target is judged on: the headline series at the target's geography, else the first one there with data. */
function seriesForTarget(target: Target, series: SeriesView[]): SeriesView | undefined {
  const here = series.filter((s) => s.geo === target.geo && !s.proxy && s.observations.length > 0);
  return here.find((s) => s.headline) ?? here[0];
}

export function indicatorPages(catalog: Catalog, observations: PublishedObservation[]): IndicatorPage[] {
  const byKey = new Map<string, PublishedObservation[]>();
  for (const o of observations) {
    const key = `${o.indicator_id}|${o.source_id}|${o.series_code}|${o.geo}`;
    (byKey.get(key) ?? byKey.set(key, []).get(key)!).push(o);
  }
  return catalog.indicators.map((indicator) => {
    const series: SeriesView[] = indicator.series.map((link) => ({
      ...link,
      observations: byKey.get(`${indicator.id}|${link.source}|${link.seriesCode}|${link.geo}`) ?? [],
    }));
    const targets = catalog.targets
      .filter((t) => t.indicatorId === indicator.id)
      .map((t) => {
        const judged = seriesForTarget(t, series);
        return {
          ...t,
          progress: assessTarget(t, judged?.observations ?? []),
          judgedOn: judged ? { source: judged.source, seriesCode: judged.seriesCode, geo: judged.geo } : null,
        };
      });
    // Headline: the marked series, else the first with data; its most recent period.
    const withData = series.filter((s) => s.observations.length);
    const headlineSeries = withData.find((s) => s.headline) ?? withData[0];
    const headline = headlineSeries?.observations.at(-1) ?? null;
    return { indicator, targets, series, headline };
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
        }));
      return { id: section.id, title: section.title, targets, tally: tally(targets.map((t) => t.status)) };
    });
    const all = sections.flatMap((s) => s.targets);
    return { id: doc.id, number: doc.number, title: doc.title, date: doc.date, readFrom: doc.readFrom, url: doc.url ?? null, sections, targets: all.length, tally: tally(all.map((t) => t.status)) };
  });
}
