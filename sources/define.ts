import { Source } from "../schemas/source.ts";
import type { Citation, Flag } from "../schemas/observation.ts";
import type { Unit } from "../schemas/common.ts";
import type { HttpClient, RawResponse } from "./http.ts";
import type { PagingLimits } from "./paging.ts";

/** One configured series of a source: its upstream code and the indicator it feeds. */
export interface SeriesSpec {
  code: string;
  indicator: string;
  geo: string;
  proxy?: boolean;
}

/** A figure as a source reads it, before chiso adds provenance. */
export interface SourceRow {
  indicatorId: string;
  geo: string;
  period: string;
  value: number;
  unit: Unit;
  status?: "final" | "provisional" | "estimate";
  flags?: Flag[];
  seriesCode: string;
  note?: string;
  citation?: Citation;
}

/** A raw body together with the series it was fetched for. */
export interface Fetched<S extends SeriesSpec = SeriesSpec> {
  response: RawResponse;
  series: S;
}

export interface FetchContext<S extends SeriesSpec = SeriesSpec> {
  http: HttpClient;
  log: (message: string) => void;
  /** The source's base URL (after any CHISO_<ID>_URL override, see pipelines/cli/config.ts) and configured series. */
  baseUrl: string;
  series: S[];
  /** Caps on following one series' pages, over DEFAULT_PAGING (sources/paging.ts). */
  paging?: Partial<PagingLimits>;
}

export interface SourceAdapter<S extends SeriesSpec = SeriesSpec> extends Source {
  series: S[];
  // Methods, not function-typed properties: a source of PX-Web series then fits in the list of
  // all sources (method parameters are compared bivariantly), and the registry needs no cast.
  /** Fetches every configured series; a 304 comes back as a response with status 304. */
  fetch(ctx: FetchContext<S>): Promise<Fetched<S>[]>;
  /** Pure: bytes in, rows out. Throws SourceShapeError naming the field when the shape drifted. */
  parse(body: Uint8Array, series: S, response: RawResponse): SourceRow[];
  /** The publisher's own page (or API request) for one series, shown beside its figures. */
  seriesLink?(series: S, baseUrl: string): string;
}

/** Validates a source's declaration at import time, so a typo fails loudly and early. */
export function defineSource<S extends SeriesSpec>(adapter: SourceAdapter<S>): SourceAdapter<S> {
  const { series, fetch, parse, seriesLink, ...meta } = adapter;
  const checked = Source.safeParse(meta);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new Error(`[${meta.id}] source declaration: ${issue.path.join(".")}: ${issue.message}`);
  }
  return { ...checked.data, series, fetch, parse, seriesLink };
}
