import { basename } from "node:path";
import { Domain } from "../common.ts";
import type { PolicyDocument } from "../document.ts";
import { EVERY_WARD, coveredBy } from "../geography/wards.ts";
import type { Indicator } from "../indicator.ts";
import { problem, shortPath, type Problem } from "./problem.ts";
import { readQuote, vietnameseNumber } from "./quote.ts";
import type { TargetRow } from "./targets-file.ts";
import { statedTerritoryProblem } from "../territory.ts";
import type { YamlItem } from "./yaml-file.ts";

/** The same id twice: reported at the second, naming where the first is. */
function duplicateIds(items: { id: string; file: string; line: number }[], kind: { vi: string; en: string }): Problem[] {
  const seen = new Map<string, string>();
  const problems: Problem[] = [];
  for (const { id, file, line } of items) {
    const first = seen.get(id);
    if (first)
      problems.push(problem(file, line, id, "id", `${kind.vi} ${id} đã được khai báo tại ${first}`, `${kind.en} ${id} is already defined at ${first}`));
    else seen.set(id, `${shortPath(file)}:${line}`);
  }
  return problems;
}

const located = <T extends { id: string }>(xs: YamlItem<T>[]) => xs.map((x) => ({ id: x.item.id, file: x.file, line: x.line }));

export function documentRules(documents: YamlItem<PolicyDocument>[]): Problem[] {
  const problems = duplicateIds(located(documents), { vi: "văn bản", en: "document" });
  for (const d of documents) {
    const ids = d.item.sections.map((s) => s.id);
    ids.forEach((s, i) => {
      if (ids.indexOf(s) !== i)
        problems.push(problem(d.file, d.lineOf(["sections", i, "id"]), d.item.id, `sections #${i + 1}.id`, `mục ${s} bị lặp`, `section ${s} appears twice`));
    });
  }
  return problems;
}

export function indicatorRules(indicators: YamlItem<Indicator>[]): Problem[] {
  const problems = duplicateIds(located(indicators), { vi: "chỉ số", en: "indicator" });
  for (const { item: i, file, lineOf } of indicators) {
    // One file per domain, so a reviewer of one domain sees all of it in one place.
    const domain = basename(file).replace(/\.ya?ml$/, "");
    if (Domain.safeParse(domain).success && i.domain !== domain)
      problems.push(
        problem(
          file,
          lineOf(["domain"]),
          i.id,
          "domain",
          `chỉ số thuộc lĩnh vực ${i.domain} nhưng nằm trong tệp ${domain}`,
          `the indicator's domain is ${i.domain} but it sits in the ${domain} file`,
        ),
      );
    if (i.series.length === 0 && !i.dataGap)
      problems.push(
        problem(
          file,
          lineOf(["series"]),
          i.id,
          "dataGap",
          "không có chuỗi số liệu nào thì phải có dataGap nói cách đo",
          "with no series, dataGap must say what would measure it",
        ),
      );
    const headlines = i.series.flatMap((s, n) => (s.headline ? [n] : []));
    if (headlines.length > 1)
      problems.push(
        problem(
          file,
          lineOf(["series", headlines[1]!, "headline"]),
          i.id,
          `series #${headlines[1]! + 1}.headline`,
          "nhiều hơn một chuỗi được đánh dấu headline",
          "more than one series is marked headline",
        ),
      );
    // A stated territory must be one of the link's own geography. A link for every ward states
    // none: a load reads stated territories by the figure's own geography, so one stated for the
    // level would reach the site but not the downloads; a ward's recomputed figures take a link of
    // their own (geo: VN-SG-26740).
    i.series.forEach((s, n) => {
      const wrong = !s.territory
        ? undefined
        : s.geo === EVERY_WARD
          ? {
              vi: `chuỗi cho ${EVERY_WARD} không nêu địa giới: nêu ở chuỗi riêng của từng phường, xã (geo: VN-SG-26740)`,
              en: `a series for ${EVERY_WARD} states no territory: state it on a ward's own series (geo: VN-SG-26740)`,
            }
          : statedTerritoryProblem(s.geo, s.territory);
      if (wrong) problems.push(problem(file, lineOf(["series", n, "territory"]), i.id, `series #${n + 1}.territory`, wrong.vi, wrong.en));
    });
    // The deciding series must be one the indicator links, at a city (non-proxy) geography.
    const d = i.decidedBy;
    if (d) {
      const link = i.series.find((s) => s.source === d.source && s.seriesCode === d.seriesCode && s.geo === d.geo);
      const linked = i.series.map((s) => `${s.source}/${s.seriesCode}/${s.geo}`).join(", ") || "—";
      if (!link)
        problems.push(
          problem(
            file,
            lineOf(["decidedBy"]),
            i.id,
            "decidedBy",
            `decidedBy ${d.source}/${d.seriesCode}/${d.geo} không phải chuỗi của chỉ số (có: ${linked})`,
            `decidedBy ${d.source}/${d.seriesCode}/${d.geo} is not a series the indicator links (linked: ${linked})`,
          ),
        );
      else if (link.proxy)
        problems.push(
          problem(file, lineOf(["decidedBy"]), i.id, "decidedBy", "chuỗi thay thế (proxy) không quyết định chỉ tiêu", "a proxy series cannot decide a target"),
        );
    }
    // Rank 1 is the best, so a rank can only improve by going down.
    if (i.unit === "rank" && i.direction !== "lower-is-better")
      problems.push(
        problem(
          file,
          lineOf(["direction"]),
          i.id,
          "direction",
          "xếp hạng: hạng 1 là cao nhất, nên direction phải là lower-is-better",
          "a rank: rank 1 is best, so direction must be lower-is-better",
        ),
      );
  }
  return problems;
}

/** Cross-checks of targets against their indicators and documents, and against their own quotes. */
export function targetRules(
  targets: TargetRow[],
  indicators: ReadonlyMap<string, Indicator>,
  documents: ReadonlyMap<string, PolicyDocument>,
  /** Indicators that failed their own checks: already reported, so not "unknown" here. */
  brokenIndicators: ReadonlySet<string> = new Set(),
): Problem[] {
  const problems: Problem[] = [];
  const measured = new Map<string, string>();
  for (const { target: t, file, line } of targets) {
    const at = (field: string, vi: string, en: string) => problems.push(problem(file, line, t.id, field, vi, en));
    const indicator = indicators.get(t.indicatorId);
    if (!indicator) {
      if (!brokenIndicators.has(t.indicatorId))
        at("indicator_id", `${t.indicatorId} không có trong danh mục chỉ số`, `${t.indicatorId} is not a catalogued indicator`);
      continue;
    }
    if (!coveredBy(indicator.geographies, t.geo))
      at("geo", `chỉ số ${indicator.id} không đo cho ${t.geo}`, `indicator ${indicator.id} is not measured for ${t.geo}`);
    // One indicator per measure: the same measure in two documents is two targets, never two in one.
    const key = `${t.indicatorId}|${t.document.id}`;
    const first = measured.get(key);
    if (first)
      at(
        "indicator_id",
        `${t.document.id} đã đặt chỉ tiêu cho ${t.indicatorId} (${first})`,
        `${t.document.id} already sets a target for ${t.indicatorId} (${first})`,
      );
    else measured.set(key, t.id);
    const doc = documents.get(t.document.id);
    if (doc && t.deadline < Number(doc.date.slice(0, 4)))
      at("deadline", `hạn ${t.deadline} sớm hơn năm ban hành văn bản (${doc.date})`, `deadline ${t.deadline} is before the document was issued (${doc.date})`);
    // The quote is the legal basis: the value and the comparator must be read from its words.
    const reading = readQuote(t.wording.vi, t.value, indicator.unit);
    const stated = indicator.unit === "rank" ? `nhóm ${vietnameseNumber(t.value)}` : `${vietnameseNumber(t.value)}%`;
    if (!reading)
      at("quote_vi", `lời văn trích dẫn không nêu giá trị ${t.value} (viết là "${stated}")`, `the quote does not state the value ${t.value} (as "${stated}")`);
    else if (reading.comparator !== t.comparator)
      at(
        "comparator",
        `${t.comparator} trái với lời văn "${reading.phrase}", nghĩa là ${reading.comparator}`,
        `${t.comparator} contradicts the quote's "${reading.phrase}", which reads as ${reading.comparator}`,
      );
  }
  return problems;
}
