import type { z } from "zod";
import type { Catalog } from "../../../schemas/catalog.ts";
import { ObservationHistoryRow, TargetRow } from "../../../schemas/published.ts";
import { CHISO_LICENCE, type PublishContext, TITLE, url } from "../context.ts";
import { type BulkFile, UNITS } from "./datapackage.ts";

/** The README of a bundle: what each column means, the units and flags, and how to cite. */
export function bundleReadme(opts: { title: string; files: BulkFile[]; citation?: { en: string }; ctx: PublishContext; catalog?: Catalog }): string {
  const describe = (schema: z.ZodObject) =>
    Object.entries(schema.shape)
      .map(([name, s]) => `| \`${name}\` | ${(s as z.ZodType).description ?? ""} |`)
      .join("\n");
  return `# ${opts.title}

Release ${opts.ctx.release}, published ${opts.ctx.now.toISOString()} by chiso. Licence: ${CHISO_LICENCE.title} (${CHISO_LICENCE.name}) for chiso's
compilation; each figure also carries its source, whose own licence is listed in \`datapackage.json\`.

## Files

| file | format | bytes | sha256 |
|---|---|---|---|
${opts.files.map((f) => `| \`${f.path.split("/").at(-1)}\` | ${f.title} | ${f.bytes} | \`${f.sha256}\` |`).join("\n")}

CSV files are RFC 4180, UTF-8 with a byte-order mark (so Excel reads Vietnamese text), CRLF line ends.
A text cell that starts with \`=\`, \`+\`, \`-\`, \`@\`, a tab or a carriage return is prefixed with \`'\` and quoted,
so no spreadsheet evaluates it. Empty cells are missing values. Parquet files are zstd-compressed.
The same CSVs without the byte-order mark are in \`utf8/\`: those are the ones \`datapackage.json\` lists,
for Frictionless tools and other readers that take the mark for part of the first column's name.

## Columns of the observation files

The \`observations\` files hold the latest value of every (indicator, geo, period, source, series);
\`observations_history\` holds every vintage ever loaded, with \`loaded_at\`: nothing is overwritten.

| column | meaning |
|---|---|
${describe(ObservationHistoryRow)}

## Columns of the target files

| column | meaning |
|---|---|
${describe(TargetRow)}

## Units

${Object.entries(UNITS)
  .map(([k, v]) => `- \`${k}\`: ${v}`)
  .join("\n")}

## How to cite

${opts.citation ? opts.citation.en : `chiso (${opts.ctx.release.slice(0, 4)}). ${TITLE.en} [Data set], release ${opts.ctx.release}. ${url(opts.ctx, `data/releases/${opts.ctx.release}/`)}`}

Cite the original publisher named in each row's \`source_id\` / \`citation_publisher\` as well. The release
folder \`releases/${opts.ctx.release}/\` keeps these figures as they were on that date.
`;
}
