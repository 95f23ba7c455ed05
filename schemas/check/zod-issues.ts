import type { z } from "zod";
import { GEO_COVER_MESSAGE, GEO_MESSAGE, UNLISTED_WARD_MESSAGE } from "../common.ts";
import { EVERY_WARD } from "../geography/wards.ts";
import { shown } from "./problem.ts";

/**
 * Vietnamese for the messages the catalog's schemas set themselves (schemas/common.ts,
 * target.ts); zod's own messages are rebuilt below from the issue's code instead.
 */
const VI: Record<string, string> = {
  "Vietnamese text is required": "thiếu nội dung tiếng Việt",
  "English text is required": "thiếu nội dung tiếng Anh",
  [GEO_MESSAGE]: "mã địa bàn phải theo ISO 3166, ví dụ VN hoặc VN-SG, hoặc là mã phường, xã, ví dụ VN-SG-26740",
  [GEO_COVER_MESSAGE]: `mã địa bàn phải theo ISO 3166, ví dụ VN hoặc VN-SG, là mã phường, xã, ví dụ VN-SG-26740, hoặc ${EVERY_WARD} cho mọi phường, xã`,
  [UNLISTED_WARD_MESSAGE]: "mã phường, xã không có trong danh mục đơn vị hành chính của Cục Thống kê cho TP. Hồ Chí Minh (schemas/geography/vn-sg-wards.csv)",
  "period must be ISO 8601: 2024, 2024-Q3 or 2024-09": "kỳ số liệu phải theo ISO 8601: 2024, 2024-Q3 hoặc 2024-09",
  "id must be kebab-case": "mã (id) phải viết thường, các từ nối bằng dấu gạch ngang (kebab-case)",
  "document date must be YYYY-MM-DD or YYYY-MM": "ngày văn bản phải có dạng YYYY-MM-DD hoặc YYYY-MM",
  "seed must name a file in the seeds folder": "seed phải là tên một tệp trong thư mục văn bản gốc",
};

/** Patterns without a message of their own, as a reviewer would write the form they ask for. */
const FORM: Record<string, string> = {
  "/^\\d{4}-\\d{2}(-\\d{2})?$/": "YYYY-MM-DD / YYYY-MM",
  "/^\\d{3}_[0-9a-f]{16}\\.txt$/": "NNN_<16 hex digits>.txt",
};

const TYPE_VI: Record<string, string> = {
  string: "văn bản",
  number: "số",
  boolean: "true hoặc false",
  array: "danh sách",
  object: "nhóm trường (khóa: giá trị)",
};
const TYPE_EN: Record<string, string> = {
  string: "text",
  number: "a number",
  boolean: "true or false",
  array: "a list",
  object: "a group of fields (key: value)",
};

/** An issue as the two languages say it; `value` is what the file holds at the issue's path. */
export function describeIssue(issue: z.core.$ZodIssue, value: unknown): { vi: string; en: string } {
  if (VI[issue.message]) return { vi: `${VI[issue.message]} (${shown(value)})`, en: `${issue.message} (${shown(value)})` };
  switch (issue.code) {
    case "invalid_type":
      if (value === undefined || value === null) return { vi: "bắt buộc nhưng không có", en: "is required but missing" };
      return {
        vi: `phải là ${TYPE_VI[issue.expected] ?? issue.expected}, không phải ${shown(value)}`,
        en: `must be ${TYPE_EN[issue.expected] ?? issue.expected}, not ${shown(value)}`,
      };
    case "invalid_value": {
      const allowed = issue.values.map(String).join(", ");
      return { vi: `${shown(value)} không thuộc các giá trị cho phép: ${allowed}`, en: `${shown(value)} is not one of ${allowed}` };
    }
    case "too_small":
      if (issue.origin === "string") return { vi: "không được để trống", en: "must not be empty" };
      if (issue.origin === "array") return { vi: `cần ít nhất ${issue.minimum} mục`, en: `needs at least ${issue.minimum} item(s)` };
      return { vi: `${shown(value)} nhỏ hơn mức tối thiểu ${issue.minimum}`, en: `${shown(value)} is below the minimum ${issue.minimum}` };
    case "too_big":
      return { vi: `${shown(value)} vượt mức tối đa ${issue.maximum}`, en: `${shown(value)} is above the maximum ${issue.maximum}` };
    case "invalid_format":
      if (issue.format === "url") return { vi: `${shown(value)} không phải là địa chỉ URL`, en: `${shown(value)} is not a URL` };
      {
        const form = issue.pattern ? ` (${FORM[issue.pattern] ?? issue.pattern})` : "";
        return { vi: `${shown(value)} sai định dạng${form}`, en: `${shown(value)} is not in the expected form${form}` };
      }
    default:
      return { vi: `không hợp lệ: ${issue.message}`, en: issue.message };
  }
}

/** The value at `path` inside parsed data, or undefined where the path leads nowhere. */
export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const key of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

type Def = { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; innerType?: z.ZodType; in?: z.ZodType };
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/**
 * Paths of fields the schema does not know. zod drops unknown keys silently, so a misspelt
 * optional field (`datagap` for `dataGap`) would vanish from the catalog without this.
 */
export function unknownKeys(schema: z.ZodType, value: unknown, path: PropertyKey[] = []): PropertyKey[][] {
  const def = defOf(schema);
  if (["optional", "default", "nullable", "prefault", "readonly"].includes(def.type) && def.innerType) return unknownKeys(def.innerType, value, path);
  if (def.type === "pipe" && def.in) return unknownKeys(def.in, value, path);
  if (def.type === "array" && def.element && Array.isArray(value)) return value.flatMap((v, i) => unknownKeys(def.element!, v, [...path, i]));
  if (def.type === "object" && def.shape && value && typeof value === "object" && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([key, v]) => (def.shape![key] ? unknownKeys(def.shape![key]!, v, [...path, key]) : [[...path, key]]));
  }
  return [];
}
