import type { planProgress } from "../../judge/views.ts";
import { counted, formatPeriod, formatValue } from "./format.ts";
import { type Lang, type Raw, h } from "./html.ts";
import { tally } from "./home-page.ts";
import { comparatorSign, pagePath, say, statusBadge } from "./parts.ts";

type Plans = ReturnType<typeof planProgress>;
type PlanTarget = Plans[number]["sections"][number]["targets"][number];

const numbered = (id: string) => (/^([IVXLC]+|\d+)(\.[0-9A-Za-z]+)*$/.test(id) ? `${id}. ` : "");

function targetRow(tg: PlanTarget, lang: Lang, heads: string[]): Raw {
  const t = say(lang);
  return h`<tr>
<td data-label="${heads[0]}"><a href="${pagePath(lang, `indicators/${tg.indicatorId}.html`)}">${tg.indicatorName[lang]}</a>${tg.national ? h` <em>(${t("mục tiêu chung cả nước", "national goal")})</em>` : ""}<div class="muted small">${tg.wording[lang]}</div>
<div class="muted small">${tg.clause[lang]}${tg.readFrom === "press-report" ? h` · ${t("đọc qua báo chí đưa tin", "read in a press report")}` : ""}</div></td>
<td data-label="${heads[1]}" class="num">${comparatorSign(tg.comparator)} ${formatValue(tg.value, tg.unit, lang)}</td>
<td data-label="${heads[2]}">${tg.deadline}</td>
<td data-label="${heads[3]}" class="num">${tg.latest ? h`${formatValue(tg.latest.value, tg.unit, lang)} <span class="muted">(${formatPeriod(tg.latest.period, lang)})</span>` : h`<span class="missing">—</span>`}</td>
<td data-label="${heads[4]}" class="${tg.disagree ? "disagree" : ""}">${statusBadge(tg.status, lang)}${
    tg.projectedYear && (tg.status === "on-track" || tg.status === "off-track")
      ? h`<div class="muted small">${t(`theo xu hướng: ${tg.projectedYear}`, `at current pace: ${tg.projectedYear}`)}</div>`
      : ""
  }${tg.disagree ? h`<div class="small">${t("Các chuỗi cho kết luận khác nhau: ", "The series disagree: ")}${tg.verdicts.map((v, i) => h`${i ? "; " : ""}${v.label?.[lang] ?? v.seriesCode}${v.decides ? "*" : ""} ${statusBadge(v.status, lang)}`)}</div>` : ""}</td></tr>`;
}

/** Progress by plan: each document, section by section, target by target. */
export function plansPage(plans: Plans, lang: Lang): { title: string; description: string; body: Raw } {
  const t = say(lang);
  const heads = [t("Chỉ tiêu", "Target"), t("Mức", "Level"), t("Hạn", "By"), t("Mới nhất", "Latest"), t("Tiến độ", "Progress")];
  const body = h`<h1>${t("Tiến độ theo kế hoạch", "Progress by plan")}</h1>
<p class="lede">${t(
    "Mỗi văn bản của Thành phố, từng mục, từng chỉ tiêu: đã đạt, đúng hướng, chậm, hay chưa có số liệu để đánh giá.",
    "Each of the city's documents, section by section, target by target: achieved, on track, off track, or without the figures to judge.",
  )}</p>
${plans.map(
  (doc) => h`<section class="plan"><h2 id="${doc.id}">${doc.number}: ${doc.title[lang]}</h2>
<p class="muted">${doc.date} · ${counted(doc.targets, { vi: "chỉ tiêu", en: ["target", "targets"] }, lang)}${doc.readFrom === "press-report" ? ` · ${t("đọc qua báo chí đưa tin", "read from press reports of it")}` : ""}</p>
<p>${tally(doc.tally, lang)}</p>
${doc.targets === 0 ? h`<p class="muted">${t("Văn bản này không đặt chỉ tiêu định lượng.", "This document sets no quantitative target.")}</p>` : ""}
${doc.sections
  .filter((s) => s.targets.length)
  .map(
    (s) => h`<h3>${numbered(s.id)}${s.title[lang]}</h3><p>${tally(s.tally, lang)}</p>
<table class="plan-targets stack"><thead><tr>${heads.map((x) => h`<th scope="col">${x}</th>`)}</tr></thead><tbody>${s.targets.map((tg) => targetRow(tg, lang, heads))}</tbody></table>`,
  )}</section>`,
)}`;
  return {
    title: t("Tiến độ theo kế hoạch", "Progress by plan"),
    description: t(
      "Tiến độ từng chỉ tiêu trong các kế hoạch chuyển đổi số của TP. Hồ Chí Minh.",
      "Progress on every target in Ho Chi Minh City's digital transformation plans.",
    ),
    body,
  };
}
