import { resolve } from "node:path";

export interface Paths {
  dataDir: string;
  warehouse: string;
  distDir: string;
}

/** `--data-dir` wins over CHISO_DATA_DIR, which wins over ./data; likewise `--out`, CHISO_DIST_DIR, ./dist. */
export function resolvePaths(flags: { dataDir?: string; out?: string } = {}, env = process.env): Paths {
  const dataDir = resolve(flags.dataDir ?? env.CHISO_DATA_DIR ?? "data");
  const distDir = resolve(flags.out ?? env.CHISO_DIST_DIR ?? "dist");
  return { dataDir, warehouse: resolve(dataDir, "warehouse.duckdb"), distDir };
}
