import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Catalog } from "../../schemas/catalog.ts";
import { OBSERVATION_COLUMNS, TARGET_COLUMNS, targetRows, writeDownloads } from "./downloads.ts";
import { toCsv } from "./formats/csv.ts";
import { sourceCalendars } from "../judge/calendar.ts";
import type { PublishContext } from "./context.ts";
import { indicatorRecord } from "./formats/json-api.ts";
import { sha256, writeAtomic } from "../files.ts";
import { planRelease, publishReleases, readReleases, recordRelease, writeSha256Sums } from "./releases.ts";
import { indicatorPages, indicatorSummaries, latestObservations, planProgress } from "../judge/views.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export interface PublishOptions {
  warehouse: Warehouse;
  catalog: Catalog;
  dataDir: string;
  distDir: string;
  log: (line: string) => void;
  /** Absolute root URL of the published site, for citations and the DCAT catalogue ("" = relative links). */
  siteUrl?: string;
  /** The publish time (a parameter so tests can publish on given dates). */
  now?: Date;
}

export interface PublishResult {
  distDir: string;
  pages: number;
  observations: number;
  downloads: string[];
}

const json = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? Number(v) : v), 1);

/** What one publish reads from the warehouse and decides before writing anything. */
export async function prepareData(opts: Pick<PublishOptions, "warehouse" | "catalog" | "dataDir" | "siteUrl" | "now">) {
  const { warehouse, catalog } = opts;
  const latest = await latestObservations(warehouse);
  const pages = indicatorPages(catalog, latest);
  const now = opts.now ?? new Date();
  const targets = targetRows(pages);
  // The bulk CSVs, written once here: they are both a download and the data's fingerprint.
  const csv = { observations: toCsv(latest as never, OBSERVATION_COLUMNS), targets: toCsv(targets as never, TARGET_COLUMNS) };
  // A release is due when the latest values or the targets' standing differ from the last release's.
  const fingerprint = sha256(csv.observations + csv.targets);
  const releases = readReleases(opts.dataDir);
  const plan = planRelease(releases, fingerprint, now);
  const ctx: PublishContext = { siteUrl: opts.siteUrl ?? "", release: plan.date, now, calendars: await sourceCalendars(warehouse, now) };
  const records = pages.map((p) => indicatorRecord(p, ctx));
  // Release dates once this publish is done: the new one, if any, last.
  const releaseDates = [...releases.map((r) => r.date).filter((d) => d !== plan.date), plan.date];
  return { latest, pages, targets, csv, fingerprint, plan, releaseDates, ctx, records, now };
}
export type PreparedData = Awaited<ReturnType<typeof prepareData>>;

/**
 * Records a release when the data changed, copies every release into `dataOut`, and writes
 * SHA256SUMS last, over everything in it. Runs once the downloads are written.
 */
export function finishData(p: PreparedData, bulk: string[], dataOut: string, opts: Pick<PublishOptions, "dataDir" | "log">) {
  const { log } = opts;
  if (p.plan.isNew) {
    const release = recordRelease({ dataDir: opts.dataDir, date: p.plan.date, now: p.now, fingerprint: p.fingerprint, rows: p.latest, files: bulk, from: dataOut });
    const c = release.changes;
    log(`publish: release ${release.date}: ${c.added.length} new, ${c.revised.length} revised, ${c.removed.length} withdrawn figures`);
  } else log(`publish: data unchanged since release ${p.plan.date}; no new release`);
  publishReleases(opts.dataDir, dataOut);
  const summed = writeSha256Sums(dataOut);
  log(`publish: SHA256SUMS over ${summed} files`);
}

/** Every download of a prepared publish, written into `dataOut`. */
const writePreparedDownloads = (p: PreparedData, dataOut: string, opts: Pick<PublishOptions, "warehouse" | "catalog">) =>
  writeDownloads({ warehouse: opts.warehouse, catalog: opts.catalog, pages: p.pages, latest: p.latest, records: p.records, targets: p.targets, csv: p.csv, ctx: p.ctx, dataOut });

/** The downloads, the release and the checksums, in one go (what publish does around the site build). */
export async function writeData(p: PreparedData, dataOut: string, opts: Pick<PublishOptions, "warehouse" | "catalog" | "dataDir" | "log">) {
  const downloads = await writePreparedDownloads(p, dataOut, opts);
  finishData(p, downloads.bulk, dataOut, opts);
  return downloads;
}

/**
 * Exports the warehouse and builds the site. Everything is built beside the live site and swapped
 * in only when complete: a failure at any step leaves the published site as it was.
 */
export async function publish(opts: PublishOptions): Promise<PublishResult> {
  const { warehouse, catalog, log } = opts;
  // The Framework root must sit inside the project so page imports resolve from its node_modules;
  // one staging folder per data folder keeps concurrent publishes apart and the bundle cache warm.
  const stage = join(PROJECT_ROOT, ".chiso-build", sha256(opts.dataDir).slice(0, 12));
  const src = join(stage, "src");
  rmSync(src, { recursive: true, force: true });
  cpSync(join(PROJECT_ROOT, "site"), src, { recursive: true, filter: (p) => !p.includes(`${join("site", ".observablehq")}`) });

  log("publish: reading the warehouse");
  const prepared = await prepareData(opts);
  const { latest, pages, records, plan } = prepared;
  const siteData = join(src, "data");
  mkdirSync(join(siteData, "indicators"), { recursive: true });
  const vintages = await warehouse.scalar("select count(*) from observations");
  const meta = { builtAt: prepared.now.toISOString(), release: plan.date, releases: prepared.releaseDates.length, observations: latest.length, vintages, indicators: pages.length, targets: catalog.targets.length };
  writeAtomic(join(siteData, "meta.json"), json(meta));
  writeAtomic(join(siteData, "indicators.json"), json(indicatorSummaries(pages).map((summary, i) => ({ ...summary, updates: records[i]!.updates }))));
  writeAtomic(join(siteData, "documents.json"), json(catalog.documents));
  writeAtomic(join(siteData, "plans.json"), json(planProgress(catalog, pages)));
  writeAtomic(join(siteData, "sources.json"), json(await warehouse.query("select * from sources order by id")));
  pages.forEach((page, i) => writeAtomic(join(siteData, "indicators", `${page.indicator.id}.json`), json({ ...page, record: records[i] })));

  // The downloads are written first, so the pages can list them with their sizes and checksums.
  log("publish: writing downloads");
  const dataOut = join(stage, "downloads");
  rmSync(dataOut, { recursive: true, force: true });
  const downloads = await writePreparedDownloads(prepared, dataOut, opts);
  writeAtomic(join(siteData, "downloads.json"), json({ release: plan.date, releases: prepared.releaseDates, files: downloads.described }));

  const building = `${opts.distDir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  log(`publish: building ${pages.length} indicator pages with Observable Framework`);
  await buildSite(src, building, log);

  // Only a site that built records a release.
  finishData(prepared, downloads.bulk, dataOut, opts);
  renameSync(dataOut, join(building, "data"));

  // Swap: the old site stays served until the new one is complete.
  const previous = `${opts.distDir}.previous-${process.pid}`;
  if (existsSync(opts.distDir)) renameSync(opts.distDir, previous);
  renameSync(building, opts.distDir);
  rmSync(previous, { recursive: true, force: true });
  return { distDir: opts.distDir, pages: pages.length, observations: latest.length, downloads: downloads.files };
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
