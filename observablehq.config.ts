import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

// `chiso publish` stages site/ with its data under CHISO_SITE_ROOT and builds into CHISO_SITE_OUT.
const root = process.env.CHISO_SITE_ROOT ?? "site";
const indicatorsFile = join(root, "data", "indicators.json");
const indicators: { id: string; name: { vi: string; en: string }; domain: string }[] = existsSync(indicatorsFile)
  ? JSON.parse(readFileSync(indicatorsFile, "utf8"))
  : [];

// Shown in both languages; a script in <head> picks one before first paint (see site/style.css).
const bi = (vi: string, en: string) => `<span lang="vi">${vi}</span><span lang="en">${en}</span>`;

export default {
  root,
  output: process.env.CHISO_SITE_OUT ?? "dist",
  title: "chiso",
  // No web fonts and no CDN: the built site makes no request to any other host.
  globalStylesheets: [],
  style: "style.css",
  search: false,
  cleanUrls: false,
  sidebar: true,
  pages: [
    { name: "Chỉ số / Indicators", path: "/" },
    { name: "Kế hoạch / Plans", path: "/plans" },
    { name: "Tải dữ liệu / Downloads", path: "/downloads" },
    { name: "Phương pháp / Methodology", path: "/methodology" },
    { name: "Gửi số liệu / Submitting figures", path: "/submit" },
  ],
  dynamicPaths: indicators.map((i) => `/indicators/${i.id}`),
  // An empty icon: no request for /favicon.ico.
  head: `<link rel="icon" href="data:,">
<meta name="description" content="Chỉ số kinh tế số và xã hội số TP. Hồ Chí Minh / Ho Chi Minh City digital economy and society indicators">
<script>document.documentElement.dataset.lang = localStorage.getItem("chiso-lang") || "vi";</script>`,
  header: `<div class="chiso-header">
<button type="button" class="chiso-lang" onclick="const l=document.documentElement.dataset.lang==='vi'?'en':'vi';document.documentElement.dataset.lang=l;localStorage.setItem('chiso-lang',l)">${bi("English", "Tiếng Việt")}</button></div>`,
  footer: bi(
    "Số liệu mở: mỗi con số kèm nguồn, thời điểm thu thập và trích dẫn. Nội dung của chiso theo giấy phép CC BY 4.0.",
    "Open data: every figure carries its source, retrieval time and citation. chiso's own work is licensed CC BY 4.0.",
  ),
};
