import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { check } from "../../pipelines/cli/check.ts";
import { CATALOG_DIR, CatalogError, loadCatalog, type Catalog } from "../../schemas/catalog.ts";
import { FIGURES_FILE } from "../../sources/report.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

let scratch: string;
let real: Catalog;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), "chiso-check-"));
  real = loadCatalog();
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A fresh copy of the real catalog in the scratch folder. */
function copyCatalog(): string {
  const copy = mkdtempSync(path.join(scratch, "catalog-"));
  cpSync(CATALOG_DIR, copy, { recursive: true });
  return copy;
}

/** Sets cells of targets.csv by target id; returns each edited row's line (every row is one line). */
function editTargets(dir: string, edits: { id: string; column: string; value: string }[]): number[] {
  const file = path.join(dir, "targets.csv");
  const rows = parse(readFileSync(file, "utf8"), { bom: true }) as string[][];
  const header = rows[0]!;
  const lines = edits.map(({ id, column, value }) => {
    const index = rows.findIndex((r) => r[0] === id);
    expect(index, id).toBeGreaterThan(0);
    rows[index]![header.indexOf(column)] = value;
    return index + 1;
  });
  writeFileSync(file, stringify(rows));
  return lines;
}

/** Edits a text file line by line; returns the 1-based line `find` matched. */
function editLine(file: string, find: (line: string, i: number, all: string[]) => boolean, replace: (line: string) => string | null): number {
  const lines = readFileSync(file, "utf8").split("\n");
  const index = lines.findIndex(find);
  expect(index, `${file}: no line to edit`).toBeGreaterThanOrEqual(0);
  const next = replace(lines[index]!);
  if (next === null) lines.splice(index, 1);
  else lines[index] = next;
  writeFileSync(file, lines.join("\n"));
  return index + 1;
}

function runCheck(opts: Parameters<typeof check>[0]): { code: number; out: string[] } {
  const out: string[] = [];
  const code = check({ ...opts, print: (line) => out.push(line) });
  return { code, out };
}

describe("chiso check: three planted mistakes", () => {
  it("reports a comparator '=>', a clause that names no document and a value '90%', each with its line, and exits 1", () => {
    const copy = copyCatalog();
    const [a, b, c] = real.targets;
    const [lineA, lineB, lineC] = editTargets(copy, [
      { id: a!.id, column: "comparator", value: "=>" },
      { id: b!.id, column: "document_id", value: "" },
      { id: c!.id, column: "value", value: "90%" },
    ]);

    const { code, out } = runCheck({ catalogDir: copy });
    expect(code).toBe(1);
    const problems = out.filter((l) => l.includes("targets.csv:"));
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(new RegExp(`targets\\.csv:${lineA}: ${a!.id}, comparator: .*"=>".* \\| .*"=>" is not one of`));
    expect(problems[1]).toMatch(new RegExp(`targets\\.csv:${lineB}: ${b!.id}, document_id: .* \\| clause "${b!.document.clause}" names no document`));
    expect(problems[2]).toMatch(new RegExp(`targets\\.csv:${lineC}: ${c!.id}, value: .* \\| "90%" is not a number; write 90`));

    // loadCatalog runs the same checks, so nothing that fails here loads at run time.
    let error: unknown;
    try {
      loadCatalog(copy);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CatalogError);
    expect((error as CatalogError).problems.map((p) => [p.line, p.id, p.field])).toEqual([
      [lineA, a!.id, "comparator"],
      [lineB, b!.id, "document_id"],
      [lineC, c!.id, "value"],
    ]);

    // and the command line says the same, exiting 1
    const cli = spawnSync(process.execPath, ["bin/chiso.js", "check", "--catalog", copy], { cwd: repoRoot, encoding: "utf8" });
    expect(cli.status, cli.stderr).toBe(1);
    for (const [line, id] of [
      [lineA, a!.id],
      [lineB, b!.id],
      [lineC, c!.id],
    ])
      expect(cli.stdout).toContain(`targets.csv:${line}: ${id}, `);
  }, 30_000);
});

describe("chiso check: every problem, with file, line, id and field", () => {
  it("finds nothing in an unedited copy, and exits 0", () => {
    const { code, out } = runCheck({ catalogDir: copyCatalog() });
    expect(code).toBe(0);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/hợp lệ .* \| catalog and figures are valid/);
  });

  it("prints one language with --lang", () => {
    const copy = copyCatalog();
    editTargets(copy, [{ id: real.targets[0]!.id, column: "comparator", value: "=>" }]);
    const en = runCheck({ catalogDir: copy, lang: "en" }).out;
    const vi = runCheck({ catalogDir: copy, lang: "vi" }).out;
    expect(en[0]).toMatch(/is not one of/);
    expect(en[0]).not.toMatch(/không/);
    expect(vi[0]).toMatch(/không thuộc/);
    expect(vi[0]).not.toMatch(/is not one of/);
  });

  it("checks each target against its document, its indicator and its own quote", () => {
    const copy = copyCatalog();
    const over = real.targets.find((t) => t.comparator === ">")!;
    const [t1, t2, t3, t4] = real.targets.filter((t) => t.id !== over.id);
    const lines = editTargets(copy, [
      { id: t1!.id, column: "clause", value: "IX.9" },
      { id: t2!.id, column: "document_id", value: "plan-9999-2099" },
      { id: over.id, column: "comparator", value: ">=" },
      { id: t3!.id, column: "value", value: String(t3!.value + 1) },
      { id: t4!.id, column: "id", value: t1!.id },
    ]);
    const problems = readCatalogProblems(copy);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`targets\\.csv:${lines[0]}: ${t1!.id}, clause: .*"IX\\.9" is not a section of ${t1!.document.id}`)),
        expect.stringMatching(new RegExp(`targets\\.csv:${lines[1]}: ${t2!.id}, document_id: .*"plan-9999-2099" names no document`)),
        expect.stringMatching(new RegExp(`targets\\.csv:${lines[2]}: ${over.id}, comparator: .*>= contradicts the quote's "trên`)),
        expect.stringMatching(new RegExp(`targets\\.csv:${lines[3]}: ${t3!.id}, quote_vi: .*does not state the value ${t3!.value + 1}`)),
        expect.stringMatching(new RegExp(`targets\\.csv:${lines[4]}: ${t1!.id}, id: .*is already defined at line ${lines[0]}`)),
      ]),
    );
  });

  it("names the line and field of a YAML indicator's missing, misspelt or misplaced field", () => {
    const copy = copyCatalog();
    const file = path.join(copy, "digital-society.yaml");
    const first = real.indicators.find((i) => i.domain === "digital-society")!;
    const gapless = real.indicators.find((i) => i.domain === "digital-society" && i.dataGap && i.id !== first.id)!;
    let nameLine = 0;
    editLine(
      file,
      (l, i, all) => {
        if (l === "    name:" && all[i - 1] === `  - id: ${first.id}`) nameLine = i + 1;
        return nameLine > 0 && i === nameLine + 1 && l.startsWith("      en:");
      },
      () => null,
    );
    const seen = { on: false };
    const gapLine = editLine(
      file,
      (l) => (seen.on ||= l === `  - id: ${gapless.id}`) && l === "    dataGap:",
      () => "    datagap:",
    );
    const third = real.indicators.find((i) => i.domain === "digital-society" && ![first.id, gapless.id].includes(i.id))!;
    const inThird = { on: false };
    const domainLine = editLine(
      file,
      (l) => (inThird.on ||= l === `  - id: ${third.id}`) && l === "    domain: digital-society",
      () => "    domain: digital-economy",
    );
    const problems = readCatalogProblems(copy);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`digital-society\\.yaml:${nameLine}: ${first.id}, name\\.en: .*is required but missing`)),
        expect.stringMatching(new RegExp(`digital-society\\.yaml:${gapLine}: ${gapless.id}, datagap: .*unknown field "datagap"`)),
        expect.stringMatching(new RegExp(`digital-society\\.yaml:${domainLine}: ${third.id}, domain: .*sits in the digital-society file`)),
      ]),
    );
  });

  it("names the line of a YAML syntax error and of a document's malformed date", () => {
    const copy = copyCatalog();
    const doc = real.documents[0]!;
    const dateLine = editLine(
      path.join(copy, "documents.yaml"),
      (l) => l === `    date: ${doc.date}`,
      () => "    date: 16/06/2023",
    );
    const badLine = editLine(
      path.join(copy, "context.yaml"),
      (l) => l.startsWith("  - id: "),
      (l) => `${l}: and more`,
    );
    const problems = readCatalogProblems(copy);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`documents\\.yaml:${dateLine}: ${doc.id}, date: .*"16/06/2023" is not in the expected form`)),
        expect.stringMatching(new RegExp(`context\\.yaml:${badLine}: .*YAML syntax error`)),
      ]),
    );
  });

  it("checks the transcribed figures row by row, against the catalog", () => {
    const copy = path.join(mkdtempSync(path.join(scratch, "figures-")), "report-figures.csv");
    const lines = readFileSync(FIGURES_FILE, "utf8").split("\n");
    lines[1] = lines[1]!.replace(/^((?:[^,]*,){3})[^,]*,/, (_, before: string) => `${before}90%,`);
    lines[2] = lines[2]!.replace(/^[^,]*,/, "no-such-indicator,");
    // A count below 0 and a citation dated 30 February: each read, and implausible.
    lines[3] = lines[3]!.replace(/^((?:[^,]*,){3})[^,]*,/, (_, before: string) => `${before}-4,`);
    lines[4] = lines[4]!.replace(/,\d{4}-\d{2}-\d{2},/, ",2025-02-30,");
    writeFileSync(copy, lines.join("\n"));
    const { code, out } = runCheck({ figuresFile: copy, lang: "en" });
    expect(code).toBe(1);
    expect(out).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/report-figures\.csv:2: .*, value: .*plain number/),
        expect.stringMatching(/report-figures\.csv:3: no-such-indicator .*, indicator_id: no-such-indicator is not a catalogued indicator/),
        expect.stringMatching(/report-figures\.csv:4: .*, value: value -4 is outside .* \(rule: unit /),
        expect.stringMatching(/report-figures\.csv:5: .*, citation_date: citation date "2025-02-30" is not a calendar date/),
      ]),
    );
  });
});

/** The problems loadCatalog reports for a catalog folder, one formatted line each. */
function readCatalogProblems(dir: string): string[] {
  try {
    loadCatalog(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogError);
    return (error as CatalogError).message.split("\n").slice(1);
  }
  throw new Error(`${dir}: expected problems, found none`);
}
