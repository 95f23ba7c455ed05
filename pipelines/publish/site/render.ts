import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import type { IndicatorPage, planProgress } from "../../judge/views.ts";
import { writeAtomic } from "../../files.ts";
import type { BulkFile } from "../formats/datapackage.ts";
import type { IndicatorRecord } from "../formats/json-api.ts";
import { type ReleaseView, changesPage, revisionsOf } from "./changes-page.ts";
import { downloadsPage } from "./downloads-page.ts";
import { type SiteMeta, homePage } from "./home-page.ts";
import { LANGS, type Lang, type Raw, markdownPage, raw } from "./html.ts";
import { rootFrom } from "./parts.ts";
import { indicatorPage } from "./indicator-page.ts";
import { plansPage } from "./plans-page.ts";
import { searchPage } from "./search-page.ts";

/**
 * Links to the downloads: the data folder joins the site after Framework's build, so these are
 * written relative to the page and marked external, or Framework would look for the files to copy.
 */
export const dataLinks = (body: Raw, root: string): Raw =>
  raw(
    body.html.replace(
      /<a href="\/data\/([^"]*)"( download)?/g,
      (_m, rest: string, download?: string) => `<a href="${root}data/${rest}" rel="external"${download ?? ""}`,
    ),
  );

export interface SitePages {
  pages: IndicatorPage[];
  records: IndicatorRecord[];
  plans: ReturnType<typeof planProgress>;
  meta: SiteMeta;
  files: BulkFile[];
  release: string;
  releaseDates: string[];
  /** Every kept release, then the one this publish makes (if it makes one). */
  releases: ReleaseView[];
  siteUrl: string;
}

/**
 * Writes every data-driven page, in Vietnamese at the root and in English under en/, as Framework
 * Markdown holding static HTML: pages read with script off, and carry no charting library.
 * Returns the pages' paths (without .md), e.g. "en/indicators/internet-users".
 */
export function writeSitePages(src: string, site: SitePages): string[] {
  const written: string[] = [];
  const put = (lang: Lang, path: string, page: { title: string; description: string; body: Raw }) => {
    const full = lang === "vi" ? path : `en/${path}`;
    const file = join(src, `${full}.md`);
    mkdirSync(dirname(file), { recursive: true });
    writeAtomic(file, markdownPage({ title: page.title, description: page.description }, dataLinks(page.body, rootFrom(full))));
    written.push(full);
  };
  for (const lang of LANGS) {
    put(lang, "index", homePage(site.pages, site.meta, lang));
    put(lang, "plans", plansPage(site.plans, lang));
    put(
      lang,
      "downloads",
      downloadsPage({ files: site.files, release: site.release, releases: site.releaseDates, pages: site.pages, siteUrl: site.siteUrl }, lang),
    );
    put(lang, "search", searchPage(site.pages, lang));
    put(lang, "changes", changesPage(site.releases, site.pages, lang));
    for (const [i, page] of site.pages.entries())
      put(lang, `indicators/${page.indicator.id}`, indicatorPage(page, site.records[i]!, lang, revisionsOf(page.indicator.id, site.releases)));
  }
  return written;
}
