import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { validate } from "../../pipelines/cli/validate.ts";

// The page for submitting units shows what `chiso validate` says of a sample bad file (a file made
// for the page, not a real submission). This keeps the page's words the command's own.
const root = new URL("../../site/", import.meta.url);

describe("the page for submitting units", () => {
  it("shows the real output of chiso validate for its sample bad file", async () => {
    const lines: string[] = [];
    const code = await validate([new URL("submit/sample-bad.csv", root).pathname], {
      print: (line) => lines.push(line.replace(/^.*sample-bad\.csv/, "sample-bad.csv")),
      now: new Date("2026-12-02T00:00:00Z"),
    });
    expect(code).toBe(1);
    expect(lines.length).toBeGreaterThan(3);
    // The Vietnamese page and its English twin show the same run.
    for (const file of ["submit.md", "en/submit.md"]) {
      const page = readFileSync(new URL(file, root), "utf8");
      const start = page.indexOf("```text");
      const shown = page.slice(start, page.indexOf("```", start + 7));
      for (const line of lines) expect(shown, file).toContain(line);
    }
  });
});
