import type { Catalog } from "../../schemas/catalog.ts";
import { indicatorPages, latestObservations } from "../judge/views.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";

const pad = (s: string, n: number) => (s.length >= n ? s.slice(0, n - 1) + "…" : s.padEnd(n));

/** The `chiso status` report: each source's last run, then each indicator's latest value and targets. */
export async function statusReport(warehouse: Warehouse, catalog: Catalog): Promise<string> {
  const lines: string[] = ["Sources (last run)"];
  const runs = await warehouse.query<{ source_id: string; status: string; finished_at: Date; rows_added: number; message: string }>(
    `select source_id, status, finished_at, rows_added, message from runs
     qualify row_number() over (partition by source_id order by finished_at desc) = 1 order by source_id`,
  );
  if (!runs.length) lines.push("  (no run yet: try `chiso refresh --offline`)");
  for (const r of runs)
    lines.push(`  ${pad(r.source_id, 12)} ${pad(r.status, 10)} ${new Date(r.finished_at).toISOString().slice(0, 19)}Z  ${r.message}`);

  const pages = indicatorPages(catalog, await latestObservations(warehouse));
  lines.push("", `Indicators (${pages.length}) and targets (${catalog.targets.length})`);
  for (const { indicator, headline, targets } of pages) {
    const latest = headline
      ? `${headline.flags.includes("lower-bound") ? ">" : headline.flags.includes("approximate") ? "~" : ""}${Number(headline.value.toPrecision(6))} ${indicator.unit} (${headline.geo} ${headline.period}, ${headline.source_id}${headline.flags.includes("proxy") ? ", national proxy" : ""})`
      : "no data yet";
    lines.push(`  ${pad(indicator.id, 46)} ${latest}`);
    for (const t of targets) {
      const pace = t.progress.projectedYear ? `, reaches it in ${t.progress.projectedYear} at current pace` : "";
      lines.push(`      target ${t.comparator} ${t.value} by ${t.deadline} (${t.document.number} ${t.document.clause}): ${t.progress.status}${pace}`);
    }
  }
  return lines.join("\n");
}
