import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveSite } from "../../pipelines/cli/serve.ts";

// Debian's Chromium (apt install chromium); .ci/run installs it.
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const root = new URL("../..", import.meta.url).pathname;
const shots = process.env.CHISO_SCREENSHOTS;

describe("the published site in a real browser", () => {
  let dir: string;
  let server: Server;
  let base: string;
  let browser: Browser;
  /** Every request the pages make that does not go to the site's own host. */
  const foreign: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
    dir = mkdtempSync(join(tmpdir(), "chiso-browser-"));
    const chiso = (...args: string[]) => execFileSync(process.execPath, [join(root, "bin/chiso.js"), ...args], { cwd: root, stdio: "ignore" });
    chiso("refresh", "--offline", "--data-dir", dir);
    chiso("publish", "--data-dir", dir, "--out", join(dir, "dist"));
    ({ server, url: base } = await serveSite(join(dir, "dist"), 0));
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
    if (shots) mkdirSync(shots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(path: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const page = await browser.newPage({ viewport });
    page.on("request", (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith("data:")) foreign.push(r.url());
    });
    page.on("pageerror", (e) => errors.push(`${path}: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(`${path}: ${m.text()}`);
    });
    await page.goto(base + path, { waitUntil: "networkidle" });
    return page;
  }
  const shoot = async (page: Page, name: string) => {
    if (shots) await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  };

  it("home page: one card per indicator, grouped by domain, with status badges", async () => {
    const page = await open("index.html");
    await page.waitForSelector(".indicator-card");
    expect(await page.locator(".indicator-card").count()).toBeGreaterThanOrEqual(54);
    expect(await page.locator("section.domain h2").count()).toBe(4);
    expect(await page.locator(".indicator-card .status").count()).toBeGreaterThan(30);
    await shoot(page, "home");
    await page.close();
  });

  it("indicator page: chart with the target, targets with documents, sources, citation", async () => {
    const page = await open("indicators/average-population.html");
    await page.waitForSelector("svg");
    expect(await page.locator("figure svg, svg").count()).toBeGreaterThan(0);
    expect(await page.locator("table.observations tbody tr").count()).toBe(28);
    expect(await page.locator("blockquote.citation").textContent()).toContain(base);
    await page.close();
    const smartphone = await open("indicators/adults-with-smartphone.html");
    await smartphone.waitForSelector("table.targets-table");
    expect(await smartphone.locator("table.targets-table").textContent()).toContain("2649/KH-UBND");
    await shoot(smartphone, "indicator");
    await smartphone.close();
  });

  it("switches between Vietnamese and English without a reload", async () => {
    const page = await open("index.html");
    await page.waitForSelector(".indicator-card");
    const h1 = page.locator("main h1").first();
    expect(await h1.innerText()).toContain("Kinh tế số");
    await page.locator("button.chiso-lang").click();
    expect(await h1.innerText()).toContain("digital economy");
    await page.close();
  });

  it("plans page: progress by document and section", async () => {
    const page = await open("plans.html");
    await page.waitForSelector("table.plan-targets");
    expect(await page.locator("section.plan").count()).toBeGreaterThanOrEqual(4);
    const text = await page.locator("main").innerText();
    expect(text).toContain("II.2");
    expect(await page.locator("table.plan-targets tbody tr").count()).toBe(39);
    await shoot(page, "plans");
    await page.close();
  });

  it("downloads page: every bulk file listed and reachable", async () => {
    const page = await open("downloads.html");
    await page.waitForSelector("a[href='data/observations.parquet']");
    for (const href of await page.locator("main a[download]").evaluateAll((as) => as.slice(0, 12).map((a) => (a as HTMLAnchorElement).href))) {
      const res = await page.request.get(href);
      expect(res.status(), href).toBe(200);
    }
    expect(await page.locator("pre code").first().textContent()).toContain(`${base}data/observations.parquet`);
    await page.close();
  });

  it("fits a phone: no sideways scrolling on the home, indicator and plans pages", async () => {
    for (const path of ["index.html", "indicators/account-ownership-15plus.html", "plans.html", "downloads.html"]) {
      const page = await open(path, { width: 390, height: 844 });
      await page.waitForTimeout(300);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (path === "plans.html") await shoot(page, "plans-phone");
      expect(overflow, path).toBeLessThanOrEqual(1);
      await page.close();
    }
  });

  it("made no request to any other host and logged no error", () => {
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
  });
});
