// @ts-check
// Fills an indicator page's "last checked" line from data/status.json, which every publish
// rewrites without rebuilding the pages: the page itself states only the rhythm, which does not age.

const spans = /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll(".live-status[data-source]"));
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

if (spans.length) {
  const root = new URL(spans[0]?.dataset.root ?? "./", location.href);
  fetch(new URL("data/status.json", root))
    .then((r) => (r.ok ? r.json() : null))
    .then((status) => {
      if (!status) return;
      /** @type {Map<string, {lastSuccess: string | null, nextExpected: string, overdue: boolean}>} */
      const bySource = new Map(status.sources.map((/** @type {any} */ s) => [s.source, s]));
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
