import { DOMAINS, PROGRESS_STATUSES } from "../../../schemas/labels.ts";
import type { IndicatorPage } from "../../judge/views.ts";
import { counted, formatDate, formatPeriod, formatValue } from "./format.ts";
import { type Lang, type Raw, h } from "./html.ts";
import { comparatorSign, domainName, geoName, pagePath, qualifierSign, say, statusBadge, unitAfter } from "./parts.ts";

export interface SiteMeta {
  builtAt: string;
  release: string;
  observations: number;
  vintages: number;
  targets: number;
}

const STATUS_ORDER = Object.keys(PROGRESS_STATUSES);

/** How many targets stand at each status, as planProgress counts a plan's. */
const countStatuses = (statuses: string[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
  return counts;
};

/** Badges with counts, in the order statuses are tallied everywhere: "Đã đạt 3 · Đúng hướng 2". */
export function tally(counts: Record<string, number>, lang: Lang): Raw {
  return h`${STATUS_ORDER.filter((s) => counts[s]).map((s) => h`<span class="tally">${statusBadge(s, lang)} ${counts[s]}</span> `)}`;
}

function card(page: IndicatorPage, lang: Lang): Raw {
  const t = say(lang);
  const { indicator: i, headline: hl, targets } = page;
  return h`<li class="card indicator-card">
<h3><a href="${pagePath(lang, `indicators/${i.id}.html`)}">${i.name[lang]}</a></h3>
${
  hl
    ? h`<div class="big">${qualifierSign(hl.flags)}${formatValue(hl.value, i.unit, lang)} <small>${unitAfter(i.unit, lang)}</small></div>
<div class="muted">${geoName(hl.geo, lang)} · ${formatPeriod(hl.period, lang)} · ${hl.source_id}${hl.flags.includes("proxy") ? h` · <em>${t("số liệu cả nước", "national proxy")}</em>` : ""}</div>`
    : h`<div class="big missing">${t("Chưa có số liệu", "No data yet")}</div>`
}
${
  targets.length
    ? h`<ul class="targets">${targets.map(
        (tg) =>
          h`<li>${statusBadge(tg.progress.status, lang)} ${comparatorSign(tg.comparator)} ${formatValue(tg.value, i.unit, lang)} <span class="muted">${t(`đến ${tg.deadline}`, `by ${tg.deadline}`)} · ${tg.document.number}</span>${
            tg.national ? h` <em>${t("mục tiêu chung cả nước", "national goal")}</em>` : ""
          }${tg.disagree ? h` <small class="disagree">${t("các chuỗi cho kết luận khác nhau", "the series disagree")}</small>` : ""}</li>`,
      )}</ul>`
    : ""
}</li>`;
}

/** The home page: each domain's standing at a glance, then a card per indicator. */
export function homePage(pages: IndicatorPage[], meta: SiteMeta, lang: Lang): { title: string; description: string; body: Raw } {
  const t = say(lang);
  const domains = (Object.keys(DOMAINS) as string[]).filter((d) => pages.some((p) => p.indicator.domain === d));
  const counts = new Map(
    domains.map((d) => [d, countStatuses(pages.filter((p) => p.indicator.domain === d).flatMap((p) => p.targets.map((tg) => tg.progress.status)))]),
  );
  const glance = h`<table class="glance stack"><caption>${t("Tình hình theo lĩnh vực", "Each domain at a glance")}</caption>
<thead><tr><th scope="col">${t("Lĩnh vực", "Domain")}</th><th scope="col" class="num">${t("Chỉ số", "Indicators")}</th><th scope="col">${t("Chỉ tiêu theo tiến độ", "Targets by progress")}</th></tr></thead>
<tbody>${domains.map((d) => {
    const domainCounts = counts.get(d)!;
    return h`<tr><th scope="row"><a href="#${d}">${domainName(d, lang)}</a></th><td class="num" data-label="${t("Chỉ số", "Indicators")}">${pages.filter((p) => p.indicator.domain === d).length}</td>
<td data-label="${t("Chỉ tiêu", "Targets")}">${Object.keys(domainCounts).length ? tally(domainCounts, lang) : h`<span class="muted">${t("không có chỉ tiêu", "no targets")}</span>`}</td></tr>`;
  })}</tbody></table>`;
  const sections = domains.map((d) => {
    const group = pages.filter((p) => p.indicator.domain === d);
    return h`<section class="domain"><h2 id="${d}">${domainName(d, lang)}</h2><p>${tally(counts.get(d)!, lang)}</p><ul class="cards">${group.map((p) => card(p, lang))}</ul></section>`;
  });
  const count = (n: number, vi: string, en: [string, string]) => counted(n, { vi, en }, lang);
  const body = h`<h1>${t("Kinh tế số và xã hội số TP. Hồ Chí Minh", "Ho Chi Minh City's digital economy and society")}</h1>
<p class="lede">${t(
    "Mỗi chỉ tiêu Thành phố tự đặt ra, với số liệu mới nhất, nguồn và tiến độ. Số liệu chưa có nguồn được ghi là chưa có.",
    "Every target the city set itself, with the latest figure, its source and progress. A figure nobody publishes is shown as missing.",
  )}</p>
<p class="muted">${count(pages.length, "chỉ số", ["indicator", "indicators"])} · ${count(meta.targets, "chỉ tiêu", ["target", "targets"])} · ${count(meta.observations, "số liệu", ["figure", "figures"])} · ${t("bản phát hành", "release")} ${meta.release} · ${t("xuất bản", "published")} ${formatDate(meta.builtAt, lang)}</p>
${glance}
${sections}`;
  return {
    title: t("Chỉ số kinh tế số và xã hội số TP. Hồ Chí Minh", "Ho Chi Minh City digital economy and society indicators"),
    description: t(
      "Các chỉ tiêu kinh tế số, xã hội số TP. Hồ Chí Minh tự đặt ra, với số liệu mới nhất, nguồn, trích dẫn và tiến độ.",
      "The digital economy and digital society targets Ho Chi Minh City set itself, with the latest figures, sources, citations and progress.",
    ),
    body,
  };
}
