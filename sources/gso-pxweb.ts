import { z } from "zod";
import { defineSource, type Fetched, type SeriesSpec, type SourceRow } from "./define.ts";
import type { HostLimits, HttpClient, RawResponse } from "./http.ts";
import { NoSnapshotError, SourceShapeError, fieldPath, checkShape, readJson } from "./errors.ts";

/** One cell of a JSON-stat table, with every dimension's code and label. */
export interface JsonStatCell {
  table: string;
  dimensions: Record<string, { code: string; label: string }>;
  value: number | null;
}

const Category = z.object({
  index: z.union([z.array(z.string()), z.record(z.string(), z.number().int())]).optional(),
  label: z.record(z.string(), z.string()).optional(),
});
const Dimension = z.object({ label: z.string().optional(), category: Category });
const Values = z.union([z.array(z.number().nullable()), z.record(z.string(), z.number().nullable())]);

// JSON-stat 2.0 puts id/size at the top; 1.x nests them in `dimension` under a `dataset` key.
const JsonStat2 = z.object({
  class: z.literal("dataset"),
  label: z.string().default(""),
  id: z.array(z.string()).min(1),
  size: z.array(z.number().int().nonnegative()),
  dimension: z.record(z.string(), Dimension),
  value: Values,
});
const JsonStat1Dataset = z.object({
  label: z.string().default(""),
  dimension: z
    .object({ id: z.array(z.string()).min(1), size: z.array(z.number().int().nonnegative()) })
    .catchall(z.unknown()),
  value: Values,
});

type Dim = z.infer<typeof Dimension>;

function decode(body: Uint8Array | string): unknown {
  const text = typeof body === "string" ? body : new TextDecoder("utf-8").decode(body);
  // GSO's PX-Web bodies end with a NUL byte (and some servers prepend a BOM): strip both before JSON.parse.
  return readJson("gso-pxweb", text.replace(/^\uFEFF/, "").replace(/[\u0000\s]+$/, ""));
}

function orderedCodes(dim: Dim, size: number, name: string): string[] {
  const { index, label } = dim.category;
  let codes: string[];
  if (Array.isArray(index)) codes = index;
  else if (index) {
    codes = new Array<string>(size);
    for (const [code, pos] of Object.entries(index)) codes[pos] = code;
  } else codes = Object.keys(label ?? {});
  if (codes.length !== size || codes.some((c) => c === undefined))
    throw new SourceShapeError("gso-pxweb", `dimension "${name}": category index has ${codes.length} codes, size says ${size}`);
  return codes;
}

/** Reads any PX-Web JSON-stat table (1.x or 2.0) into one record per cell. */
export function parseJsonStat(body: Uint8Array | string): JsonStatCell[] {
  const raw = decode(body);
  let table: { label: string; ids: string[]; sizes: number[]; dims: Record<string, Dim>; value: z.infer<typeof Values> };
  if (raw && typeof raw === "object" && (raw as { class?: unknown }).class === "dataset") {
    const r = JsonStat2.safeParse(raw);
    if (!r.success) throw shapeError(r.error.issues[0]!);
    table = { label: r.data.label, ids: r.data.id, sizes: r.data.size, dims: r.data.dimension, value: r.data.value };
  } else {
    const wrapped = (raw as { dataset?: unknown } | null)?.dataset;
    const r = JsonStat1Dataset.safeParse(wrapped);
    if (!r.success) throw shapeError(r.error.issues[0]!, "dataset");
    const { id, size, ...rest } = r.data.dimension;
    const dims: Record<string, Dim> = {};
    for (const name of id) {
      const d = Dimension.safeParse(rest[name]);
      if (!d.success) throw shapeError(d.error.issues[0]!, `dataset.dimension.${name}`);
      dims[name] = d.data;
    }
    table = { label: r.data.label, ids: id, sizes: size, dims, value: r.data.value };
  }
  if (table.ids.length !== table.sizes.length) throw new SourceShapeError("gso-pxweb", "dimension ids and sizes differ in length");
  const codes = table.ids.map((name, i) => {
    const dim = table.dims[name];
    if (!dim) throw new SourceShapeError("gso-pxweb", `dimension "${name}" is listed in id but not described`);
    return orderedCodes(dim, table.sizes[i]!, name);
  });
  const total = table.sizes.reduce((a, b) => a * b, 1);
  const valueAt = Array.isArray(table.value)
    ? (i: number) => table.value[i as never] as number | null | undefined
    : (i: number) => (table.value as Record<string, number | null>)[String(i)];
  if (Array.isArray(table.value) && table.value.length !== total)
    throw new SourceShapeError("gso-pxweb", `value has ${table.value.length} cells, dimensions give ${total}`);

  const cells: JsonStatCell[] = [];
  const pos = new Array<number>(table.ids.length).fill(0);
  for (let i = 0; i < total; i++) {
    const dimensions: JsonStatCell["dimensions"] = {};
    table.ids.forEach((name, d) => {
      const code = codes[d]![pos[d]!]!;
      dimensions[name] = { code, label: table.dims[name]!.category.label?.[code] ?? code };
    });
    cells.push({ table: table.label, dimensions, value: valueAt(i) ?? null });
    // Row-major order: the last dimension varies fastest.
    for (let d = table.ids.length - 1; d >= 0; d--) {
      if (++pos[d]! < table.sizes[d]!) break;
      pos[d] = 0;
    }
  }
  return cells;
}

function shapeError(issue: z.core.$ZodIssue, prefix = ""): SourceShapeError {
  const field = [prefix, fieldPath(issue.path)].filter((p) => p && p !== "(root)").join(".") || "(root)";
  return new SourceShapeError("gso-pxweb", `JSON-stat field ${field}: ${issue.message}`);
}

/** Labels are compared loosely: GSO writes "Thai  Nguyen" and " WHOLE COUNTRY". */
export const sameLabel = (a: string, b: string) => a.replace(/\s+/g, " ").trim().toLowerCase() === b.replace(/\s+/g, " ").trim().toLowerCase();

export interface PxSeries extends SeriesSpec {
  /** Table path under the base URL. */
  table: string;
  /** The area as GSO labels it (selected by label, never by position). */
  area: string;
  /** The measure, as GSO labels it. */
  item: string;
  unit: SourceRow["unit"];
}

/** Picks one series out of a parsed table: the cells whose labels match area and item, by year. */
export function rowsFor(cells: JsonStatCell[], series: PxSeries): SourceRow[] {
  const rows: SourceRow[] = [];
  for (const cell of cells) {
    const labels = Object.values(cell.dimensions).map((d) => d.label);
    if (!labels.some((l) => sameLabel(l, series.area)) || !labels.some((l) => sameLabel(l, series.item))) continue;
    const period = Object.values(cell.dimensions).find((d) => /^\d{4}$/.test(d.code.trim()) || /^\d{4}$/.test(d.label.trim()));
    if (!period) throw new SourceShapeError("gso-pxweb", `table ${series.table}: no year dimension`);
    if (cell.value === null) continue;
    rows.push({
      indicatorId: series.indicator,
      geo: series.geo,
      period: period.label.trim(),
      value: cell.value,
      unit: series.unit,
      seriesCode: series.code,
      flags: series.proxy ? ["proxy"] : [],
      note: `${cell.table}: ${series.item}, ${series.area.trim()}`,
    });
  }
  if (rows.length === 0) throw new SourceShapeError("gso-pxweb", `table ${series.table}: no cell labelled "${series.area}" and "${series.item}"`);
  return rows;
}

/** A table's variables as PX-Web's metadata GET lists them. */
const TableMeta = z.object({
  title: z.string(),
  variables: z
    .array(
      z.object({
        code: z.string(),
        text: z.string(),
        values: z.array(z.string()),
        valueTexts: z.array(z.string()),
      }),
    )
    .min(1),
});
export type TableMeta = z.infer<typeof TableMeta>;

export function parseTableMeta(body: Uint8Array | string): TableMeta {
  return checkShape("gso-pxweb", TableMeta, decode(body), "table metadata ");
}

interface PxQuery {
  query: { code: string; selection: { filter: "item" | "all"; values: string[] } }[];
  response: { format: "json-stat2" | "json-stat" };
}

/**
 * The query for one table: the areas and items the series name, chosen by their labels in the
 * metadata (never by position), every year, and every value of any other variable.
 */
export function queryFor(meta: TableMeta, series: PxSeries[]): PxQuery {
  const labels = series.flatMap((s) => [s.area, s.item]);
  const query = meta.variables.map((v) => {
    if (v.values.length !== v.valueTexts.length)
      throw new SourceShapeError("gso-pxweb", `table metadata: variable "${v.code}" has ${v.values.length} values and ${v.valueTexts.length} labels`);
    const picked = v.values.filter((_, i) => labels.some((l) => sameLabel(l, v.valueTexts[i]!)));
    return picked.length ? { code: v.code, selection: { filter: "item" as const, values: picked } } : { code: v.code, selection: { filter: "all" as const, values: ["*"] } };
  });
  for (const s of series)
    for (const label of [s.area, s.item])
      if (!meta.variables.some((v) => v.valueTexts.some((t) => sameLabel(t, label))))
        throw new SourceShapeError("gso-pxweb", `table ${s.table} ("${meta.title}"): no value labelled "${label}"`);
  return { query, response: { format: "json-stat2" } };
}

/** An empty query selects every value of every variable: the whole table, as recorded offline. */
export const FULL_TABLE = JSON.stringify({ query: [], response: { format: "json-stat2" } });

/**
 * Reads the table's metadata, then POSTs the query it implies. PX-Web answers data only to a POST,
 * which cannot be conditional; the metadata GET is. A 304 on it (no new year, no new area) still
 * needs the metadata to build the query, so it is read once more in full. Unchanged values then
 * add no vintage at load. Offline there is no recording of the GET, so the whole table is asked
 * for: the bundled recording is that full table, and rowsFor picks cells by label either way.
 */
async function fetchTable(http: HttpClient, url: string, series: PxSeries[], log: (m: string) => void): Promise<RawResponse[]> {
  const got: RawResponse[] = [];
  try {
    got.push(await http.get(url));
    if (got[0]!.status === 304) got.push(await http.get(url, { validators: {} }));
  } catch (error) {
    if (!(error instanceof NoSnapshotError)) throw error;
    log(`gso-pxweb: ${error.message}; asking for the whole table`);
  }
  const meta = got.find((r) => r.status === 200);
  const query = meta ? JSON.stringify(queryFor(parseTableMeta(meta.body), series)) : FULL_TABLE;
  return [...got, await http.post(url, query)];
}

// The population database of GSO's PX-Web ("Dân số và lao động / Dân số"), path percent-encoded.
const BASE = encodeURI("https://pxweb.gso.gov.vn/api/v1/en/Dân số và lao động/Dân số");
const POPULATION = "Average population (Thous. pers.)";
// GSO's server is small: one request at a time, a pause between.
const LIMITS: Partial<HostLimits> = { concurrency: 1, intervalCap: 1, intervalMs: 1_000 };

export const gsoPxweb = defineSource<PxSeries>({
  id: "gso-pxweb",
  publisher: "General Statistics Office of Viet Nam (Tổng cục Thống kê)",
  kind: "api",
  baseUrl: BASE,
  licence: "GSO terms of use: free reuse with attribution",
  schedule: "0 4 15 * *",
  homepage: "https://www.gso.gov.vn",
  series: [
    { code: "E02.01", table: "E02.01.px", indicator: "average-population", geo: "VN", area: "WHOLE COUNTRY", item: POPULATION, unit: "thousand-persons" },
    { code: "E02.01", table: "E02.01.px", indicator: "average-population", geo: "VN-SG", area: "Ho Chi Minh city", item: POPULATION, unit: "thousand-persons" },
  ],
  seriesLink: (s, base) => `${base}/${s.table}`,
  async fetch({ http, baseUrl, series: configured, log }) {
    http.limitHost(baseUrl, LIMITS);
    const out: Fetched<PxSeries>[] = [];
    for (const table of new Set(configured.map((s) => s.table))) {
      const series = configured.filter((s) => s.table === table);
      for (const response of await fetchTable(http, `${baseUrl}/${table}`, series, log))
        for (const s of series) out.push({ response, series: s });
    }
    return out;
  },
  // The metadata GET comes back too, to be archived as the evidence of what was selected; it holds no figures.
  parse: (body, series, response) => (response.method === "GET" ? [] : rowsFor(parseJsonStat(body), series)),
});
