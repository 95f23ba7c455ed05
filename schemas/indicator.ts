import { z } from "zod";
import { Bilingual, Domain, GeoCover, Slug, Unit } from "./common.ts";
import { TerritoryCode } from "./territory.ts";

/** A series that measures an indicator: which source carries it, under which code, for where. */
export const SeriesLink = z.object({
  source: Slug,
  seriesCode: z.string().min(1),
  /** The series' geography; `VN-SG/wards` for a series reported for every ward (one link for all 168). */
  geo: GeoCover,
  /** Set when a wider geography stands in for the city (the observations are flagged `proxy`). */
  proxy: z.boolean().default(false),
  /** The series shown as the indicator's headline figure when several measure it (at most one). */
  headline: z.boolean().default(false),
  /** What distinguishes this series from its siblings (method, publisher), shown beside it. */
  label: Bilingual.optional(),
  /**
   * Who first published the figures, when a `report` series carries them second-hand (a ministry's
   * figures read in a newspaper): the citation names it, and the outlet as "reported by".
   */
  publisher: z.string().min(1).optional(),
  /**
   * The territory the source says its figures describe (schemas/territory.ts), where it says so:
   * it settles periods that straddle a boundary change, which chiso otherwise marks "not stated".
   */
  territory: TerritoryCode.optional(),
});
export type SeriesLink = z.infer<typeof SeriesLink>;

export const Indicator = z.object({
  id: Slug,
  name: Bilingual,
  definition: Bilingual,
  unit: Unit,
  domain: Domain,
  direction: z.enum(["higher-is-better", "lower-is-better"]),
  /** Where it is reported: codes, and `VN-SG/wards` for every ward of the city. */
  geographies: z.array(GeoCover).min(1),
  periodicity: z.enum(["annual", "quarterly", "monthly", "irregular"]),
  /** The series that measure it; empty when no public source does yet. */
  series: z.array(SeriesLink).default([]),
  /** When `series` is empty: what would measure it (a survey, an administrative register...). */
  dataGap: Bilingual.optional(),
  /** For derived indicators: how the value is computed, in words a reader can check. */
  formula: Bilingual.optional(),
  /**
   * Where several series answer the indicator's targets (two methods, two publishers), the one whose
   * verdict is the headline status, and why in one line. Every series' verdict is still shown.
   */
  decidedBy: z.object({ source: Slug, seriesCode: z.string().min(1), geo: GeoCover, why: Bilingual }).optional(),
  /**
   * Narrows the range its unit allows (schemas/plausible.ts), where the indicator's own nature
   * bounds it: a rank among Viet Nam's provinces is at most 63. It can only narrow, never widen.
   */
  range: z
    .object({ min: z.number().optional(), max: z.number().optional() })
    .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, "range.min must not be above range.max")
    .optional(),
});
export type Indicator = z.infer<typeof Indicator>;
export type IndicatorInput = z.input<typeof Indicator>;
