import { SOURCES } from "../sources/index.ts";
import type { Warehouse } from "./warehouse.ts";

/** When each source last finished well (`ok` or `unchanged`), from the warehouse's runs. */
async function lastSuccesses(warehouse: Warehouse | null): Promise<Map<string, Date>> {
  if (!warehouse) return new Map();
  const rows = await warehouse.query<{ source_id: string; last: Date }>(
    `select source_id, max(finished_at) as last from runs where status in ('ok', 'unchanged') group by source_id`,
  );
  return new Map(rows.map((r) => [r.source_id, new Date(r.last)]));
}

/**
 * The `chiso sources` listing: every source, where it reads from, under which licence and
 * schedule, when it last succeeded, and the series it maps to indicators.
 */
export async function listSources(warehouse: Warehouse | null): Promise<string> {
  const last = await lastSuccesses(warehouse);
  const lines: string[] = [];
  for (const s of SOURCES) {
    const when = last.get(s.id);
    lines.push(
      `${s.id} (${s.kind}): ${s.publisher}`,
      `  base URL      ${s.baseUrl}`,
      `  licence       ${s.licence}`,
      `  schedule      ${s.schedule}`,
      `  last success  ${when ? `${when.toISOString().slice(0, 19)}Z` : warehouse ? "never" : "unknown (no warehouse)"}`,
    );
    if (!s.series.length) lines.push("  series        none configured");
    else {
      lines.push("  series");
      const width = Math.max(...s.series.map((x) => x.code.length));
      for (const x of s.series) {
        // The report source's one series stands for a file whose rows name their own indicators.
        const indicator = x.indicator === "*" ? "each row's own indicator" : x.indicator;
        lines.push(`    ${x.code.padEnd(width)} -> ${indicator}, ${x.geo}${x.proxy ? " (national proxy)" : ""}`);
      }
    }
    lines.push("");
  }
  return lines.join("\n").trimEnd();
}
