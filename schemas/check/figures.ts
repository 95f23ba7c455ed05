import { readFileSync } from "node:fs";
import { parse as parseCsv } from "csv-parse/sync";
import { parseReportFigures } from "../../sources/report.ts";
import { coveredBy, levelOf } from "../geography/wards.ts";
import type { Indicator } from "../indicator.ts";
import { implausibility } from "../plausible.ts";
import { TRANSCRIBED_COLUMNS } from "../published.ts";
import { beforeWardExisted } from "../territory.ts";
import { problem, type Problem } from "./problem.ts";

/** The file's columns, in the order reviewers and the downloads know them. */
const FIGURE_COLUMNS = TRANSCRIBED_COLUMNS;

/**
 * Checks the transcribed figures: each row through parseReportFigures (the parser the report
 * source loads them with, so the check and the load cannot disagree), then against the catalog:
 * the indicator, its report series link, the unit, the proxy flag, and no row twice.
 */
export function checkFigures(
  file: string,
  indicators: ReadonlyMap<string, Indicator>,
  /** Indicators that failed their own checks: already reported, so their rows are not "unknown". */
  brokenIndicators: ReadonlySet<string> = new Set(),
): Problem[] {
  let records: { record: string[]; raw: string; info: { lines: number } }[];
  try {
    records = parseCsv(readFileSync(file, "utf8"), {
      bom: true,
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as typeof records;
  } catch (cause) {
    const e = cause as Error & { lines?: number };
    return [problem(file, e.lines ?? 0, "", "", `không đọc được tệp CSV: ${e.message}`, `cannot read the CSV file: ${e.message}`)];
  }
  const [head, ...body] = records;
  if (!head) return [problem(file, 0, "", "", "tệp trống", "the file is empty")];
  const header = head.record;
  if (header.join(",") !== FIGURE_COLUMNS.join(","))
    return [
      problem(
        file,
        1,
        "",
        "",
        `tiêu đề phải đúng các cột, theo thứ tự: ${FIGURE_COLUMNS.join(",")}`,
        `the header must be exactly these columns, in order: ${FIGURE_COLUMNS.join(",")}`,
      ),
    ];

  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  for (const { record, raw, info } of body) {
    const line = info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    const r = Object.fromEntries(header.map((h, i) => [h, (record[i] ?? "").trim()])) as Record<(typeof FIGURE_COLUMNS)[number], string>;
    const id = `${r.indicator_id} ${r.geo} ${r.period}`;
    const at = (field: string, vi: string, en: string) => problems.push(problem(file, line, id, field, vi, en));
    try {
      parseReportFigures(`${head.raw.trimEnd()}\n${raw}`, file);
    } catch (error) {
      // "<file>: row 2, column value: value "x" must be ..." — the row is ours, the words the parser's.
      const m = /column (\S+): (.*)$/s.exec((error as Error).message);
      if (m) at(m[1]!, `giá trị không hợp lệ: ${m[2]}`, m[2]!);
      else at("", `không đọc được dòng: ${(error as Error).message}`, (error as Error).message);
      continue;
    }
    const indicator = indicators.get(r.indicator_id);
    if (!indicator) {
      if (!brokenIndicators.has(r.indicator_id))
        at("indicator_id", `${r.indicator_id} không có trong danh mục chỉ số`, `${r.indicator_id} is not a catalogued indicator`);
      continue;
    }
    // The ward's own link first, then one for every ward, as a load looks them up.
    const link =
      indicator.series.find((s) => s.source === "report" && s.seriesCode === r.series_code && s.geo === r.geo) ??
      indicator.series.find((s) => s.source === "report" && s.seriesCode === r.series_code && s.geo === levelOf(r.geo));
    if (!link) {
      at(
        "series_code",
        `chỉ số ${indicator.id} không có chuỗi {report, ${r.series_code}, ${r.geo}}`,
        `indicator ${indicator.id} has no series link {report, ${r.series_code}, ${r.geo}}`,
      );
      continue;
    }
    if (r.unit !== indicator.unit)
      at("unit", `đơn vị ${r.unit} khác đơn vị của chỉ số (${indicator.unit})`, `unit ${r.unit} differs from the indicator's (${indicator.unit})`);
    // The ranges a refresh holds the figure to (schemas/plausible.ts), told here first.
    const implausible = implausibility(
      {
        indicatorId: indicator.id,
        period: r.period,
        value: Number(r.value),
        unit: indicator.unit,
        citation: { date: r.citation_date },
      },
      indicator,
    );
    if (implausible)
      at(
        /^citation/.test(implausible) ? "citation_date" : /^period/.test(implausible) ? "period" : "value",
        `giá trị không hợp lý: ${implausible}`,
        implausible,
      );
    // A proxy link carries proxy-flagged figures, and only those.
    const flagged = r.flags
      .split(";")
      .map((f) => f.trim())
      .includes("proxy");
    if (flagged !== link.proxy)
      at(
        "flags",
        link.proxy ? "chuỗi là số liệu thay thế (proxy): cần cờ proxy" : "chuỗi không phải proxy: bỏ cờ proxy",
        link.proxy ? "the series is a proxy: the row needs the proxy flag" : "the series is not a proxy: drop the proxy flag",
      );
    if (!link.proxy && !coveredBy(indicator.geographies, r.geo))
      at("geo", `chỉ số ${indicator.id} không đo cho ${r.geo}`, `indicator ${indicator.id} is not measured for ${r.geo}`);
    const early = beforeWardExisted(r.geo, r.period);
    if (early && !link.territory) at("period", early.vi, early.en);
    const key = `${r.indicator_id}|${r.geo}|${r.period}|${r.series_code}`;
    const first = seen.get(key);
    if (first)
      at("period", `trùng với dòng ${first} (cùng chỉ số, địa bàn, kỳ và chuỗi)`, `duplicates line ${first} (same indicator, geography, period and series)`);
    else seen.set(key, line);
  }
  return problems;
}
