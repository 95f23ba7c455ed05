import { readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { filesBelow } from "../../files.ts";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { SITE_DESCRIPTION, footerHtml, headerHtml } from "./chrome.ts";
import { escapeText } from "./html.ts";
import { langOfPath, otherLanguagePath, rootFrom } from "./parts.ts";

/**
 * What Framework's page shell does not let a page say: its language (`<html lang>`, from its
 * path: English under en/) and that a reader may zoom (Framework sets maximum-scale=1).
 */
export function finishPage(html: string, path: string, siteUrl = ""): string {
  const lang = langOfPath(path);
  const other = otherLanguagePath(path);
  const root = rootFrom(path.replace(/^\//, ""));
  const relativeTo = (p: string) => `${root}${p.replace(/^\//, "")}`;
  const [vi, en] = lang === "vi" ? [path, other.path] : [other.path, path];
  // Framework takes every <link href> in a page's head for a file to copy, so these come after its build.
  // A generated page carries its description through the build as a comment; a written one has the site's.
  const marker = /<!--chiso:description ([^>]*)-->\n?/.exec(html);
  const links = [
    `<link rel="icon" href="data:,">`,
    `<meta name="description" content="${marker ? marker[1] : escapeText(SITE_DESCRIPTION[lang])}">`,
    siteUrl ? `<link rel="canonical" href="${siteUrl.replace(/\/+$/, "")}${path}">` : "",
    `<link rel="alternate" hreflang="vi" href="${relativeTo(vi)}">`,
    `<link rel="alternate" hreflang="en" href="${relativeTo(en)}">`,
  ].filter(Boolean);
  return (marker ? html.replace(marker[0], "") : html)
    .replace(/<html(?: lang="[^"]*")?>/, `<html lang="${lang}">`)
    .replace('<div id="observablehq-center">', () => `<div id="observablehq-center">\n${headerHtml(path)}`)
    .replace("</main>", () => `</main>\n${footerHtml(path)}`)
    .replace(/(<meta name="viewport" content="[^"]*?),\s*maximum-scale=1/, "$1")
    .replace("</head>", `${links.join("\n")}\n</head>`);
}

export function finishPages(dir: string, siteUrl = ""): number {
  const pages = filesBelow(dir).filter((p) => p.endsWith(".html"));
  for (const p of pages) {
    const path = `/${relative(dir, p).split("\\").join("/")}`;
    const html = readFileSync(p, "utf8");
    const done = finishPage(html, path, siteUrl);
    if (done !== html) writeFileSync(p, done);
  }
  return pages.length;
}

const TEXT = /\.(html|js|css|json|svg|csv|md|txt)$/;
/** Below this a compressed copy saves less than the request's own headers. */
const SMALLEST = 1024;

/**
 * A gzip and a brotli copy beside every text file, so `chiso serve` (or any server that looks
 * for them) sends compressed bytes without compressing on each request. The kept releases are
 * left as they are: they are downloads, fetched whole and rarely.
 */
export function precompress(dir: string): { files: number; bytes: number; gzip: number } {
  let files = 0;
  let bytes = 0;
  let gzip = 0;
  for (const p of filesBelow(dir)) {
    if (!TEXT.test(p) || relative(dir, p).startsWith(join("data", "releases"))) continue;
    const body = readFileSync(p);
    if (body.byteLength < SMALLEST) continue;
    const gz = gzipSync(body, { level: 9 });
    writeFileSync(`${p}.gz`, gz);
    writeFileSync(
      `${p}.br`,
      brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength } }),
    );
    files++;
    bytes += body.byteLength;
    gzip += gz.byteLength;
  }
  return { files, bytes, gzip };
}
