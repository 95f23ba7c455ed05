// The recorded bodies the malformed corpus mutates, each with the parser and the checks it meets
// in a refresh: the source's own parse, then normalise against the catalog.
import { readFileSync } from "node:fs";
import { normalise } from "../../pipelines/ingest/normalise.ts";
import { type Catalog, loadCatalog } from "../../schemas/catalog.ts";
import type { Observation } from "../../schemas/observation.ts";
import { ckan, type CkanSeries } from "../../sources/ckan.ts";
import type { Fetched, SeriesSpec, SourceAdapter } from "../../sources/define.ts";
import { dti, DTI_SERIES } from "../../sources/dti.ts";
import { gsoPxweb } from "../../sources/gso-pxweb.ts";
import { HttpClient, type RawResponse } from "../../sources/http.ts";
import { itu } from "../../sources/itu.ts";
import { checkSubmission } from "../../sources/submission/index.ts";
import { submittedRow } from "../../sources/submission/source.ts";
import { unSdg } from "../../sources/un-sdg.ts";
import { worldbank } from "../../sources/worldbank.ts";
import { context, csv, HEADER_VI, INDICATORS, TARGETS } from "../sources/submission/helpers.ts";

export interface Base {
  name: string;
  format: "json" | "csv";
  body: Uint8Array;
  /** Fields holding figures in a JSON body. */
  valueKeys?: ReadonlySet<string>;
  /** The parser and the checks: observations, or the error a refresh would record. */
  feed(body: Uint8Array): Promise<Observation[]>;
}

/** A department's file refused: its first problem, in both languages, as `chiso ingest` reports it. */
export class SubmissionRejected extends Error {
  override name = "SubmissionRejected";
}

const enc = (s: string) => new TextEncoder().encode(s);
const file = (path: string) => new Uint8Array(readFileSync(new URL(`../${path}`, import.meta.url)));
const text = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), "utf8");
const response = (url: string, body: Uint8Array, more: Partial<RawResponse> = {}): RawResponse => ({
  url,
  method: "GET",
  status: 200,
  headers: {},
  body,
  sha256: "0".repeat(64),
  retrievedAt: "2026-01-01T00:00:00.000Z",
  ...more,
});

/** A body read for some series of a source, as refresh reads it: parse each, then normalise. */
function through<S extends SeriesSpec>(
  adapter: SourceAdapter<S>,
  name: string,
  format: Base["format"],
  body: Uint8Array,
  series: S[],
  res: RawResponse,
  catalog: Catalog,
): Base {
  return {
    name,
    format,
    body,
    valueKeys: VALUE_KEYS,
    feed: async (b) =>
      series.flatMap((s) =>
        normalise(
          adapter.parse(b, s, { ...res, body: b }),
          { sourceId: adapter.id, runId: "corpus", retrievedAt: res.retrievedAt, rawSha256: "0".repeat(64), origin: name },
          catalog,
        ),
      ),
  };
}

const VALUE_KEYS = new Set(["value", "Giá trị", "pdti"]);

/** Every recorded body the sources read, from tests/fixtures and sources/snapshots. */
export async function loadBases(): Promise<Base[]> {
  const catalog = loadCatalog();
  const bases: Base[] = [];

  // Bundled recordings, as an offline refresh reads them: the GSO JSON-stat table, the WDI bulk CSVs, the DTI rankings.
  for (const adapter of [gsoPxweb, worldbank, dti] as SourceAdapter<SeriesSpec>[]) {
    const http = new HttpClient(adapter.id, { offline: true });
    try {
      const fetched: Fetched<SeriesSpec>[] = await adapter.fetch({
        http,
        log: () => {},
        baseUrl: adapter.baseUrl,
        series: adapter === dti ? DTI_SERIES : adapter.series,
      });
      const byResponse = new Map<RawResponse, SeriesSpec[]>();
      for (const f of fetched) if (f.response.status === 200) byResponse.set(f.response, [...(byResponse.get(f.response) ?? []), f.series]);
      for (const [res, series] of byResponse) {
        if (adapter === gsoPxweb && res.method === "GET") continue; // the table's form page holds no figure
        const format = /\.csv|downloadformat=csv/.test(res.url) ? "csv" : "json";
        bases.push(through(adapter, `${adapter.id} ${res.snapshot ?? res.url}`, format, res.body, series, res, catalog));
      }
    } finally {
      await http.close();
    }
  }

  // The UN SDG pages (shaped after the API, invented values), each read for its series.
  for (const [fixture, code] of [
    ["un-sdg/FB_BNK_ACCSS-704.json", "FB_BNK_ACCSS"],
    ["un-sdg/IT_NET_BBND-704-page1.json", "IT_NET_BBND"],
    ["un-sdg/IT_NET_BBND-704-page2.json", "IT_NET_BBND"],
    ["un-sdg/IT_USE_ii99-704.json", "IT_USE_ii99"],
  ] as const) {
    const series = unSdg.series.find((s) => s.code === code)!;
    const body = file(`fixtures/${fixture}`);
    bases.push(through(unSdg, `un-sdg ${fixture}`, "json", body, [series], response(`http://127.0.0.1/${fixture}`, body), catalog));
  }

  // ITU DataHub's real recording (USA), re-keyed to Viet Nam as the ITU tests do.
  const ituBody = enc(text("fixtures/itu/itu-get-country-series.json").replace(/"USA"/g, '"VNM"'));
  bases.push(through(itu, "itu itu-get-country-series.json", "json", ituBody, itu.series, response("http://127.0.0.1/itu", ituBody), catalog));

  // The World Bank API's real envelope (GNI of the USA), re-keyed to Viet Nam's internet users, values scaled into a percentage.
  const recorded = JSON.parse(text("fixtures/worldbank-us-gni.json")) as [unknown, { value: number | null }[]];
  for (const p of recorded[1]) {
    Object.assign(p, {
      indicator: { id: "IT.NET.USER.ZS", value: "Individuals using the Internet (% of population)" },
      country: { id: "VN", value: "Viet Nam" },
      countryiso3code: "VNM",
      value: p.value === null ? null : Math.round(p.value / 100) / 10,
    });
  }
  const wbBody = enc(JSON.stringify(recorded));
  const internet = worldbank.series.find((s) => s.code === "IT.NET.USER.ZS")!;
  bases.push(through(worldbank, "worldbank worldbank-us-gni.json (re-keyed)", "json", wbBody, [internet], response("http://127.0.0.1/wb", wbBody), catalog));

  // CKAN: a datastore page and a CSV resource (shaped after the API, invented), linked to internet users for the test.
  const ckanSeries: CkanSeries = {
    code: "11111111-2222-3333-4444-555555555555",
    indicator: "internet-users",
    geo: "VN-SG",
    unit: "percent",
    dataset: "example-ict-indicators",
    resource: "indicators-by-year",
    period: "Năm",
    value: "Giá trị",
    where: { "Chỉ tiêu": "Tỷ lệ người dùng Internet" },
  };
  const withCkan: Catalog = {
    ...catalog,
    indicators: catalog.indicators.map((i) =>
      i.id === "internet-users"
        ? { ...i, series: [...i.series, { source: "ckan", seriesCode: ckanSeries.code, geo: "VN-SG", proxy: false, headline: false }] }
        : i,
    ),
  };
  for (const page of ["datastore_search-offset0.json", "datastore_search-offset1000.json"]) {
    const body = file(`fixtures/ckan/${page}`);
    bases.push(through(ckan, `ckan ${page}`, "json", body, [ckanSeries], response("http://127.0.0.1/api/3/action/datastore_search?offset=0", body), withCkan));
  }
  const ckanCsv = file("fixtures/ckan/indicators.csv");
  bases.push(through(ckan, "ckan indicators.csv", "csv", ckanCsv, [ckanSeries], response("http://127.0.0.1/files/indicators.csv", ckanCsv), withCkan));

  // The transcribed figures, the report source's whole input.
  const { report } = await import("../../sources/report.ts");
  const figures = file("../sources/report-figures.csv");
  bases.push(
    through(report, "report sources/report-figures.csv", "csv", figures, report.series, response("file:sources/report-figures.csv", figures), catalog),
  );

  // A department's submission, as the template's CSV with the decimal commas and periods clerks write.
  const submissionCatalog: Catalog = { indicators: INDICATORS, targets: TARGETS, documents: [] };
  const submission = enc(
    csv([
      HEADER_VI,
      ["fully-online-procedures", "TP.HCM", "2024", "85,5", "", "", "", "Báo cáo 12/BC-UBND", ""],
      ["fully-online-procedures", "TP.HCM", "2023", "80", "", "", "Sơ bộ", "", ""],
      ["chip-id-applications", "TP.HCM", "Quý 3/2025", "8.500.000", "", "", "", "", ""],
      ["fixed-broadband-subscriptions", "TP.HCM", "2024", "45,3", "4530", "10000", "", "", "ghi chú"],
      ["e-government-ranking", "TP.HCM", "2024", "3", "", "", "", "", ""],
      ["ecommerce-revenue", "Cả nước", "2025-Q2", "12.500,75", "", "", "Ước tính", "", ""],
    ]),
  );
  bases.push({
    name: "submission department CSV",
    format: "csv",
    body: submission,
    feed: async (b) => {
      const checked = await checkSubmission(b, "submission.csv", context());
      const first = checked.problems[0];
      if (first)
        throw new SubmissionRejected(`submission.csv, row ${first.row ?? "-"}, column ${first.column ?? "-"}: ${first.vi} | ${first.en} [${first.rule}]`);
      const rows = checked.figures.map((f) => submittedRow(f, { unit: "so-tttt", fileName: "submission.csv", receivedAt: "2026-06-15T00:00:00.000Z" }));
      return normalise(
        rows,
        { sourceId: "submission", runId: "corpus", retrievedAt: "2026-06-15T00:00:00.000Z", rawSha256: "0".repeat(64), origin: "submission.csv" },
        submissionCatalog,
      );
    },
  });
  return bases;
}
