import { SourceShapeError } from "./errors.ts";

/**
 * The selection form of a PX-Web table page (ASP.NET WebForms): hidden state fields echoed back on
 * every post, one list of values per variable, the "show as" list and the button that submits.
 * NSO's REST API answers POST with 404, so this form is the one way to ask for a table's data:
 * the same post a browser makes, with the output set to JSON-stat.
 */
export interface TableForm {
  /** Hidden fields (__VIEWSTATE, __EVENTVALIDATION, ...), sent back as they came. */
  hidden: [string, string][];
  /** One per variable, in page order: the field's name and its values' codes and labels. */
  variables: { name: string; values: { code: string; label: string }[] }[];
  /** The "show as" list; JSON-stat is one of its values. */
  output: { name: string; values: string[] };
  /** The submit button that shows the selection ("ButtonViewTable"). */
  submit: { name: string; value: string };
}

export const JSON_STAT_OUTPUT = "FileTypeJsonStat";

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };
const decodeEntities = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
    if (e[0] === "#") return String.fromCodePoint(e[1] === "x" || e[1] === "X" ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return ENTITIES[e.toLowerCase()] ?? whole;
  });

/** A tag's attributes, by lower-case name; values unescaped. */
function attributes(tag: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:$.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/g)) found[m[1]!.toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? "");
  return found;
}

/** Reads the selection form out of a table page; a page without one fails, naming what is missing. */
export function parseTableForm(html: string, table: string): TableForm {
  const hidden: TableForm["hidden"] = [];
  let submit: TableForm["submit"] | undefined;
  for (const m of html.matchAll(/<input\b[^>]*>/gi)) {
    const a = attributes(m[0]);
    if (!a.name) continue;
    if ((a.type ?? "").toLowerCase() === "hidden") hidden.push([a.name, a.value ?? ""]);
    if ((a.type ?? "").toLowerCase() === "submit" && /ButtonViewTable$/.test(a.name)) submit ??= { name: a.name, value: a.value ?? "" };
  }
  const lists = [...html.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/gi)].map((m) => ({
    name: attributes(m[1]!).name ?? "",
    values: [...m[2]!.matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/gi)].map((o) => ({
      code: attributes(o[1]!).value ?? "",
      label: decodeEntities(o[2]!.replace(/<[^>]*>/g, "")).trim(),
    })),
  }));
  const outputAt = lists.findIndex((l) => l.values.some((v) => v.code === JSON_STAT_OUTPUT));
  if (outputAt < 0) throw new SourceShapeError("gso-pxweb", `table ${table}: the page has no output list offering ${JSON_STAT_OUTPUT}`);
  if (!submit) throw new SourceShapeError("gso-pxweb", `table ${table}: the page has no ButtonViewTable submit button`);
  const variables = lists.filter((l, i) => i !== outputAt && l.name && l.values.length);
  if (!variables.length) throw new SourceShapeError("gso-pxweb", `table ${table}: the page lists no variable to select from`);
  return { hidden, variables, output: { name: lists[outputAt]!.name, values: lists[outputAt]!.values.map((v) => v.code) }, submit };
}

/**
 * The form post asking for the cells `labels` name: in a variable where some value carries one of
 * the labels, those values (chosen by label, never by position); in any other variable (the years),
 * every value. A label no variable has fails the table, naming it.
 */
export function selectionPost(form: TableForm, labels: string[], same: (a: string, b: string) => boolean, table: string): string {
  for (const label of labels)
    if (!form.variables.some((v) => v.values.some((x) => same(x.label, label))))
      throw new SourceShapeError(
        "gso-pxweb",
        `table ${table}: no value labelled "${label}" (variables: ${form.variables.map((v) => v.name.split("$").at(-1)).join(", ")})`,
      );
  const post = new URLSearchParams(form.hidden);
  for (const variable of form.variables) {
    const picked = variable.values.filter((x) => labels.some((l) => same(x.label, l)));
    for (const x of picked.length ? picked : variable.values) post.append(variable.name, x.code);
  }
  post.set(form.output.name, JSON_STAT_OUTPUT);
  post.set(form.submit.name, form.submit.value);
  return post.toString();
}
