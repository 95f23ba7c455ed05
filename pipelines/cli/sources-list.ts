import { SOURCES } from "../../sources/index.ts";
import { type Config, configuredSources } from "./config.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";

const stamp = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

/**
 * The `chiso sources` listing: every source, where it reads from, under which licence and
 * schedule, when it last succeeded, and the series it maps to indicators.
 */
export async function listSources(warehouse: Warehouse | null, config: Pick<Config, "sourceUrls">): Promise<string> {
  const last = warehouse ? await warehouse.lastSuccesses() : new Map<string, { live: Date | null; replay: Date | null }>();
  const lines: string[] = [];
  for (const s of configuredSources(SOURCES, config)) {
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
