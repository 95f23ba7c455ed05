import { z } from "zod";
import { GeoCode, Period, Slug, Unit, WebUrl } from "./common.ts";
import { FLAGS, OBSERVATION_STATUSES, codesOf } from "./labels.ts";

export const Status = z.enum(codesOf(OBSERVATION_STATUSES));

/** What each flag means, and how it reads in front of a figure, is in labels.ts. */
export const Flag = z.enum(codesOf(FLAGS));
export type Flag = z.infer<typeof Flag>;

/** Where a figure was read when it did not come from an API: enough to find the sentence again. */
export const Citation = z.object({
  title: z.string().min(1),
  publisher: z.string().min(1),
  /** Absent when the publication gives no date: a guessed date would be an invented fact. */
  date: z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/)
    .optional(),
  url: WebUrl.optional(),
  statement: z.string().min(1),
});
export type Citation = z.infer<typeof Citation>;

export const Provenance = z.object({
  retrievedAt: z.string().datetime({ offset: true }),
  runId: z.string().min(1),
  rawSha256: z.string().regex(/^[0-9a-f]{64}$/, "rawSha256 must be a hex sha256"),
});

export const Observation = z.object({
  indicatorId: Slug,
  geo: GeoCode,
  period: Period,
  value: z.number().finite(),
  unit: Unit,
  status: Status.default("final"),
  flags: z.array(Flag).default([]),
  sourceId: Slug,
  /** The source's own code for the series, so a reader can find it upstream. */
  seriesCode: z.string().min(1),
  note: z.string().default(""),
  citation: Citation.optional(),
  provenance: Provenance,
});
export type Observation = z.infer<typeof Observation>;
export type ObservationInput = z.input<typeof Observation>;
