import type { Bilingual } from "../../schemas/common.ts";
import type { PolicyDocument } from "../../schemas/document.ts";
import { covers } from "../../schemas/geography/wards.ts";
import type { Indicator, SeriesLink } from "../../schemas/indicator.ts";
import type { ObservationRow } from "../../schemas/published.ts";
import type { Target } from "../../schemas/target.ts";
import { judgeTarget, type Judgement } from "./deadlines.ts";

/**
 * Every series that answers a target gets its own verdict; one of them decides the headline
 * status. Which one is the catalog's choice (`decidedBy`, with its reason), else the headline
 * series, else the first with figures. A national proxy never judges a city target.
 */
export interface SeriesVerdict {
  source: string;
  seriesCode: string;
  geo: string;
  label: Bilingual | null;
  judgement: Judgement;
  decides: boolean;
}

export interface TargetJudgement {
  progress: Judgement;
  judgedOn: { source: string; seriesCode: string; geo: string } | null;
  /** Why the deciding series decides: the catalog's line, or the default rule in words. */
  decidedBecause: Bilingual | null;
  verdicts: SeriesVerdict[];
  /** The series reach different statuses, now or on their trend: the page says so. */
  disagree: boolean;
  /** Where the target's words were read: the document itself or a press report of it. */
  readFrom: PolicyDocument["readFrom"] | null;
  /** The clause in words ("mục II.1: ..."), never an internal section id. */
  clause: Bilingual;
  /** A goal set for the whole country, shown as the national goal it is. */
  national: boolean;
}

type Series = SeriesLink & { observations: ObservationRow[] };

const HEADLINE_BECAUSE = { vi: "chuỗi chính của chỉ số", en: "the indicator's headline series" };
const ONLY_BECAUSE = { vi: "chuỗi duy nhất có số liệu", en: "the only series with figures" };

/** A legal clause ("II.1", "3.2") reads "mục II.1"; a part named only by its title reads as its title. */
export function clauseWords(target: Target, document: PolicyDocument | undefined): Bilingual {
  const id = target.document.clause;
  const title = document?.sections.find((s) => s.id === id)?.title;
  const numbered = /^([IVXLC]+|\d+)(\.[0-9A-Za-z]+)*$/.test(id);
  if (numbered) return title ? { vi: `mục ${id}: ${title.vi}`, en: `section ${id}: ${title.en}` } : { vi: `mục ${id}`, en: `section ${id}` };
  return title ?? { vi: id, en: id };
}

export function judgeAgainstSeries(indicator: Indicator, target: Target, series: Series[], documents: readonly PolicyDocument[], now: Date): TargetJudgement {
  const document = documents.find((d) => d.id === target.document.id);
  const firstYear = document ? Number(document.date.slice(0, 4)) + 1 : undefined;
  const here = series.filter((s) => s.geo === target.geo && !s.proxy && s.observations.length > 0);
  const d = indicator.decidedBy;
  // A deciding link for every ward decides each ward's target on that ward's series.
  const named = (s: { source: string; seriesCode: string; geo: string }) => d && s.source === d.source && s.seriesCode === d.seriesCode && covers(d.geo, s.geo);
  const chosen = (d && here.find(named)) ?? here.find((s) => s.headline) ?? here[0];
  const verdicts = here.map((s) => ({
    source: s.source,
    seriesCode: s.seriesCode,
    geo: s.geo,
    label: s.label ?? null,
    judgement: judgeTarget(target, s.observations, { now, ...(firstYear ? { firstYear } : {}) }),
    decides: s === chosen,
  }));
  const decided = verdicts.find((v) => v.decides);
  const decidedBecause = !chosen ? null : d && named(chosen) ? d.why : here.length === 1 ? ONLY_BECAUSE : HEADLINE_BECAUSE;
  const distinct = (xs: string[]) => new Set(xs).size > 1;
  return {
    progress: decided?.judgement ?? judgeTarget(target, [], { now }),
    judgedOn: chosen ? { source: chosen.source, seriesCode: chosen.seriesCode, geo: chosen.geo } : null,
    decidedBecause,
    verdicts,
    disagree: distinct(verdicts.map((v) => v.judgement.status)) || distinct(verdicts.map((v) => v.judgement.trend)),
    readFrom: document?.readFrom ?? null,
    clause: clauseWords(target, document),
    national: target.geo === "VN",
  };
}

/** A verdict as one line of the targets table: `source/series/geo=status`. */
export const verdictLine = (verdicts: SeriesVerdict[]) =>
  verdicts
    .map((v) => `${v.source}/${v.seriesCode}/${v.geo}=${v.judgement.status}${v.judgement.trend !== v.judgement.status ? ` (trend ${v.judgement.trend})` : ""}`)
    .join("; ");
