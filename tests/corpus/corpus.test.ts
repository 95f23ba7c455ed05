import { beforeAll, describe, expect, it } from "vitest";
import { ObservationError } from "../../pipelines/ingest/normalise.ts";
import type { Unit } from "../../schemas/common.ts";
import type { Observation } from "../../schemas/observation.ts";
import { SourceShapeError, UpstreamError } from "../../sources/errors.ts";
import { type Base, loadBases, SubmissionRejected } from "./bases.ts";
import { csvMutants, jsonMutants, type Expect, type Mutant, seeded } from "./mutate.ts";

// The malformed corpus: every recorded body mutated (tests/corpus/mutate.ts, seeded), each mutant
// through its source's parser and normalise. A mutant is either refused with a message naming the
// source, or accepted with figures it may give (its Expect); a parser's own crash (a TypeError)
// or an impossible figure loaded fails the test.

const SEED = 20_260_613;

/** Numbers that are out of range for a unit, added to the poisons of a body whose figures all have it. */
const UNIT_POISONS: Record<Unit, number[]> = {
  percent: [100.5, 250, 1000],
  "per-100-people": [1000, 501, 5000],
  rank: [0, 1001, 2.5],
  count: [2.5, 0.5],
  "thousand-persons": [2e7],
  index: [],
  "vnd-billion": [],
};

/**
 * What any figure must be, stated here apart from schemas/plausible.ts so that the corpus checks
 * the checks: a finite value in its unit's bounds, a period from 1900 to next year, well-formed text.
 */
const BOUNDS: Record<Unit, [number, number, boolean]> = {
  percent: [0, 100, false],
  "per-100-people": [0, 500, false],
  count: [0, 1e15, true],
  "thousand-persons": [0, 1e7, false],
  "vnd-billion": [0, 1e15, false],
  rank: [1, 1000, true],
  index: [0, 1e15, false],
};
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const thisYear = new Date().getUTCFullYear();

function impossible(o: Observation): string | undefined {
  const [min, max, whole] = BOUNDS[o.unit];
  if (!Number.isFinite(o.value) || o.value < min || o.value > max || (whole && !Number.isInteger(o.value))) return `value ${o.value} ${o.unit}`;
  const m = /^(\d{4})(-Q[1-4]|-(0[1-9]|1[0-2]))?$/.exec(o.period);
  if (!m || Number(m[1]) < 1900 || Number(m[1]) > thisYear + 1) return `period ${o.period}`;
  if (o.citation?.date) {
    const [y, mo = "01", d = "01"] = o.citation.date.split("-");
    const day = new Date(`${y}-${mo}-${d}T00:00:00Z`);
    if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== `${y}-${mo}-${d}`) return `citation date ${o.citation.date}`;
  }
  if (o.citation?.url && !/^https?:\/\//.test(o.citation.url)) return `citation url ${o.citation.url}`;
  const texts = [o.note, o.seriesCode, o.citation?.title, o.citation?.statement, o.citation?.publisher].filter((t): t is string => typeof t === "string");
  if (texts.some((t) => LONE.test(t))) return "a lone surrogate in its text";
  return undefined;
}

type Outcome = { kind: "rejected"; message: string } | { kind: "accepted"; rows: Observation[] } | { kind: "crashed"; error: Error };

async function run(base: Base, body: Uint8Array): Promise<Outcome> {
  try {
    return { kind: "accepted", rows: await base.feed(body) };
  } catch (error) {
    const known =
      error instanceof SourceShapeError || error instanceof UpstreamError || error instanceof ObservationError || error instanceof SubmissionRejected;
    return known ? { kind: "rejected", message: (error as Error).message } : { kind: "crashed", error: error as Error };
  }
}

const key = (o: Observation) => [o.indicatorId, o.geo, o.period, o.seriesCode].join("|");
const figures = (rows: Observation[]) => rows.map((o) => `${key(o)}=${o.value}`).sort();
const fingerprint = (o: Outcome) => (o.kind === "accepted" ? figures(o.rows).join("\n") : o.kind);

/** Whether an accepted mutant gave only what its mutation allows; the reason when not. */
function wrongly(expect: Expect, rows: Observation[], baseline: Observation[]): string | undefined {
  for (const o of rows) {
    const why = impossible(o);
    if (why) return `loaded an impossible figure: ${key(o)} ${why}`;
  }
  const before = new Map(baseline.map((o) => [key(o), o.value]));
  const series = new Set(baseline.map((o) => `${o.indicatorId}|${o.geo}|${o.seriesCode}`));
  for (const o of rows) {
    const was = before.get(key(o));
    if (expect.kind === "safe" && !series.has(`${o.indicatorId}|${o.geo}|${o.seriesCode}`)) return `a figure of no configured series: ${key(o)}`;
    if ((expect.kind === "same" || expect.kind === "subset") && was !== o.value) return `a figure not in the recorded body: ${key(o)}=${o.value}`;
    if (expect.kind === "changed" && was !== o.value && !(was !== undefined && o.value === expect.value))
      return `a figure not in the recorded body: ${key(o)}=${o.value}`;
  }
  if (expect.kind === "same" && figures(rows).join("\n") !== figures(baseline).join("\n")) return "not the recorded figures";
  return undefined;
}

interface Case {
  base: Base;
  mutant: Mutant;
  outcome: Outcome;
}

describe("the malformed corpus: mutations of every recorded body, through every parser", () => {
  const cases: Case[] = [];
  const baselines = new Map<Base, Observation[]>();
  beforeAll(async () => {
    const rng = seeded(SEED);
    for (const base of await loadBases()) {
      const first = await run(base, base.body);
      if (first.kind !== "accepted")
        throw new Error(`${base.name}: the recorded body itself is not accepted: ${first.kind === "rejected" ? first.message : first.error.stack}`);
      baselines.set(base, first.rows);
      const units = [...new Set(first.rows.map((o) => o.unit))];
      const poisons = UNIT_POISONS[units[0]!].filter((n) => units.every((u) => UNIT_POISONS[u].includes(n)));
      const probe = async (body: Uint8Array) => fingerprint(await run(base, body));
      const mutants =
        base.format === "json" ? await jsonMutants(base.body, rng, base.valueKeys!, probe, poisons) : await csvMutants(base.body, rng, probe, poisons);
      for (const mutant of mutants) cases.push({ base, mutant, outcome: await run(base, mutant.body) });
    }
  }, 120_000);

  it("holds at least 200 cases, from every recorded body, each with figures to lose", () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    expect([...baselines.values()].every((rows) => rows.length > 0)).toBe(true);
    expect(new Set(cases.map((c) => c.base.name.split(" ")[0])).size).toBe(8);
  });

  it("never crashes a parser: every refusal is the source's own error, naming the source", () => {
    const crashed = cases
      .filter((c) => c.outcome.kind === "crashed")
      .map((c) => `${c.base.name}: ${c.mutant.label}: ${(c.outcome as { error: Error }).error.stack}`);
    expect(crashed).toEqual([]);
    for (const c of cases)
      if (c.outcome.kind === "rejected") expect(c.outcome.message, `${c.base.name}: ${c.mutant.label}`).toMatch(/^\[[a-z-]+\] .{10,}|^submission\.csv, row /s);
  });

  it("accepts a mutant only with figures its mutation allows: 0 wrongly accepted", () => {
    const wrong: string[] = [];
    let rejected = 0;
    let valid = 0;
    for (const c of cases) {
      if (c.outcome.kind === "rejected") rejected++;
      if (c.outcome.kind !== "accepted") continue;
      const why = wrongly(c.mutant.expect, c.outcome.rows, baselines.get(c.base)!);
      if (why) wrong.push(`${c.base.name}: ${c.mutant.label}: ${why}`);
      else valid++;
    }
    const counts = { cases: cases.length, rejected, acceptedAsValid: valid, wronglyAccepted: wrong.length };
    console.log(`malformed corpus (seed ${SEED}): ${JSON.stringify(counts)}`);
    expect(wrong).toEqual([]);
    expect(rejected + valid).toBe(cases.length);
  });

  it("refuses every poisoned figure that a refresh would have read, and accepts every mere reformatting", () => {
    const poisoned = cases.filter((c) => c.mutant.expect.kind === "subset" && / set to /.test(c.mutant.label));
    expect(poisoned.length).toBeGreaterThan(50);
    // A poisoned record may be skipped (a blank figure is no figure), never loaded.
    expect(poisoned.filter((c) => c.outcome.kind === "rejected").length / poisoned.length).toBeGreaterThan(0.8);
    const reformatted = cases.filter((c) => c.mutant.expect.kind === "same");
    expect(reformatted.filter((c) => c.outcome.kind !== "accepted").map((c) => `${c.base.name}: ${c.mutant.label}`)).toEqual([]);
  });
});
