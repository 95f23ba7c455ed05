import type { Catalog } from "../../schemas/catalog.ts";
import type { Source } from "../../schemas/source.ts";

/** The run log and the catalog as warehouse rows: pure mappers, one per table. */

export interface RunRecord {
  runId: string;
  sourceId: string;
  startedAt: string;
  finishedAt: string;
  status: "ok" | "unchanged" | "failed" | "skipped";
  offline: boolean;
  bodies: number;
  rowsRead: number;
  rowsAdded: number;
  message: string;
  /** Why a failed run failed, so `chiso status` can tell "upstream down" from "the parser needs fixing". */
  failureKind?: FailureKind;
  httpStatus?: number;
}

/** upstream: unreachable or said no; shape: the body is not what the parser relies on; validation: a figure broke a catalog rule; load: the warehouse refused it. */
export const FAILURE_KINDS = ["upstream", "shape", "validation", "load"] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export interface RetrievalRecord {
  runId: string;
  sourceId: string;
  url: string;
  method: string;
  status: number;
  rawSha256: string | null;
  bytes: number;
  headers: Record<string, string>;
  retrievedAt: string;
  snapshot?: string;
}

export const runRow = (run: RunRecord) => ({
  run_id: run.runId,
  source_id: run.sourceId,
  started_at: run.startedAt,
  finished_at: run.finishedAt,
  status: run.status,
  offline: run.offline,
  bodies: run.bodies,
  rows_read: run.rowsRead,
  rows_added: run.rowsAdded,
  message: run.message,
  failure_kind: run.failureKind ?? null,
  http_status: run.httpStatus ?? null,
});

export const retrievalRow = (r: RetrievalRecord) => ({
  run_id: r.runId,
  source_id: r.sourceId,
  url: r.url,
  method: r.method,
  status: r.status,
  raw_sha256: r.rawSha256,
  bytes: r.bytes,
  headers: JSON.stringify(r.headers),
  retrieved_at: r.retrievedAt,
  snapshot: r.snapshot ?? null,
});

/** The catalog tables' rows; nested parts (series, milestones, sections) travel as JSON. */
export const catalogRows = (catalog: Catalog, sources: readonly Source[]) => ({
  indicators: catalog.indicators.map((i) => ({
    id: i.id,
    name_vi: i.name.vi,
    name_en: i.name.en,
    definition_vi: i.definition.vi,
    definition_en: i.definition.en,
    unit: i.unit,
    domain: i.domain,
    direction: i.direction,
    geographies: i.geographies,
    periodicity: i.periodicity,
    formula_vi: i.formula?.vi ?? null,
    formula_en: i.formula?.en ?? null,
    data_gap_vi: i.dataGap?.vi ?? null,
    data_gap_en: i.dataGap?.en ?? null,
    series: JSON.stringify(i.series),
  })),
  targets: catalog.targets.map((t) => ({
    id: t.id,
    indicator_id: t.indicatorId,
    geo: t.geo,
    comparator: t.comparator,
    value: t.value,
    deadline: t.deadline,
    document_id: t.document.id,
    document_number: t.document.number,
    document_date: t.document.date,
    clause: t.document.clause,
    seed: t.document.seed,
    wording_vi: t.wording.vi,
    wording_en: t.wording.en,
    milestones: JSON.stringify(t.milestones),
  })),
  documents: catalog.documents.map((d) => ({
    id: d.id,
    number: d.number,
    title_vi: d.title.vi,
    title_en: d.title.en,
    issuer: d.issuer,
    date: d.date,
    seed: d.seed,
    read_from: d.readFrom,
    url: d.url ?? null,
    sections: JSON.stringify(d.sections),
  })),
  sources: sources.map((s) => ({
    id: s.id,
    publisher: s.publisher,
    kind: s.kind,
    base_url: s.baseUrl,
    licence: s.licence,
    schedule: s.schedule,
    homepage: s.homepage ?? null,
  })),
});
