import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildSite, PROJECT_ROOT } from "../../pipelines/publish/site-build.ts";

describe("the site built in shards, one Framework process per core", () => {
  const dir = mkdtempSync(join(tmpdir(), "chiso-shards-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("builds every page once, merges the outputs and leaves no shard behind", async () => {
    const root = join(dir, "src");
    mkdirSync(join(root, "indicators"), { recursive: true });
    mkdirSync(join(root, "en", "indicators"), { recursive: true });
    writeFileSync(join(root, "style.css"), readFileSync(join(PROJECT_ROOT, "site", "style.css")));
    writeFileSync(join(root, "index.md"), "# Home\n");
    for (const id of ["a", "b", "c", "d"]) {
      writeFileSync(join(root, "indicators", `${id}.md`), `---\ntitle: ${id}\n---\n\n<p class="page">${id}</p>\n`);
      writeFileSync(join(root, "en", "indicators", `${id}.md`), `---\ntitle: ${id} (en)\n---\n\n<p class="page">${id} en</p>\n`);
    }
    const lines: string[] = [];
    const out = join(dir, "dist");
    await buildSite(root, out, (l) => lines.push(l), 2, 4);
    expect(lines.some((l) => /building in 2 Framework processes/.test(l))).toBe(true);
    expect(readdirSync(join(out, "indicators")).sort()).toEqual(["a.html", "b.html", "c.html", "d.html"]);
    expect(readdirSync(join(out, "en", "indicators")).sort()).toEqual(["a.html", "b.html", "c.html", "d.html"]);
    expect(readFileSync(join(out, "en", "indicators", "c.html"), "utf8")).toContain("c en");
    // Each page links the one stylesheet both shards wrote under the same hashed name.
    const css = /href="[^"]*(_import\/style\.[0-9a-f]+\.css)"/.exec(readFileSync(join(out, "indicators", "b.html"), "utf8"))![1]!;
    expect(existsSync(join(out, css))).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(["dist", "src"]);
  }, 120_000);
});
