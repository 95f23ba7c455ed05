import type { IndicatorPage } from "../../judge/views.ts";
import { type Release, type Revision, changeCounts } from "../releases.ts";
import { counted, formatDate, formatPeriod, formatValue } from "./format.ts";
import { type Lang, type Raw, h } from "./html.ts";
import { geoName, pagePath, say } from "./parts.ts";

/** A release as the changes page shows it: kept releases and, first, the one this publish makes. */
export type ReleaseView = Pick<Release, "date" | "publishedAt" | "observations" | "previous" | "changes">;

const MOST_LISTED = 200;

/** One revision in words: the figure, old → new, who published it. */
function revisionItem(r: Revision, names: Map<string, IndicatorPage>, lang: Lang): Raw {
  const page = names.get(r.indicator_id);
  const unit = page?.indicator.unit ?? "count";
  const name = page ? h`<a href="${pagePath(lang, `indicators/${r.indicator_id}.html`)}">${page.indicator.name[lang]}</a>` : r.indicator_id;
  return h`<li>${name}, ${geoName(r.geo, lang)}, ${formatPeriod(r.period, lang)}: ${formatValue(r.from, unit, lang)} → <strong>${formatValue(r.to, unit, lang)}</strong> <span class="muted small">(${r.source_id} <code>${r.series_code}</code>)</span></li>`;
}

/** The revised figures of one indicator across releases, newest first, for its own page. */
export function revisionsOf(indicatorId: string, releases: ReleaseView[]): { release: string; revision: Revision }[] {
  return [...releases]
    .reverse()
    .flatMap((r) => r.changes.revised.filter((v) => v.indicator_id === indicatorId).map((revision) => ({ release: r.date, revision })));
}

/** The public changes page: each release's new, revised and withdrawn figures. */
export function changesPage(releases: ReleaseView[], pages: IndicatorPage[], lang: Lang): { title: string; description: string; body: Raw } {
  const t = say(lang);
  const names = new Map(pages.map((p) => [p.indicator.id, p]));
  // A release keeps the first of each kind by name and the counts of all (releases.ts).
  const list = (items: Revision[], count: number) => {
    const shown = Math.min(items.length, MOST_LISTED);
    return h`<ul>${items.slice(0, shown).map((r) => revisionItem(r, names, lang))}</ul>${
      count > shown
        ? h`<p class="muted">${t(`và ${count - shown} số liệu khác (xem tệp của bản phát hành)`, `and ${count - shown} more (see the release's files)`)}</p>`
        : ""
    }`;
  };
  const figures = (n: number) => counted(n, { vi: "số liệu", en: ["figure", "figures"] }, lang);
  const body = h`<h1>${t("Những gì đã thay đổi", "What changed")}</h1>
<p class="lede">${t(
    "Mỗi bản phát hành được giữ nguyên để trích dẫn. Đây là những số liệu mới, được sửa và bị rút của từng bản, so với bản trước.",
    "Each release is kept whole, to be cited. Here are the new, revised and withdrawn figures of each, against the one before.",
  )}</p>
${[...releases].reverse().map((r) => {
  const c = r.changes;
  const n = changeCounts(c);
  const touched = c.indicators.map((id) => names.get(id)).filter((p): p is IndicatorPage => !!p);
  return h`<section class="release"><h2 id="release-${r.date}">${t("Bản phát hành", "Release")} ${r.date}</h2>
<p class="muted">${formatDate(r.publishedAt, lang)} · ${figures(r.observations)} · ${t(`${n.added} mới, ${n.revised} sửa, ${n.removed} rút`, `${n.added} new, ${n.revised} revised, ${n.removed} withdrawn`)}${
    r.previous ? ` · ${t("so với", "against")} ${r.previous}` : ` · ${t("bản đầu tiên", "first release")}`
  } · <a href="/data/releases/${r.date}/CHANGES.md">CHANGES.md</a></p>
${n.revised ? h`<h3>${t("Số liệu được sửa", "Revised figures")}</h3>${list(c.revised, n.revised)}` : ""}
${n.removed ? h`<h3>${t("Số liệu bị rút", "Withdrawn figures")}</h3>${list(c.removed, n.removed)}` : ""}
${n.added ? h`<h3>${t("Số liệu mới", "New figures")}</h3><p>${touched.map((p, i) => h`${i ? ", " : ""}<a href="${pagePath(lang, `indicators/${p.indicator.id}.html`)}">${p.indicator.name[lang]}</a>`)}</p>` : ""}
</section>`;
})}`;
  return {
    title: t("Những gì đã thay đổi", "What changed"),
    description: t("Số liệu mới, sửa và rút của từng bản phát hành chiso.", "New, revised and withdrawn figures in each chiso release."),
    body,
  };
}
