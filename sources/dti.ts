import { z } from "zod";
import { defineSource, type Fetched, type SeriesSpec, type SourceRow } from "./define.ts";
import { SourceShapeError, checkShape, readJson } from "./errors.ts";
import type { RawResponse } from "./http.ts";

/**
 * The provincial Digital Transformation Index (DTI, chỉ số chuyển đổi số cấp tỉnh), as the ranking
 * tables at dti.gov.vn publish it. chiso reads a third party's extraction of those tables
 * (Tuan04-D/opendx, commit 97f3d092, `frontend/public/`): one JSON list per ranking, each
 * `{ province, pdti }`, best first. Every figure cites both the ranking page and the extraction.
 */
export interface DtiSeries extends SeriesSpec {
  measure: "score" | "rank";
  /**
   * The rankings of the 63 provinces (to 2024) and of the 34 merged provinces (from July 2025)
   * rank different territories: HCMC's 2024 rank is 1st of 63 and 4th of 34. Two series, never one.
   */
  provinces: 63 | 34;
  /** The province as the ranking names it. */
  province: string;
  unit: SourceRow["unit"];
}

/** One published ranking, as data: adding a year is adding a line. */
export interface DtiRanking {
  year: string;
  provinces: 63 | 34;
  /** The file of the extraction. */
  file: string;
  /** The ranking's page on dti.gov.vn. */
  page: string;
}

export const RANKINGS: DtiRanking[] = [
  { year: "2022", provinces: 63, file: "dti_2022_map.json", page: "https://dti.gov.vn/xep-hang-2022" },
  { year: "2023", provinces: 63, file: "dti_2023_map.json", page: "https://dti.gov.vn/xep-hang-2023-all" },
  { year: "2024", provinces: 63, file: "dti_2024_63_tinh_map.json", page: "https://dti.gov.vn/xep-hang-2024-63-tinh" },
  { year: "2024", provinces: 34, file: "dti_2024_34_tinh_map.json", page: "https://dti.gov.vn/xep-hang-2024" },
];

/** The extraction's file, as a reader finds it: repository, commit, path. */
const extraction = (file: string) => `github.com/Tuan04-D/opendx (commit 97f3d092), frontend/public/${file}`;
const Ranking = z.array(z.object({ province: z.string().min(1), pdti: z.number().min(0).max(1) })).min(1);

const sameName = (a: string, b: string) =>
  a.normalize("NFC").replace(/\s+/g, " ").trim().toLowerCase() === b.normalize("NFC").replace(/\s+/g, " ").trim().toLowerCase();
const rankingOf = (response: Pick<RawResponse, "url">) => RANKINGS.find((r) => response.url.endsWith(`/${r.file}`));

/** The series' figure out of one ranking: the score, or the rank (1 + the provinces scoring higher; ties share a rank). */
export function rowsFromRanking(body: Uint8Array | string, series: DtiSeries, ranking: DtiRanking): SourceRow[] {
  if (ranking.provinces !== series.provinces) return [];
  const list = checkShape("dti", Ranking, readJson("dti", body), `${ranking.file}: `);
  if (list.length !== ranking.provinces)
    throw new SourceShapeError("dti", `${ranking.file}: ${list.length} provinces ranked, the ranking of ${ranking.provinces} expected`);
  const own = list.find((p) => sameName(p.province, series.province));
  if (!own) throw new SourceShapeError("dti", `${ranking.file}: no province named "${series.province}"`);
  const rank = 1 + list.filter((p) => p.pdti > own.pdti).length;
  const statement = `${own.province}: DTI ${own.pdti}, ranked ${rank} of ${ranking.provinces} provinces (${ranking.year})`;
  return [
    {
      indicatorId: series.indicator,
      geo: series.geo,
      period: ranking.year,
      value: series.measure === "score" ? own.pdti : rank,
      unit: series.unit,
      seriesCode: series.code,
      flags: [],
      note: `${statement}; ranking of ${ranking.provinces} provinces, read from ${extraction(ranking.file)}`,
      citation: {
        title: `Xếp hạng chỉ số chuyển đổi số cấp tỉnh (DTI) ${ranking.year}, ${ranking.provinces} tỉnh, thành phố`,
        publisher: "Bộ Thông tin và Truyền thông / Bộ Khoa học và Công nghệ (dti.gov.vn)",
        url: ranking.page,
        statement: `${statement}; as extracted from the ranking page by ${extraction(ranking.file)}`,
      },
    },
  ];
}

const hcmc = (code: string, indicator: string, measure: DtiSeries["measure"], provinces: DtiSeries["provinces"]): DtiSeries => ({
  code,
  indicator,
  geo: "VN-SG",
  measure,
  provinces,
  province: "TP. Hồ Chí Minh",
  unit: measure === "score" ? "index" : "rank",
});

/**
 * HCMC's series, each linked in the catalog (schemas/catalog/digital-government.yaml). The ranks
 * measure `ict-index-ranking`: Decision 2393 ranks on the ICT Index (DI), which the DTI replaced
 * from 2022. The ranking of 63 and the ranking of 34 are separate series, with their own territory.
 */
export const DTI_SERIES: DtiSeries[] = [
  hcmc("pdti-63", "digital-transformation-index", "score", 63),
  hcmc("pdti-rank-63", "ict-index-ranking", "rank", 63),
  hcmc("pdti-34", "digital-transformation-index", "score", 34),
  hcmc("pdti-rank-34", "ict-index-ranking", "rank", 34),
];

export const dti = defineSource<DtiSeries>({
  id: "dti",
  publisher: "Ministry of Information and Communications, since 2025 Ministry of Science and Technology (dti.gov.vn)",
  kind: "report",
  baseUrl: "https://raw.githubusercontent.com/Tuan04-D/opendx/97f3d092/frontend/public",
  licence: "not stated: cite the ranking page on dti.gov.vn and the extraction (Tuan04-D/opendx)",
  schedule: "0 7 1 7 *",
  homepage: "https://dti.gov.vn",
  series: DTI_SERIES,
  seriesLink: (s) => RANKINGS.filter((r) => r.provinces === s.provinces).at(-1)!.page,
  async fetch({ http, baseUrl, series: configured }) {
    const out: Fetched<DtiSeries>[] = [];
    for (const ranking of RANKINGS) {
      const series = configured.filter((s) => s.provinces === ranking.provinces);
      if (!series.length) continue;
      const response = await http.get(`${baseUrl}/${ranking.file}`);
      for (const s of series) out.push({ response, series: s });
    }
    return out;
  },
  parse: (body, series, response) => {
    const ranking = rankingOf(response);
    if (!ranking) throw new SourceShapeError("dti", `${response.url}: not one of the rankings read (${RANKINGS.map((r) => r.file).join(", ")})`);
    return rowsFromRanking(body, series, ranking);
  },
});
