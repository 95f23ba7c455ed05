/**
 * HTML for pages built at publish time. Every interpolated value is text unless it is marked
 * `Raw`: upstream labels, notes and titles can never become markup. The pages are Framework
 * Markdown, where `${…}` is a live expression: a `$` in text is written as an entity so text from
 * data is never evaluated.
 */
export type Lang = "vi" | "en";
export const LANGS: readonly Lang[] = ["vi", "en"];

export interface Bilingual {
  vi: string;
  en: string;
}

export class Raw {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", $: "&#36;", "`": "&#96;" };

export const escapeText = (text: string): string => text.replace(/[&<>"'$`]/g, (c) => ENTITIES[c]!);

/** Markup that is already safe: built by `h` or written in this code. */
export const raw = (html: string): Raw => new Raw(html);

function render(value: unknown): string {
  if (value instanceof Raw) return value.html;
  if (value === null || value === undefined || value === false) return "";
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeText(String(value));
}

/** A template of markup whose values are escaped as text; arrays are joined, null and false dropped. */
export function h(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new Raw(out);
}

/** One language of a pair. */
export const pick = (text: Bilingual, lang: Lang): string => text[lang];

// Vietnamese is told from English by its letters: any of them marks a string as Vietnamese.
const VIETNAMESE = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;

/** The language a string from data is written in, as far as its letters tell. */
export const languageOf = (text: string): Lang => (VIETNAMESE.test(text) ? "vi" : "en");

const UNTRANSLATED: Record<Lang, Bilingual> = {
  vi: { vi: "tiếng Việt", en: "in Vietnamese" },
  en: { vi: "tiếng Anh", en: "in English" },
};

/**
 * Text from data that exists in one language only: shown as written, tagged with its own
 * language and marked as untranslated when it is not the page's, never silently mixed in.
 */
export function foreign(text: string | null | undefined, lang: Lang): Raw {
  if (!text) return raw("");
  const own = languageOf(text);
  if (own === lang) return h`${text}`;
  return h`<span lang="${own}">${text}</span> <small class="untranslated">(${UNTRANSLATED[own][lang]})</small>`;
}

/**
 * Markdown ends an HTML block at a blank line, and an indented line after one becomes code:
 * pages are written without blank lines; a line break inside <pre> is written as an entity.
 */
export const markdownSafe = (html: string): string =>
  html
    .replace(/<pre>([\s\S]*?)<\/pre>/g, (_m, body: string) => `<pre>${body.replace(/\n/g, "&#10;")}</pre>`)
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .join("\n");

/** The description a page gives, carried through Framework's build as a comment (finish.ts makes it a <meta>). */
export const descriptionMarker = (text: string) => `<!--chiso:description ${escapeText(text).replace(/--/g, "&#45;&#45;")}-->`;

/** A page as Framework Markdown: front matter, then one block of HTML. */
export function markdownPage(front: { title: string; description: string; [key: string]: string }, body: Raw): string {
  const yaml = Object.entries({ toc: "false", ...front })
    .map(([k, v]) => `${k}: ${k === "toc" ? v : JSON.stringify(v)}`)
    .join("\n");
  return `---\n${yaml}\n---\n\n<div class="chiso-page">\n${descriptionMarker(front.description)}\n${markdownSafe(body.html)}\n</div>\n`;
}
