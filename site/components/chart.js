// @ts-check
import * as Plot from "@observablehq/plot";
import {periodTime} from "./periods.js";

/** @import {Unit} from "../../schemas/common.ts" */
/** @import {SeriesLink} from "../../schemas/indicator.ts" */
/** @import {ObservationRow} from "../../schemas/published.ts" */
/** @import {Target} from "../../schemas/target.ts" */

/**
 * A series as the indicator page passes it: the catalog's link, its figures, and the label the page gives it.
 * `breaks` lists where the series changes territory (the city's merger of 1 July 2025).
 * @typedef {SeriesLink & {observations: ObservationRow[], seriesLabel: string, breaks?: {period: string, from: string, to: string}[]}} ChartSeries
 */

/**
 * The indicator's series over time with its targets drawn in: a dashed rule at each target
 * value and a ringed point at its deadline. Proxy (national) series are drawn dashed. Where a
 * series changes territory its line stops (a gap) and a grey rule marks the break: figures on
 * either side describe different places and are not joined.
 * @param {{series: ChartSeries[], targets: Target[], unit: Unit, width: number}} options
 * @returns {ReturnType<typeof Plot.plot>}
 */
export function seriesChart({series, targets, unit, width}) {
  const points = series.flatMap((s) => {
    const starts = (s.breaks ?? []).map((b) => b.period);
    let segment = 0;
    return s.observations.map((o) => {
      if (starts.includes(o.period)) segment++;
      return {...o, t: periodTime(o.period), label: s.seriesLabel, proxy: s.proxy, segment: `${s.seriesLabel}#${segment}`};
    });
  });
  const breaks = [...new Set(series.flatMap((s) => (s.breaks ?? []).map((b) => b.period)))].map((period) => ({t: periodTime(period)}));
  // Plot takes strokeDasharray as a constant, not a channel: proxy series get a line mark of their own.
  const cityPoints = points.filter((d) => !d.proxy);
  const proxyPoints = points.filter((d) => d.proxy);
  /** @type {Plot.LineYOptions} */
  const line = {x: "t", y: "value", z: "segment", stroke: "label", marker: "circle"};
  /** @type {Plot.Markish[]} */
  const marks = [
    Plot.ruleY([0]),
    Plot.lineY(cityPoints, line),
    Plot.lineY(proxyPoints, {...line, strokeDasharray: "4,3"}),
    Plot.ruleX(breaks, {x: "t", stroke: "currentColor", strokeOpacity: 0.5, strokeDasharray: "2,3"}),
    Plot.text(breaks, {x: "t", frameAnchor: "top", text: () => "đứt gãy / break", dy: 4, fill: "currentColor", fillOpacity: 0.7}),
    Plot.tip(
      points,
      Plot.pointerX({
        x: "t",
        y: "value",
        title: (d) => `${d.label}\n${d.period}: ${d.value.toLocaleString("en-US")}${d.flags.length ? ` (${d.flags.join(", ")})` : ""}`
      })
    )
  ];
  for (const t of targets) {
    const at = new Date(Date.UTC(t.deadline, 11, 31));
    marks.push(
      Plot.ruleY([t.value], {stroke: "var(--theme-red)", strokeDasharray: "6,4"}),
      Plot.dot([{t: at, value: t.value}], {x: "t", y: "value", r: 6, stroke: "var(--theme-red)", fill: "none"}),
      Plot.text([{t: at, value: t.value}], {
        x: "t",
        y: "value",
        text: () => `${t.comparator} ${t.value} (${t.deadline})`,
        dy: -12,
        fill: "var(--theme-red)",
        textAnchor: "end"
      })
    );
  }
  return Plot.plot({
    width,
    height: 320,
    marginLeft: 56,
    x: {type: "utc", label: null},
    y: {grid: true, label: unit === "percent" ? "%" : unit, zero: unit === "percent"},
    color: {legend: true},
    marks
  });
}
