import { z } from "zod";
import { UNITS as UNIT_LABELS } from "../../../schemas/labels.ts";
import { OBSERVATION_KEY, ObservationHistoryRow, ObservationRow, TargetRow } from "../../../schemas/published.ts";
import type { SourceCalendar } from "../../judge/calendar.ts";
import { CHISO_LICENCE, type PublishContext, url } from "../context.ts";

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
    return {
      name,
      type,
      ...(format ? { format } : {}),
      description: String(p.description ?? main.description ?? ""),
      ...(Object.keys(constraints).length ? { constraints } : {}),
    };
  });
  return { fields, primaryKey: opts.primaryKey, missingValues: [""] };
}

/** Units as they appear in the `unit` column, with what each means. */
export const UNITS: Record<string, string> = Object.fromEntries(Object.entries(UNIT_LABELS).map(([unit, label]) => [unit, label.meaning]));

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
const KEY_OF = { observations: [...OBSERVATION_KEY], history: [...OBSERVATION_KEY, "vintage"], targets: ["target_id"] };

const resourceName = (path: string) =>
  path
    .replace(/^data\//, "")
    .replace(/[^a-z0-9._/-]+/gi, "-")
    .replace(/[/.]/g, "-")
    .toLowerCase();

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
  /**
   * One indicator's package, kept small: only its tables (the CSVs) carry a schema, without the
   * column descriptions (the bulk package and each README hold the data dictionary once), and only
   * the units it uses are listed.
   */
  compact?: { units: string[] };
}) {
  const compact = opts.compact;
  const schemaOf = (f: BulkFile) => {
    const schema = tableSchema(SCHEMA_OF[f.kind], { csv: f.format === "csv", primaryKey: KEY_OF[f.kind] });
    return compact ? { ...schema, fields: schema.fields.map(({ description: _d, ...field }) => field) } : schema;
  };
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
    units: compact ? Object.fromEntries(compact.units.map((u) => [u, UNITS[u] ?? ""])) : UNITS,
    resources: opts.files.map((f) => ({
      profile: f.format === "csv" ? "tabular-data-resource" : "data-resource",
      name: resourceName(f.path),
      path: f.path.slice(opts.base.length),
      title: f.title,
      format: f.format,
      mediatype: MEDIA[f.format],
      ...(f.format === "csv"
        ? { encoding: "utf-8", dialect: { delimiter: ",", lineTerminator: "\r\n", quoteChar: '"', doubleQuote: true, header: true } }
        : {}),
      bytes: f.bytes,
      hash: `sha256:${f.sha256}`,
      ...(compact && f.format !== "csv" ? {} : { schema: schemaOf(f) }),
      licenses: [CHISO_LICENCE],
    })),
  };
}
