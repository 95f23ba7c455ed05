import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Catalog } from "../../schemas/catalog.ts";
import { columnsOf, sqlColumns } from "../../schemas/columns.ts";
import { ObservationHistoryRow, ObservationRow, TargetRow } from "../../schemas/published.ts";
import { BOM, toCsv } from "./formats/csv.ts";
import { type PublishContext, TITLE, indicatorFiles } from "./context.ts";
import { type BulkFile, dataPackage } from "./formats/datapackage.ts";
import { dcatCatalog } from "./formats/dcat.ts";
import type { IndicatorRecord } from "./formats/json-api.ts";
import { jsonSchemas } from "./formats/json-schema.ts";
import { bundleReadme } from "./formats/readme.ts";
import { sha256, writeAtomic } from "../files.ts";
import type { IndicatorPage, PublishedObservation } from "../judge/views.ts";
import { verdictLine } from "../judge/verdicts.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";

/** Columns of the observation downloads, in the shared schema's order. */
export const OBSERVATION_COLUMNS = columnsOf(ObservationRow);
export const HISTORY_COLUMNS = columnsOf(ObservationHistoryRow);
export const TARGET_COLUMNS = columnsOf(TargetRow);

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;
const json = (value: unknown) => JSON.stringify(value, null, 1);

/** DuckDB writes Parquet itself (zstd) to a temporary name that is renamed on success. */
export async function writeParquet(warehouse: Warehouse, select: string, path: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await warehouse.db.run(`copy (${select}) to ${sqlString(tmp)} (format parquet, compression zstd)`);
  renameSync(tmp, path);
}

/** The targets as a table, each with the status judged from the figures. */
export function targetRows(pages: IndicatorPage[]): TargetRow[] {
  return pages.flatMap(({ indicator, targets }) =>
    targets.map((t) => ({
      target_id: t.id,
      indicator_id: indicator.id,
      geo: t.geo,
      comparator: t.comparator,
      value: t.value,
      unit: indicator.unit,
      deadline: t.deadline,
      document_id: t.document.id,
      document_number: t.document.number,
      document_date: t.document.date,
      section: t.document.clause,
      wording_vi: t.wording.vi,
      wording_en: t.wording.en,
      status: t.progress.status,
      projected_year: t.progress.projectedYear ?? null,
      latest_period: t.progress.latest?.period ?? null,
      latest_value: t.progress.latest?.value ?? null,
      rule: t.rule,
      read_from: t.readFrom ?? "document",
      clause_vi: t.clause.vi,
      clause_en: t.clause.en,
      judged_on: t.judgedOn ? `${t.judgedOn.source}/${t.judgedOn.seriesCode}/${t.judgedOn.geo}` : null,
      decided_because_en: t.decidedBecause?.en ?? null,
      deadline_period: t.progress.deadlineFigure?.period ?? null,
      deadline_value: t.progress.deadlineFigure?.value ?? null,
      verdicts: verdictLine(t.verdicts),
      series_agreement: t.verdicts.length === 0 ? "none" : t.verdicts.length === 1 ? "single" : t.disagree ? "disagree" : "agree",
    })),
  );
}

/** DuckDB's reading of the targets' JSON lines, typed as the published schema says, so Parquet keeps integers integers. */
const TARGET_READ_COLUMNS = `{${sqlColumns(TargetRow)
  .map((c) => `${c.name}: '${c.type}'`)
  .join(", ")}}`;

async function writeTargetsParquet(warehouse: Warehouse, rows: TargetRow[], path: string): Promise<void> {
  const ndjson = `${path}.${process.pid}.ndjson`;
  writeFileSync(ndjson, rows.map((r) => JSON.stringify(r)).join("\n"));
  try {
    await writeParquet(warehouse, `select * from read_json(${sqlString(ndjson)}, format = 'newline_delimited', columns = ${TARGET_READ_COLUMNS})`, path);
  } finally {
    rmSync(ndjson, { force: true });
  }
}

export async function historyRows(warehouse: Warehouse): Promise<ObservationHistoryRow[]> {
  const rows = await warehouse.query<
    Omit<ObservationHistoryRow, "retrieved_at" | "loaded_at" | "vintage"> & { retrieved_at: Date; loaded_at: Date; vintage: number | bigint }
  >(`select ${HISTORY_COLUMNS.join(", ")} from observations order by indicator_id, geo, source_id, series_code, period, vintage`);
  return rows.map((r) => ({
    ...r,
    retrieved_at: new Date(r.retrieved_at).toISOString(),
    loaded_at: new Date(r.loaded_at).toISOString(),
    vintage: Number(r.vintage),
  }));
}

const groupBy = <T>(rows: T[], key: (r: T) => string) => {
  const out = new Map<string, T[]>();
  for (const r of rows) (out.get(key(r)) ?? out.set(key(r), []).get(key(r))!).push(r);
  return out;
};

export interface Downloads {
  /** Every file written, relative to the data folder. */
  files: string[];
  /** The bulk bundle's files: the ones a release keeps. */
  bulk: string[];
  /** The bulk data files with their titles, sizes and checksums. */
  described: BulkFile[];
}

/**
 * The downloads under dist/data/: the bulk bundle (latest values, every vintage and the targets
 * as Parquet, CSV and JSON; the catalog as JSON; datapackage.json, catalog.json, JSON Schemas and
 * a README), and one bundle per indicator under indicators/<id>/ with its JSON record beside it.
 */
export async function writeDownloads(opts: {
  warehouse: Warehouse;
  catalog: Catalog;
  pages: IndicatorPage[];
  latest: PublishedObservation[];
  records: IndicatorRecord[];
  targets: TargetRow[];
  /** The bulk CSVs of `latest` and `targets`, already written as text. */
  csv: { observations: string; targets: string };
  ctx: PublishContext;
  dataOut: string;
}): Promise<Downloads> {
  const { warehouse, dataOut, ctx } = opts;
  mkdirSync(join(dataOut, "indicators"), { recursive: true });
  mkdirSync(join(dataOut, "schema"), { recursive: true });
  const files: string[] = [];
  const described: BulkFile[] = [];
  const put = (rel: string, contents: string | Uint8Array) => {
    writeAtomic(join(dataOut, rel), contents);
    files.push(rel);
  };
  const describe = (rel: string, kind: BulkFile["kind"], format: BulkFile["format"], title: string): BulkFile => {
    const bytes = readFileSync(join(dataOut, rel));
    if (!files.includes(rel)) files.push(rel);
    return { path: `data/${rel}`, kind, format, title, bytes: bytes.byteLength, sha256: sha256(bytes) };
  };
  /**
   * The files a Data Package lists: the CSVs as plain UTF-8 copies under utf8/ (the Frictionless
   * libraries take a byte-order mark for part of the first column's name, and the JavaScript one
   * knows no "utf-8-sig"); the Excel-friendly CSVs beside them keep theirs.
   */
  const packaged = (own: BulkFile[]): BulkFile[] =>
    own.map((f) => {
      if (f.format !== "csv") return f;
      const rel = f.path.replace(/^data\//, "");
      const copy = join(dirname(rel), "utf8", rel.split("/").at(-1)!);
      mkdirSync(join(dataOut, dirname(copy)), { recursive: true });
      const text = readFileSync(join(dataOut, rel), "utf8");
      put(copy, text.startsWith(BOM) ? text.slice(BOM.length) : text);
      return describe(copy, f.kind, f.format, `${f.title}, plain UTF-8 without a byte-order mark`);
    });

  const history = await historyRows(warehouse);
  const latestOrder = "order by indicator_id, geo, source_id, series_code, period";
  const historyOrder = "order by indicator_id, geo, source_id, series_code, period, vintage";

  // The bulk bundle.
  await writeParquet(warehouse, `select ${OBSERVATION_COLUMNS.join(", ")} from observations_latest ${latestOrder}`, join(dataOut, "observations.parquet"));
  put("observations.csv", opts.csv.observations);
  put("observations.json", json(opts.latest));
  await writeParquet(warehouse, `select ${HISTORY_COLUMNS.join(", ")} from observations ${historyOrder}`, join(dataOut, "observations_history.parquet"));
  put("observations_history.csv", toCsv(history, HISTORY_COLUMNS));
  await writeTargetsParquet(warehouse, opts.targets, join(dataOut, "targets.parquet"));
  put("targets.csv", opts.csv.targets);
  put("targets.json", json(opts.targets));
  described.push(
    describe("observations.parquet", "observations", "parquet", "Latest values, every indicator (Parquet)"),
    describe("observations.csv", "observations", "csv", "Latest values, every indicator (CSV)"),
    describe("observations.json", "observations", "json", "Latest values, every indicator (JSON)"),
    describe("observations_history.parquet", "history", "parquet", "Every vintage, every indicator (Parquet)"),
    describe("observations_history.csv", "history", "csv", "Every vintage, every indicator (CSV)"),
    describe("targets.parquet", "targets", "parquet", "Targets with status and projected year (Parquet)"),
    describe("targets.csv", "targets", "csv", "Targets with status and projected year (CSV)"),
    describe("targets.json", "targets", "json", "Targets with status and projected year (JSON)"),
  );

  // One bundle per indicator, even without figures: its targets and metadata are data too.
  const latestBy = groupBy(opts.latest, (o) => o.indicator_id);
  const historyBy = groupBy(history, (o) => o.indicator_id);
  const targetsBy = groupBy(opts.targets, (t) => t.indicator_id);
  const sources = [...ctx.calendars.values()];
  for (const record of opts.records) {
    const id = record.id;
    const paths = indicatorFiles(id);
    const rel = (p: string) => p.replace(/^data\//, "");
    mkdirSync(join(dataOut, "indicators", id), { recursive: true });
    const where = `where indicator_id = ${sqlString(id)}`;
    await writeParquet(
      warehouse,
      `select ${OBSERVATION_COLUMNS.join(", ")} from observations_latest ${where} ${latestOrder}`,
      join(dataOut, rel(paths.parquet)),
    );
    put(rel(paths.csv), toCsv(latestBy.get(id) ?? [], OBSERVATION_COLUMNS));
    put(rel(paths.observationsJson), json(latestBy.get(id) ?? []));
    await writeParquet(warehouse, `select ${HISTORY_COLUMNS.join(", ")} from observations ${where} ${historyOrder}`, join(dataOut, rel(paths.historyParquet)));
    put(rel(paths.historyCsv), toCsv(historyBy.get(id) ?? [], HISTORY_COLUMNS));
    put(rel(paths.targetsCsv), toCsv(targetsBy.get(id) ?? [], TARGET_COLUMNS));
    const own = [
      describe(rel(paths.parquet), "observations", "parquet", "Latest values (Parquet)"),
      describe(rel(paths.csv), "observations", "csv", "Latest values (CSV)"),
      describe(rel(paths.observationsJson), "observations", "json", "Latest values (JSON)"),
      describe(rel(paths.historyParquet), "history", "parquet", "Every vintage (Parquet)"),
      describe(rel(paths.historyCsv), "history", "csv", "Every vintage (CSV)"),
      describe(rel(paths.targetsCsv), "targets", "csv", "Targets with status (CSV)"),
    ];
    const base = `data/indicators/${id}/`;
    const used = sources.filter((s) => record.licence.sources.some((x) => x.source === s.id));
    put(rel(paths.readme), bundleReadme({ title: `${record.name.en} (${record.name.vi})`, files: own, citation: record.citation, ctx }));
    put(
      rel(paths.datapackage),
      json(dataPackage({ name: `chiso-${id}`, title: record.name.en, description: record.definition.en, files: packaged(own), sources: used, ctx, base })),
    );
    put(rel(paths.json), json({ ...record, observations: latestBy.get(id) ?? [] }));
  }

  // The catalog and its machine-readable descriptions.
  put("indicators.json", json(opts.records));
  const schemas = Object.entries(jsonSchemas()).map(([name, schema]) => {
    put(`schema/${name}.schema.json`, json(schema));
    return `schema/${name}.schema.json`;
  });
  put("README.md", bundleReadme({ title: TITLE.en, files: described, ctx }));
  const packageFiles = packaged(described);
  put(
    "datapackage.json",
    json(
      dataPackage({
        name: "chiso-hcmc-digital-indicators",
        title: TITLE.en,
        description: `${TITLE.vi}. Latest values, every vintage and the targets, in bulk.`,
        files: packageFiles,
        sources,
        ctx,
        base: "data/",
      }),
    ),
  );
  put("catalog.json", json(dcatCatalog(opts.records, ctx)));
  const bulk = [
    ...[...described, ...packageFiles.filter((f) => !described.includes(f))].map((f) => f.path.replace(/^data\//, "")),
    "indicators.json",
    "README.md",
    "datapackage.json",
    "catalog.json",
    ...schemas,
  ];
  return { files, bulk, described };
}
