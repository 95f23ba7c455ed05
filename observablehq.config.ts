import type { Lang } from "./pipelines/publish/site/html.ts";
import { langOfPath, otherLanguagePath } from "./pipelines/publish/site/parts.ts";

// `chiso publish` writes the pages (pipelines/publish/site/) beside site/'s own into
// CHISO_SITE_ROOT and builds them into CHISO_SITE_OUT.
const root = process.env.CHISO_SITE_ROOT ?? "site";

const NAV: { path: string; name: Record<Lang, string> }[] = [
  { path: "index.html", name: { vi: "Chỉ số", en: "Indicators" } },
  { path: "plans.html", name: { vi: "Kế hoạch", en: "Plans" } },
  { path: "downloads.html", name: { vi: "Tải dữ liệu", en: "Downloads" } },
  { path: "changes.html", name: { vi: "Thay đổi", en: "Changes" } },
  { path: "methodology.html", name: { vi: "Phương pháp", en: "Methodology" } },
  { path: "submit.html", name: { vi: "Gửi số liệu", en: "Submitting figures" } },
];
const HOME: Record<Lang, string> = { vi: "/", en: "/en/" };
const LANGUAGE_NAMES: Record<Lang, string> = { vi: "Tiếng Việt", en: "English" };

/** A page's path as Framework gives it ("/en/indicators/x", "/index") to its .html file. */
const htmlOf = (path: string) => `${path.replace(/\/$/, "/index")}.html`.replace(/\/index\.html$/, "/index.html");
const attr = (text: string) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

export default {
  root,
  output: process.env.CHISO_SITE_OUT ?? "dist",
  title: "chiso",
  // No web fonts and no CDN: the built site makes no request to any other host.
  globalStylesheets: [],
  style: "style.css",
  search: false,
  preserveExtension: true,
  // Navigation is the header's, in the page's own language; Framework's sidebar has one list for both.
  sidebar: false,
  pager: false,
  toc: false,
  // The alternate-language and canonical links are added after the build (pipelines/publish/site/finish.ts):
  // Framework takes every <link href> in the head for a file to copy.
  head: ({ data }: { data: Record<string, unknown> }) => {
    const description = typeof data?.description === "string" ? data.description : "";
    return `<link rel="icon" href="data:,">${description ? `\n<meta name="description" content="${attr(description)}">` : ""}`;
  },
  header: ({ path }: { path: string }) => {
    const lang = langOfPath(path);
    const other = otherLanguagePath(htmlOf(path));
    const prefix = lang === "vi" ? "/" : "/en/";
    const here = htmlOf(path).replace(/^\/(en\/)?/, "");
    const links = NAV.map((n) => `<li><a href="${prefix}${n.path}"${here === n.path ? ' aria-current="page"' : ""}>${n.name[lang]}</a></li>`).join("");
    return `<a class="skip-link" href="#observablehq-main">${lang === "vi" ? "Bỏ qua, đến nội dung chính" : "Skip to the main content"}</a>
<div class="chiso-header"><a class="chiso-home" href="${HOME[lang]}">chiso</a>
<nav aria-label="${lang === "vi" ? "Các trang" : "Pages"}"><ul>${links}</ul></nav>
<form class="chiso-search" role="search" action="${prefix}search.html" method="get"><label for="chiso-q" class="visually-hidden">${lang === "vi" ? "Tìm chỉ số" : "Search indicators"}</label><input id="chiso-q" name="q" type="search" placeholder="${lang === "vi" ? "Tìm chỉ số…" : "Search indicators…"}"></form>
<a class="chiso-lang" href="${other.path}" hreflang="${other.lang}" lang="${other.lang}">${LANGUAGE_NAMES[other.lang]}</a></div>`;
  },
  footer: ({ path }: { path: string }) =>
    langOfPath(path) === "vi"
      ? "Số liệu mở: mỗi con số kèm nguồn, thời điểm thu thập và trích dẫn. Nội dung của chiso theo giấy phép CC BY 4.0."
      : "Open data: every figure carries its source, retrieval time and citation. chiso's own work is licensed CC BY 4.0.",
};
