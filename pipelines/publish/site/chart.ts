import * as Plot from "@observablehq/plot";
import { JSDOM } from "jsdom";
import { wardOf } from "../../../schemas/geography/wards.ts";
import { COMPARATORS, GEOS, PROGRESS_STATUSES, UNITS, qualifierOf } from "../../../schemas/labels.ts";
import type { IndicatorPage, SeriesView } from "../../judge/views.ts";
import { formatNumber, formatPeriod, formatValue, periodEnd } from "./format.ts";
import { type Lang, type Raw, h, raw } from "./html.ts";

/**
 * Each indicator's chart, drawn at publish time: Plot on a server-side DOM writes a static SVG,
 * so the chart shows with script off and the page carries no charting library. Series differ by
 * colour, marker and a direct label; national proxies are dashed with hollow markers; a change of
 * territory cuts the line and is marked; targets are a dashed rule with a ring at the deadline.
 */

// One document for every chart of a publish: jsdom is costly to start, cheap to reuse.
let dom: Document | undefined;
const documentForCharts = () => (dom ??= new JSDOM("").window.document);

/** Okabe–Ito hues, darkened where needed so each line holds 3:1 against the page. */
const COLOURS = ["#0063a6", "#b84a00", "#00775a", "#a23c86", "#7a5a00", "#3d3d3d"];
const SYMBOLS = ["circle", "square", "triangle", "diamond", "cross", "star"] as const;
const TARGET_COLOUR = "#a4161a";
const PROXY_DASH = "6,4";

/** How many years each period spans, to mark where a new territory's first period begins. */
const periodLength = (period: string) => (/-Q/.test(period) ? 0.25 : /-\d{2}$/.test(period) ? 1 / 12 : 1);

export interface ChartSeries {
  series: SeriesView;
  label: string;
  colour: string;
  symbol: (typeof SYMBOLS)[number];
  proxy: boolean;
}

/** A national series beside the city's, whether a declared proxy or shown for comparison. */
export const isNational = (s: SeriesView) => s.proxy || s.geo === "VN";

/** A series' name in the chart and its legend: its catalog label, else source and code; national ones and wards' say so. */
export function seriesName(s: SeriesView, lang: Lang): string {
  const name = s.label?.[lang] ?? `${s.source} ${s.seriesCode}`;
  if (isNational(s) && !name.includes(GEOS.VN[lang])) return `${name} (${GEOS.VN[lang]})`;
  // A series for every ward is one line per ward: each says which.
  const ward = wardOf(s.geo);
  return ward && !name.includes(ward.name) ? `${name} (${ward.name})` : name;
}

export function chartSeries(page: IndicatorPage, lang: Lang): ChartSeries[] {
  return page.series
    .filter((s) => s.observations.length)
    .map((s, i) => ({
      series: s,
      label: seriesName(s, lang),
      colour: COLOURS[i % COLOURS.length]!,
      symbol: SYMBOLS[i % SYMBOLS.length]!,
      proxy: isNational(s),
    }));
}

/** Integer years from the first to the last, stepped so an axis carries at most `most` of them. */
function yearTicks(from: number, to: number, most: number): number[] {
  const first = Math.floor(from);
  const last = Math.ceil(to);
  const step = Math.max(1, Math.ceil((last - first) / most));
  const ticks: number[] = [];
  for (let y = last; y >= first; y -= step) ticks.unshift(y);
  return ticks;
}

function plotSvg(page: IndicatorPage, lines: ChartSeries[], lang: Lang, width: number, height: number): string {
  const unit = page.indicator.unit;
  const marks: Plot.Markish[] = [];
  const xs: number[] = [];
  for (const line of lines) {
    const starts = new Set(line.series.breaks.map((b) => b.period));
    let segment = 0;
    const points = line.series.observations.map((o) => {
      if (starts.has(o.period)) segment++;
      const x = periodEnd(o.period);
      xs.push(x);
      return { x, y: o.value, segment };
    });
    const style = { x: "x", y: "y", stroke: line.colour };
    marks.push(
      Plot.lineY(points, { ...style, z: "segment", strokeWidth: 2, ...(line.proxy ? { strokeDasharray: PROXY_DASH } : {}) }),
      Plot.dot(points, { ...style, symbol: line.symbol, r: 3.5, strokeWidth: 1.5, fill: line.proxy ? "white" : line.colour }),
    );
    const last = points.at(-1)!;
    // A direct label at each line's end: the reader need not match colours to a legend.
    if (lines.length > 1)
      marks.push(
        Plot.text([last], { x: "x", y: "y", text: () => String(lines.indexOf(line) + 1), dx: 9, fill: line.colour, fontWeight: "bold", fontSize: 12 }),
      );
  }
  for (const line of lines)
    for (const b of line.series.breaks) {
      const x = periodEnd(b.period) - periodLength(b.period);
      marks.push(
        Plot.ruleX([x], { stroke: "#555", strokeDasharray: "2,3" }),
        Plot.text([x], {
          x: (d: number) => d,
          frameAnchor: "top",
          text: () => (lang === "vi" ? "đứt gãy" : "break"),
          dy: 2,
          dx: 4,
          textAnchor: "start",
          fill: "#333",
        }),
      );
    }
  for (const t of page.targets.filter((t) => t.geo === "VN-SG" || lines.some((l) => l.series.geo === t.geo))) {
    xs.push(t.deadline);
    const at = [{ x: t.deadline, y: t.value }];
    marks.push(
      Plot.ruleY([t.value], { stroke: TARGET_COLOUR, strokeDasharray: "6,4", strokeOpacity: 0.8 }),
      Plot.dot(at, { x: "x", y: "y", r: 6, stroke: TARGET_COLOUR, strokeWidth: 2, fill: "none" }),
      Plot.text(at, {
        x: "x",
        y: "y",
        text: () => `${COMPARATORS[t.comparator].sign} ${formatValue(t.value, unit, lang)} (${t.deadline})`,
        dy: -12,
        textAnchor: "end",
        fill: TARGET_COLOUR,
      }),
    );
  }
  const [from, to] = [Math.min(...xs), Math.max(...xs)];
  const yValues = lines.flatMap((l) => l.series.observations.map((o) => o.value));
  const svg = Plot.plot({
    document: documentForCharts(),
    width,
    height,
    marginLeft: 52,
    marginRight: 24,
    marginTop: 24,
    style: { fontSize: "12px" },
    x: { domain: [from - 0.5, to + 0.5], ticks: yearTicks(from, to, width < 500 ? 4 : 8), tickFormat: (d: number) => String(d), label: null },
    y: {
      grid: true,
      label: unit === "percent" ? "%" : UNITS[unit as keyof typeof UNITS]?.[lang] || null,
      zero: unit === "percent" || Math.min(...yValues) >= 0,
      tickFormat: (d: number) => formatNumber(d, lang),
    },
    marks: [Plot.ruleY([0], { stroke: "#767676" }), ...marks],
  });
  // The marks' aria-labels sit on <g> elements, which have no role to carry them; the <svg> is
  // one image, described by the text beside it.
  return svg.outerHTML.replace(/<g aria-label="[^"]*"/g, "<g").replace(/(\d+\.\d{2})\d+/g, "$1");
}

/** The chart's message in words: every series' latest figure and each target's standing. */
export function chartSummary(page: IndicatorPage, lines: ChartSeries[], lang: Lang): string {
  const unit = page.indicator.unit;
  const parts = lines.map(({ series, label }) => {
    const obs = series.observations;
    const last = obs.at(-1)!;
    const qualifier = qualifierOf(last.flags);
    const q = qualifier ? `${qualifier[lang]} ` : "";
    const latest = `${q}${formatValue(last.value, unit, lang)} (${formatPeriod(last.period, lang)})`;
    if (obs.length === 1) return `${label}: ${latest}`;
    const first = obs[0]!;
    return lang === "vi"
      ? `${label}: ${latest}, từ ${formatValue(first.value, unit, lang)} (${formatPeriod(first.period, lang)}), ${obs.length} số liệu`
      : `${label}: ${latest}, from ${formatValue(first.value, unit, lang)} (${formatPeriod(first.period, lang)}), ${obs.length} figures`;
  });
  const targets = page.targets.map((t) => {
    const level = `${COMPARATORS[t.comparator][lang]} ${formatValue(t.value, unit, lang)}`;
    const status = PROGRESS_STATUSES[t.progress.status as keyof typeof PROGRESS_STATUSES]?.[lang] ?? t.progress.status;
    return lang === "vi" ? `chỉ tiêu ${level} đến ${t.deadline}: ${status.toLowerCase()}` : `target ${level} by ${t.deadline}: ${status.toLowerCase()}`;
  });
  const breaks = lines.flatMap((l) => l.series.breaks.map((b) => formatPeriod(b.period, lang)));
  const breakLine = breaks.length
    ? [lang === "vi" ? `đứt gãy chuỗi từ ${breaks.join(", ")} (địa giới mới)` : `break in series from ${breaks.join(", ")} (new territory)`]
    : [];
  return `${[...parts, ...targets, ...breakLine].join("; ")}.`;
}

const LEGEND_SHAPES: Record<(typeof SYMBOLS)[number], string> = {
  circle: '<circle cx="18" cy="7" r="3.5"/>',
  square: '<rect x="14.5" y="3.5" width="7" height="7"/>',
  triangle: '<path d="M18,2.5L22,10L14,10Z"/>',
  diamond: '<path d="M18,2.5L22.5,7L18,11.5L13.5,7Z"/>',
  cross: '<path d="M16.5,3h3v2.5h2.5v3h-2.5v2.5h-3v-2.5h-2.5v-3h2.5Z"/>',
  star: '<path d="M18,2l1.4,3.3 3.6,0.3-2.7,2.3 0.8,3.5-3.1-1.9-3.1,1.9 0.8-3.5-2.7-2.3 3.6-0.3Z"/>',
};

function legend(lines: ChartSeries[], hasTargets: boolean, lang: Lang): Raw {
  const sample = (l: ChartSeries) =>
    raw(
      `<svg class="swatch" width="36" height="14" viewBox="0 0 36 14" aria-hidden="true"><line x1="0" y1="7" x2="36" y2="7" stroke="${l.colour}" stroke-width="2"${l.proxy ? ` stroke-dasharray="${PROXY_DASH}"` : ""}/><g fill="${l.proxy ? "white" : l.colour}" stroke="${l.colour}" stroke-width="1.5">${LEGEND_SHAPES[l.symbol]}</g></svg>`,
    );
  const target = raw(
    `<svg class="swatch" width="36" height="14" viewBox="0 0 36 14" aria-hidden="true"><line x1="0" y1="7" x2="36" y2="7" stroke="${TARGET_COLOUR}" stroke-width="1.5" stroke-dasharray="6,4"/><circle cx="18" cy="7" r="5" fill="none" stroke="${TARGET_COLOUR}" stroke-width="2"/></svg>`,
  );
  return h`<ul class="chart-legend">${lines.map((l, i) => h`<li>${sample(l)} ${lines.length > 1 ? h`<strong>${i + 1}</strong> ` : ""}${l.label}${l.proxy ? h` <em>(${lang === "vi" ? "số liệu cả nước" : "national proxy"})</em>` : ""}</li>`)}${
    hasTargets ? h`<li>${target} ${lang === "vi" ? "Chỉ tiêu và hạn" : "Target and its deadline"}</li>` : ""
  }</ul>`;
}

/** The chart's figures as a table: a period per row, a series per column. */
function chartTable(page: IndicatorPage, lines: ChartSeries[], lang: Lang): Raw {
  const periods = [...new Set(lines.flatMap((l) => l.series.observations.map((o) => o.period)))].sort(
    (a, b) => periodEnd(a) - periodEnd(b) || a.localeCompare(b),
  );
  const cell = (l: ChartSeries, period: string) => {
    const o = l.series.observations.find((x) => x.period === period);
    return o ? formatValue(o.value, page.indicator.unit, lang) : "—";
  };
  return h`<details class="chart-table"><summary>${lang === "vi" ? "Bảng số liệu của biểu đồ" : "The chart's figures as a table"}</summary>
<div class="table-scroll"><table><thead><tr><th scope="col">${lang === "vi" ? "Kỳ" : "Period"}</th>${lines.map((l, i) => h`<th scope="col">${lines.length > 1 ? `${i + 1}. ` : ""}${l.label}</th>`)}</tr></thead>
<tbody>${periods.map((p) => h`<tr><th scope="row">${formatPeriod(p, lang)}</th>${lines.map((l) => h`<td class="num">${cell(l, p)}</td>`)}</tr>`)}</tbody></table></div></details>`;
}

/**
 * The chart block of an indicator page: the picture (a narrow and a wide drawing, one shown by
 * the screen's width), its message in words, a legend and the table. A single figure is a
 * number, not a chart: null then, and the page shows the figure.
 */
export function chartBlock(page: IndicatorPage, lang: Lang): Raw | null {
  const lines = chartSeries(page, lang);
  const points = lines.reduce((n, l) => n + l.series.observations.length, 0);
  if (points < 2) return null;
  const id = `chart-${page.indicator.id}-summary`;
  const summary = chartSummary(page, lines, lang);
  const svg = (width: number, height: number, cls: string) =>
    raw(plotSvg(page, lines, lang, width, height).replace(/^<svg /, `<svg role="img" aria-labelledby="${id}" data-chart="${cls}" `));
  return h`<figure class="chart">
<div class="chart-narrow">${svg(360, 260, "narrow")}</div>
<div class="chart-wide">${svg(720, 340, "wide")}</div>
<figcaption><p id="${id}" class="chart-summary">${summary}</p>${legend(lines, page.targets.length > 0, lang)}
<p class="muted small">${lang === "vi" ? "Mỗi số liệu đặt ở cuối kỳ của nó (số liệu năm ở vạch của năm đó)." : "Each figure sits at the end of its period (an annual figure on its year's tick)."}</p></figcaption>
</figure>${chartTable(page, lines, lang)}`;
}
