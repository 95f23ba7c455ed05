import { z } from "zod";
import { PolicyDocument } from "../../../schemas/document.ts";
import { Indicator } from "../../../schemas/indicator.ts";
import { Observation } from "../../../schemas/observation.ts";
import { ObservationHistoryRow, ObservationRow, TargetRow } from "../../../schemas/published.ts";
import { Source } from "../../../schemas/source.ts";
import { Target } from "../../../schemas/target.ts";

/** The JSON Schemas of the shared schema, generated from the zod objects the code validates with. */
export function jsonSchemas(): Record<string, unknown> {
  const of = (schema: z.ZodType, title: string) => ({ title, ...z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) });
  return {
    "observation-row": of(ObservationRow, "A row of observations.csv / .parquet / .json (latest values)"),
    "observation-history-row": of(ObservationHistoryRow, "A row of observations_history.csv / .parquet (every vintage)"),
    "target-row": of(TargetRow, "A row of targets.csv / .parquet"),
    observation: of(Observation, "An observation as chiso loads it"),
    indicator: of(Indicator, "A catalog indicator"),
    target: of(Target, "A catalog target"),
    document: of(PolicyDocument, "A document that sets targets"),
    source: of(Source, "A source chiso reads"),
  };
}
