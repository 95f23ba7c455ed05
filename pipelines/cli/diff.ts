import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Catalog } from "../../schemas/catalog.ts";
import type { ObservationRow, TargetRow } from "../../schemas/published.ts";
import { indicatorPages, latestObservations } from "../judge/views.ts";
import { targetRows } from "../publish/downloads.ts";
import { diffReleases, type ReleaseChanges, type Revision, readReleases } from "../publish/releases.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { statusJson } from "./status.ts";

/**
 * `chiso diff`: what the next publish would change against the last release, for a person to
 * review before it goes out: figures new, revised (old → new, with the source) and withdrawn;
 * targets whose standing moves; sources whose figures are stale or whose last run failed.
 */
export interface PublishDiff {
  against: string | null;
  changes: ReleaseChanges;
  targets: { target_id: string; indicator_id: string; from: string | null; to: string | null }[];
  failing: string[];
  stale: string[];
}

const readJson = <T>(path: string, fallback: T): T => (existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as T) : fallback);

export async function publishDiff(warehouse: Warehouse, catalog: Catalog, dataDir: string, now = new Date()): Promise<PublishDiff> {
  const last = readReleases(dataDir).at(-1) ?? null;
  const dir = last ? join(dataDir, "releases", last.date) : "";
  const released = last ? readJson<ObservationRow[]>(join(dir, "observations.json"), []) : [];
  const releasedTargets = last ? readJson<TargetRow[]>(join(dir, "targets.json"), []) : [];
  const latest = await latestObservations(warehouse);
  const targets = targetRows(indicatorPages(catalog, latest, now));
  const before = new Map(releasedTargets.map((t) => [t.target_id, t]));
  const after = new Map(targets.map((t) => [t.target_id, t]));
  const moved: PublishDiff["targets"] = [];
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(id);
    const now_ = after.get(id);
    if (was?.status !== now_?.status)
      moved.push({ target_id: id, indicator_id: (now_ ?? was)!.indicator_id, from: was?.status ?? null, to: now_?.status ?? null });
  }
  const status = await statusJson(warehouse, dataDir, now);
  return { against: last?.date ?? null, changes: diffReleases(released, latest), targets: moved, failing: status.failing, stale: status.stale };
}

const where = (r: Revision) => `${r.indicator_id} ${r.geo} ${r.period} (${r.source_id} ${r.series_code})`;

export function diffText(d: PublishDiff): string {
  const c = d.changes;
  const lines = [
    d.against ? `Against release ${d.against}:` : "No release yet: the next publish makes the first.",
    `  ${c.added.length} new, ${c.revised.length} revised, ${c.removed.length} withdrawn figures; ${d.targets.length} targets change status`,
  ];
  const section = (title: string, items: string[]) => {
    if (items.length) lines.push("", title, ...items.map((i) => `  ${i}`));
  };
  section(
    "Revised (old → new):",
    c.revised.map((r) => `${where(r)}: ${r.from} → ${r.to}`),
  );
  section(
    "Withdrawn:",
    c.removed.map((r) => `${where(r)}: was ${r.from}`),
  );
  section(
    "New:",
    c.added.map((r) => `${where(r)}: ${r.to}`),
  );
  section(
    "Targets:",
    d.targets.map((t) => `${t.target_id} (${t.indicator_id}): ${t.from ?? "—"} → ${t.to ?? "withdrawn"}`),
  );
  section("Sources failing (last run):", d.failing);
  section("Sources stale (no success since their last slot):", d.stale);
  if (!c.added.length && !c.revised.length && !c.removed.length && !d.targets.length)
    lines.push("", "No figure or target would change: publish would make no new release.");
  return lines.join("\n");
}
