import type { SourceAdapter, SeriesSpec } from "./define.ts";
import { ckan } from "./ckan.ts";
import { dti } from "./dti.ts";
import { gsoPxweb } from "./gso-pxweb.ts";
import { itu } from "./itu.ts";
import { report } from "./report.ts";
import { unSdg } from "./un-sdg.ts";
import { worldbank } from "./worldbank.ts";

/** Every source chiso refreshes, in the order a full refresh runs them. */
export const SOURCES: readonly SourceAdapter<SeriesSpec>[] = [gsoPxweb, report, dti, worldbank, unSdg, itu, ckan];

export function sourceById(id: string): SourceAdapter<SeriesSpec> | undefined {
  return SOURCES.find((s) => s.id === id);
}
