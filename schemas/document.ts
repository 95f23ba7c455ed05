import { z } from "zod";
import { Bilingual, Slug, WebUrl } from "./common.ts";

/** A plan, decision or report that sets targets; its sections give the plan hierarchy. */
export const PolicyDocument = z.object({
  id: Slug,
  number: z.string().min(1),
  title: Bilingual,
  issuer: z.string().min(1),
  date: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/),
  seed: z.string().regex(/^\d{3}_[0-9a-f]{16}\.txt$/),
  /** Whether chiso read the document itself or a press report of it. */
  readFrom: z.enum(["document", "press-report"]),
  url: WebUrl.optional(),
  sections: z.array(z.object({ id: z.string().min(1), title: Bilingual })).min(1),
});
export type PolicyDocument = z.infer<typeof PolicyDocument>;
