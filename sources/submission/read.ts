import { basename, extname } from "node:path";
import ExcelJS from "exceljs";
import { type Delimiter, type Encoding, readDelimited, type Sheet, type SheetRow, UnreadableSubmission } from "./decode.ts";
import type { Cell } from "./values.ts";

export { type Sheet, type SheetRow, UnreadableSubmission } from "./decode.ts";

/** A submission file read into sheets of cells, and how it was read (for the report). */
export interface ReadSubmission {
  format: "xlsx" | "csv";
  encoding?: Encoding;
  delimiter?: Delimiter | null;
  sheets: Sheet[];
}

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/**
 * Bytes to sheets. The format is told by the bytes, not the name: offices rename files, and
 * reporting software saves HTML tables as ".xls".
 */
export async function readSubmission(bytes: Uint8Array, fileName: string): Promise<ReadSubmission> {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return { format: "xlsx", sheets: await readXlsx(bytes) };
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0]))
    throw new UnreadableSubmission(
      "Tệp Excel 97-2003 (.xls) không được nhận: hãy mở bằng Excel và lưu lại dưới dạng .xlsx.",
      "Excel 97-2003 files (.xls) are not accepted: open it in Excel and save it as .xlsx.",
    );
  if (/^\s*<(!doctype|html|table|\?xml)/i.test(Buffer.from(bytes.subarray(0, 256)).toString("latin1")))
    throw new UnreadableSubmission(
      "Tệp là trang HTML/XML mang đuôi bảng tính: hãy mở bằng Excel và lưu lại dưới dạng .xlsx.",
      "The file is an HTML/XML page named as a spreadsheet: open it in Excel and save it as .xlsx.",
    );
  const { sheet, encoding, delimiter } = readDelimited(bytes, basename(fileName, extname(fileName)));
  return { format: "csv", encoding, delimiter, sheets: [sheet] };
}

async function readXlsx(bytes: Uint8Array): Promise<Sheet[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw new UnreadableSubmission(
      `Tệp .xlsx bị hỏng hoặc không phải bảng tính Excel (${(error as Error).message}).`,
      `The .xlsx file is damaged or not an Excel workbook (${(error as Error).message}).`,
    );
  }
  return workbook.worksheets.map((ws) => {
    const rows: SheetRow[] = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: Cell[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        const read = readXlsxCell(cell, col);
        if (read) cells.push(read);
      });
      if (cells.length) rows.push({ row: rowNumber, cells });
    });
    return { name: ws.name, rows };
  });
}

/** A percent number format ("0.0%"), not a literal "%" inside quotes. */
const isPercentFormat = (numFmt: string | undefined) => Boolean(numFmt && /%/.test(numFmt.replace(/"[^"]*"/g, "")));

function readXlsxCell(cell: ExcelJS.Cell, col: number): Cell | null {
  const { ValueType } = ExcelJS;
  if (cell.type === ValueType.Merge) {
    // A figure's indicator merged down over its geographies belongs to every row it spans; a
    // title merged across the top belongs to its first cell only, or it would repeat as columns.
    if (cell.master.col !== cell.col) return null;
    return readXlsxCell(cell.master, col);
  }
  const v = cell.value;
  switch (cell.type) {
    case ValueType.Null:
      return null;
    case ValueType.Number:
      return { col, kind: "number", text: cell.text, number: v as number, percentFormat: isPercentFormat(cell.numFmt) };
    case ValueType.Date:
      return { col, kind: "date", text: cell.text, date: v as Date };
    case ValueType.Boolean:
      return { col, kind: "boolean", text: String(v) };
    case ValueType.Error:
      return { col, kind: "error", text: (v as ExcelJS.CellErrorValue).error };
    case ValueType.Formula:
      // The cached result is what Excel last computed, not what the department typed: never used.
      return { col, kind: "formula", text: `=${cell.formula ?? ""}` };
    default: {
      const text = textOf(v).trim();
      return text ? { col, kind: "text", text } : null;
    }
  }
}

function textOf(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "object" && "richText" in v) return v.richText.map((r) => r.text).join("");
  if (typeof v === "object" && "text" in v) return textOf(v.text as ExcelJS.CellValue);
  return String(v);
}
