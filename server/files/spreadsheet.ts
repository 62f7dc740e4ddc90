/**
 * An uploaded spreadsheet as rows of text: an Excel workbook (.xlsx, read with exceljs) or a CSV
 * file (csv-parse) in UTF-8 (with or without a byte-order mark), GBK (what Chinese Excel writes
 * for "CSV"), or UTF-16 with its mark ("Unicode text", tab-separated). Row numbers are the ones
 * the user sees in Excel. What the rows mean is server/files/people.ts's business.
 */
import { CsvError, parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { peopleProblem, type PeopleProblem } from '../protocol/problems';

export interface SheetRow {
  /** Row number as Excel shows it (1-based). */
  row: number;
  cells: string[];
  /** Cells holding a formula error (#N/A, #REF!...), by column index. */
  errors: Map<number, string>;
}

export interface SheetRows {
  /** The worksheet read (workbooks only). */
  sheet: string | null;
  rows: SheetRow[];
}

export type SpreadsheetResult = { ok: true; data: SheetRows } | { ok: false; problems: PeopleProblem[] };

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

function fail(code: Parameters<typeof peopleProblem>[2], params: Record<string, string | number> = {}, row: number | null = null): SpreadsheetResult {
  return { ok: false, problems: [peopleProblem(row, null, code, params)] };
}

/** A cell's text, or its error: numbers as written, rich text joined, formulas by their result. */
function cellText(value: ExcelJS.CellValue): { text: string } | { error: string } {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'number') return { text: String(value) };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' };
  if (value instanceof Date) return { text: value.toISOString().slice(0, 10) };
  if ('error' in value) return { error: String(value.error) };
  if ('richText' in value) return { text: value.richText.map((r) => r.text).join('') };
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('text' in value) return cellText(value.text as ExcelJS.CellValue);
  return { text: '' };
}

/** The worksheet named like one of `preferred` (case and spaces ignored), else the first. */
function pickSheet(book: ExcelJS.Workbook, preferred: readonly string[]): ExcelJS.Worksheet | undefined {
  const norm = (s: string) => s.replace(/\s+/g, '').toLowerCase();
  const wanted = new Set(preferred.map(norm));
  return book.worksheets.find((w) => wanted.has(norm(w.name))) ?? book.worksheets[0];
}

async function readWorkbook(bytes: Buffer, preferredSheets: readonly string[]): Promise<SpreadsheetResult> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (error) {
    return fail('file_unreadable', { detail: (error as Error).message.slice(0, 200) });
  }
  const sheet = pickSheet(book, preferredSheets);
  if (!sheet) return fail('no_header');
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: string[] = [];
    const errors = new Map<number, string>();
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      const read = cellText(cell.value);
      if ('error' in read) {
        errors.set(col - 1, read.error);
        cells[col - 1] = '';
      } else cells[col - 1] = read.text;
    });
    rows.push({ row: number, cells: Array.from(cells, (c) => c ?? ''), errors });
  });
  return { ok: true, data: { sheet: sheet.name, rows } };
}

/** CSV bytes as text: a byte-order mark decides, else strict UTF-8, else GBK. */
function decodeCsv(bytes: Buffer): string | null {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  for (const encoding of ['utf-8', 'gbk']) {
    try {
      return new TextDecoder(encoding, { fatal: true }).decode(bytes);
    } catch {
      // not this one
    }
  }
  return null;
}

function readCsv(bytes: Buffer): SpreadsheetResult {
  const text = decodeCsv(bytes);
  if (text === null) return fail('encoding');
  let records: string[][];
  try {
    // Excel writes commas (tabs for "Unicode text"); every record is one row in Excel, empty lines included.
    records = parse(text, { relax_column_count: true, skip_empty_lines: false, delimiter: [',', '\t'], relax_quotes: false }) as string[][];
  } catch (error) {
    if (error instanceof CsvError) return fail('csv_syntax', { detail: error.message.slice(0, 200) }, (error as CsvError & { lines?: number }).lines ?? null);
    throw error;
  }
  return { ok: true, data: { sheet: null, rows: records.map((cells, i) => ({ row: i + 1, cells, errors: new Map() })).filter((r) => r.cells.some((c) => c.trim() !== '')) } };
}

/** Reads an uploaded file as rows; `preferredSheets` names the worksheet to read in a workbook. */
export async function readSpreadsheet(bytes: Buffer, preferredSheets: readonly string[]): Promise<SpreadsheetResult> {
  if (bytes.length === 0) return fail('no_header');
  if (startsWith(bytes, ZIP_MAGIC)) return readWorkbook(bytes, preferredSheets);
  if (startsWith(bytes, OLE_MAGIC)) return fail('file_type');
  return readCsv(bytes);
}
