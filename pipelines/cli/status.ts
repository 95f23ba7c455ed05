import type { Catalog } from "../../schemas/catalog.ts";
import { qualifierOf } from "../../schemas/labels.ts";
import { indicatorPages, latestObservations } from "../judge/views.ts";
import { sourceCalendars } from "../judge/calendar.ts";
import { type ReportState, reportingCalendar } from "../judge/reporting.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { catalogOrFail, withWarehouse } from "./commands.ts";
import type { Config } from "./config.ts";
import { EXIT } from "./errors.ts";
import { describeHolder, type LockHolder, lockHolder } from "./lock.ts";

const pad = (s: string, n: number) => (s.length >= n ? s.slice(0, n - 1) + "…" : s.padEnd(n));

/** The `chiso status` report: each source's last run, then each indicator's latest value and targets. */
export async function statusReport(warehouse: Warehouse, catalog: Catalog): Promise<string> {
  const lines: string[] = ["Sources (last run)"];
  const runs = await warehouse.query<{
    source_id: string;
    status: string;
    finished_at: Date;
    rows_added: number;
    message: string;
    failure_kind: string | null;
    http_status: number | null;
  }>(
    `select source_id, status, finished_at, rows_added, message, failure_kind, http_status from runs
     qualify row_number() over (partition by source_id order by finished_at desc) = 1 order by source_id`,
  );
  if (!runs.length) lines.push("  (no run yet: try `chiso refresh --offline`)");
  for (const r of runs) {
    // The kind says where to look: the upstream (try later), the parser (shape) or the catalog (validation).
    const kind = r.failure_kind ? `[${r.failure_kind}${r.http_status ? `, HTTP ${r.http_status}` : ""}] ` : "";
    lines.push(`  ${pad(r.source_id, 12)} ${pad(r.status, 10)} ${new Date(r.finished_at).toISOString().slice(0, 19)}Z  ${kind}${r.message}`);
  }

  const latest = await latestObservations(warehouse);
  const reports = reportingCalendar(catalog, latest, new Date());
  if (reports.length) {
    lines.push("", "Department reports (due before the 20th of each quarter's last month, Plan 2649/KH-UBND VI.3)");
    for (const r of reports)
      lines.push(
        `  ${pad(r.indicator_id, 46)} ${r.quarter} due ${r.due.slice(0, 10)}: ${r.arrived ? "received" : "OVERDUE"} (${r.units.join(", ")}); next due ${r.next_due.slice(0, 10)}`,
      );
  }
  const pages = indicatorPages(catalog, latest);
  lines.push("", `Indicators (${pages.length}) and targets (${catalog.targets.length})`);
  for (const { indicator, headline, targets } of pages) {
    const latest = headline
      ? `${qualifierOf(headline.flags)?.sign ?? ""}${Number(headline.value.toPrecision(6))} ${indicator.unit} (${headline.geo} ${headline.period}, ${headline.source_id}${headline.flags.includes("proxy") ? ", national proxy" : ""})`
      : "no data yet";
    lines.push(`  ${pad(indicator.id, 46)} ${latest}`);
    for (const t of targets) {
      const pace = t.progress.projectedYear ? `, reaches it in ${t.progress.projectedYear} at current pace` : "";
      lines.push(`      target ${t.comparator} ${t.value} by ${t.deadline} (${t.document.number} ${t.document.clause}): ${t.progress.status}${pace}`);
    }
  }
  return lines.join("\n");
}

export interface StatusJson {
  /** No source failing, none stale. */
  ok: boolean;
  checkedAt: string;
  /** Who writes the data folder now (a refresh, a publish, the daemon's run), if anyone. */
  lock: LockHolder | null;
  failing: string[];
  stale: string[];
  /** Indicators a department reports whose last quarter's figure has not arrived (they do not make `ok` false). */
  overdueReports: string[];
  reports: ReportState[];
  sources: {
    id: string;
    schedule: string;
    lastRun: string | null;
    lastStatus: string | null;
    lastSuccess: string | null;
    lastFailure: string | null;
    lastFailureKind: string | null;
    lastMessage: string | null;
    /** The slot the source was last due at; stale when it has not succeeded (live) since. */
    lastExpected: string | null;
    nextExpected: string;
    stale: boolean;
  }[];
}

/** `chiso status --json`: what a monitor needs, in one object; `ok` false when a source is failing or stale. */
export async function statusJson(warehouse: Warehouse, dataDir: string, now = new Date(), catalog?: Catalog): Promise<StatusJson> {
  const calendars = await sourceCalendars(warehouse, now);
  const sources = (await warehouse.runSummary()).map((s) => {
    const c = calendars.get(s.sourceId);
    return {
      id: s.sourceId,
      schedule: s.schedule,
      lastRun: s.lastRun,
      lastStatus: s.lastStatus,
      lastSuccess: s.lastSuccess,
      lastFailure: s.lastFailure,
      lastFailureKind: s.lastStatus === "failed" ? s.lastFailureKind : null,
      lastMessage: s.lastMessage,
      lastExpected: c?.lastExpected ?? null,
      nextExpected: c?.nextExpected ?? "",
      stale: c?.overdue ?? false,
    };
  });
  const failing = sources.filter((s) => s.lastStatus === "failed").map((s) => s.id);
  const stale = sources.filter((s) => s.stale).map((s) => s.id);
  const reports = catalog ? reportingCalendar(catalog, await latestObservations(warehouse), now) : [];
  const overdueReports = reports.filter((r) => r.overdue).map((r) => r.indicator_id);
  return { ok: !failing.length && !stale.length, checkedAt: now.toISOString(), lock: lockHolder(dataDir), failing, stale, overdueReports, reports, sources };
}

/**
 * Prints `chiso status --json` and gives its exit code: 0 all well, 1 a source failing or stale,
 * 3 the warehouse is held by a writer right now (DuckDB admits one process), with the holder named.
 */
export async function statusCommandJson(config: Config): Promise<number> {
  try {
    const status = await withWarehouse(config, (w) => statusJson(w, config.dataDir, new Date(), catalogOrFail()));
    console.log(JSON.stringify(status, null, 1));
    return status.ok ? EXIT.ok : EXIT.failed;
  } catch (error) {
    const lock = lockHolder(config.dataDir);
    if (!lock) throw error;
    console.log(
      JSON.stringify(
        { ok: null, busy: true, checkedAt: new Date().toISOString(), lock, message: `the warehouse is in use by ${describeHolder(lock)}` },
        null,
        1,
      ),
    );
    return EXIT.locked;
  }
}
