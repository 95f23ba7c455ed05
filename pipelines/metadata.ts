import { z } from "zod";
import type { Catalog } from "../schemas/catalog.ts";
import { PolicyDocument } from "../schemas/document.ts";
import { Indicator } from "../schemas/indicator.ts";
import { Observation } from "../schemas/observation.ts";
import { ObservationHistoryRow, ObservationRow, TargetRow } from "../schemas/published.ts";
import { Source } from "../schemas/source.ts";
import { Target } from "../schemas/target.ts";
import { SOURCES } from "../sources/index.ts";
import { nextRun, previousRun } from "./schedule.ts";
import type { IndicatorPage } from "./site-data.ts";
import type { Warehouse } from "./warehouse.ts";

/** chiso's own work (the compilation, the transcriptions, the derived figures) is CC BY 4.0. */
export const CHISO_LICENCE = { name: "CC-BY-4.0", title: "Creative Commons Attribution 4.0 International", path: "https://creativecommons.org/licenses/by/4.0/" };

export const TITLE = {
  en: "chiso: Ho Chi Minh City digital economy and digital society indicators",
  vi: "chiso: Chỉ số kinh tế số và xã hội số Thành phố Hồ Chí Minh",
};
const DESCRIPTION =
  "Indicators of Ho Chi Minh City's digital economy and digital society, measured against the targets the city set itself (Plan 2649/KH-UBND, Decision 2393/QĐ-UBND, Plan 175/KH-UBND), with every figure's source, retrieval time, citation and the sha256 of the bytes it came from.";

/** GeoNames features for the areas chiso publishes (DCAT spatial). */
const SPATIAL: Record<string, string> = { "VN-SG": "https://sws.geonames.org/1566083/", VN: "https://sws.geonames.org/1562822/" };
/** EU frequency vocabulary, which DCAT-AP and ckanext-dcat read. */
const FREQUENCY: Record<Indicator["periodicity"], string> = {
  annual: "http://publications.europa.eu/resource/authority/frequency/ANNUAL",
  quarterly: "http://publications.europa.eu/resource/authority/frequency/QUARTERLY",
  monthly: "http://publications.europa.eu/resource/authority/frequency/MONTHLY",
  irregular: "http://publications.europa.eu/resource/authority/frequency/IRREG",
};

export interface SourceCalendar {
  id: string;
  publisher: string;
  kind: string;
  licence: string;
  schedule: string;
  homepage: string | null;
  lastSuccess: string | null;
  lastExpected: string | null;
  nextExpected: string;
  /** No successful check of the upstream since the last scheduled one. */
  overdue: boolean;
}

/** When each source last succeeded (live, see `Warehouse.lastSuccesses`) and is next due. */
export async function sourceCalendars(warehouse: Warehouse, now: Date): Promise<Map<string, SourceCalendar>> {
  const rows = await warehouse.query<{ id: string; publisher: string; kind: string; licence: string; schedule: string; homepage: string | null }>(
    "select id, publisher, kind, licence, schedule, homepage from sources order by id",
  );
  const last = await warehouse.lastSuccesses();
  return new Map(
    rows.map((s) => {
      const lastSuccess = last.get(s.id)?.live ?? null;
      const lastExpected = previousRun(s.schedule, now) ?? null;
      return [
        s.id,
        {
          id: s.id, publisher: s.publisher, kind: s.kind, licence: s.licence, schedule: s.schedule, homepage: s.homepage,
          lastSuccess: lastSuccess?.toISOString() ?? null,
          lastExpected: lastExpected?.toISOString() ?? null,
          nextExpected: nextRun(s.schedule, now).toISOString(),
          overdue: lastExpected !== null && (lastSuccess === null || lastSuccess < lastExpected),
        },
      ];
    }),
  );
}

export interface PublishContext {
  /** Absolute root of the published site, e.g. https://chiso.example.org; "" gives site-relative links. */
  siteUrl: string;
  release: string;
  now: Date;
  calendars: Map<string, SourceCalendar>;
}

export const url = (ctx: Pick<PublishContext, "siteUrl">, path: string) => `${ctx.siteUrl.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;

/** Where each indicator's files are, below the site root. */
export const indicatorFiles = (id: string) => ({
  page: `indicators/${id}.html`,
  json: `data/indicators/${id}.json`,
  parquet: `data/indicators/${id}/observations.parquet`,
  csv: `data/indicators/${id}/observations.csv`,
  observationsJson: `data/indicators/${id}/observations.json`,
  historyParquet: `data/indicators/${id}/observations_history.parquet`,
  historyCsv: `data/indicators/${id}/observations_history.csv`,
  targetsCsv: `data/indicators/${id}/targets.csv`,
  readme: `data/indicators/${id}/README.md`,
  datapackage: `data/indicators/${id}/datapackage.json`,
});

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
    if (s.source !== "report") original.add(calendars.get(s.source)?.publisher ?? s.source);
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
  const archive = url(ctx, `data/releases/${ctx.release}/`);
  return {
    en: `${who} (${year}). ${page.indicator.name.en} [Data set].${via.en} Compiled by chiso, release ${ctx.release}. ${link} (figures as released: ${archive})`,
    vi: `${who} (${year}). ${page.indicator.name.vi} [Bộ dữ liệu].${via.vi} chiso tổng hợp, bản phát hành ${ctx.release}. ${link} (số liệu theo bản phát hành: ${archive})`,
  };
}

/** One indicator as the static JSON API gives it: /data/indicators/<id>.json. */
export function indicatorRecord(page: IndicatorPage, ctx: PublishContext) {
  const { indicator } = page;
  const periods = page.series.flatMap((s) => s.observations.map((o) => o.period)).sort();
  const withData = page.series.filter((s) => s.observations.length);
  // The release calendar follows the headline series' source, else the first linked source.
  const calendarSource = (withData.find((s) => s.headline) ?? withData[0] ?? page.series[0])?.source;
  const calendar = calendarSource ? ctx.calendars.get(calendarSource) ?? null : null;
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
      id: t.id, geo: t.geo, comparator: t.comparator, value: t.value, deadline: t.deadline, document: t.document, wording: t.wording,
      status: t.progress.status, projectedYear: t.progress.projectedYear ?? null, judgedOn: t.judgedOn,
    })),
    series: page.series.map((s) => {
      const source = ctx.calendars.get(s.source);
      return {
        source: s.source, seriesCode: s.seriesCode, geo: s.geo, proxy: s.proxy, headline: s.headline, label: s.label ?? null,
        publisher: s.publisher ?? source?.publisher ?? null, licence: source?.licence ?? null,
        link: seriesLinkFor(s.source, s.seriesCode, s.geo) ?? s.observations.find((o) => o.citation_url)?.citation_url ?? source?.homepage ?? null,
        observations: s.observations.length,
        latestPeriod: s.observations.at(-1)?.period ?? null,
      };
    }),
    licence: {
      chiso: CHISO_LICENCE,
      sources: [...new Set(page.series.map((s) => s.source))].map((id) => ({ source: id, publisher: ctx.calendars.get(id)?.publisher ?? id, licence: ctx.calendars.get(id)?.licence ?? null })),
    },
    citation: suggestedCitation(page, ctx),
    updates: calendar
      ? { source: calendar.id, schedule: calendar.schedule, lastSuccess: calendar.lastSuccess, nextExpected: calendar.nextExpected, overdue: calendar.overdue }
      : null,
    release: ctx.release,
    links: Object.fromEntries(Object.entries(files).map(([k, v]) => [k, url(ctx, v)])),
  };
}
export type IndicatorRecord = ReturnType<typeof indicatorRecord>;

/** The JSON Schemas of the shared schema, generated from the zod objects the code validates with. */
export function jsonSchemas(): Record<string, unknown> {
  const of = (schema: z.ZodType, title: string) => ({ title, ...z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) });
  return {
    "observation-row": of(ObservationRow, "A row of observations.csv / .parquet / .json (latest values)"),
    "observation-history-row": of(ObservationHistoryRow, "A row of observations_history.csv / .parquet (every vintage)"),
    "target-row": of(TargetRow, "A row of targets.csv / .parquet"),
    observation: of(Observation, "An observation as chiso loads it"),
    indicator: of(Indicator, "A catalog indicator"),
    target: of(Target, "A catalog target"),
    document: of(PolicyDocument, "A document that sets targets"),
    source: of(Source, "A source chiso reads"),
  };
}

interface TableField {
  name: string;
  type: string;
  description?: string;
  format?: string;
  constraints?: Record<string, unknown>;
}

/**
 * A Frictionless Table Schema from one of the published zod objects. Lists are `array` in
 * Parquet and JSON but `;`-joined text in CSV, so the CSV schema says `string`.
 */
export function tableSchema(schema: z.ZodObject, opts: { csv: boolean; primaryKey: string[] }) {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as { properties: Record<string, Record<string, unknown>>; required?: string[] };
  const fields: TableField[] = Object.entries(json.properties).map(([name, p]) => {
    const variants = (p.anyOf as Record<string, unknown>[] | undefined) ?? [p];
    const main = variants.find((v) => v.type !== "null") ?? p;
    const types = variants.flatMap((v) => (Array.isArray(v.type) ? v.type : [v.type]));
    const nullable = types.includes("null");
    let type = String(types.find((t) => t && t !== "null") ?? "string");
    let format: string | undefined;
    if (type === "string" && main.format === "date-time") type = "datetime";
    if (type === "array" && opts.csv) type = "string";
    const constraints: Record<string, unknown> = {};
    // An empty cell is a missing value, so only a field that can never be empty text is required.
    const canBeEmpty = type === "string" && !main.enum && !main.pattern && !main.minLength;
    if (!nullable && !canBeEmpty) constraints.required = true;
    if (main.enum) constraints.enum = main.enum;
    if (main.pattern && type === "string") constraints.pattern = main.pattern;
    if (type === "datetime") format = "any";
    return { name, type, ...(format ? { format } : {}), description: String(p.description ?? main.description ?? ""), ...(Object.keys(constraints).length ? { constraints } : {}) };
  });
  return { fields, primaryKey: opts.primaryKey, missingValues: [""] };
}

export const OBSERVATION_KEY = ["indicator_id", "geo", "period", "source_id", "series_code"];

/** Units as they appear in the `unit` column. */
export const UNITS: Record<string, string> = {
  percent: "percentage points out of 100",
  count: "a plain count",
  "per-100-people": "per 100 inhabitants",
  "thousand-persons": "thousands of people",
  "vnd-billion": "billions of Vietnamese dong",
  rank: "a rank (1 is first)",
  index: "index points",
};

export interface BulkFile {
  path: string;
  kind: "observations" | "history" | "targets";
  format: "csv" | "parquet" | "json";
  bytes: number;
  sha256: string;
  title: string;
}

const MEDIA: Record<BulkFile["format"], string> = { csv: "text/csv", parquet: "application/vnd.apache.parquet", json: "application/json" };
const SCHEMA_OF = { observations: ObservationRow, history: ObservationHistoryRow, targets: TargetRow } as const;
const KEY_OF = { observations: OBSERVATION_KEY, history: [...OBSERVATION_KEY, "vintage"], targets: ["target_id"] };

const resourceName = (path: string) => path.replace(/^data\//, "").replace(/[^a-z0-9._/-]+/gi, "-").replace(/[/.]/g, "-").toLowerCase();

/** A Frictionless Data Package over a set of files (the bulk bundle, or one indicator's). */
export function dataPackage(opts: {
  name: string;
  title: string;
  description: string;
  files: BulkFile[];
  sources: SourceCalendar[];
  ctx: PublishContext;
  /** Paths in the package are relative to where datapackage.json sits. */
  base: string;
}) {
  return {
    profile: "data-package",
    name: opts.name,
    title: opts.title,
    description: opts.description,
    version: opts.ctx.release,
    created: opts.ctx.now.toISOString(),
    homepage: url(opts.ctx, ""),
    keywords: ["Ho Chi Minh City", "digital economy", "digital society", "digital government", "indicators", "SDG"],
    licenses: [CHISO_LICENCE],
    contributors: [{ title: "chiso", role: "author" }],
    sources: opts.sources.map((s) => ({ title: `${s.publisher} (${s.id}; licence: ${s.licence})`, ...(s.homepage ? { path: s.homepage } : {}) })),
    units: UNITS,
    resources: opts.files.map((f) => ({
      profile: f.format === "csv" ? "tabular-data-resource" : "data-resource",
      name: resourceName(f.path),
      path: f.path.slice(opts.base.length),
      title: f.title,
      format: f.format,
      mediatype: MEDIA[f.format],
      ...(f.format === "csv" ? { encoding: "utf-8", dialect: { delimiter: ",", lineTerminator: "\r\n", quoteChar: '"', doubleQuote: true, header: true } } : {}),
      bytes: f.bytes,
      hash: `sha256:${f.sha256}`,
      schema: tableSchema(SCHEMA_OF[f.kind], { csv: f.format === "csv", primaryKey: KEY_OF[f.kind] }),
      licenses: [CHISO_LICENCE],
    })),
  };
}

/** A DCAT catalogue (JSON-LD) a CKAN portal with ckanext-dcat can harvest: one dataset per indicator. */
export function dcatCatalog(records: IndicatorRecord[], ctx: PublishContext) {
  const lang = (t: { vi: string; en: string }) => [
    { "@value": t.vi, "@language": "vi" },
    { "@value": t.en, "@language": "en" },
  ];
  const licence = { "@id": CHISO_LICENCE.path };
  const publisher = { "@type": "foaf:Agent", "foaf:name": "chiso" };
  const distribution = (r: IndicatorRecord, key: keyof IndicatorRecord["links"], format: string, media: string, title: string) => ({
    "@type": "dcat:Distribution",
    "@id": r.links[key],
    "dct:title": title,
    "dcat:downloadURL": { "@id": r.links[key] },
    "dcat:accessURL": { "@id": r.links.page },
    "dct:format": format,
    "dcat:mediaType": media,
    "dct:license": licence,
  });
  return {
    "@context": {
      dcat: "http://www.w3.org/ns/dcat#",
      dct: "http://purl.org/dc/terms/",
      foaf: "http://xmlns.com/foaf/0.1/",
      xsd: "http://www.w3.org/2001/XMLSchema#",
    },
    "@id": url(ctx, "data/catalog.json"),
    "@type": "dcat:Catalog",
    "dct:title": lang(TITLE),
    "dct:description": DESCRIPTION,
    "dct:publisher": publisher,
    "dct:license": licence,
    "dct:language": ["vi", "en"],
    "dct:modified": { "@value": ctx.now.toISOString(), "@type": "xsd:dateTime" },
    "foaf:homepage": { "@id": url(ctx, "") },
    "dcat:dataset": records.map((r) => ({
      "@id": r.links.page,
      "@type": "dcat:Dataset",
      "dct:identifier": r.id,
      "dct:title": lang(r.name),
      "dct:description": lang(r.definition),
      "dcat:keyword": [...new Set([r.domain, ...r.series.map((s) => s.seriesCode)])],
      "dct:publisher": publisher,
      "dct:license": licence,
      "dct:modified": { "@value": ctx.now.toISOString(), "@type": "xsd:dateTime" },
      "dct:issued": { "@value": r.release, "@type": "xsd:date" },
      "dcat:landingPage": { "@id": r.links.page },
      "dct:accrualPeriodicity": { "@id": FREQUENCY[r.periodicity] },
      "dct:spatial": r.geographies.map((g) => ({ "@id": SPATIAL[g] ?? g })),
      ...(r.temporal
        ? {
            "dct:temporal": {
              "@type": "dct:PeriodOfTime",
              "dcat:startDate": { "@value": r.temporal.start.slice(0, 4), "@type": "xsd:gYear" },
              "dcat:endDate": { "@value": r.temporal.end.slice(0, 4), "@type": "xsd:gYear" },
            },
          }
        : {}),
      "dct:source": r.series.filter((s) => s.link).map((s) => ({ "@id": s.link })),
      "dcat:distribution": [
        distribution(r, "parquet", "Parquet", "application/vnd.apache.parquet", "Latest values (Parquet)"),
        distribution(r, "csv", "CSV", "text/csv", "Latest values (CSV)"),
        distribution(r, "json", "JSON", "application/json", "Metadata and latest values (JSON)"),
        distribution(r, "historyParquet", "Parquet", "application/vnd.apache.parquet", "Every vintage (Parquet)"),
        distribution(r, "historyCsv", "CSV", "text/csv", "Every vintage (CSV)"),
      ],
    })),
  };
}

/** The README of a bundle: what each column means, the units and flags, and how to cite. */
export function bundleReadme(opts: { title: string; files: BulkFile[]; citation?: { en: string }; ctx: PublishContext; catalog?: Catalog }): string {
  const describe = (schema: z.ZodObject) =>
    Object.entries(schema.shape)
      .map(([name, s]) => `| \`${name}\` | ${(s as z.ZodType).description ?? ""} |`)
      .join("\n");
  return `# ${opts.title}

Release ${opts.ctx.release}, published ${opts.ctx.now.toISOString()} by chiso. Licence: ${CHISO_LICENCE.title} (${CHISO_LICENCE.name}) for chiso's
compilation; each figure also carries its source, whose own licence is listed in \`datapackage.json\`.

## Files

| file | format | bytes | sha256 |
|---|---|---|---|
${opts.files.map((f) => `| \`${f.path.split("/").at(-1)}\` | ${f.title} | ${f.bytes} | \`${f.sha256}\` |`).join("\n")}

CSV files are RFC 4180, UTF-8 with a byte-order mark (so Excel reads Vietnamese text), CRLF line ends.
A text cell that starts with \`=\`, \`+\`, \`-\`, \`@\`, a tab or a carriage return is prefixed with \`'\` and quoted,
so no spreadsheet evaluates it. Empty cells are missing values. Parquet files are zstd-compressed.

## Columns of the observation files

The \`observations\` files hold the latest value of every (indicator, geo, period, source, series);
\`observations_history\` holds every vintage ever loaded, with \`loaded_at\`: nothing is overwritten.

| column | meaning |
|---|---|
${describe(ObservationHistoryRow)}

## Columns of the target files

| column | meaning |
|---|---|
${describe(TargetRow)}

## Units

${Object.entries(UNITS).map(([k, v]) => `- \`${k}\`: ${v}`).join("\n")}

## How to cite

${opts.citation ? opts.citation.en : `chiso (${opts.ctx.release.slice(0, 4)}). ${TITLE.en} [Data set], release ${opts.ctx.release}. ${url(opts.ctx, `data/releases/${opts.ctx.release}/`)}`}

Cite the original publisher named in each row's \`source_id\` / \`citation_publisher\` as well. The release
folder \`releases/${opts.ctx.release}/\` keeps these figures as they were on that date.
`;
}
