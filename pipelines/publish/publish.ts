import { cpSync, renameSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Catalog } from "../../schemas/catalog.ts";
import { targetRows, writeDownloads } from "./downloads.ts";
import { dropPublished, publishedFingerprint, stagePublished } from "./published-tables.ts";
import { sourceCalendars } from "../judge/calendar.ts";
import type { PublishContext } from "./context.ts";
import { indicatorRecord } from "./formats/json-api.ts";
import { changeCounts, pendingChanges, planRelease, publishReleases, readReleases, recordRelease, writeSha256Sums } from "./releases.ts";
import { checkApproval, clearReview, readReview } from "./review.ts";
import type { ReleaseView } from "./site/changes-page.ts";
import { finishPages, precompress } from "./site/finish.ts";
import { writeSitePages } from "./site/render.ts";
import { reportingCalendar } from "../judge/reporting.ts";
import { indicatorPages, latestObservations, planProgress } from "../judge/views.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { inputFingerprint, isUnchanged, readPublished, recordPublished, writeStatusFile } from "./published-state.ts";
import { PROJECT_ROOT, buildSite } from "./site-build.ts";
import { recoverSite, stageFor, swapIn } from "./site-swap.ts";

// Where the project is: tests and the build share it.
export { PROJECT_ROOT };

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
  /** The site's source folder (default site/); it is copied into the staging folder before the build. */
  siteDir?: string;
  /** Builds the staged site into a folder (default: Observable Framework); a parameter so a failing build can be tested. */
  build?: SiteBuild;
  /** Publish only the figures staged for review (review.ts); refuse any others. */
  approve?: boolean;
}

/** Builds the site whose source is in `root` into `output`; rejects with a message a person can act on. */
export type SiteBuild = (root: string, output: string, log: (line: string) => void) => Promise<void>;

export interface PublishResult {
  distDir: string;
  pages: number;
  observations: number;
  /** Files written; none when the publish found nothing changed. */
  downloads: string[];
  /** The release the site shows: a new one, or the last when the figures did not change. */
  release: string;
  /** Nothing changed since the last publish: the site was left as it was. */
  unchanged: boolean;
}

/** What one publish reads from the warehouse and decides before writing anything. */
export async function prepareData(opts: Pick<PublishOptions, "warehouse" | "catalog" | "dataDir" | "siteUrl" | "now">) {
  const { warehouse, catalog } = opts;
  const latest = await latestObservations(warehouse);
  const now = opts.now ?? new Date();
  const pages = indicatorPages(catalog, latest, now);
  const targets = targetRows(pages);
  // A release is due when the latest values or the targets' standing differ from the last release's:
  // the fingerprint is the sha256 of the bulk CSVs, written by DuckDB and hashed as they stream by.
  // `csv` holds each CSV's own sha256, which the downloads written later must match.
  await stagePublished(warehouse, latest, targets);
  let csv: { observations: string; targets: string };
  let fingerprint: string;
  try {
    ({ fingerprint, ...csv } = await publishedFingerprint(warehouse));
  } finally {
    await dropPublished(warehouse);
  }
  const releases = readReleases(opts.dataDir);
  const plan = planRelease(releases, fingerprint, now);
  const ctx: PublishContext = { siteUrl: opts.siteUrl ?? "", release: plan.date, now, calendars: await sourceCalendars(warehouse, now) };
  const records = pages.map((p) => indicatorRecord(p, ctx));
  // Release dates once this publish is done: the new one, if any, last.
  const releaseDates = [...releases.map((r) => r.date).filter((d) => d !== plan.date), plan.date];
  // What the new release changes, diffed once: the changes page shows it and the release keeps it.
  const changes = plan.isNew ? pendingChanges(opts.dataDir, latest) : null;
  // The departments' reports, for data/status.json.
  const reports = reportingCalendar(catalog, latest, now);
  return { latest, pages, targets, csv, fingerprint, plan, releaseDates, changes, reports, ctx, records, now };
}
export type PreparedData = Awaited<ReturnType<typeof prepareData>>;

/**
 * Records a release when the data changed, copies every release into `dataOut`, and writes
 * SHA256SUMS last, over everything in it. Runs once the downloads are written.
 */
export function finishData(p: PreparedData, bulk: string[], dataOut: string, opts: Pick<PublishOptions, "dataDir" | "log">) {
  const { log } = opts;
  if (p.changes) {
    const release = recordRelease({
      dataDir: opts.dataDir,
      date: p.plan.date,
      now: p.now,
      fingerprint: p.fingerprint,
      rows: p.latest,
      changes: p.changes,
      files: bulk,
      from: dataOut,
    });
    const c = changeCounts(release.changes);
    log(`publish: release ${release.date}: ${c.added} new, ${c.revised} revised, ${c.removed} withdrawn figures`);
  } else log(`publish: data unchanged since release ${p.plan.date}; no new release`);
  publishReleases(opts.dataDir, dataOut);
  const summed = writeSha256Sums(dataOut);
  log(`publish: SHA256SUMS over ${summed} files`);
}

/** Every download of a prepared publish, written into `dataOut`. */
const writePreparedDownloads = (p: PreparedData, dataOut: string, opts: Pick<PublishOptions, "warehouse" | "catalog">) =>
  writeDownloads({
    warehouse: opts.warehouse,
    catalog: opts.catalog,
    pages: p.pages,
    latest: p.latest,
    records: p.records,
    targets: p.targets,
    csv: p.csv,
    ctx: p.ctx,
    dataOut,
  });

/** The downloads, the release and the checksums, in one go (what publish does around the site build). */
export async function writeData(p: PreparedData, dataOut: string, opts: Pick<PublishOptions, "warehouse" | "catalog" | "dataDir" | "log">) {
  const downloads = await writePreparedDownloads(p, dataOut, opts);
  finishData(p, downloads.bulk, dataOut, opts);
  return downloads;
}

/**
 * Exports the warehouse and builds the site. Nothing is written when nothing changed since the
 * last publish (see published-state.ts); otherwise everything is built beside the live site and
 * swapped in only when complete: a failure at any step leaves the published site as it was.
 */
export async function publish(opts: PublishOptions): Promise<PublishResult> {
  const { log } = opts;
  for (const line of recoverSite(opts.distDir)) log(`publish: ${line}`);
  log("publish: reading the warehouse");
  const prepared = await prepareData(opts);
  if (opts.approve) checkApproval(readReview(opts.dataDir), prepared.fingerprint);
  const siteDir = resolve(opts.siteDir ?? join(PROJECT_ROOT, "site"));
  const fingerprint = inputFingerprint({
    data: [prepared.csv.observations, prepared.csv.targets],
    catalog: opts.catalog,
    siteUrl: opts.siteUrl ?? "",
    // The code that writes the downloads and the site's configuration: a new chiso republishes.
    trees: [
      siteDir,
      join(PROJECT_ROOT, "pipelines", "publish"),
      join(PROJECT_ROOT, "pipelines", "judge"),
      join(PROJECT_ROOT, "schemas"),
      join(PROJECT_ROOT, "observablehq.config.ts"),
    ],
  });
  const result = { distDir: opts.distDir, pages: prepared.pages.length, observations: prepared.latest.length, release: prepared.plan.date };
  if (isUnchanged(readPublished(opts.dataDir), opts.distDir, fingerprint)) {
    if (writeStatusFile(join(opts.distDir, "data"), prepared.plan.date, prepared.ctx.calendars, prepared.reports))
      log("publish: updated data/status.json (when each source last answered)");
    if (opts.approve) clearReview(opts.dataDir);
    return { ...result, downloads: [], unchanged: true };
  }
  const stage = stageFor(PROJECT_ROOT, opts.dataDir);
  const building = `${opts.distDir}.building-${process.pid}`;
  try {
    const downloads = await buildAndSwap(opts, prepared, siteDir, stage, building);
    recordPublished(opts.dataDir, { distDir: opts.distDir, fingerprint, release: prepared.plan.date, publishedAt: prepared.now.toISOString() });
    if (opts.approve) clearReview(opts.dataDir);
    return { ...result, downloads, unchanged: false };
  } catch (error) {
    // The live site was not touched; nothing half-built is left beside it.
    rmSync(building, { recursive: true, force: true });
    throw error;
  } finally {
    stage.remove();
  }
}

async function buildAndSwap(
  opts: PublishOptions,
  prepared: PreparedData,
  siteDir: string,
  stage: ReturnType<typeof stageFor>,
  building: string,
): Promise<string[]> {
  const { warehouse, catalog, log } = opts;
  const { src } = stage;
  // The Framework's own cache folder in the source is not copied; the one kept for this data folder is.
  cpSync(siteDir, src, { recursive: true, filter: (p) => !resolve(p).startsWith(join(siteDir, ".observablehq")) });
  stage.restoreCache();

  const { latest, pages, records, plan } = prepared;
  const vintages = await warehouse.scalar("select count(*) from observations");

  // The downloads are written first, so the pages can list them with their sizes and checksums.
  log("publish: writing downloads");
  const dataOut = join(stage.stage, "downloads");
  const downloads = await writePreparedDownloads(prepared, dataOut, opts);

  const kept = readReleases(opts.dataDir);
  const releases: ReleaseView[] = prepared.changes
    ? [
        ...kept,
        {
          date: plan.date,
          publishedAt: prepared.now.toISOString(),
          observations: latest.length,
          previous: kept.at(-1)?.date ?? null,
          changes: prepared.changes,
        },
      ]
    : kept;
  const written = writeSitePages(src, {
    pages,
    records,
    plans: planProgress(catalog, pages),
    meta: { builtAt: prepared.now.toISOString(), release: plan.date, observations: latest.length, vintages, targets: catalog.targets.length },
    files: downloads.described,
    release: plan.date,
    releaseDates: prepared.releaseDates,
    releases,
    siteUrl: opts.siteUrl ?? "",
  });
  log(`publish: wrote ${written.length} pages (Vietnamese and English)`);

  rmSync(building, { recursive: true, force: true });
  log(`publish: building ${written.length} pages with Observable Framework`);
  await (opts.build ?? buildSite)(src, building, log);
  stage.keepCache();
  finishPages(building, opts.siteUrl ?? "");

  // Only a site that built records a release.
  finishData(prepared, downloads.bulk, dataOut, opts);
  writeStatusFile(dataOut, plan.date, prepared.ctx.calendars, prepared.reports);
  renameSync(dataOut, join(building, "data"));
  const packed = precompress(building);
  log(`publish: precompressed ${packed.files} files (${Math.round(packed.bytes / 1024)} kB to ${Math.round(packed.gzip / 1024)} kB gzip)`);
  swapIn(building, opts.distDir);
  return downloads.files;
}
