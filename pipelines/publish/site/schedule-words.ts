import { SUBMISSION_SOURCE } from "../../../sources/submission/source.ts";
import type { Lang } from "./html.ts";

/**
 * When a figure is next expected, in words, from its source's kind and cron schedule. The page
 * states the rhythm, which does not age; the live part (last check, overdue) comes from
 * data/status.json, which every publish rewrites without rebuilding the pages.
 */
export function describeSchedule(source: string, cron: string, lang: Lang): string {
  const vi = lang === "vi";
  if (source === "report")
    return vi
      ? "Số liệu chép từ văn bản, báo cáo chính thức (có trích dẫn): có báo cáo mới thì cập nhật; không có lịch phát hành cố định."
      : "Figures transcribed from official documents and reports (cited): updated when a new report appears; there is no release calendar.";
  if (source === SUBMISSION_SOURCE)
    return vi
      ? "Các sở, ngành báo cáo hằng quý, trước ngày 20 của tháng cuối quý (Kế hoạch 2649/KH-UBND, mục VI.3)."
      : "Departments report quarterly, before the 20th of each quarter's last month (Plan 2649/KH-UBND, section VI.3).";
  if (source === "derived") return vi ? "Tính lại mỗi khi số liệu đầu vào thay đổi." : "Recomputed whenever its inputs change.";
  return vi ? `chiso kiểm tra nguồn ${rhythm(cron, lang)}.` : `chiso checks the source ${rhythm(cron, lang)}.`;
}

const WEEKDAYS: Record<Lang, string[]> = {
  vi: ["Chủ nhật", "thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy"],
  en: ["Sundays", "Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays"],
};

/** The common cron shapes in words; anything else is given as written. */
export function rhythm(cron: string, lang: Lang): string {
  const [, , day, month, weekday] = cron.trim().split(/\s+/);
  const vi = lang === "vi";
  if (day === "*" && month === "*" && weekday === "*") return vi ? "hằng ngày" : "daily";
  if (day === "*" && month === "*" && /^[0-6]$/.test(weekday ?? ""))
    return vi ? `hằng tuần, vào ${WEEKDAYS.vi[Number(weekday)]}` : `weekly, on ${WEEKDAYS.en[Number(weekday)]}`;
  if (/^\d+$/.test(day ?? "") && month === "*" && weekday === "*") return vi ? `hằng tháng, ngày ${day}` : `monthly, on day ${day}`;
  if (/^\d+$/.test(day ?? "") && month === "3,6,9,12" && weekday === "*")
    return vi ? `hằng quý, ngày ${day} tháng cuối quý` : `quarterly, on day ${day} of each quarter's last month`;
  if (/^\d+$/.test(day ?? "") && /^\d+$/.test(month ?? "") && weekday === "*") return vi ? `hằng năm, ngày ${day}/${month}` : `yearly, on ${day}/${month}`;
  return vi ? `theo lịch cron ${cron} (giờ UTC)` : `on the cron schedule ${cron} (UTC)`;
}
