import type { Lang } from "./html.ts";
import { langOfPath, otherLanguagePath, rootFrom } from "./parts.ts";

/**
 * What every page carries around its content: the skip link, the menu in the page's language,
 * the search box, the switch to the same page in the other language, and the footer. They are
 * put in after Framework's build (finish.ts), with links relative to the page: given to Framework
 * as header and footer they would cost each page four more HTML parses.
 */
const NAV: { path: string; name: Record<Lang, string> }[] = [
  { path: "index.html", name: { vi: "Chỉ số", en: "Indicators" } },
  { path: "plans.html", name: { vi: "Kế hoạch", en: "Plans" } },
  { path: "downloads.html", name: { vi: "Tải dữ liệu", en: "Downloads" } },
  { path: "changes.html", name: { vi: "Thay đổi", en: "Changes" } },
  { path: "methodology.html", name: { vi: "Phương pháp", en: "Methodology" } },
  { path: "submit.html", name: { vi: "Gửi số liệu", en: "Submitting figures" } },
];
const LANGUAGE_NAMES: Record<Lang, string> = { vi: "Tiếng Việt", en: "English" };

const FOOTER: Record<Lang, string> = {
  vi: "Số liệu mở: mỗi con số kèm nguồn, thời điểm thu thập và trích dẫn. Nội dung của chiso theo giấy phép CC BY 4.0.",
  en: "Open data: every figure carries its source, retrieval time and citation. chiso's own work is licensed CC BY 4.0.",
};

/** Said of a page that gives no description of its own. */
export const SITE_DESCRIPTION: Record<Lang, string> = {
  vi: "Chỉ số kinh tế số và xã hội số TP. Hồ Chí Minh, đo theo các chỉ tiêu Thành phố tự đặt ra, kèm nguồn và trích dẫn.",
  en: "Ho Chi Minh City's digital economy and society indicators, measured against the targets the city set itself, with sources and citations.",
};

/** The header of the page at `path` ("/en/indicators/x.html"). */
export function headerHtml(path: string): string {
  const lang = langOfPath(path);
  const root = rootFrom(path.replace(/^\//, ""));
  const prefix = lang === "vi" ? root : `${root}en/`;
  const here = path.replace(/^\/(en\/)?/, "");
  const other = otherLanguagePath(path);
  const links = NAV.map((n) => `<li><a href="${prefix}${n.path}"${here === n.path ? ' aria-current="page"' : ""}>${n.name[lang]}</a></li>`).join("");
  const t = (vi: string, en: string) => (lang === "vi" ? vi : en);
  return `<header id="observablehq-header">
<a class="skip-link" href="#observablehq-main">${t("Bỏ qua, đến nội dung chính", "Skip to the main content")}</a>
<div class="chiso-header"><a class="chiso-home" href="${prefix}index.html">chiso</a>
<nav aria-label="${t("Các trang", "Pages")}"><ul>${links}</ul></nav>
<form class="chiso-search" role="search" action="${prefix}search.html" method="get"><label for="chiso-q" class="visually-hidden">${t("Tìm chỉ số", "Search indicators")}</label><input id="chiso-q" name="q" type="search" placeholder="${t("Tìm chỉ số…", "Search indicators…")}"></form>
<a class="chiso-lang" href="${root}${other.path.replace(/^\//, "")}" hreflang="${other.lang}" lang="${other.lang}">${LANGUAGE_NAMES[other.lang]}</a></div>
</header>`;
}

export const footerHtml = (path: string) => `<footer id="observablehq-footer"><div>${FOOTER[langOfPath(path)]}</div></footer>`;
