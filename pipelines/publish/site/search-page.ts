import type { IndicatorPage } from "../../judge/views.ts";
import { fold } from "../../../site/components/fold.js";
import { type Lang, type Raw, h } from "./html.ts";
import { domainName, pagePath, say, statusBadge } from "./parts.ts";

/** What a search over an indicator matches: its names, definition and targets, in both languages. */
export function searchKeys(p: IndicatorPage): string {
  const words = [p.indicator.id, p.indicator.name.vi, p.indicator.name.en, p.indicator.definition.vi, p.indicator.definition.en];
  for (const t of p.targets) words.push(t.wording.vi, t.wording.en, t.document.number);
  return fold(words.join(" "));
}

/**
 * Search over indicators and targets, built at publish: with script off the page lists every
 * indicator; the script filters that list as one types, offline, without a second request.
 */
export function searchPage(pages: IndicatorPage[], lang: Lang): { title: string; description: string; body: Raw } {
  const t = say(lang);
  const sorted = [...pages].sort((a, b) => a.indicator.name[lang].localeCompare(b.indicator.name[lang], lang));
  const body = h`<h1>${t("Tìm chỉ số", "Search indicators")}</h1>
<form class="search-form" role="search" action="${pagePath(lang, "search.html")}" method="get">
<label for="search-q">${t("Tìm theo tên chỉ số hoặc chỉ tiêu (gõ có dấu hay không dấu đều được)", "Search by indicator or target (with or without Vietnamese diacritics)")}</label>
<input id="search-q" name="q" type="search" autocomplete="off">
<button type="submit">${t("Tìm", "Search")}</button></form>
<p id="search-count" class="muted" aria-live="polite">${t(`${pages.length} chỉ số`, `${pages.length} indicators`)}</p>
<ul id="search-results" class="search-results" data-none="${t("Không tìm thấy chỉ số nào.", "No indicator matches.")}" data-count-vi="chỉ số" data-count-en="indicators" data-lang="${lang}">${sorted.map(
    (p) =>
      h`<li data-keys="${searchKeys(p)}"><a href="${pagePath(lang, `indicators/${p.indicator.id}.html`)}">${p.indicator.name[lang]}</a> <span class="muted small">· ${domainName(p.indicator.domain, lang)}</span>${
        p.targets.length
          ? h`<ul class="targets">${p.targets.map((tg) => h`<li>${statusBadge(tg.progress.status, lang)} <span class="small">${tg.wording[lang]} (${tg.document.number})</span></li>`)}</ul>`
          : ""
      }</li>`,
  )}</ul>
<script type="module" src="/components/search.js"></script>`;
  return {
    title: t("Tìm chỉ số", "Search indicators"),
    description: t(
      "Tìm chỉ số và chỉ tiêu kinh tế số, xã hội số TP. Hồ Chí Minh.",
      "Search Ho Chi Minh City's digital economy and society indicators and targets.",
    ),
    body,
  };
}
