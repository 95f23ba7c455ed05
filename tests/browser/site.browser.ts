import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveSite } from "../../pipelines/cli/serve.ts";

// Debian's Chromium (apt install chromium); .ci/run installs it.
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const root = new URL("../..", import.meta.url).pathname;
const shots = process.env.CHISO_SCREENSHOTS ?? join(root, "test-results");
const axeSource: string = createRequire(import.meta.url)("axe-core").source;

const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 900 };
/** Budgets for a first visit, every request counted, compressed as `chiso serve` sends it. */
const INDICATOR_BUDGET = 60 * 1024;
const HOME_BUDGET = 80 * 1024;

interface Visit {
  page: Page;
  /** Bytes on the wire: headers and (compressed) bodies of every request the page made. */
  bytes: number;
  requests: number;
}

describe("the published site in a real browser", () => {
  let dir: string;
  let server: Server;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let pages: string[];
  /** Every request the pages make that does not go to the site's own host. */
  const foreign: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
    dir = mkdtempSync(join(tmpdir(), "chiso-browser-"));
    const chiso = (...args: string[]) => execFileSync(process.execPath, [join(root, "bin/chiso.js"), ...args], { cwd: root, stdio: "ignore" });
    chiso("refresh", "--offline", "--data-dir", dir);
    chiso("publish", "--data-dir", dir, "--out", join(dir, "dist"));
    const dist = join(dir, "dist");
    const walk = (d: string): string[] =>
      readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? (n.startsWith("_") || n === "data" ? [] : walk(join(d, n))) : [join(d, n)]));
    pages = walk(dist)
      .filter((p) => p.endsWith(".html"))
      .map((p) => relative(dist, p))
      .sort();
    ({ server, url: base } = await serveSite(dist, 0));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    context = await browser.newContext();
    mkdirSync(shots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(path: string, viewport = DESKTOP, into: BrowserContext = context): Promise<Visit> {
    const page = await into.newPage();
    await page.setViewportSize(viewport);
    const visit: Visit = { page, bytes: 0, requests: 0 };
    page.on("request", (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith("data:")) foreign.push(r.url());
    });
    page.on("requestfinished", async (r) => {
      const sizes = await r.sizes();
      visit.bytes += sizes.responseBodySize + sizes.responseHeadersSize;
      visit.requests++;
    });
    page.on("pageerror", (e) => errors.push(`${path}: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(`${path}: ${m.text()}`);
    });
    await page.goto(base + path, { waitUntil: "networkidle" });
    return visit;
  }
  const shoot = (page: Page, name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

  /** Serious and critical WCAG 2.1 A/AA violations axe-core finds on the page. */
  async function axe(page: Page): Promise<string[]> {
    await page.addScriptTag({ content: axeSource });
    type Found = { id: string; impact: string; where: string[] };
    const result: Found[] = await page.evaluate(async () => {
      // axe is injected as a global.
      const run = (window as any).axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
      const { violations } = await run;
      return violations.map((v: { id: string; impact: string; nodes: { target: string[] }[] }) => ({
        id: v.id,
        impact: v.impact,
        where: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
      }));
    });
    return result.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} (${v.impact}) at ${v.where.join(", ")}`);
  }

  it("builds every page in both languages, each with its language and its own title", async () => {
    const vi = pages.filter((p) => !p.startsWith("en/"));
    const en = pages.filter((p) => p.startsWith("en/"));
    expect(vi.filter((p) => p.startsWith("indicators/")).length).toBeGreaterThanOrEqual(54);
    expect(en.map((p) => p.replace(/^en\//, ""))).toEqual(vi.filter((p) => p !== "404.html"));
    const { page } = await open("en/indicators/adults-with-smartphone.html");
    expect(await page.getAttribute("html", "lang")).toBe("en");
    expect(await page.title()).toMatch(/^Adults with a smartphone/i);
    await page.goto(`${base}indicators/adults-with-smartphone.html`);
    expect(await page.getAttribute("html", "lang")).toBe("vi");
    expect(await page.title()).not.toBe("chiso");
    await page.close();
  });

  it("every page, both languages, phone and desktop: no serious accessibility violation, nothing cut off", async () => {
    const problems: string[] = [];
    const visits = pages.flatMap((path) => [PHONE, DESKTOP].map((viewport) => ({ path, viewport })));
    // A few tabs at a time: axe takes a second or so per page.
    for (let i = 0; i < visits.length; i += 4)
      await Promise.all(
        visits.slice(i, i + 4).map(async ({ path, viewport }) => {
          const { page } = await open(path, viewport);
          for (const v of await axe(page)) problems.push(`${path} @${viewport.width}: ${v}`);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          if (overflow > 1) problems.push(`${path} @${viewport.width}: ${overflow}px wider than the screen`);
          await page.close();
        }),
      );
    process.stdout.write(`axe-core: ${visits.length} page visits (${pages.length} pages at 375 and 1280 px), ${problems.length} problems\n`);
    expect(problems).toEqual([]);
  }, 900_000);

  it("home and an indicator page in both languages and widths, within their weight budgets", async () => {
    const weights: Record<string, number> = {};
    for (const [name, path, budget] of [
      ["home-vi", "index.html", HOME_BUDGET],
      ["home-en", "en/index.html", HOME_BUDGET],
      ["indicator-vi", "indicators/digital-economy-share.html", INDICATOR_BUDGET],
      ["indicator-en", "en/indicators/digital-economy-share.html", INDICATOR_BUDGET],
    ] as const) {
      for (const viewport of [PHONE, DESKTOP]) {
        // A fresh context: nothing cached, as on a first visit.
        const fresh = await browser.newContext();
        const visit = await open(path, viewport, fresh);
        weights[`${name}-${viewport.width}`] = visit.bytes;
        expect(visit.bytes, `${path}: ${visit.requests} requests`).toBeLessThan(budget);
        await shoot(visit.page, `${name}-${viewport.width}`);
        await fresh.close();
      }
    }
    process.stdout.write(`page weights (bytes on the wire, first visit): ${JSON.stringify(weights)}\n`);
  });

  it("the language switch lands on the same page in the other language", async () => {
    const { page } = await open("indicators/adults-with-smartphone.html");
    await page.locator("a.chiso-lang").click();
    await page.waitForLoadState("networkidle");
    expect(new URL(page.url()).pathname).toBe("/en/indicators/adults-with-smartphone.html");
    expect(await page.locator("main h1").innerText()).toMatch(/smartphone/i);
    await page.locator("a.chiso-lang").click();
    await page.waitForLoadState("networkidle");
    expect(new URL(page.url()).pathname).toBe("/indicators/adults-with-smartphone.html");
    expect(await page.locator("main h1").innerText()).toMatch(/điện thoại thông minh/i);
    await page.close();
  });

  it("search finds an indicator typed without diacritics, offline", async () => {
    const { page } = await open("search.html?q=dien%20thoai%20thong%20minh");
    const shown = page.locator("#search-results > li:not([hidden]) > a");
    expect(await shown.count()).toBeGreaterThan(0);
    expect(await shown.allInnerTexts()).toContainEqual(expect.stringMatching(/điện thoại thông minh/i));
    expect(await page.locator("#search-results > li[hidden]").count()).toBeGreaterThan(40);
    await page.fill("#search-q", "zzzz-nothing");
    expect(await page.locator("#search-results > li:not([hidden])").count()).toBe(0);
    await page.fill("#search-q", "thanh toan");
    expect(await page.locator("#search-results > li:not([hidden])").count()).toBeGreaterThan(0);
    await page.close();
  });

  it("with script off, an indicator page shows its chart, the chart's message and its table", async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    for (const path of ["indicators/digital-economy-share.html", "en/indicators/average-population.html"]) {
      const { page } = await open(path, DESKTOP, noScript);
      const svg = page.locator("figure.chart .chart-wide svg[role='img']");
      expect(await svg.count(), path).toBe(1);
      const summary = await page.locator(".chart-summary").innerText();
      expect(summary.length).toBeGreaterThan(20);
      expect(await page.locator(`#${await svg.getAttribute("aria-labelledby")}`).count()).toBe(1);
      expect(await page.locator("details.chart-table table tbody tr").count()).toBeGreaterThan(1);
      expect(await page.locator("table.observations tbody tr").count()).toBeGreaterThan(1);
      await page.close();
    }
    const { page } = await open("indicators/digital-economy-share.html", DESKTOP, noScript);
    // Vietnamese numbers on the Vietnamese page: a decimal comma.
    expect(await page.locator(".chart-summary").innerText()).toMatch(/\d,\d+%/);
    await page.close();
    await noScript.close();
  });

  it("downloads listed on the downloads page are reachable", async () => {
    const { page } = await open("downloads.html");
    const hrefs = await page.locator("main a[download]").evaluateAll((as) => as.slice(0, 12).map((a) => (a as HTMLAnchorElement).href));
    expect(hrefs.length).toBeGreaterThan(5);
    for (const href of hrefs) expect((await page.request.get(href)).status(), href).toBe(200);
    await page.close();
  });

  it("made no request to any other host and logged no error", () => {
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
  });
});
