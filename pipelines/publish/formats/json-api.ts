import { webUrlOrNull } from "../../../schemas/common.ts";
import { SOURCES } from "../../../sources/index.ts";
import { SUBMISSION_SOURCE } from "../../../sources/submission/source.ts";
import type { SourceCalendar } from "../../judge/calendar.ts";
import type { IndicatorPage } from "../../judge/views.ts";
import { CHISO_LICENCE, type PublishContext, indicatorFiles, url } from "../context.ts";

function seriesLinkFor(source: string, seriesCode: string, geo: string): string | null {
  const adapter = SOURCES.find((s) => s.id === source);
  const spec = adapter?.series.find((s) => s.code === seriesCode && s.geo === geo);
  return adapter && spec && adapter.seriesLink ? adapter.seriesLink(spec, adapter.baseUrl) : null;
}

/**
 * Who published an indicator's figures first, and the outlets that carried second-hand ones. A
 * report series names its original publisher in the catalog; without one, the outlet it was read
 * in is all we know, and it is named as the publisher.
 */
function publishersOf(page: IndicatorPage, calendars: Map<string, SourceCalendar>): { original: string[]; reportedBy: string[] } {
  const original = new Set<string>();
  const reportedBy = new Set<string>();
  for (const s of page.series) {
    if (!s.observations.length || s.source === "derived") continue;
    // A submitted figure is credited to the unit that sent it, not to "the departments".
    if (s.source === SUBMISSION_SOURCE) original.add(s.publisher ?? s.seriesCode);
    else if (s.source !== "report") original.add(calendars.get(s.source)?.publisher ?? s.source);
    else if (s.publisher) {
      original.add(s.publisher);
      for (const o of s.observations) if (o.citation_publisher && o.citation_publisher !== "press report") reportedBy.add(o.citation_publisher);
    } else for (const o of s.observations) original.add(o.citation_publisher ?? "chiso");
  }
  return { original: [...original].sort(), reportedBy: [...reportedBy].sort() };
}

/** APA-like: publishers (year). Title [Data set]. chiso, release date. URL. */
export function suggestedCitation(page: IndicatorPage, ctx: PublishContext) {
  const { original, reportedBy } = publishersOf(page, ctx.calendars);
  const year = ctx.release.slice(0, 4);
  const who = original.length ? original.join("; ") : "chiso";
  const via = reportedBy.length ? { en: ` As reported by ${reportedBy.join(", ")}.`, vi: ` Theo đưa tin của ${reportedBy.join(", ")}.` } : { en: "", vi: "" };
  const link = url(ctx, indicatorFiles(page.indicator.id).page);
  const english = url(ctx, `en/${indicatorFiles(page.indicator.id).page}`);
  const archive = url(ctx, `data/releases/${ctx.release}/`);
  // When chiso read the figures from their sources: the access date a citation of web data gives.
  const retrieved = page.series.flatMap((s) => s.observations.map((o) => o.retrieved_at.slice(0, 10))).sort();
  const span = retrieved.length ? (retrieved[0] === retrieved.at(-1) ? retrieved[0]! : `${retrieved[0]} – ${retrieved.at(-1)}`) : null;
  const when = span ? { en: ` Retrieved from the sources ${span}.`, vi: ` Thu thập từ nguồn ngày ${span}.` } : { en: "", vi: "" };
  return {
    en: `${who} (${year}). ${page.indicator.name.en} [Data set].${via.en} Compiled by chiso, release ${ctx.release}.${when.en} ${english} (figures as released: ${archive})`,
    vi: `${who} (${year}). ${page.indicator.name.vi} [Bộ dữ liệu].${via.vi} chiso tổng hợp, bản phát hành ${ctx.release}.${when.vi} ${link} (số liệu theo bản phát hành: ${archive})`,
  };
}

/** One indicator as the static JSON API gives it: /data/indicators/<id>.json. */
export function indicatorRecord(page: IndicatorPage, ctx: PublishContext) {
  const { indicator } = page;
  const periods = page.series.flatMap((s) => s.observations.map((o) => o.period)).sort();
  const withData = page.series.filter((s) => s.observations.length);
  // The release calendar follows the headline series' source, else the first linked source.
  const calendarSource = (withData.find((s) => s.headline) ?? withData[0] ?? page.series[0])?.source;
  const calendar = calendarSource ? (ctx.calendars.get(calendarSource) ?? null) : null;
  const files = indicatorFiles(indicator.id);
  return {
    id: indicator.id,
    name: indicator.name,
    definition: indicator.definition,
    unit: indicator.unit,
    domain: indicator.domain,
    direction: indicator.direction,
    periodicity: indicator.periodicity,
    geographies: indicator.geographies,
    formula: indicator.formula ?? null,
    dataGap: indicator.dataGap ?? null,
    latest: page.headline,
    temporal: periods.length ? { start: periods[0]!, end: periods.at(-1)! } : null,
    targets: page.targets.map((t) => ({
      id: t.id,
      geo: t.geo,
      comparator: t.comparator,
      value: t.value,
      deadline: t.deadline,
      document: t.document,
      wording: t.wording,
      status: t.progress.status,
      projectedYear: t.progress.projectedYear ?? null,
      judgedOn: t.judgedOn,
      rule: t.rule,
      readFrom: t.readFrom,
      clause: t.clause,
      national: t.national,
      deadlinePassed: t.progress.deadlinePassed,
      deadlineFigure: t.progress.deadlineFigure,
      latestFigure: t.progress.latest ?? null,
      decidedBecause: t.decidedBecause,
      disagree: t.disagree,
      verdicts: t.verdicts.map((v) => ({
        source: v.source,
        seriesCode: v.seriesCode,
        geo: v.geo,
        label: v.label,
        status: v.judgement.status,
        trend: v.judgement.trend,
        decides: v.decides,
      })),
    })),
    series: page.series.map((s) => {
      const source = ctx.calendars.get(s.source);
      return {
        source: s.source,
        seriesCode: s.seriesCode,
        geo: s.geo,
        proxy: s.proxy,
        headline: s.headline,
        label: s.label ?? null,
        publisher: s.publisher ?? source?.publisher ?? null,
        licence: source?.licence ?? null,
        link: webUrlOrNull(seriesLinkFor(s.source, s.seriesCode, s.geo) ?? s.observations.find((o) => o.citation_url)?.citation_url ?? source?.homepage),
        observations: s.observations.length,
        latestPeriod: s.observations.at(-1)?.period ?? null,
        // An empty series says why: the last run of its source (skipped offline, failed, or ran without a figure for it).
        emptyBecause: s.observations.length ? null : (source?.lastRun ?? { status: "never-run", message: "", failureKind: null }),
        territory: s.territory ?? null,
        breaks: s.breaks,
      };
    }),
    licence: {
      chiso: CHISO_LICENCE,
      sources: [...new Set(page.series.map((s) => s.source))].map((id) => ({
        source: id,
        publisher: ctx.calendars.get(id)?.publisher ?? id,
        licence: ctx.calendars.get(id)?.licence ?? null,
      })),
    },
    citation: suggestedCitation(page, ctx),
    updates: calendar
      ? // When the source last answered and is next due changes with every run: that lives in
        // data/status.json, so this record changes only when the figures do.
        { source: calendar.id, schedule: calendar.schedule, status: url(ctx, "data/status.json") }
      : null,
    release: ctx.release,
    links: Object.fromEntries(Object.entries(files).map(([k, v]) => [k, url(ctx, v)])),
  };
}
export type IndicatorRecord = ReturnType<typeof indicatorRecord>;
