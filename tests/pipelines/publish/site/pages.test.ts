import { describe, expect, it } from "vitest";
import { indicatorPages } from "../../../../pipelines/judge/views.ts";
import { chartBlock } from "../../../../pipelines/publish/site/chart.ts";
import { finishPage } from "../../../../pipelines/publish/site/finish.ts";
import { counted, formatDate, formatPeriod, formatValue, periodEnd } from "../../../../pipelines/publish/site/format.ts";
import { escapeText, foreign, h, markdownPage, markdownSafe } from "../../../../pipelines/publish/site/html.ts";
import { otherLanguagePath } from "../../../../pipelines/publish/site/parts.ts";
import { rhythm } from "../../../../pipelines/publish/site/schedule-words.ts";
import { searchKeys } from "../../../../pipelines/publish/site/search-page.ts";
import { fold } from "../../../../site/components/fold.js";
import type { Catalog } from "../../../../schemas/catalog.ts";
import { Indicator } from "../../../../schemas/indicator.ts";
import type { ObservationRow } from "../../../../schemas/published.ts";
import { Target } from "../../../../schemas/target.ts";

// Test figures, made up for these tests and never published: they exercise the drawing, not the city.
function row(over: Partial<ObservationRow>): ObservationRow {
  return {
    indicator_id: "test-share",
    geo: "VN-SG",
    period: "2022",
    value: 10,
    unit: "percent",
    status: "final",
    flags: [],
    source_id: "report",
    series_code: "city",
    note: "",
    citation_title: null,
    citation_publisher: null,
    citation_date: null,
    citation_url: null,
    citation_statement: null,
    retrieved_at: "2026-01-01T00:00:00.000Z",
    run_id: "test",
    raw_sha256: "0".repeat(64),
    vintage: 1,
    territory: "vn-sg-to-2025-06",
    ...over,
  };
}

function catalog(): Catalog {
  const indicator = Indicator.parse({
    id: "test-share",
    name: { vi: "Tỷ lệ thử", en: "Test share" },
    definition: { vi: "Chỉ số dùng cho kiểm thử", en: "An indicator for tests" },
    unit: "percent",
    domain: "digital-economy",
    direction: "higher-is-better",
    geographies: ["VN-SG"],
    periodicity: "annual",
    series: [
      { source: "report", seriesCode: "city", geo: "VN-SG", headline: true, label: { vi: "Thành phố", en: "City" } },
      { source: "report", seriesCode: "nation", geo: "VN", proxy: true, label: { vi: "Cả nước", en: "Viet Nam" } },
    ],
  });
  const target = Target.parse({
    id: "test-share-2025",
    indicatorId: "test-share",
    geo: "VN-SG",
    comparator: ">=",
    value: 25,
    deadline: 2025,
    wording: { vi: "đạt 25%", en: "reach 25%" },
    document: { id: "doc", number: "1/KH-UBND", date: "2024-01-01", clause: "1", seed: "001_0123456789abcdef.txt" },
  });
  return { indicators: [indicator], targets: [target], documents: [] };
}

const NOW = new Date("2024-06-01T00:00:00Z");

describe("the site's numbers, periods and words, per language", () => {
  it("writes Vietnamese numbers with a decimal comma and thousands dots, English the other way", () => {
    expect(formatValue(14.65, "percent", "vi")).toBe("14,65%");
    expect(formatValue(14.65, "percent", "en")).toBe("14.65%");
    expect(formatValue(257000, "count", "vi")).toBe("257.000");
    expect(formatValue(257000, "count", "en")).toBe("257,000");
    expect(formatValue(null, "count", "vi")).toBe("—");
  });

  it("writes periods and dates as each language does", () => {
    expect(formatPeriod("2017-07", "vi")).toBe("tháng 7/2017");
    expect(formatPeriod("2017-07", "en")).toBe("Jul 2017");
    expect(formatPeriod("2024-Q3", "vi")).toBe("quý 3/2024");
    expect(formatPeriod("2024-Q3", "en")).toBe("Q3 2024");
    expect(formatPeriod("2024", "vi")).toBe("2024");
    expect(formatDate("2026-12-02T10:00:00Z", "vi")).toBe("2/12/2026");
    expect(formatDate("2026-12-02", "en")).toBe("2 Dec 2026");
  });

  it("counts with the right plural in English and the same noun in Vietnamese", () => {
    expect(counted(1, { vi: "chỉ tiêu", en: ["target", "targets"] }, "en")).toBe("1 target");
    expect(counted(3, { vi: "chỉ tiêu", en: ["target", "targets"] }, "en")).toBe("3 targets");
    expect(counted(1200, { vi: "số liệu", en: ["figure", "figures"] }, "vi")).toBe("1.200 số liệu");
  });

  it("places a period at its end, as the methodology does: a year on its tick, a quarter within its year", () => {
    expect(periodEnd("2024")).toBe(2024);
    expect(periodEnd("2024-Q4")).toBe(2024);
    expect(periodEnd("2024-Q3")).toBe(2023.75);
    expect(periodEnd("2024-06")).toBe(2023.5);
  });

  it("states a schedule in words rather than cron", () => {
    expect(rhythm("0 6 * * 1", "vi")).toBe("hằng tuần, vào thứ Hai");
    expect(rhythm("0 3 1 * *", "en")).toBe("monthly, on day 1");
    expect(rhythm("0 0 20 3,6,9,12 *", "en")).toBe("quarterly, on day 20 of each quarter's last month");
    expect(rhythm("0 6 1-7 * 1", "en")).toBe("on the cron schedule 0 6 1-7 * 1 (UTC)");
  });
});

describe("markup from data is text", () => {
  it("escapes markup and the $ that Framework would evaluate", () => {
    expect(escapeText(`<script>alert("x")</script> $\{1+1}`)).toBe("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &#36;{1+1}");
    expect(h`<p>${"<b>"}</p>${["a", h`<i>b</i>`]}${null}${false}`.html).toBe("<p>&lt;b&gt;</p>a<i>b</i>");
  });

  it("marks a string that exists in the other language only, and leaves one in the page's language alone", () => {
    expect(foreign("Ministry of Information", "vi").html).toBe(
      '<span lang="en">Ministry of Information</span> <small class="untranslated">(tiếng Anh)</small>',
    );
    expect(foreign("Bộ Thông tin", "vi").html).toBe("Bộ Thông tin");
    expect(foreign("Bộ Thông tin", "en").html).toContain("(in Vietnamese)");
  });

  it("writes pages with no blank line, keeping line breaks inside <pre> as entities", () => {
    const md = markdownSafe("<div>\n\n   <p>a</p>\n<pre>x\n\ny</pre>\n</div>");
    expect(md).not.toMatch(/\n\s*\n/);
    expect(md).toContain("<pre>x&#10;&#10;y</pre>");
    expect(markdownPage({ title: 'A "title"', description: "d" }, h`<p>x</p>`)).toMatch(/^---\ntoc: false\ntitle: "A \\"title\\""\ndescription: "d"\n---\n/);
  });
});

describe("charts drawn at publish", () => {
  const rows = [
    row({ period: "2021", value: 10.5 }),
    row({ period: "2022", value: 14.65 }),
    row({ series_code: "nation", geo: "VN", period: "2022", value: 12, flags: ["proxy"], territory: "vn" }),
    row({ series_code: "nation", geo: "VN", period: "2023", value: 13, flags: ["proxy"], territory: "vn" }),
  ];

  it("is a static SVG with a text alternative stating the figures and the target, in the page's language", () => {
    const [page] = indicatorPages(catalog(), rows, NOW);
    const vi = chartBlock(page!, "vi")!.html;
    expect(vi).toMatch(/<svg role="img" aria-labelledby="chart-test-share-summary"/);
    expect(vi).not.toMatch(/<g aria-label=/);
    const summary = /<p id="chart-test-share-summary" class="chart-summary">([^<]*)<\/p>/.exec(vi)![1]!;
    expect(summary).toContain("Thành phố: 14,65% (2022), từ 10,5% (2021), 2 số liệu");
    expect(summary).toContain("chỉ tiêu tối thiểu 25% đến 2025");
    expect(chartBlock(page!, "en")!.html).toContain("City: 14.65% (2022), from 10.5% (2021), 2 figures");
    // The national proxy is dashed and hollow; the city's line is solid.
    expect(vi).toMatch(/stroke-dasharray="6,4"/);
    expect(vi).toContain("(số liệu cả nước)</em>");
    // And a table of the same figures, for anyone who cannot see the picture.
    expect(vi).toMatch(/<details class="chart-table">[\s\S]*<th scope="row">2021<\/th><td class="num">10,5%<\/td><td class="num">—<\/td>/);
  });

  it("draws no chart for a single figure", () => {
    const [page] = indicatorPages(catalog(), [row({ period: "2022", value: 14.65 })], NOW);
    expect(chartBlock(page!, "vi")).toBeNull();
  });
});

describe("pages in two languages", () => {
  it("links each page to the same page in the other language", () => {
    expect(otherLanguagePath("/indicators/x.html")).toEqual({ lang: "en", path: "/en/indicators/x.html" });
    expect(otherLanguagePath("/en/indicators/x.html")).toEqual({ lang: "vi", path: "/indicators/x.html" });
    expect(otherLanguagePath("/en/index.html")).toEqual({ lang: "vi", path: "/index.html" });
  });

  it("gives each built page its language, lets it zoom and names its other-language twin", () => {
    const shell =
      '<!DOCTYPE html>\n<html>\n<head>\n<meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1">\n</head>\n' +
      '<body>\n<div id="observablehq-center">\n<main id="observablehq-main"><div class="chiso-page">\n<!--chiso:description Một &quot;mô tả&quot;-->\n<h1>x</h1></div></main>\n</div>\n</body>';
    const en = finishPage(shell, "/en/indicators/x.html", "https://chiso.example.org/");
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('content="width=device-width, initial-scale=1"');
    expect(en).toContain('<link rel="alternate" hreflang="vi" href="../../indicators/x.html">');
    expect(en).toContain('<link rel="canonical" href="https://chiso.example.org/en/indicators/x.html">');
    expect(en).toContain('<meta name="description" content="Một &quot;mô tả&quot;">');
    expect(en).not.toContain("chiso:description");
    // The menu in the page's language, with links relative to it; the switch to its twin; the footer.
    expect(en).toMatch(/<header id="observablehq-header">[\s\S]*<a href="\.\.\/\.\.\/en\/plans\.html">Plans<\/a>/);
    expect(en).toContain('<a class="chiso-lang" href="../../indicators/x.html" hreflang="vi" lang="vi">Tiếng Việt</a>');
    expect(en).toMatch(/<\/main>\n<footer id="observablehq-footer">/);
    const vi = finishPage(shell, "/index.html");
    expect(vi).toContain('<html lang="vi">');
    expect(vi).toContain('<a href="./plans.html">Kế hoạch</a>');
  });

  it("finds Vietnamese typed without diacritics", () => {
    expect(fold("Tỷ lệ người dân có ĐIỆN THOẠI thông minh")).toBe("ty le nguoi dan co dien thoai thong minh");
    const [page] = indicatorPages(catalog(), [], NOW);
    expect(searchKeys(page!)).toContain("ty le thu");
    expect(searchKeys(page!)).toContain("test share");
    expect(searchKeys(page!)).toContain("1/kh-ubnd");
  });
});
