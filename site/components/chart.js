import * as Plot from "@observablehq/plot";
import {periodTime} from "./periods.js";

/**
 * The indicator's series over time with its targets drawn in: a dashed rule at each target
 * value and a ringed point at its deadline. Proxy (national) series are drawn dashed.
 */
export function seriesChart({series, targets, unit, width}) {
  const points = series.flatMap((s) =>
    s.observations.map((o) => ({...o, t: periodTime(o.period), label: s.seriesLabel}))
  );
  const marks = [
    Plot.ruleY([0]),
    Plot.lineY(points, {x: "t", y: "value", z: "label", stroke: "label", strokeDasharray: (d) => (d.flags.includes("proxy") ? "4,3" : null), marker: "circle"}),
    Plot.tip(points, Plot.pointerX({x: "t", y: "value", title: (d) => `${d.label}\n${d.period}: ${d.value.toLocaleString("en-US")}${d.flags.length ? ` (${d.flags.join(", ")})` : ""}`}))
  ];
  for (const t of targets) {
    const at = new Date(Date.UTC(t.deadline, 11, 31));
    marks.push(
      Plot.ruleY([t.value], {stroke: "var(--theme-red)", strokeDasharray: "6,4"}),
      Plot.dot([{t: at, value: t.value}], {x: "t", y: "value", r: 6, stroke: "var(--theme-red)", fill: "none"}),
      Plot.text([{t: at, value: t.value}], {x: "t", y: "value", text: () => `${t.comparator} ${t.value} (${t.deadline})`, dy: -12, fill: "var(--theme-red)", textAnchor: "end"})
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
