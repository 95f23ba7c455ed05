import { webUrlOrNull } from "../../../schemas/common.ts";
import { SUBMISSION_SOURCE } from "../../../sources/submission/source.ts";
import type { IndicatorPage, TargetView } from "../../judge/views.ts";
import type { IndicatorRecord } from "../formats/json-api.ts";
import type { Revision } from "../releases.ts";
import { chartBlock, seriesName } from "./chart.ts";
import { formatPeriod, formatValue } from "./format.ts";
import { type Lang, type Raw, foreign, h } from "./html.ts";
import { describeSchedule } from "./schedule-words.ts";
import { licenceOf, publisherOf } from "./source-words.ts";
import {
  comparatorSign,
  domainName,
  flagName,
  geoName,
  observationStatus,
  pagePath,
  qualifierSign,
  say,
  statusBadge,
  territoryWords,
  unitAfter,
} from "./parts.ts";

/** Why a series has no figure: its source's last run, in words, then the run's own message as the source gave it. */
const RUN_WORDS: Record<string, { vi: string; en: string }> = {
  skipped: { vi: "lần chạy gần nhất bỏ qua nguồn này", en: "the last run skipped this source" },
  failed: { vi: "lần chạy gần nhất thất bại", en: "the last run failed" },
  ok: { vi: "lần chạy gần nhất không có số liệu cho chuỗi này", en: "the last run brought no figure for this series" },
  unchanged: { vi: "nguồn không đổi từ lần trước", en: "the source was unchanged" },
  "never-run": { vi: "nguồn chưa chạy lần nào", en: "the source has not run yet" },
};

function headlineBlock(page: IndicatorPage, lang: Lang): Raw {
  const t = say(lang);
  const { indicator, headline } = page;
  if (!headline)
    return h`<div class="big missing">${t("Chưa có số liệu", "No data yet")}</div>
${indicator.dataGap ? h`<p>${t("Nguồn có thể đo: ", "What would measure it: ")}${indicator.dataGap[lang]}</p>` : ""}`;
  return h`<div class="big">${qualifierSign(headline.flags)}${formatValue(headline.value, indicator.unit, lang)} <small>${unitAfter(indicator.unit, lang)}</small></div>
<p class="muted">${geoName(headline.geo, lang)} · ${formatPeriod(headline.period, lang)} · ${headline.source_id} <code>${headline.series_code}</code>${headline.flags.map((f) => h` · <em>${flagName(f, lang)}</em>`)}</p>`;
}

function deadlineLine(target: TargetView, unit: string, lang: Lang): Raw {
  const t = say(lang);
  const p = target.progress;
  if (!p.deadlinePassed) return h``;
  const f = p.deadlineFigure;
  const l = p.latest;
  const latest =
    l && l !== f && (!f || l.period !== f.period) ? h` · ${t("mới nhất", "latest")} ${formatPeriod(l.period, lang)}: ${formatValue(l.value, unit, lang)}` : "";
  return h`<br><small>${
    f
      ? h`${t("Số liệu kỳ đến hạn", "Figure for the deadline period")} (${formatPeriod(f.period, lang)}): ${formatValue(f.value, unit, lang)}`
      : h`${t(`Chưa có số liệu năm ${target.deadline}`, `No figure for ${target.deadline}`)}`
  }${latest}</small>`;
}

function targetsBlock(page: IndicatorPage, lang: Lang): Raw {
  const t = say(lang);
  const { indicator, targets } = page;
  if (!targets.length)
    return h`<p class="muted">${t("Không có chỉ tiêu nào của Thành phố cho chỉ số này; chỉ số được theo dõi làm số liệu nền.", "The city set no target for this indicator; it is tracked as context.")}</p>`;
  const unit = indicator.unit;
  const seriesLabel = (j: { source: string; seriesCode: string; geo: string }) => {
    const s = page.series.find((x) => x.source === j.source && x.seriesCode === j.seriesCode && x.geo === j.geo);
    return s ? seriesName(s, lang) : `${j.source} ${j.seriesCode}`;
  };
  const heads = [t("Chỉ tiêu", "Target"), t("Hạn", "By"), t("Văn bản", "Document"), t("Tiến độ", "Progress")];
  const rows = targets.map((tg) => {
    const p = tg.progress;
    return h`<tr>
<td data-label="${heads[0]}">${comparatorSign(tg.comparator)} ${formatValue(tg.value, unit, lang)} ${unitAfter(unit, lang)}<br><small class="muted">${tg.wording[lang]}</small></td>
<td data-label="${heads[1]}">${tg.deadline}</td>
<td data-label="${heads[2]}">${tg.document.number}, ${tg.document.date}, ${tg.clause[lang]}${tg.national ? h`<br><strong>${t("mục tiêu chung cả nước", "national goal")}</strong>` : ""}${
      tg.readFrom
        ? h`<br><small class="muted">${tg.readFrom === "press-report" ? t("đọc qua báo chí đưa tin, chưa đọc văn bản gốc", "read in a press report of it, not in the legal text") : t("đọc từ văn bản gốc", "read in the legal text")}</small>`
        : ""
    }</td>
<td data-label="${heads[3]}" class="${tg.disagree ? "disagree" : ""}">${statusBadge(p.status, lang)}${deadlineLine(tg, unit, lang)}${
      !p.deadlinePassed && p.projectedYear
        ? h`<br><small>${t(`Theo xu hướng hiện tại đạt năm ${p.projectedYear}`, `Current pace reaches it in ${p.projectedYear}`)}</small>`
        : ""
    }${
      p.years
        ? h`<br><small>${p.years.map((y) => h`${y.year}: ${y.value == null ? "—" : formatValue(y.value, unit, lang)}${y.met === true ? " ✓" : y.met === false ? " ✗" : ""} `)}</small>`
        : ""
    }${tg.judgedOn ? h`<br><small class="muted">${t("Quyết định bởi", "Decided by")}: ${seriesLabel(tg.judgedOn)}${tg.decidedBecause ? h` — ${tg.decidedBecause[lang]}` : ""}</small>` : ""}${
      tg.verdicts.length > 1
        ? h`${tg.disagree ? h`<br><small><strong>${t("Các chuỗi cho kết luận khác nhau", "The series disagree")}</strong></small>` : ""}<ul class="verdicts">${tg.verdicts.map(
            (v) =>
              h`<li class="${v.decides ? "decides" : ""}">${seriesLabel(v)}: ${statusBadge(v.judgement.status, lang)}${
                v.judgement.trend !== v.judgement.status
                  ? h` <small>(${t("xu hướng trước hạn", "trend before the deadline")}: ${statusBadge(v.judgement.trend, lang)})</small>`
                  : ""
              }${v.judgement.latest ? h` <small class="muted">${formatValue(v.judgement.latest.value, unit, lang)} (${formatPeriod(v.judgement.latest.period, lang)})</small>` : ""}</li>`,
          )}</ul>`
        : ""
    }</td></tr>`;
  });
  return h`<table class="targets-table stack"><thead><tr>${heads.map((x) => h`<th scope="col">${x}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`;
}

function figuresBlock(page: IndicatorPage, record: IndicatorRecord, lang: Lang): Raw {
  const t = say(lang);
  const rows = page.series.flatMap((s) => s.observations.map((o) => ({ o, s })));
  if (!rows.length) return h`<p class="missing">${t("Chưa có nguồn công khai nào đo chỉ số này.", "No public source measures this indicator yet.")}</p>`;
  const heads = [t("Kỳ", "Period"), t("Địa bàn", "Area"), t("Giá trị", "Value"), t("Nguồn", "Source"), t("Ghi chú", "Notes"), t("Thu thập", "Retrieved")];
  const body = rows.map(({ o, s }) => {
    const link = webUrlOrNull(o.citation_url);
    const title = o.citation_title ? (link ? h`<a href="${link}">${foreign(o.citation_title, lang)}</a>` : foreign(o.citation_title, lang)) : "";
    const note = [o.citation_statement, o.note].filter((x): x is string => !!x);
    return h`<tr>
<th scope="row" data-label="${heads[0]}">${formatPeriod(o.period, lang)}</th>
<td data-label="${heads[1]}">${geoName(o.geo, lang)}<br><small class="muted">${territoryWords(o.territory, lang)}</small></td>
<td data-label="${heads[2]}" class="num">${qualifierSign(o.flags)}${formatValue(o.value, o.unit, lang)}${o.status !== "final" ? h` <small>(${observationStatus(o.status, lang)})</small>` : ""}</td>
<td data-label="${heads[3]}">${o.source_id} <code>${o.series_code}</code>${s.label ? h`<br><small>${s.label[lang]}</small>` : ""}${
      o.citation_title
        ? h`<br><small>${title}${o.citation_publisher ? h`, ${foreign(o.citation_publisher, lang)}` : ""}${o.citation_date ? `, ${o.citation_date}` : ""}</small>`
        : ""
    }</td>
<td data-label="${heads[4]}"><small>${note.map((n, i) => h`${i ? " — " : ""}${foreign(n, lang)}`)}${o.flags.map((f) => h` · <em>${flagName(f, lang)}</em>`)}</small></td>
<td data-label="${heads[5]}"><small>${o.retrieved_at.slice(0, 10)}<br><code title="${o.raw_sha256}">${o.raw_sha256.slice(0, 10)}</code></small></td></tr>`;
  });
  const shown = new Set(rows.map(({ o }) => o.source_id));
  const licences = record.licence.sources.filter((s) => shown.has(s.source));
  return h`<table class="observations stack"><thead><tr>${heads.map((x) => h`<th scope="col">${x}</th>`)}</tr></thead><tbody>${body}</tbody></table>
${licences.length ? h`<p class="muted">${t("Giấy phép của số liệu trên", "Licences of the figures above")}: ${licences.map((s, i) => h`${i ? "; " : ""}${publisherOf(s.source, s.publisher, lang)}: ${licenceOf(s.source, s.licence, lang)}`)}.</p>` : ""}`;
}

/** Figures revised since chiso first published them: old value, new value, who, in which release. */
function revisionsBlock(page: IndicatorPage, revisions: { release: string; revision: Revision }[], lang: Lang): Raw {
  if (!revisions.length) return h``;
  const t = say(lang);
  const unit = page.indicator.unit;
  const heads = [t("Kỳ", "Period"), t("Trước", "Was"), t("Nay", "Now"), t("Nguồn", "By"), t("Bản phát hành", "Release")];
  return h`<h2 id="revisions">${t("Số liệu được sửa", "Revised figures")}</h2>
<table class="stack"><thead><tr>${heads.map((x) => h`<th scope="col">${x}</th>`)}</tr></thead><tbody>${revisions.map(
    ({
      release,
      revision: r,
    }) => h`<tr><th scope="row" data-label="${heads[0]}">${formatPeriod(r.period, lang)} · ${geoName(r.geo, lang)}</th><td data-label="${heads[1]}" class="num">${formatValue(r.from, unit, lang)}</td>
<td data-label="${heads[2]}" class="num">${formatValue(r.to, unit, lang)}</td><td data-label="${heads[3]}">${r.source_id} <code>${r.series_code}</code></td><td data-label="${heads[4]}"><a href="${pagePath(lang, "changes.html")}#release-${release}">${release}</a></td></tr>`,
  )}</tbody></table>`;
}

/**
 * A source chiso checks on a schedule: its last check and next one are worth showing. Transcribed
 * and derived figures have no release calendar, and departments' reports have their own line.
 */
const polled = (source: string) => source !== "report" && source !== "derived" && source !== SUBMISSION_SOURCE;

function sourcesBlock(page: IndicatorPage, record: IndicatorRecord, lang: Lang): Raw {
  const root = lang === "vi" ? "../" : "../../";
  const t = say(lang);
  const items = record.series.map((s, i) => {
    const view = page.series[i]!;
    const link = webUrlOrNull(s.link);
    const why = s.emptyBecause;
    const empty = why
      ? h`: ${(RUN_WORDS[why.status] ?? { vi: why.status, en: why.status })[lang]}${why.failureKind ? ` (${why.failureKind})` : ""}${why.message ? h` — <q class="source-message" lang="en">${why.message}</q>` : ""}`
      : "";
    return h`<li>${seriesName(view, lang)} · <code>${s.seriesCode}</code> · ${publisherOf(s.source, s.publisher, lang)}${link ? h` · <a href="${link}">${t("trang của nguồn", "at the source")}</a>` : ""}
<span class="muted">· ${t("giấy phép", "licence")}: ${licenceOf(s.source, s.licence, lang)} · ${
      s.observations
        ? t(
            `${s.observations} số liệu, mới nhất ${formatPeriod(s.latestPeriod ?? "", "vi")}`,
            `${s.observations} ${s.observations === 1 ? "figure" : "figures"}, latest ${formatPeriod(s.latestPeriod ?? "", "en")}`,
          )
        : h`${t("chưa có số liệu", "no figures yet")}${empty}`
    }</span></li>`;
  });
  const updates = record.updates;
  const rhythm = updates ? describeSchedule(updates.source, updates.schedule, lang) : null;
  return h`<ul>${items}</ul>
${rhythm ? h`<p class="update-rhythm">${rhythm}${updates && polled(updates.source) ? h` <span class="live-status" data-source="${updates.source}" data-root="${root}"></span>` : ""}</p>` : ""}
<p class="report-status" data-indicator="${page.indicator.id}" data-root="${root}" hidden></p>`;
}

function downloadsBlock(page: IndicatorPage, record: IndicatorRecord, lang: Lang): Raw {
  const t = say(lang);
  const d = `/data/indicators/${page.indicator.id}`;
  return h`<p><a href="${d}/observations.parquet" download>Parquet</a> · <a href="${d}/observations.csv" download>CSV</a> · <a href="${d}.json">JSON</a> ·
<a href="${d}/observations_history.csv" download>${t("mọi phiên bản (CSV)", "every vintage (CSV)")}</a> · <a href="${d}/observations_history.parquet" download>${t("mọi phiên bản (Parquet)", "every vintage (Parquet)")}</a> ·
<a href="${d}/targets.csv" download>${t("chỉ tiêu (CSV)", "targets (CSV)")}</a> · <a href="${d}/README.md">README</a> · <a href="${pagePath(lang, "downloads.html")}">${t("Tất cả tải xuống", "All downloads")}</a></p>
<p><strong>${t("Trích dẫn gợi ý", "Suggested citation")}</strong></p>
<blockquote class="citation">${record.citation[lang]}</blockquote>
<p class="muted">${t("Giấy phép: phần tổng hợp của chiso theo ", "Licence: chiso's compilation is under ")}<a href="${record.licence.chiso.path}">CC BY 4.0</a>; ${record.licence.sources.map((s, i) => h`${i ? "; " : ""}${publisherOf(s.source, s.publisher, lang)}: ${licenceOf(s.source, s.licence, lang)}`)}.</p>`;
}

/** One indicator's page in one language: everything shown is static HTML, readable with script off. */
export function indicatorPage(
  page: IndicatorPage,
  record: IndicatorRecord,
  lang: Lang,
  revisions: { release: string; revision: Revision }[] = [],
): { title: string; description: string; body: Raw } {
  const t = say(lang);
  const { indicator } = page;
  const chart = chartBlock(page, lang);
  const figures = page.series.reduce((n, s) => n + s.observations.length, 0);
  const breaks = page.series.flatMap((s) => s.breaks.map((b) => ({ ...b, s })));
  const body = h`<p class="muted"><a href="${pagePath(lang, "index.html")}">${t("← Tất cả chỉ số", "← All indicators")}</a> · ${domainName(indicator.domain, lang)}</p>
<h1>${indicator.name[lang]}</h1>
<p class="lede">${indicator.definition[lang]}</p>
${indicator.formula ? h`<p><strong>${t("Công thức", "Formula")}:</strong> ${indicator.formula[lang]}</p>` : ""}
${headlineBlock(page, lang)}
${chart ?? (figures === 1 ? h`<p class="muted">${t("Mới có một số liệu: chưa vẽ biểu đồ.", "One figure so far: no chart is drawn.")}</p>` : "")}
${
  breaks.length
    ? h`<p class="muted">${t("Đứt gãy chuỗi: ", "Break in series: ")}${breaks.map((b, i) => h`${i ? "; " : ""}${seriesName(b.s, lang)}, ${formatPeriod(b.period, lang)}: ${territoryWords(b.from, lang)} → ${territoryWords(b.to, lang)}`)}. ${t(
        "Số liệu hai bên đứt gãy là của hai địa bàn khác nhau: không nối, không tính xu hướng qua đó.",
        "Figures either side of the break describe different places: they are not joined, and no trend is fitted across it.",
      )}</p>`
    : ""
}
${page.withheld.length ? h`<div class="note">${page.withheld.map((w) => h`<p><strong>${formatPeriod(w.period, lang)}</strong>: ${w.reason[lang]}</p>`)}</div>` : ""}
<h2 id="targets">${t("Chỉ tiêu", "Targets")}</h2>
${targetsBlock(page, lang)}
<h2 id="figures">${t("Số liệu và nguồn", "Figures and sources")}</h2>
${figuresBlock(page, record, lang)}
${revisionsBlock(page, revisions, lang)}
<h2 id="sources">${t("Nguồn của từng chuỗi", "Each series at its source")}</h2>
${sourcesBlock(page, record, lang)}
<h2 id="download">${t("Tải xuống và trích dẫn", "Download and cite")}</h2>
${downloadsBlock(page, record, lang)}
<script type="module" src="/components/status.js"></script>`;
  const latest = page.headline
    ? `${formatValue(page.headline.value, indicator.unit, lang)} (${formatPeriod(page.headline.period, lang)})`
    : t("chưa có số liệu", "no data yet");
  return {
    title: indicator.name[lang],
    description: `${indicator.name[lang]}: ${latest}. ${indicator.definition[lang]}`.slice(0, 300),
    body,
  };
}
