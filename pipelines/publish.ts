import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Catalog } from "../schemas/catalog.ts";
import { writeDownloads } from "./exports.ts";
import { writeAtomic } from "./raw-archive.ts";
import { indicatorPages, indicatorSummaries, latestObservations, planProgress } from "./site-data.ts";
import type { Warehouse } from "./warehouse.ts";

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export interface PublishOptions {
  warehouse: Warehouse;
  catalog: Catalog;
  dataDir: string;
  distDir: string;
  log: (line: string) => void;
}

export interface PublishResult {
  distDir: string;
  pages: number;
  observations: number;
  downloads: string[];
}

const json = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? Number(v) : v), 1);

/**
 * Exports the warehouse and builds the site. Everything is built beside the live site and swapped
 * in only when complete: a failure at any step leaves the published site as it was.
 */
export async function publish(opts: PublishOptions): Promise<PublishResult> {
  const { warehouse, catalog, log } = opts;
  // The Framework root must sit inside the project so page imports resolve from its node_modules;
  // one staging folder per data folder keeps concurrent publishes apart and the bundle cache warm.
  const stage = join(PROJECT_ROOT, ".chiso-build", createHash("sha256").update(opts.dataDir).digest("hex").slice(0, 12));
  const src = join(stage, "src");
  rmSync(src, { recursive: true, force: true });
  cpSync(join(PROJECT_ROOT, "site"), src, { recursive: true, filter: (p) => !p.includes(`${join("site", ".observablehq")}`) });

  log("publish: reading the warehouse");
  const latest = await latestObservations(warehouse);
  const pages = indicatorPages(catalog, latest);
  const siteData = join(src, "data");
  mkdirSync(join(siteData, "indicators"), { recursive: true });
  const vintages = await warehouse.scalar("select count(*) from observations");
  const meta = { builtAt: new Date().toISOString(), observations: latest.length, vintages, indicators: pages.length, targets: catalog.targets.length };
  writeAtomic(join(siteData, "meta.json"), json(meta));
  writeAtomic(join(siteData, "indicators.json"), json(indicatorSummaries(pages)));
  writeAtomic(join(siteData, "documents.json"), json(catalog.documents));
  writeAtomic(join(siteData, "plans.json"), json(planProgress(catalog, pages)));
  writeAtomic(join(siteData, "sources.json"), json(await warehouse.query("select * from sources order by id")));
  for (const page of pages) writeAtomic(join(siteData, "indicators", `${page.indicator.id}.json`), json(page));

  const building = `${opts.distDir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  log(`publish: building ${pages.length} indicator pages with Observable Framework`);
  await buildSite(src, building, log);

  log("publish: writing downloads");
  const downloads = await writeDownloads(warehouse, latest, join(building, "data"));

  // Swap: the old site stays served until the new one is complete.
  const previous = `${opts.distDir}.previous-${process.pid}`;
  if (existsSync(opts.distDir)) renameSync(opts.distDir, previous);
  renameSync(building, opts.distDir);
  rmSync(previous, { recursive: true, force: true });
  return { distDir: opts.distDir, pages: pages.length, observations: latest.length, downloads };
}

function buildSite(root: string, output: string, log: (line: string) => void): Promise<void> {
  const cli = join(PROJECT_ROOT, "node_modules", "@observablehq", "framework", "dist", "bin", "observable.js");
  const args = ["--import", "tsx", cli, "build", "--config", join(PROJECT_ROOT, "observablehq.config.ts")];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: PROJECT_ROOT,
      env: { ...process.env, CHISO_SITE_ROOT: root, CHISO_SITE_OUT: output, OBSERVABLE_TELEMETRY_DISABLE: "true", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let transcript = "";
    const keep = (chunk: Buffer) => {
      transcript += chunk.toString();
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) {
        const built = /(\d+) pages?/.exec(transcript);
        if (built) log(`publish: Framework built ${built[1]} pages`);
        resolvePromise();
      } else reject(new Error(`site build failed (Observable Framework exited ${code}):\n${transcript.trim().split("\n").slice(-15).join("\n")}`));
    });
  });
}
