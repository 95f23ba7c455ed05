import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Catalog } from "../../schemas/catalog.ts";
import type { TargetRow } from "../../schemas/published.ts";
import { BOM } from "./formats/csv.ts";
import { type PublishContext, TITLE, indicatorFiles } from "./context.ts";
import { type BulkFile, dataPackage } from "./formats/datapackage.ts";
import { dcatCatalog } from "./formats/dcat.ts";
import type { IndicatorRecord } from "./formats/json-api.ts";
import { jsonSchemas } from "./formats/json-schema.ts";
import { bundleReadme } from "./formats/readme.ts";
import { concatAtomic, sha256Files, writeAtomic } from "../files.ts";
import type { IndicatorPage, PublishedObservation } from "../judge/views.ts";
import { verdictLine } from "../judge/verdicts.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { copyCsv, copyJson, copyParquet, dropPublished, stagePublished } from "./published-tables.ts";

const json = (value: unknown) => JSON.stringify(value, null, 1);
/** Where an indicator's figures go in its record's JSON, replaced by the figures' own file. */
const RECORD_FIGURES = "\u0000chiso-figures\u0000";

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
 * Every data file is written by DuckDB's COPY from the published tables (`stagePublished`).
 */
export async function writeDownloads(opts: {
  warehouse: Warehouse;
  catalog: Catalog;
  pages: IndicatorPage[];
  latest: PublishedObservation[];
  records: IndicatorRecord[];
  targets: TargetRow[];
  /** The sha256 of the bulk observations and targets CSVs prepareData fingerprinted: the files written must match. */
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
    const { sha256, bytes } = sha256Files(join(dataOut, rel));
    if (!files.includes(rel)) files.push(rel);
    return { path: `data/${rel}`, kind, format, title, bytes, sha256 };
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
      concatAtomic(join(dataOut, copy), [{ file: join(dataOut, rel), skip: Buffer.byteLength(BOM) }]);
      return describe(copy, f.kind, f.format, `${f.title}, plain UTF-8 without a byte-order mark`);
    });

  const sources = [...ctx.calendars.values()];
  await stagePublished(warehouse, opts.latest, opts.targets);
  try {
    // The bulk bundle.
    const out = (rel: string) => join(dataOut, rel);
    await copyParquet(warehouse, "latest", out("observations.parquet"));
    await copyCsv(warehouse, "latest", out("observations.csv"));
    await copyJson(warehouse, "latest", out("observations.json"));
    await copyParquet(warehouse, "history", out("observations_history.parquet"));
    await copyCsv(warehouse, "history", out("observations_history.csv"));
    await copyParquet(warehouse, "targets", out("targets.parquet"));
    await copyCsv(warehouse, "targets", out("targets.csv"));
    await copyJson(warehouse, "targets", out("targets.json"));
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
    const written = { observations: described[1]!.sha256, targets: described[6]!.sha256 };
    if (written.observations !== opts.csv.observations || written.targets !== opts.csv.targets)
      throw new Error("the bulk CSVs differ from the ones the release was fingerprinted by: the warehouse changed during the publish");

    // One bundle per indicator, even without figures: its targets and metadata are data too.
    for (const record of opts.records) {
      const id = record.id;
      const paths = indicatorFiles(id);
      const rel = (p: string) => p.replace(/^data\//, "");
      mkdirSync(join(dataOut, "indicators", id), { recursive: true });
      await copyParquet(warehouse, "latest", out(rel(paths.parquet)), id);
      await copyCsv(warehouse, "latest", out(rel(paths.csv)), { indicatorId: id });
      await copyJson(warehouse, "latest", out(rel(paths.observationsJson)), id);
      await copyParquet(warehouse, "history", out(rel(paths.historyParquet)), id);
      await copyCsv(warehouse, "history", out(rel(paths.historyCsv)), { indicatorId: id });
      await copyCsv(warehouse, "targets", out(rel(paths.targetsCsv)), { indicatorId: id });
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
        json(
          dataPackage({
            name: `chiso-${id}`,
            title: record.name.en,
            description: `${record.definition.en} Column descriptions: README.md here, and the bulk data/datapackage.json.`,
            files: packaged(own),
            sources: used,
            ctx,
            base,
            compact: { units: [...new Set([record.unit, ...opts.targets.filter((t) => t.indicator_id === id).map((t) => t.unit)])] },
          }),
        ),
      );
      // The record with its figures: the record's own JSON around the figures' file, streamed.
      const [head, tail] = json({ ...record, observations: RECORD_FIGURES }).split(JSON.stringify(RECORD_FIGURES));
      concatAtomic(out(rel(paths.json)), [head!, { file: out(rel(paths.observationsJson)) }, tail!]);
      files.push(rel(paths.json));
    }
  } finally {
    await dropPublished(warehouse);
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
