import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CATALOG_DIR, readCatalog } from "../../schemas/catalog.ts";

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), "chiso-territory-"));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of the real catalog with one text replacement in one file. */
function edited(file: string, find: string, replace: string): string {
  const dir = mkdtempSync(path.join(scratch, "catalog-"));
  cpSync(CATALOG_DIR, dir, { recursive: true });
  const p = path.join(dir, file);
  const text = readFileSync(p, "utf8");
  expect(text.includes(find), `${file}: ${find}`).toBe(true);
  writeFileSync(p, text.replace(find, replace));
  return dir;
}
const problemsOf = (dir: string) => readCatalog(dir).problems.map((p) => `${p.field}: ${p.en}`);

describe("catalog: territories, deciding series and target rules", () => {
  it("the real catalog states them and is clean", () => {
    const { catalog, problems } = readCatalog();
    expect(problems).toEqual([]);
    const share = catalog.indicators.find((i) => i.id === "digital-economy-share")!;
    expect(share.decidedBy).toMatchObject({ source: "report", seriesCode: "mic-method", geo: "VN-SG" });
    const books = catalog.indicators.find((i) => i.id === "electronic-health-books")!;
    expect(books.series[0]!.territory).toBe("vn-sg-from-2025-07");
    const population = catalog.indicators.find((i) => i.id === "average-population")!;
    expect(population.series.find((s) => s.geo === "VN-SG")!.territory).toBe("vn-sg-to-2025-06");
  });

  it("rejects an unknown territory", () => {
    const dir = edited("context.yaml", "territory: vn-sg-to-2025-06", "territory: vn-sg-1976");
    expect(problemsOf(dir).join("\n")).toMatch(/territory/);
  });

  it("rejects a territory of another geography", () => {
    const dir = edited("context.yaml", "territory: vn-sg-to-2025-06", "territory: vn");
    expect(problemsOf(dir)).toContainEqual(expect.stringContaining("territory vn belongs to VN, not VN-SG"));
  });

  it("rejects a decidedBy naming a series the indicator does not link", () => {
    const dir = edited(
      "digital-economy.yaml",
      "      seriesCode: mic-method\n      geo: VN-SG\n      why:",
      "      seriesCode: mic-methods\n      geo: VN-SG\n      why:",
    );
    expect(problemsOf(dir)).toContainEqual(expect.stringContaining("decidedBy report/mic-methods/VN-SG is not a series the indicator links"));
  });

  it("rejects a proxy series as the deciding one", () => {
    const dir = edited(
      "digital-economy.yaml",
      "      seriesCode: mic-method\n      geo: VN-SG\n      why:",
      "      seriesCode: mic-method\n      geo: VN\n      why:",
    );
    // Viet Nam's MIC series is a city indicator's national series, not a proxy: accepted.
    expect(problemsOf(dir)).toEqual([]);
  });

  it("rejects a target rule it does not know, and a national goal on an indicator not measured nationally", () => {
    const rule = edited(
      "targets.csv",
      'labour productivity grows by at least 7% a year,"tối thiểu (at least) 7% reads as >=; stated twice, one target",,each-year',
      'labour productivity grows by at least 7% a year,"tối thiểu (at least) 7% reads as >=; stated twice, one target",,yearly',
    );
    expect(problemsOf(rule).join("\n")).toMatch(/^rule: /m);
    const geo = edited(
      "targets.csv",
      "Dossiers processed through level-3/4 online public services reach 50% or more of all dossiers,từ 50% trở lên (50% or more) reads as >=: 50% meets it,",
      "Dossiers processed through level-3/4 online public services reach 50% or more of all dossiers,từ 50% trở lên (50% or more) reads as >=: 50% meets it,VN",
    );
    expect(problemsOf(geo).join("\n")).toMatch(/is not measured for VN/);
  });
});
