import type { BulkFile } from "../formats/datapackage.ts";
import type { IndicatorPage } from "../../judge/views.ts";
import { formatNumber } from "./format.ts";
import { type Lang, type Raw, h } from "./html.ts";
import { pagePath, say } from "./parts.ts";

const WHAT: Record<string, { vi: string; en: string }> = {
  observations: { vi: "Giá trị mới nhất, mọi chỉ số", en: "Latest values, every indicator" },
  history: { vi: "Mọi phiên bản, mọi chỉ số", en: "Every vintage, every indicator" },
  targets: { vi: "Chỉ tiêu, kèm tiến độ và năm đạt theo xu hướng", en: "Targets with status and projected year" },
};

const size = (n: number, lang: Lang) => (n < 1024 ? `${formatNumber(n, lang)} B` : `${formatNumber(Math.round(n / 102.4) / 10, lang)} kB`);

/** The downloads page: the bulk bundle, each indicator's files, reading it from code, releases, citing. */
export function downloadsPage(
  opts: { files: BulkFile[]; release: string; releases: string[]; pages: IndicatorPage[]; siteUrl: string },
  lang: Lang,
): { title: string; description: string; body: Raw } {
  const t = say(lang);
  // Examples name the site's address when it is configured; otherwise paths below it.
  const root = opts.siteUrl ? `${opts.siteUrl.replace(/\/+$/, "")}/` : "";
  const sql = `-- DuckDB (the httpfs extension reads over HTTP)\nselect indicator_id, geo, period, value, flags, source_id\nfrom '${root}data/observations.parquet'\nwhere indicator_id = 'account-ownership-15plus'\norder by period;`;
  const py = `import pandas as pd\n\nobs = pd.read_parquet("${root}data/observations.parquet")\ntargets = pd.read_csv("${root}data/targets.csv", encoding="utf-8-sig")\nhistory = pd.read_parquet("${root}data/observations_history.parquet")`;
  const r = `library(arrow)\n\nobs <- read_parquet("${root}data/observations.parquet")\none <- jsonlite::fromJSON("${root}data/indicators/adults-with-smartphone.json")`;
  const heads = [t("Tệp", "File"), t("Nội dung", "What"), t("Dung lượng", "Size"), "sha256"];
  const body = h`<h1>${t("Tải dữ liệu", "Downloads")}</h1>
<p class="lede">${t(
    "Mọi số liệu của chiso, ở các đường dẫn ổn định dưới /data/. Mỗi dòng kèm nguồn, mã chuỗi của nguồn, thời điểm thu thập và mã sha256 của phản hồi gốc. Nội dung của chiso theo giấy phép CC BY 4.0; giấy phép của từng nguồn đi kèm số liệu của nguồn đó.",
    "Every chiso figure, at stable paths under /data/. Each row carries its source, the source's series code, the retrieval time and the sha256 of the raw response it came from. chiso's own work is CC BY 4.0; each source's own licence travels with its figures.",
  )}</p>
<h2 id="bulk">${t("Toàn bộ", "Bulk")}</h2>
<p>${t(`Bản phát hành ${opts.release}`, `Release ${opts.release}`)} · <a href="/data/README.md">README.md</a> · <a href="/data/datapackage.json">datapackage.json</a> (Frictionless) · <a href="/data/catalog.json">catalog.json</a> (DCAT) · <a href="/data/SHA256SUMS">SHA256SUMS</a> · <a href="/data/CHANGELOG.md">CHANGELOG.md</a></p>
<table class="stack"><thead><tr>${heads.map((x) => h`<th scope="col">${x}</th>`)}</tr></thead><tbody>${opts.files.map(
    (
      f,
    ) => h`<tr><td data-label="${heads[0]}"><a href="/${f.path}" download>${f.path.replace(/^data\//, "")}</a></td><td data-label="${heads[1]}">${WHAT[f.kind]?.[lang] ?? f.title} (${f.format.toUpperCase()})</td>
<td data-label="${heads[2]}" class="num">${size(f.bytes, lang)}</td><td data-label="${heads[3]}"><code title="${f.sha256}">${f.sha256.slice(0, 12)}…</code></td></tr>`,
  )}</tbody></table>
<p>${t(
    "Tệp CSV theo RFC 4180, UTF-8 có BOM (Excel đọc đúng tiếng Việt); ô văn bản bắt đầu bằng = + - @ được thêm dấu ' để bảng tính không chạy công thức. Parquet nén zstd. Tệp observations giữ giá trị mới nhất; observations_history giữ mọi phiên bản (vintage).",
    "CSV files are RFC 4180, UTF-8 with a byte-order mark (so Excel reads Vietnamese); a text cell starting with = + - @ is prefixed with ' so no spreadsheet runs it. Parquet is zstd-compressed. The observations files hold the latest values; observations_history holds every vintage.",
  )}</p>
<h2 id="per-indicator">${t("Theo chỉ số", "Per indicator")}</h2>
<table class="stack"><thead><tr><th scope="col">${t("Chỉ số", "Indicator")}</th><th scope="col">${t("Tệp", "Files")}</th></tr></thead><tbody>${opts.pages.map(
    (p) => {
      const d = `/data/indicators/${p.indicator.id}`;
      const has = p.series.some((s) => s.observations.length);
      return h`<tr><td data-label="${t("Chỉ số", "Indicator")}"><a href="${pagePath(lang, `indicators/${p.indicator.id}.html`)}">${p.indicator.name[lang]}</a>${has ? "" : h` <span class="muted">(${t("chưa có số liệu", "no data yet")})</span>`}</td>
<td data-label="${t("Tệp", "Files")}"><a href="${d}.json">JSON</a> · <a href="${d}/observations.parquet" download>Parquet</a> · <a href="${d}/observations.csv" download>CSV</a> · <a href="${d}/observations_history.csv" download>${t("lịch sử", "history")}</a> · <a href="${d}/targets.csv" download>${t("chỉ tiêu", "targets")}</a></td></tr>`;
    },
  )}</tbody></table>
<h2 id="api">${t("API JSON tĩnh", "Static JSON API")}</h2>
<ul><li><a href="/data/indicators.json"><code>/data/indicators.json</code></a>: ${t("danh mục chỉ số, mỗi chỉ số kèm giá trị mới nhất, chỉ tiêu và tiến độ, trích dẫn, giấy phép, lịch cập nhật", "the catalog: every indicator with its latest value, targets and status, citation, licence and update calendar")}</li>
<li><code>/data/indicators/&lt;id&gt;.json</code>: ${t("một chỉ số, kèm mọi giá trị mới nhất", "one indicator, with all its latest values")}</li>
<li><code>/data/schema/*.schema.json</code>: ${t("JSON Schema của lược đồ chung", "JSON Schema of the shared schema")} (<a href="/data/schema/observation-row.schema.json">observation-row</a>, <a href="/data/schema/target-row.schema.json">target-row</a>, <a href="/data/schema/indicator.schema.json">indicator</a>)</li>
<li><a href="/data/status.json"><code>/data/status.json</code></a>: ${t("lần gần nhất mỗi nguồn trả lời và lần kế tiếp dự kiến", "when each source last answered and is next expected")}</li></ul>
<h2 id="code">${t("Đọc bằng mã", "Read it from code")}</h2>
${root ? "" : h`<p class="muted">${t("Đường dẫn dưới đây tính từ địa chỉ của trang này.", "The paths below are relative to this site's address.")}</p>`}
<h3>DuckDB SQL</h3><pre><code>${sql}</code></pre>
<h3>Python (pandas)</h3><pre><code>${py}</code></pre>
<h3>R</h3><pre><code>${r}</code></pre>
<p>${t("Kiểm tra tệp tải về:", "Check what you downloaded:")} <code>cd data &amp;&amp; sha256sum -c SHA256SUMS</code></p>
<h2 id="releases">${t("Các bản phát hành", "Releases")}</h2>
<p>${t(
    "Mỗi lần số liệu thay đổi, bộ dữ liệu được giữ nguyên dưới /data/releases/NGÀY/, để trích dẫn theo ngày luôn còn hiệu lực. Những gì thay đổi ở mỗi bản: ",
    "Each time the figures change, the bulk bundle is kept as it was under /data/releases/DATE/, so a citation to a date stays valid. What changed in each: ",
  )}<a href="${pagePath(lang, "changes.html")}">${t("trang thay đổi", "the changes page")}</a>.</p>
<ul>${[...opts.releases].reverse().map((d) => h`<li><a href="/data/releases/${d}/README.md">${d}</a> · <a href="/data/releases/${d}/CHANGES.md">${t("thay đổi", "changes")}</a> · <a href="/data/releases/${d}/observations.parquet" download>Parquet</a> · <a href="/data/releases/${d}/observations.csv" download>CSV</a></li>`)}</ul>
<h2 id="cite">${t("Trích dẫn", "How to cite")}</h2>
<p>${t("Mỗi trang chỉ số có một trích dẫn gợi ý, nêu nhà xuất bản gốc và chiso. Cho toàn bộ dữ liệu:", "Each indicator page gives a suggested citation naming the original publishers and chiso. For the whole bundle:")}</p>
<blockquote class="citation">chiso (${opts.release.slice(0, 4)}). ${t("chiso: Chỉ số kinh tế số và xã hội số TP. Hồ Chí Minh [Bộ dữ liệu], bản phát hành", "chiso: Ho Chi Minh City digital economy and digital society indicators [Data set], release")} ${opts.release}. ${root}data/releases/${opts.release}/</blockquote>`;
  return {
    title: t("Tải dữ liệu", "Downloads"),
    description: t(
      "Tải số liệu chiso dạng Parquet, CSV, JSON, kèm nguồn, trích dẫn và mã kiểm tra.",
      "Download chiso's figures as Parquet, CSV and JSON, with sources, citations and checksums.",
    ),
    body,
  };
}
