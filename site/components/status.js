// @ts-check
// Fills an indicator page's "last checked" line from data/status.json, which every publish
// rewrites without rebuilding the pages: the page itself states only the rhythm, which does not age.

const spans = /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll(".live-status[data-source]"));
const reports = /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll(".report-status[data-indicator]"));
const lang = document.documentElement.lang === "en" ? "en" : "vi";
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** @param {string | null} iso */
function day(iso) {
  if (!iso) return "—";
  const d = new Date(iso);
  return lang === "vi"
    ? `${d.getUTCDate()}/${d.getUTCMonth() + 1}/${d.getUTCFullYear()}`
    : `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** @param {string} quarter */
const quarterWords = (quarter) => (lang === "vi" ? `quý ${quarter.slice(-1)}/${quarter.slice(0, 4)}` : `Q${quarter.slice(-1)} ${quarter.slice(0, 4)}`);

/**
 * A department's report for this indicator: arrived for the last quarter due, or overdue.
 * @param {HTMLElement} p
 * @param {{quarter: string, due: string, arrived: boolean, overdue: boolean, next_due: string, units: string[]}} r
 */
function showReport(p, r) {
  const who = r.units.join(", ");
  p.textContent =
    lang === "vi"
      ? `Báo cáo ${quarterWords(r.quarter)} của ${who} (hạn ${day(r.due)}): ${r.arrived ? "đã nhận" : "chưa nhận"}. Kỳ kế tiếp: trước ${day(r.next_due)}.`
      : `The ${quarterWords(r.quarter)} report from ${who} (due ${day(r.due)}): ${r.arrived ? "received" : "not received"}. Next due before ${day(r.next_due)}.`;
  if (r.overdue) {
    const badge = document.createElement("span");
    badge.className = "overdue";
    badge.textContent = lang === "vi" ? "quá hạn báo cáo" : "report overdue";
    p.append(" ", badge);
  }
  p.hidden = false;
}

const first = spans[0] ?? reports[0];
if (first) {
  const root = new URL(first.dataset.root ?? "./", location.href);
  fetch(new URL("data/status.json", root))
    .then((r) => (r.ok ? r.json() : null))
    .then((status) => {
      if (!status) return;
      /** @type {Map<string, {lastSuccess: string | null, nextExpected: string, overdue: boolean}>} */
      const bySource = new Map(status.sources.map((/** @type {any} */ s) => [s.source, s]));
      for (const p of reports) {
        const r = (status.reports ?? []).find((/** @type {any} */ x) => x.indicator_id === p.dataset.indicator);
        if (r) showReport(p, r);
      }
      for (const span of spans) {
        const s = bySource.get(span.dataset.source ?? "");
        if (!s) continue;
        span.textContent =
          lang === "vi"
            ? `Lần kiểm tra thành công gần nhất: ${day(s.lastSuccess)}; lần kế tiếp dự kiến: ${day(s.nextExpected)}.`
            : `Last successful check: ${day(s.lastSuccess)}; next expected: ${day(s.nextExpected)}.`;
        if (s.overdue) {
          const badge = document.createElement("span");
          badge.className = "overdue";
          badge.textContent = lang === "vi" ? "quá hạn cập nhật" : "update overdue";
          span.append(" ", badge);
        }
      }
    })
    .catch(() => {});
}
