import type { Unit } from "../../schemas/common.ts";
import type { Indicator } from "../../schemas/indicator.ts";

/** Every rule a submission can break; the id is stable for machines (`--json`). */
export type Rule =
  | "unreadable-file"
  | "no-header"
  | "missing-column"
  | "unknown-column"
  | "repeated-column"
  | "data-outside-columns"
  | "empty-submission"
  | "formula"
  | "formula-like-text"
  | "missing-indicator"
  | "unknown-indicator"
  | "not-accepting"
  | "missing-geography"
  | "geography-not-covered"
  | "ward-not-yet"
  | "missing-period"
  | "invalid-period"
  | "period-granularity"
  | "future-period"
  | "early-period"
  | "missing-value"
  | "not-a-number"
  | "percent-sign"
  | "out-of-range"
  | "not-whole-number"
  | "ratio-not-applicable"
  | "ratio-incomplete"
  | "zero-denominator"
  | "ratio-mismatch"
  | "unknown-status"
  | "duplicate-figure";

export interface Said extends Record<string, string> {
  vi: string;
  en: string;
}

export const UNIT_NAMES: Record<Unit, Said> = {
  percent: { vi: "phần trăm (%)", en: "percent (%)" },
  count: { vi: "số lượng", en: "count" },
  "per-100-people": { vi: "trên 100 dân", en: "per 100 people" },
  "thousand-persons": { vi: "nghìn người", en: "thousand persons" },
  "vnd-billion": { vi: "tỷ đồng", en: "billion VND" },
  rank: { vi: "thứ hạng", en: "rank" },
  index: { vi: "điểm chỉ số", en: "index points" },
};

export const PERIODICITY_NAMES: Record<Indicator["periodicity"], Said> = {
  annual: { vi: "hằng năm: ghi năm, ví dụ 2024", en: "annual: write the year, e.g. 2024" },
  quarterly: { vi: "hằng quý: ghi quý (Quý 3/2024) hoặc năm", en: "quarterly: write the quarter (Q3/2024) or the year" },
  monthly: { vi: "hằng tháng: ghi tháng, ví dụ 09/2024", en: "monthly: write the month, e.g. 09/2024" },
  irregular: { vi: "không định kỳ: năm, quý hoặc tháng", en: "irregular: a year, a quarter or a month" },
};

/** The wording of each rule, Vietnamese first; `d` carries what the rule found. */
export function say(rule: Rule, d: Record<string, string> = {}): Said {
  switch (rule) {
    case "unreadable-file":
      return { vi: d.vi ?? "Không đọc được tệp.", en: d.en ?? "The file cannot be read." };
    case "no-header":
      return {
        vi: `Không tìm thấy dòng tiêu đề cột (cần ít nhất "Mã chỉ số", "Địa bàn", "Kỳ", "Giá trị") trong ${d.where}.`,
        en: `No column header row found (it needs at least "Indicator ID", "Geography", "Period", "Value") in ${d.where}.`,
      };
    case "missing-column":
      return { vi: `Thiếu cột bắt buộc "${d.column}".`, en: `The required column "${d.column}" is missing.` };
    case "unknown-column":
      return {
        vi: "Cột không thuộc mẫu báo cáo; hãy xoá hoặc đổi tên cho đúng mẫu.",
        en: "This column is not part of the template; remove it or rename it as in the template.",
      };
    case "repeated-column":
      return { vi: `Cột "${d.column}" xuất hiện hai lần.`, en: `The column "${d.column}" appears twice.` };
    case "data-outside-columns":
      return { vi: "Có số liệu trong cột không có tiêu đề.", en: "There is data in a column without a header." };
    case "empty-submission":
      return { vi: "Tệp không có số liệu nào được điền.", en: "The file has no figures filled in." };
    case "formula":
      return {
        vi: "Ô chứa công thức: hãy nhập giá trị (Dán đặc biệt → Giá trị); công thức không được tính.",
        en: "The cell holds a formula: enter the value itself (Paste Special → Values); formulas are not evaluated.",
      };
    case "formula-like-text":
      return {
        vi: "Nội dung bắt đầu bằng =, +, - hoặc @ mà không phải là số: bị từ chối và không được tính.",
        en: "The text starts with =, +, - or @ and is not a number: refused, never evaluated.",
      };
    case "missing-indicator":
      return { vi: "Thiếu mã chỉ số.", en: "The indicator ID is missing." };
    case "unknown-indicator":
      return { vi: 'Mã chỉ số không có trong danh mục (xem trang "Mã - Codes").', en: 'No such indicator in the catalogue (see the "Mã - Codes" sheet).' };
    case "not-accepting":
      return {
        vi: "Chỉ số này được lấy tự động từ nguồn dữ liệu quốc tế/quốc gia, không nhận số liệu do sở ngành gửi.",
        en: "This indicator is read automatically from a national or international data service; it takes no department submissions.",
      };
    case "missing-geography":
      return { vi: "Thiếu địa bàn.", en: "The geography is missing." };
    case "geography-not-covered":
      return {
        vi: `Địa bàn không hợp lệ cho chỉ số này; được phép: ${d.allowedVi ?? d.allowed}.`,
        en: `Not a valid geography for this indicator; allowed: ${d.allowedEn ?? d.allowed}.`,
      };
    case "ward-not-yet":
      return {
        vi: `${d.ward} chỉ có từ ngày ${d.from}; kỳ ${d.period} ở trước đó.`,
        en: `${d.ward} exists only from ${d.from}; the period ${d.period} is before it.`,
      };
    case "missing-period":
      return { vi: "Thiếu kỳ báo cáo.", en: "The period is missing." };
    case "invalid-period":
      return {
        vi: "Không hiểu kỳ báo cáo; hãy ghi như 2024, Quý 3/2024 hoặc 09/2024.",
        en: "The period cannot be read; write it like 2024, Q3/2024 or 09/2024.",
      };
    case "period-granularity":
      return {
        vi: `Kỳ ${d.period} không khớp chu kỳ của chỉ số (${d.vi}).`,
        en: `The period ${d.period} does not match the indicator's periodicity (${d.en}).`,
      };
    case "future-period":
      return { vi: `Kỳ ${d.period} chưa bắt đầu.`, en: `The period ${d.period} has not begun yet.` };
    case "early-period":
      return {
        vi: `Kỳ ${d.period} trước năm ${d.first}: không phải kỳ của một số liệu đo được.`,
        en: `The period ${d.period} is before ${d.first}: no measured figure is that old.`,
      };
    case "missing-value":
      return { vi: "Thiếu giá trị, trong khi dòng đã có thông tin khác.", en: "The value is missing, though the row has other entries." };
    case "not-a-number":
      return { vi: "Giá trị không phải là số (ví dụ hợp lệ: 85,5 hoặc 12.500.000).", en: "The value is not a number (valid examples: 85,5 or 12.500.000)." };
    case "percent-sign":
      return { vi: `Có dấu % nhưng chỉ số tính bằng ${d.vi}.`, en: `A % sign, but the indicator is measured in ${d.en}.` };
    case "out-of-range":
      return {
        vi: `Giá trị ${d.value} ngoài khoảng cho phép của đơn vị ${d.unitVi}: ${d.rangeVi}.`,
        en: `The value ${d.value} is outside the range for ${d.unitEn}: ${d.rangeEn}.`,
      };
    case "not-whole-number":
      return { vi: `Chỉ số tính bằng ${d.vi} phải là số nguyên.`, en: `An indicator measured as a ${d.en} takes whole numbers only.` };
    case "ratio-not-applicable":
      return {
        vi: `Tử số/mẫu số chỉ dùng cho chỉ số tỷ lệ; chỉ số này tính bằng ${d.vi}.`,
        en: `Numerator and denominator apply to ratios only; this indicator is measured in ${d.en}.`,
      };
    case "ratio-incomplete":
      return { vi: "Cần ghi cả tử số và mẫu số, hoặc để trống cả hai.", en: "Give both numerator and denominator, or neither." };
    case "zero-denominator":
      return { vi: "Mẫu số phải lớn hơn 0.", en: "The denominator must be greater than 0." };
    case "ratio-mismatch":
      return {
        vi: `Tử số/mẫu số cho ${d.computed}, khác giá trị ${d.value} (sai số cho phép ${d.tolerance}).`,
        en: `Numerator/denominator give ${d.computed}, not the value ${d.value} (tolerance ${d.tolerance}).`,
      };
    case "unknown-status":
      return { vi: `Tình trạng không hợp lệ; dùng: ${d.allowedVi}.`, en: `Unknown status; use: ${d.allowedEn}.` };
    case "duplicate-figure":
      return { vi: `Trùng số liệu (chỉ số, địa bàn, kỳ) với dòng ${d.first}.`, en: `Duplicate figure (indicator, geography, period) of row ${d.first}.` };
  }
}
