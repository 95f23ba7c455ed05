import {html} from "htl";

/** Both languages in the page; CSS shows the one chosen (html[data-lang]). */
export function bi(text) {
  if (!text) return html``;
  return html`<span lang="vi">${text.vi}</span><span lang="en">${text.en}</span>`;
}

export const DOMAINS = {
  "digital-economy": {vi: "Kinh tế số", en: "Digital economy"},
  "digital-society": {vi: "Xã hội số", en: "Digital society"},
  "digital-government": {vi: "Chính quyền số", en: "Digital government"},
  "context": {vi: "Số liệu nền", en: "Context"}
};

export const STATUS = {
  "achieved": {vi: "Đã đạt", en: "Achieved"},
  "on-track": {vi: "Đúng hướng", en: "On track"},
  "off-track": {vi: "Chậm so với mục tiêu", en: "Off track"},
  "insufficient-data": {vi: "Chưa đủ số liệu", en: "Too few figures"},
  "no-data": {vi: "Chưa có số liệu", en: "No data yet"}
};

export const UNITS = {
  "percent": {vi: "%", en: "%"},
  "count": {vi: "", en: ""},
  "per-100-people": {vi: "trên 100 dân", en: "per 100 people"},
  "thousand-persons": {vi: "nghìn người", en: "thousand people"},
  "vnd-billion": {vi: "tỷ đồng", en: "VND billion"},
  "rank": {vi: "hạng", en: "rank"},
  "index": {vi: "điểm", en: "index points"}
};

export const FLAGS = {
  "lower-bound": {vi: "trên (cận dưới)", en: "over (lower bound)"},
  "upper-bound": {vi: "dưới (cận trên)", en: "under (upper bound)"},
  "approximate": {vi: "xấp xỉ", en: "approximate"},
  "derived": {vi: "tính toán", en: "derived"},
  "proxy": {vi: "số liệu cả nước thay cho TP.HCM", en: "national figure standing in for the city"},
  "break-in-series": {vi: "đứt gãy chuỗi", en: "break in series"}
};

export const GEOS = {
  "VN-SG": {vi: "TP. Hồ Chí Minh", en: "Ho Chi Minh City"},
  "VN": {vi: "Cả nước", en: "Viet Nam"}
};

export const COMPARATORS = {">=": "≥", ">": ">", "=": "=", "<=": "≤", "<": "<"};

/** A figure as a reader expects it: "over 70%", "≈ 2.9 million" is left to the flags column. */
export function formatValue(value, unit) {
  if (value == null) return "—";
  const digits = Math.abs(value) >= 1000 ? 0 : Math.abs(value) >= 100 ? 1 : 2;
  const n = value.toLocaleString("en-US", {maximumFractionDigits: digits});
  return unit === "percent" ? `${n}%` : n;
}

export function qualifier(flags = []) {
  if (flags.includes("lower-bound")) return "> ";
  if (flags.includes("upper-bound")) return "< ";
  if (flags.includes("approximate")) return "≈ ";
  return "";
}

export function statusBadge(status) {
  return html`<span class="status status-${status}">${bi(STATUS[status] ?? {vi: status, en: status})}</span>`;
}
