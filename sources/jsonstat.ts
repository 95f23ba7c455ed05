import { z } from "zod";
import { SourceShapeError, fieldPath, readJson } from "./errors.ts";

// JSON-stat (1.x and 2.0) as PX-Web servers answer it; gso-pxweb picks its series out of the cells.

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
  dimension: z.object({ id: z.array(z.string()).min(1), size: z.array(z.number().int().nonnegative()) }).catchall(z.unknown()),
  value: Values,
});

type Dim = z.infer<typeof Dimension>;

export function decode(body: Uint8Array | string): unknown {
  const text = typeof body === "string" ? body : new TextDecoder("utf-8").decode(body);
  // GSO's PX-Web bodies end with a NUL byte (and some servers prepend a BOM): strip both before JSON.parse.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the NUL byte is exactly what is stripped.
  return readJson("gso-pxweb", text.replace(/^\uFEFF/, "").replace(/[\u0000\s]+$/, ""));
}

/**
 * Cells read from one table at most. PX-Web servers refuse a query of more than a few hundred
 * thousand cells, so a table declaring more is not an answer to ours; and reading one record per
 * declared cell, a small body declaring billions would exhaust the heap.
 */
export const MAX_CELLS = 1_000_000;

/** A dimension's codes in index order; `at` names the dimension's field in messages. */
function orderedCodes(dim: Dim, size: number, name: string, at: string): string[] {
  const { index, label } = dim.category;
  const codes = Array.isArray(index) ? index : index ? Object.keys(index) : Object.keys(label ?? {});
  // Compared before any array of `size` is made: the size is the upstream's word.
  if (codes.length !== size) throw new SourceShapeError("gso-pxweb", `dimension "${name}": category index has ${codes.length} codes, size says ${size}`);
  if (Array.isArray(index) || !index) return codes;
  // An index object maps code to position: every position from 0 to size - 1, each once.
  const ordered = new Array<string>(size);
  for (const [code, pos] of Object.entries(index)) {
    const field = `JSON-stat field ${at}.category.index.${code}`;
    if (pos < 0 || pos >= size) throw new SourceShapeError("gso-pxweb", `${field}: position ${pos} is outside 0 to ${size - 1}`);
    if (ordered[pos] !== undefined) throw new SourceShapeError("gso-pxweb", `${field}: position ${pos} is also given to "${ordered[pos]}"`);
    ordered[pos] = code;
  }
  return ordered;
}

/**
 * Refuses, before anything is allocated for them, a table declaring more cells than it sends
 * (dense value) or than MAX_CELLS, and a sparse value keyed by anything but a cell position.
 */
function checkCells(sizes: number[], value: z.infer<typeof Values>, v1: boolean): number {
  const [sizeField, valueField] = v1 ? ["dataset.dimension.size", "dataset.value"] : ["size", "value"];
  const total = sizes.reduce((a, b) => a * b, 1);
  const declared = `dimension sizes ${sizes.join(" × ")} declare ${total} cells`;
  if (total > MAX_CELLS) throw new SourceShapeError("gso-pxweb", `JSON-stat field ${sizeField}: ${declared}, more than the ${MAX_CELLS} read from one table`);
  if (Array.isArray(value)) {
    if (value.length !== total)
      throw new SourceShapeError("gso-pxweb", `JSON-stat field ${valueField}: value has ${value.length} cells, dimensions give ${total} (${declared})`);
    return total;
  }
  for (const key of Object.keys(value))
    if (!/^\d+$/.test(key) || Number(key) >= total)
      throw new SourceShapeError("gso-pxweb", `JSON-stat field ${valueField}.${key}: not a cell position (0 to ${total - 1}; ${declared})`);
  return total;
}

/** Reads any PX-Web JSON-stat table (1.x or 2.0) into one record per cell. */
export function parseJsonStat(body: Uint8Array | string): JsonStatCell[] {
  const raw = decode(body);
  let table: { label: string; ids: string[]; sizes: number[]; dims: Record<string, Dim>; value: z.infer<typeof Values> };
  // Where the fields sit, for messages: JSON-stat 1.x nests them under `dataset`.
  let v1 = false;
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
    v1 = true;
  }
  if (table.ids.length !== table.sizes.length) throw new SourceShapeError("gso-pxweb", "dimension ids and sizes differ in length");
  const total = checkCells(table.sizes, table.value, v1);
  const dimensionAt = (name: string) => (v1 ? `dataset.dimension.${name}` : `dimension.${name}`);
  // One { code, label } per category, shared by every cell that has it.
  const categories = table.ids.map((name, i) => {
    const dim = table.dims[name];
    if (!dim) throw new SourceShapeError("gso-pxweb", `dimension "${name}" is listed in id but not described`);
    return orderedCodes(dim, table.sizes[i]!, name, dimensionAt(name)).map((code) => ({ code, label: dim.category.label?.[code] ?? code }));
  });
  const valueAt = Array.isArray(table.value)
    ? (i: number) => table.value[i as never] as number | null | undefined
    : (i: number) => (table.value as Record<string, number | null>)[String(i)];

  const cells: JsonStatCell[] = [];
  const pos = new Array<number>(table.ids.length).fill(0);
  for (let i = 0; i < total; i++) {
    const dimensions: JsonStatCell["dimensions"] = {};
    table.ids.forEach((name, d) => {
      dimensions[name] = categories[d]![pos[d]!]!;
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
