import type { Bilingual, Lang, Raw } from "./html.ts";
import { foreign, h } from "./html.ts";

/**
 * The registered sources' publishers and licences in both languages. The source definitions
 * (sources/*.ts) give them in the language the publisher uses; a source not listed here is shown
 * as written and marked untranslated.
 */
const SOURCES: Record<string, { publisher: Bilingual; licence: Bilingual }> = {
  worldbank: { publisher: { vi: "Ngân hàng Thế giới", en: "World Bank" }, licence: { vi: "CC-BY-4.0", en: "CC-BY-4.0" } },
  itu: {
    publisher: { vi: "Liên minh Viễn thông Quốc tế (ITU DataHub)", en: "International Telecommunication Union (ITU DataHub)" },
    licence: { vi: "CC-BY-NC-SA-3.0-IGO (không dùng cho mục đích thương mại)", en: "CC-BY-NC-SA-3.0-IGO (non-commercial)" },
  },
  "un-sdg": {
    publisher: { vi: "Cơ quan Thống kê Liên Hợp Quốc (cơ sở dữ liệu SDG toàn cầu)", en: "United Nations Statistics Division (Global SDG Indicators Database)" },
    licence: { vi: "điều khoản dữ liệu của Liên Hợp Quốc: được dùng lại, ghi nguồn", en: "UN data terms of use: free reuse with attribution" },
  },
  "gso-pxweb": {
    publisher: { vi: "Cục Thống kê (trước đây là Tổng cục Thống kê)", en: "National Statistics Office of Viet Nam (formerly the General Statistics Office)" },
    licence: { vi: "điều khoản của Cục Thống kê: được dùng lại, ghi nguồn", en: "NSO terms of use: free reuse with attribution" },
  },
  report: {
    publisher: { vi: "Văn bản và báo cáo chính thức, do chiso chép lại", en: "Official documents and public reports, transcribed by chiso" },
    licence: { vi: "số liệu thuộc nơi công bố; phần chép lại theo CC-BY-4.0", en: "Facts cited from their publishers; the transcription is CC-BY-4.0" },
  },
  ckan: {
    publisher: { vi: "Cổng dữ liệu mở quốc gia (CKAN) và TP. Hồ Chí Minh (DKAN)", en: "Open-data portals of Viet Nam (CKAN) and Ho Chi Minh City (DKAN)" },
    licence: { vi: "theo giấy phép ghi ở từng bộ dữ liệu trên cổng", en: "as each dataset states on its portal" },
  },
  dti: {
    publisher: {
      vi: "Bộ Thông tin và Truyền thông, từ 2025 là Bộ Khoa học và Công nghệ (dti.gov.vn)",
      en: "Ministry of Information and Communications, since 2025 Ministry of Science and Technology (dti.gov.vn)",
    },
    licence: { vi: "không nêu: trích dẫn trang xếp hạng trên dti.gov.vn", en: "not stated: cite the ranking page on dti.gov.vn" },
  },
  derived: { publisher: { vi: "chiso tính toán", en: "computed by chiso" }, licence: { vi: "CC-BY-4.0", en: "CC-BY-4.0" } },
};

export const publisherOf = (source: string, written: string | null | undefined, lang: Lang): Raw => {
  const known = SOURCES[source];
  // A series' own publisher (a submitting unit, a report's original publisher) is shown as written.
  if (known && (!written || written === known.publisher.en)) return h`${known.publisher[lang]}`;
  return foreign(written ?? source, lang);
};

export const licenceOf = (source: string, written: string | null | undefined, lang: Lang): Raw => {
  const known = SOURCES[source];
  if (known) return h`${known.licence[lang]}`;
  return written ? foreign(written, lang) : h`—`;
};
