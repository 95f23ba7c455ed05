/**
 * The site at scale: the real catalog's pages cloned to `n` indicators (ids suffixed, figures
 * as the bundled recordings give them), rendered and built by Observable Framework in a
 * throwaway folder. Nothing here is published.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadCatalog } from "../../schemas/catalog.ts";
import { indicatorPages, latestObservations, planProgress } from "../../pipelines/judge/views.ts";
import { prepareData } from "../../pipelines/publish/publish.ts";
import { PROJECT_ROOT, buildSite } from "../../pipelines/publish/site-build.ts";
import { writeSitePages } from "../../pipelines/publish/site/render.ts";
import { Warehouse } from "../../pipelines/warehouse/warehouse.ts";

export async function benchSite(warehousePath: string, n: number, log: (line: string) => void = () => {}, cores?: number) {
  const catalog = loadCatalog();
  const warehouse = await Warehouse.open(warehousePath);
  const dir = mkdtempSync(join(tmpdir(), "chiso-bench-site-"));
  try {
    const prepared = await prepareData({ warehouse, catalog, dataDir: dir });
    const latest = await latestObservations(warehouse);
    const base = indicatorPages(catalog, latest);
    const pages = Array.from({ length: n }, (_, i) => {
      const p = base[i % base.length]!;
      const id = i < base.length ? p.indicator.id : `${p.indicator.id}-${Math.floor(i / base.length)}`;
      return { ...p, indicator: { ...p.indicator, id } };
    });
    const records = pages.map((_, i) => prepared.records[i % base.length]!);
    const src = join(dir, "src");
    cpSync(join(PROJECT_ROOT, "site"), src, { recursive: true });
    const t0 = performance.now();
    const written = writeSitePages(src, {
      pages,
      records,
      plans: planProgress(catalog, base),
      meta: {
        builtAt: new Date().toISOString(),
        release: prepared.plan.date,
        observations: latest.length,
        vintages: latest.length,
        targets: catalog.targets.length,
      },
      files: [],
      release: prepared.plan.date,
      releaseDates: prepared.releaseDates,
      releases: [],
      siteUrl: "",
    });
    const render = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    await buildSite(src, join(dir, "dist"), log, cores);
    const build = (performance.now() - t1) / 1000;
    const built = readdirSync(join(dir, "dist"), { recursive: true }).filter((f) => String(f).endsWith(".html")).length;
    return {
      indicators: n,
      pages: written.length,
      built,
      renderSeconds: render,
      buildSeconds: build,
      secondsPerIndicator: (render + build) / n,
      secondsPerPage: (render + build) / built,
    };
  } finally {
    warehouse.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path, count] = process.argv.slice(2);
  console.log(await benchSite(path!, Number(count ?? 1000), console.log));
}
