import { validateCronExpression } from "cron";
import { z } from "zod";
import { Slug, WebUrl } from "./common.ts";

/** `derived` is chiso itself, computing one indicator from others. */
export const SourceKind = z.enum(["api", "portal", "submission", "report", "derived"]);

/** What a source is, as published with the data; how it fetches lives in sources/. */
export const Source = z.object({
  id: Slug,
  publisher: z.string().min(1),
  kind: SourceKind,
  baseUrl: z.string().min(1),
  licence: z.string().min(1),
  schedule: z.string().refine((expr) => validateCronExpression(expr).valid, "schedule must be a valid cron expression"),
  homepage: WebUrl.optional(),
});
export type Source = z.infer<typeof Source>;
