// Deterministic mutations of recorded bodies: the malformed corpus tests/corpus/corpus.test.ts runs.
// Every case is made from a seed, so a failure names a case that comes back the same every run.
import { parse as parseCsv } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";

/** A small seeded generator (mulberry32): the same seed gives the same corpus on every machine. */
export function seeded(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}
export type Rng = ReturnType<typeof seeded>;

/**
 * What a mutated body may give when a parser accepts it:
 * - same: exactly the figures of the recorded body (a reformatting);
 * - subset: only figures of the recorded body (the broken record is refused or skipped, never loaded);
 * - changed: the recorded figures, one of them possibly now `value`;
 * - safe: anything, so long as every figure is plausible and belongs to a configured series.
 */
export type Expect = { kind: "same" } | { kind: "subset" } | { kind: "changed"; value: number } | { kind: "safe" };

export interface Mutant {
  label: string;
  body: Uint8Array;
  expect: Expect;
}

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

/** Numbers no figure may be in any unit of the recorded bodies, as JSON numbers and as text. */
const POISON_NUMBERS = [-5, 1e308, -0.001, 1e16, -1e5];
const POISON_TEXTS = ["0x1A", "Infinity", "-Infinity", "NaN", "1e999", "0b11", "0o17", "1_000", "12abc", "--1", "1e308", "-5", "1e16", " ", "١٢", "12.5.1"];
/** Periods no observed figure may be for. */
const POISON_YEARS = [0, 9999, 1899, 3000, 20241];
const POISON_PERIODS = ["0000", "9999", "1899", "2024-13", "2024-Q5", "20x4", "24", "2024-02-30", "２０２４", "2100"];
const POISON_DATES = ["2025-02-30", "2025-13-01", "0000-01-01", "2023-02-29", "9999-12-31", "2025-00-10"];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

const YEAR = /^(19|20)\d\d$/;
const isYear = (v: Json) => (typeof v === "number" && Number.isInteger(v) && v >= 1900 && v <= 2100) || (typeof v === "string" && YEAR.test(v.trim()));

function leaves(doc: Json, valueKeys: ReadonlySet<string>): { values: Path[]; periods: Path[]; texts: Path[]; nodes: Path[] } {
  const out = { values: [] as Path[], periods: [] as Path[], texts: [] as Path[], nodes: [] as Path[] };
  const walk = (v: Json, path: Path, parentKey: string | number | undefined) => {
    if (path.length) out.nodes.push(path);
    if (v !== null && typeof v === "object") {
      if (Array.isArray(v)) for (const [i, x] of v.entries()) walk(x, [...path, i], path.at(-1));
      else for (const [k, x] of Object.entries(v)) walk(x, [...path, k], path.at(-1));
      return;
    }
    const key = path.at(-1);
    if ((typeof key === "string" && valueKeys.has(key)) || (typeof key === "number" && parentKey === "value")) out.values.push(path);
    else if (isYear(v)) out.periods.push(path);
    else if (typeof v === "string" && v.trim()) out.texts.push(path);
  };
  walk(doc, [], undefined);
  return out;
}

const get = (doc: Json, path: Path): Json => path.reduce<Json>((v, k) => (v as Record<string | number, Json>)[k]!, doc);
function set(doc: Json, path: Path, value: Json | undefined): Json {
  const copy = structuredClone(doc);
  const parent = get(copy, path.slice(0, -1)) as Record<string | number, Json>;
  const key = path.at(-1)!;
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else parent[key] = value;
  return copy;
}

const reorder = (v: Json): Json =>
  v === null || typeof v !== "object"
    ? v
    : Array.isArray(v)
      ? v.map(reorder)
      : Object.fromEntries(
          Object.entries(v)
            .reverse()
            .map(([k, x]) => [k, reorder(x)]),
        );

/** Slots whose change changes what the parser gives: found by trying a harmless value in each. */
export type Probe = (body: Uint8Array) => Promise<string>;

async function contributing<T>(slots: T[], rng: Rng, max: number, probe: Probe, baseline: string, bodyWith: (slot: T) => Uint8Array): Promise<T[]> {
  const sample = [...slots];
  for (let i = sample.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [sample[i], sample[j]] = [sample[j]!, sample[i]!];
  }
  const found: T[] = [];
  for (const slot of sample.slice(0, 60)) {
    if (found.length >= max) break;
    if ((await probe(bodyWith(slot))) !== baseline) found.push(slot);
  }
  return found;
}

/** Mutants of a JSON body: reformatted, poisoned values and periods, broken structure, broken text. */
export async function jsonMutants(body: Uint8Array, rng: Rng, valueKeys: ReadonlySet<string>, probe: Probe, unitPoisons: number[] = []): Promise<Mutant[]> {
  const text = dec(body).replace(/^\uFEFF/, "");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: GSO's trailing NUL byte.
  const doc = JSON.parse(text.replace(/[\u0000\s]+$/, "")) as Json;
  const slots = leaves(doc, valueKeys);
  const baseline = await probe(body);
  const out: Mutant[] = [];
  const json = (d: Json) => enc(JSON.stringify(d));
  out.push({ label: "re-indented", body: enc(JSON.stringify(doc, null, 2)), expect: { kind: "same" } });
  out.push({ label: "keys in reverse order", body: json(reorder(doc)), expect: { kind: "same" } });
  out.push({ label: "BOM and trailing whitespace", body: enc(`\uFEFF${JSON.stringify(doc)}\n\n`), expect: { kind: "same" } });

  const typed = (p: Path, n: number) => (typeof get(doc, p) === "string" ? String(n) : n);
  const values = await contributing(slots.values, rng, 4, probe, baseline, (p) => json(set(doc, p, typed(p, 42.4242))));
  const periods = await contributing(slots.periods, rng, 3, probe, baseline, (p) => json(set(doc, p, typed(p, 1950))));
  for (const p of values.slice(0, 3)) {
    const poison: Json = rng.next() < 0.4 ? rng.pick([...POISON_NUMBERS, ...unitPoisons]) : rng.pick(POISON_TEXTS);
    out.push({ label: `value at ${p.join(".")} set to ${JSON.stringify(poison)}`, body: json(set(doc, p, poison)), expect: { kind: "subset" } });
  }
  for (const p of values.slice(3, 4))
    out.push({ label: `value at ${p.join(".")} set to a plausible 42`, body: json(set(doc, p, typed(p, 42))), expect: { kind: "changed", value: 42 } });
  for (const p of periods.slice(0, 3)) {
    const poison: Json = typeof get(doc, p) === "number" ? rng.pick(POISON_YEARS) : rng.pick(POISON_PERIODS);
    out.push({ label: `period at ${p.join(".")} set to ${JSON.stringify(poison)}`, body: json(set(doc, p, poison)), expect: { kind: "subset" } });
  }
  for (let i = 0; i < 2; i++) {
    const p = rng.pick(slots.nodes);
    out.push({ label: `field ${p.join(".")} removed`, body: json(set(doc, p, undefined)), expect: { kind: "safe" } });
  }
  for (let i = 0; i < 2; i++) {
    const p = rng.pick(slots.nodes);
    const wrong = rng.pick<Json>([null, "", 0, [], {}, true, "null", -1]);
    out.push({ label: `field ${p.join(".")} replaced by ${JSON.stringify(wrong)}`, body: json(set(doc, p, wrong)), expect: { kind: "safe" } });
  }
  const arrays = slots.nodes.filter((p) => typeof p.at(-1) === "number");
  if (arrays.length) {
    const p = rng.pick(arrays);
    const parent = get(doc, p.slice(0, -1)) as Json[];
    const copy = set(doc, p.slice(0, -1), [...parent, structuredClone(parent[p.at(-1) as number]!)]);
    out.push({ label: `element ${p.join(".")} repeated`, body: json(copy), expect: { kind: "safe" } });
  }
  const flat = JSON.stringify(doc);
  const cut = 1 + rng.int(flat.length - 2);
  out.push({ label: `truncated at byte ${cut} of ${flat.length}`, body: enc(flat.slice(0, cut)), expect: { kind: "safe" } });
  for (let i = 0; i < 2; i++) {
    const at = rng.int(flat.length);
    const ch = rng.pick(["9", "-", '"', "}", "e", "x", "\\", ",", " "]);
    out.push({ label: `byte ${at} replaced by ${JSON.stringify(ch)}`, body: enc(flat.slice(0, at) + ch + flat.slice(at + 1)), expect: { kind: "safe" } });
  }
  if (slots.texts.length) {
    const p = rng.pick(slots.texts);
    const broken = flat.replace(JSON.stringify(get(doc, p)), JSON.stringify(get(doc, p)).replace(/"$/, '\\ud83d"'));
    out.push({ label: `lone surrogate at the end of ${p.join(".")}`, body: enc(broken), expect: { kind: "safe" } });
  }
  out.push({
    label: "an HTML error page under 200",
    body: enc("<!DOCTYPE html><html><body><h1>Service Unavailable</h1></body></html>"),
    expect: { kind: "safe" },
  });
  out.push({ label: "empty body", body: new Uint8Array(0), expect: { kind: "safe" } });
  return out;
}

const PERIOD_CELL = /^(19|20)\d\d(-Q[1-4]|-\d\d)?$/;
const DATE_CELL = /^\d{4}-\d\d-\d\d$/;
const NUMBER_CELL = /^-?\d+([.,]\d+)*$/;

/** Mutants of a CSV body: re-quoted, other line ends, poisoned cells, cut and shifted rows. */
export async function csvMutants(body: Uint8Array, rng: Rng, probe: Probe, unitPoisons: number[] = []): Promise<Mutant[]> {
  const records = parseCsv(Buffer.from(body), { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
  const out: Mutant[] = [];
  const csv = (r: string[][], opts: { quoted?: boolean; eol?: string } = {}) =>
    enc(stringify(r, { quoted: opts.quoted ?? false, record_delimiter: opts.eol === "\n" ? "unix" : "windows" }));
  const baseline = await probe(body);
  out.push({ label: "every field quoted", body: csv(records, { quoted: true }), expect: { kind: "same" } });
  out.push({ label: "LF line ends", body: csv(records, { eol: "\n" }), expect: { kind: "same" } });
  out.push({ label: "BOM before the header", body: enc(`\uFEFF${dec(csv(records))}`), expect: { kind: "same" } });

  const cells: { r: number; c: number; text: string }[] = [];
  for (const [r, row] of records.entries()) for (const [c, text] of row.entries()) cells.push({ r, c, text: text.trim() });
  const withCell = (r: number, c: number, text: string) => csv(records.map((row, i) => (i === r ? row.map((t, j) => (j === c ? text : t)) : row)));
  const numberCells = cells.filter((x) => NUMBER_CELL.test(x.text) && !PERIOD_CELL.test(x.text));
  const periodCells = cells.filter((x) => PERIOD_CELL.test(x.text));
  const dateCells = cells.filter((x) => DATE_CELL.test(x.text));
  const values = await contributing(numberCells, rng, 4, probe, baseline, (x) => withCell(x.r, x.c, "42"));
  const periods = await contributing(periodCells, rng, 3, probe, baseline, (x) => withCell(x.r, x.c, x.text.replace(/^\d{4}/, "1950")));
  const dates = await contributing(dateCells, rng, 2, probe, baseline, (x) => withCell(x.r, x.c, "1950-01-01"));
  for (const x of values.slice(0, 3)) {
    const poison = rng.pick([...POISON_TEXTS, ...unitPoisons.map(String)]);
    out.push({
      label: `cell ${x.r + 1}:${x.c + 1} "${x.text}" set to ${JSON.stringify(poison)}`,
      body: withCell(x.r, x.c, poison),
      expect: { kind: "subset" },
    });
  }
  for (const x of values.slice(3, 4))
    out.push({ label: `cell ${x.r + 1}:${x.c + 1} set to a plausible 42`, body: withCell(x.r, x.c, "42"), expect: { kind: "changed", value: 42 } });
  for (const x of periods.slice(0, 3)) {
    const poison = rng.pick(POISON_PERIODS);
    out.push({
      label: `period cell ${x.r + 1}:${x.c + 1} "${x.text}" set to ${JSON.stringify(poison)}`,
      body: withCell(x.r, x.c, poison),
      expect: { kind: "subset" },
    });
  }
  for (const x of dates.slice(0, 2)) {
    const poison = rng.pick(POISON_DATES);
    out.push({ label: `date cell ${x.r + 1}:${x.c + 1} set to ${JSON.stringify(poison)}`, body: withCell(x.r, x.c, poison), expect: { kind: "subset" } });
  }
  const width = Math.max(...records.map((r) => r.length));
  const col = rng.int(width);
  out.push({ label: `column ${col + 1} removed`, body: csv(records.map((row) => row.filter((_, j) => j !== col))), expect: { kind: "safe" } });
  const lines = dec(body).split(/(?<=\n)/);
  const keep = 1 + rng.int(Math.max(1, lines.length - 1));
  out.push({ label: `cut after line ${keep} of ${lines.length}`, body: enc(lines.slice(0, keep).join("")), expect: { kind: "subset" } });
  const flat = dec(csv(records));
  const cut = 1 + rng.int(flat.length - 2);
  out.push({ label: `truncated at byte ${cut} of ${flat.length}`, body: enc(flat.slice(0, cut)), expect: { kind: "safe" } });
  for (let i = 0; i < 2; i++) {
    const at = rng.int(flat.length);
    const ch = rng.pick(["9", "-", '"', ",", ";", "\n", "x", " "]);
    out.push({ label: `byte ${at} replaced by ${JSON.stringify(ch)}`, body: enc(flat.slice(0, at) + ch + flat.slice(at + 1)), expect: { kind: "safe" } });
  }
  const r = 1 + rng.int(Math.max(1, records.length - 1));
  if (records[r]?.length) {
    const shifted = records.map((row, i) => (i === r ? row.slice(1) : row));
    out.push({ label: `row ${r + 1} shifted one cell left`, body: csv(shifted), expect: { kind: "safe" } });
  }
  const at = rng.int(records.length + 1);
  out.push({
    label: `garbage line inserted at ${at + 1}`,
    body: csv([...records.slice(0, at), ["<html>", "Service Unavailable", "\u0000"], ...records.slice(at)]),
    expect: { kind: "safe" },
  });
  const textCells = cells.filter((x) => x.r > 0 && x.text && !NUMBER_CELL.test(x.text) && !PERIOD_CELL.test(x.text));
  if (textCells.length) {
    const x = rng.pick(textCells);
    out.push({ label: `lone surrogate in cell ${x.r + 1}:${x.c + 1}`, body: withCell(x.r, x.c, `${x.text}\uD83D`), expect: { kind: "safe" } });
  }
  out.push({ label: "empty body", body: new Uint8Array(0), expect: { kind: "safe" } });
  return out;
}
