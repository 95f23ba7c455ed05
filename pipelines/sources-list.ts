import { SOURCES } from "../sources/index.ts";
import type { Warehouse } from "./warehouse.ts";

/**
 * When each source last finished well (`ok` or `unchanged`). For an API or portal only a live run
 * counts, as in the release calendar: a replay of the bundled recordings checked nothing upstream.
 */
async function lastSuccesses(warehouse: Warehouse | null): Promise<Map<string, { live: Date | null; replay: Date | null }>> {
  if (!warehouse) return new Map();
  const rows = await warehouse.query<{ source_id: string; live: Date | null; replay: Date | null }>(
    `select r.source_id,
       max(r.finished_at) filter (where not r.offline or s.kind not in ('api', 'portal')) as live,
       max(r.finished_at) filter (where r.offline and s.kind in ('api', 'portal')) as replay
     from runs r join sources s on s.id = r.source_id
     where r.status in ('ok', 'unchanged') group by r.source_id`,
  );
  return new Map(rows.map((r) => [r.source_id, { live: r.live ? new Date(r.live) : null, replay: r.replay ? new Date(r.replay) : null }]));
}

const stamp = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

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
      `  last success  ${when?.live ? stamp(when.live) : warehouse ? "never" : "unknown (no warehouse)"}${when?.replay ? ` (bundled recording replayed ${stamp(when.replay)})` : ""}`,
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
