import type { Observation } from "../../schemas/observation.ts";
import { Staging } from "./staging.ts";
import type { Warehouse } from "./warehouse.ts";

/**
 * Loads observations as vintages: a figure whose value, status, flags and unit equal the latest
 * vintage of its key adds nothing; a changed one adds vintage n+1. Returns rows added.
 * Call inside a transaction. A run of many bodies stages each as it is read instead (staging.ts).
 */
export async function appendVintages(warehouse: Warehouse, observations: Observation[]): Promise<number> {
  if (!observations.length) return 0;
  const staging = await Staging.open(warehouse);
  try {
    await staging.stage(observations, { batchAt: "", origin: "" });
    return await staging.load();
  } finally {
    await staging.drop();
  }
}
