import { z } from "zod";
import { defineSource, type Fetched, type SeriesSpec, type SourceRow } from "./define.ts";
import { SourceShapeError, UpstreamError, checkShape, readJson } from "./errors.ts";
import type { HostLimits, HttpClient, RawResponse } from "./http.ts";
import { parseDecimal } from "./numbers.ts";

/** One ITU DataHub indicator for one economy. */
export interface ItuSeries extends SeriesSpec {
  /**
   * DataHub's numeric id for the indicator, resolved once through its dictionaries
   * (getIndicatorById) and pinned here: the data endpoints take the id, not the code.
   */
  codeId: number;
  /** ISO3 economy code. */
  iso3: string;
  unit: SourceRow["unit"];
}

const Record_ = z.object({
  codeID: z.number().int(),
  code: z.string(),
  isoCode: z.string(),
  dataYear: z.number().int(),
  // Values come as text: "43.0791626375201".
  answer: z.array(z.object({ value: z.string() })).min(1),
  dataNote: z.string().nullable().optional(),
  dataSource: z.string().nullable().optional(),
});
const Records = z.array(Record_);

export function parseItuRecords(body: Uint8Array | string): z.infer<typeof Records> {
  return checkShape("itu", Records, readJson("itu", body));
}

/** One row per year; the records must be the pinned indicator for the asked economy. */
export function rowsFromItu(body: Uint8Array | string, series: ItuSeries): SourceRow[] {
  const records = parseItuRecords(body);
  // DataHub answers an unknown codeID with 200 and []: for a configured series that means the pin is stale.
  if (records.length === 0)
    throw new SourceShapeError(
      "itu",
      `no data for codeID ${series.codeId} (${series.code}) in ${series.iso3}: resolve the codeID again through DataHub's dictionaries`,
    );
  return records.map((r, i) => {
    if (r.codeID !== series.codeId || r.code !== series.code)
      throw new SourceShapeError("itu", `field [${i}].code: codeID ${r.codeID} is now "${r.code}", pinned as ${series.codeId} = ${series.code}`);
    if (r.isoCode.toUpperCase() !== series.iso3.toUpperCase())
      throw new SourceShapeError("itu", `field [${i}].isoCode: "${r.isoCode}", asked for ${series.iso3}`);
    const values = new Set(r.answer.map((a) => a.value));
    if (values.size > 1) throw new SourceShapeError("itu", `field [${i}].answer: ${values.size} different values for ${r.dataYear}`);
    const value = parseDecimal(r.answer[0]!.value.trim());
    if (value === undefined) throw new SourceShapeError("itu", `field [${i}].answer[0].value: "${r.answer[0]!.value}" is not a number`);
    return {
      indicatorId: series.indicator,
      geo: series.geo,
      period: String(r.dataYear),
      value,
      unit: series.unit,
      seriesCode: series.code,
      flags: series.proxy ? ["proxy"] : [],
      note: [r.dataSource, r.dataNote].filter(Boolean).join(" | "),
    };
  });
}

export const ituDataUrl = (base: string, s: ItuSeries) => `${base}/data/bycode/${s.codeId}/byiso/${s.iso3}`;

const LIMITS: Partial<HostLimits> = { concurrency: 1, intervalCap: 2, intervalMs: 1_000 };

/**
 * DataHub has answered anonymous clients with 403 (a CloudFront challenge page) since August 2026.
 * A refusal is not a fault that another try mends: it is said as what it is, once.
 */
async function getData(http: HttpClient, url: string, series: ItuSeries): Promise<RawResponse> {
  try {
    return await http.get(url);
  } catch (error) {
    if (!(error instanceof UpstreamError) || error.status !== 403) throw error;
    throw new UpstreamError(
      "itu",
      `series ${series.code}: GET ${url}: HTTP 403: the service refused an anonymous client (DataHub has put a browser challenge in front of its API); the World Bank's IT.NET.USER.ZS and IT.NET.BBND.P2 carry the same ITU figures`,
      403,
      { cause: error },
    );
  }
}

export const itu = defineSource<ItuSeries>({
  id: "itu",
  publisher: "International Telecommunication Union (ITU DataHub)",
  kind: "api",
  baseUrl: "https://api.datahub.itu.int/v2",
  // DataHub's data licence, CC BY-NC-SA 3.0 IGO: non-commercial use, share-alike, attribution.
  licence: "CC-BY-NC-SA-3.0-IGO",
  schedule: "0 5 3 * *",
  homepage: "https://datahub.itu.int",
  series: [
    // 11624 = i99H "Individuals using the Internet" (%), per DataHub's getIndicatorById.
    { code: "i99H", codeId: 11624, indicator: "internet-users", geo: "VN", iso3: "VNM", proxy: true, unit: "percent" },
  ],
  seriesLink: (s, base) => ituDataUrl(base, s),
  async fetch({ http, baseUrl, series: configured }) {
    http.limitHost(baseUrl, LIMITS);
    const out: Fetched<ItuSeries>[] = [];
    for (const series of configured) out.push({ response: await getData(http, ituDataUrl(baseUrl, series), series), series });
    return out;
  },
  parse: (body, series) => rowsFromItu(body, series),
});
