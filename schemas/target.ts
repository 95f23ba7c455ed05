import { z } from "zod";
import { Bilingual, GeoCode, Slug } from "./common.ts";

/** How a document states a target: "trên 80%" is `>`, "80%" and "tối thiểu" are `>=`; ranks use `<=`. */
export const Comparator = z.enum([">=", ">", "=", "<=", "<"]);
export type Comparator = z.infer<typeof Comparator>;

/**
 * The legal or policy document that sets a target, and where in it. targets.csv gives only the
 * id and the clause; number, date and seed are the document's own, filled in from
 * schemas/catalog/documents.yaml when the catalog loads, so no target can carry a stale copy.
 */
export const DocumentRef = z.object({
  /** e.g. `plan-2649-2023`; see schemas/catalog/documents.yaml */
  id: Slug,
  number: z.string().min(1),
  date: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, "document date must be YYYY-MM-DD or YYYY-MM"),
  clause: z.string().min(1),
  seed: z.string().regex(/^\d{3}_[0-9a-f]{16}\.txt$/, "seed must name a file in the seeds folder"),
});
export type DocumentRef = z.infer<typeof DocumentRef>;

export const Milestone = z.object({ year: z.number().int(), value: z.number() });

export const Target = z.object({
  id: Slug,
  indicatorId: Slug,
  /** The city's plans set targets for the city itself; a goal set for the whole country is stored with VN. */
  geo: GeoCode.default("VN-SG"),
  comparator: Comparator,
  value: z.number(),
  deadline: z.number().int().min(2000).max(2100),
  document: DocumentRef,
  /** The document's own words, verbatim (targets.csv `quote_vi`), and a faithful English rendering. */
  wording: Bilingual,
  milestones: z.array(Milestone).default([]),
  /**
   * `level`: the figure must reach the value by the deadline. `each-year`: an annual rate that every
   * year of the period must meet ("năng suất lao động hàng năm tăng tối thiểu 7%"), judged year by year.
   */
  rule: z.enum(["level", "each-year"]).default("level"),
});
export type Target = z.infer<typeof Target>;
