import { describe, expect, it } from "vitest";
import { ObservationError, normalise, type Provenance } from "../../../pipelines/ingest/normalise.ts";
import type { SourceRow } from "../../../sources/define.ts";
import { normaliseCatalog } from "../../helpers/catalog.ts";
import { Observation } from "../../../schemas/observation.ts";
import { fieldPath } from "../../../sources/errors.ts";

const catalog = normaliseCatalog();

const prov: Provenance = {
  sourceId: "itu",
  runId: "20260101T000000000Z-abcd-itu",
  retrievedAt: "2026-01-01T00:00:00.000Z",
  rawSha256: "a".repeat(64),
  origin: "GET http://127.0.0.1/data",
};

const row = (over: Partial<SourceRow> = {}): SourceRow => ({
  indicatorId: "internet-users",
  geo: "VN-SG",
  period: "2024",
  value: 78.5,
  unit: "percent",
  seriesCode: "i99H",
  ...over,
});

/** The message normalise rejects the rows with. */
function rejection(rows: SourceRow[], p: Provenance = prov): string {
  try {
    normalise(rows, p, catalog);
  } catch (error) {
    expect(error).toBeInstanceOf(ObservationError);
    return (error as Error).message;
  }
  throw new Error("normalise accepted the rows");
}

describe("normalise: what an accepted row becomes", () => {
  it("adds the source and provenance, and the defaults for status, flags and note", () => {
    expect(normalise([row()], prov, catalog)).toEqual([
      {
        indicatorId: "internet-users",
        geo: "VN-SG",
        period: "2024",
        value: 78.5,
        unit: "percent",
        status: "final",
        flags: [],
        sourceId: "itu",
        seriesCode: "i99H",
        note: "",
        provenance: { retrievedAt: prov.retrievedAt, runId: prov.runId, rawSha256: prov.rawSha256 },
      },
    ]);
  });

  it("keeps the source's status, flags, note and citation", () => {
    const citation = { title: "T", publisher: "P", date: "2025-09", statement: "S" };
    const [o] = normalise([row({ status: "provisional", flags: ["approximate"], note: "n", citation })], prov, catalog);
    expect(o).toMatchObject({ status: "provisional", flags: ["approximate"], note: "n", citation });
  });

  it("accepts no rows", () => {
    expect(normalise([], prov, catalog)).toEqual([]);
  });
});

describe("normalise: the rules that keep published figures honest", () => {
  const where = (n: number, r: SourceRow) => `[itu] GET http://127.0.0.1/data: row ${n} (${r.indicatorId} ${r.geo} ${r.period})`;

  it("rejects an indicator the catalog does not hold", () => {
    const r = row({ indicatorId: "internet-usres" });
    expect(rejection([r])).toBe(`${where(1, r)}: indicator "internet-usres" is not in the catalog`);
  });

  it("rejects a unit other than the indicator's own", () => {
    const r = row({ unit: "per-100-people" });
    expect(rejection([r])).toBe(`${where(1, r)}: unit "per-100-people" differs from the indicator's unit "percent"`);
  });

  it("rejects a series code the catalog does not link to the indicator", () => {
    const r = row({ seriesCode: "i99H-typo" });
    expect(rejection([r])).toBe(`${where(1, r)}: series itu/i99H-typo for VN-SG is not linked to the indicator in the catalog`);
  });

  it("rejects a linked series code read for a geography it is not linked at", () => {
    const r = row({ seriesCode: "firms", indicatorId: "digital-firms", unit: "count", geo: "VN", value: 5 });
    expect(rejection([r])).toBe(`${where(1, r)}: series itu/firms for VN is not linked to the indicator in the catalog`);
  });

  it("rejects a series linked to the indicator for another source", () => {
    const r = row();
    expect(rejection([r], { ...prov, sourceId: "worldbank" })).toBe(
      `[worldbank] GET http://127.0.0.1/data: row 1 (internet-users VN-SG 2024): series worldbank/i99H for VN-SG is not linked to the indicator in the catalog`,
    );
  });

  it("rejects a series linked to another indicator", () => {
    const r = row({ seriesCode: "firms" });
    expect(rejection([r])).toContain("series itu/firms for VN-SG is not linked to the indicator in the catalog");
  });

  it("rejects a national figure standing for the city when its series is not a declared proxy", () => {
    const r = row({ geo: "VN", seriesCode: "i99H-national" });
    expect(rejection([r])).toBe(`${where(1, r)}: geography VN is not one the indicator is reported at (VN-SG) nor a declared proxy`);
  });

  it("flags a figure of a declared proxy series 'proxy', even when the source did not", () => {
    const [unflagged, flagged] = normalise([row({ geo: "VN" }), row({ geo: "VN", period: "2023", flags: ["proxy", "approximate"] })], prov, catalog);
    expect(unflagged!.flags).toEqual(["proxy"]);
    // Flagged once, whatever the source said.
    expect(flagged!.flags).toEqual(["proxy", "approximate"]);
  });

  it("leaves a figure for the indicator's own geography unflagged", () => {
    expect(normalise([row()], prov, catalog)[0]!.flags).toEqual([]);
  });

  it("does not alter the rows it was given", () => {
    const flags: SourceRow["flags"] = ["approximate"];
    normalise([row({ geo: "VN", flags })], prov, catalog);
    expect(flags).toEqual(["approximate"]);
  });

  it.each([-0.1, 100.1, 250])("rejects %d percent", (value) => {
    const r = row({ value });
    expect(rejection([r])).toBe(`${where(1, r)}: value ${value} is outside 0 to 100 (rule: unit percent)`);
  });

  it.each([0, 100, 37.25])("accepts %d percent", (value) => {
    expect(normalise([row({ value })], prov, catalog)[0]!.value).toBe(value);
  });

  it("allows values above 100 in other units", () => {
    const r = row({ indicatorId: "digital-firms", unit: "count", seriesCode: "firms", value: 120_000 });
    expect(normalise([r], prov, catalog)[0]!.value).toBe(120_000);
  });

  it("rejects a row the observation schema refuses, naming the field", () => {
    const r = row({ period: "2024-13" });
    expect(rejection([r])).toBe(`${where(1, r)}: field period: period must be ISO 8601: 2024, 2024-Q3 or 2024-09`);
    expect(rejection([row({ value: Number.NaN })])).toMatch(/: field value: /);
    expect(rejection([row({ geo: "Vietnam" })])).toMatch(/: field geo: geography must be an ISO 3166 code/);
  });

  it("names the offending row by its number among the rows", () => {
    const bad = row({ period: "2022", value: 101 });
    expect(rejection([row(), row({ period: "2023" }), bad])).toBe(`${where(3, bad)}: value 101 is outside 0 to 100 (rule: unit percent)`);
  });
});

describe("normalise: the hand check of common rows and the observation schema agree", () => {
  // Rows near each rule's edge: each is accepted exactly when the schema accepts it, and refused with the schema's message.
  const edges: Partial<SourceRow>[] = [
    {},
    { value: Number.POSITIVE_INFINITY },
    { value: "78.5" as unknown as number },
    { status: "draft" as never },
    { status: "provisional" },
    { flags: ["approximate", "bogus" as never] },
    { flags: "approximate" as never },
    { note: 7 as unknown as string },
    { seriesCode: "" },
    { period: "2024-Q5" },
    { period: "2024-09" },
    { geo: "vn-sg" },
    { indicatorId: "Internet-Users" },
    { unit: "percentage" as never },
  ];
  it.each(edges.map((over) => [JSON.stringify(over), over] as const))("%s", (_label, over) => {
    const r = row(over);
    const bySchema = Observation.safeParse({
      ...r,
      sourceId: prov.sourceId,
      provenance: { retrievedAt: prov.retrievedAt, runId: prov.runId, rawSha256: prov.rawSha256 },
    });
    if (bySchema.success) expect(normalise([r], prov, catalog)).toEqual([bySchema.data]);
    else expect(rejection([r])).toContain(`: field ${fieldPath(bySchema.error.issues[0]!.path)}: ${bySchema.error.issues[0]!.message}`);
  });

  it("checks a row with a citation by the schema, naming the citation's field", () => {
    expect(rejection([row({ citation: { title: "", publisher: "P", statement: "S" } })])).toMatch(/: field citation\.title: /);
    expect(rejection([row({ citation: { title: "T", publisher: "P", statement: "S", url: "javascript:alert(1)" } })])).toMatch(
      /: field citation\.url: must be an http:\/\/ or https:\/\/ link/,
    );
  });

  it("refuses every row when the provenance itself is not valid, naming the field", () => {
    expect(rejection([row()], { ...prov, rawSha256: "not-a-hash" })).toMatch(/row 1 .*: field provenance\.rawSha256: rawSha256 must be a hex sha256/);
  });

  it("numbers rows from the given first row", () => {
    const bad = row({ value: 101 });
    try {
      normalise([row(), bad], prov, catalog, 41);
    } catch (error) {
      expect((error as Error).message).toBe(
        `${prov.origin}: row 42 (internet-users VN-SG 2024): value 101 is outside 0 to 100 (rule: unit percent)`.replace(/^/, "[itu] "),
      );
      return;
    }
    throw new Error("normalise accepted the rows");
  });
});
