import type { SourceCalendar } from "../judge/calendar.ts";

/** chiso's own work (the compilation, the transcriptions, the derived figures) is CC BY 4.0. */
export const CHISO_LICENCE = {
  name: "CC-BY-4.0",
  title: "Creative Commons Attribution 4.0 International",
  path: "https://creativecommons.org/licenses/by/4.0/",
};

export const TITLE = {
  en: "chiso: Ho Chi Minh City digital economy and digital society indicators",
  vi: "chiso: Chỉ số kinh tế số và xã hội số Thành phố Hồ Chí Minh",
};
export const DESCRIPTION =
  "Indicators of Ho Chi Minh City's digital economy and digital society, measured against the targets the city set itself (Plan 2649/KH-UBND, Decision 2393/QĐ-UBND, Plan 175/KH-UBND), with every figure's source, retrieval time, citation and the sha256 of the bytes it came from.";

export interface PublishContext {
  /** Absolute root of the published site, e.g. https://chiso.example.org; "" gives site-relative links. */
  siteUrl: string;
  release: string;
  now: Date;
  calendars: Map<string, SourceCalendar>;
}

export const url = (ctx: Pick<PublishContext, "siteUrl">, path: string) => `${ctx.siteUrl.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;

/** Where each indicator's files are, below the site root. */
export const indicatorFiles = (id: string) => ({
  page: `indicators/${id}.html`,
  json: `data/indicators/${id}.json`,
  parquet: `data/indicators/${id}/observations.parquet`,
  csv: `data/indicators/${id}/observations.csv`,
  observationsJson: `data/indicators/${id}/observations.json`,
  historyParquet: `data/indicators/${id}/observations_history.parquet`,
  historyCsv: `data/indicators/${id}/observations_history.csv`,
  targetsCsv: `data/indicators/${id}/targets.csv`,
  readme: `data/indicators/${id}/README.md`,
  datapackage: `data/indicators/${id}/datapackage.json`,
});
