/**
 * Writes the "评委分析" sheet (analysisSheet.ts) into a workbook, in the look of the other sheets
 * of the results workbook (workbook.ts): a bold title and a grey subtitle, then each block as a
 * bold heading, a shaded header row, its rows with number formats, and its notes; A4 upright,
 * fitted to the page width; widths that fit Chinese text.
 */
import type ExcelJS from 'exceljs';
import type { AnalysisSheet, SheetColumn } from './analysisSheet';
import { displayWidth } from './textWidth';

const NUMBER_FORMATS: Record<SheetColumn['format'], string | null> = { points: '0.00', count: '0', ratio: '0.00', percent: '0%', text: null };
const MIN_WIDTH = 6;
const MAX_WIDTH = 40;

export function addAnalysisSheet(book: ExcelJS.Workbook, sheet: AnalysisSheet): ExcelJS.Worksheet {
  const ws = book.addWorksheet(sheet.name, {
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
  });
  ws.addRow([sheet.title]).font = { bold: true, size: 14 };
  ws.addRow([sheet.subtitle]).font = { color: { argb: 'FF555555' } };
  const widths: number[] = [];
  const fit = (i: number, text: string) => {
    widths[i] = Math.max(widths[i] ?? 0, displayWidth(text));
  };
  for (const block of sheet.blocks) {
    ws.addRow([]);
    ws.addRow([block.heading]).font = { bold: true, size: 12 };
    const header = ws.addRow(block.columns.map((c) => c.header));
    header.font = { bold: true };
    header.alignment = { vertical: 'middle', wrapText: true };
    header.eachCell((cell) => {
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
      cell.border = { bottom: { style: 'thin' } };
    });
    // Headers wrap: they count for half their width.
    block.columns.forEach((c, i) => fit(i, c.header.slice(0, Math.ceil(c.header.length / 2))));
    for (const values of block.rows) {
      const row = ws.addRow(values);
      block.columns.forEach((c, i) => {
        const value = values[i];
        const format = NUMBER_FORMATS[c.format];
        if (format && typeof value === 'number') row.getCell(i + 1).numFmt = format;
        fit(i, typeof value === 'number' ? (c.format === 'percent' ? '100%' : value.toFixed(2)) : (value ?? ''));
      });
    }
    // Notes run across the sheet from the first column: they do not widen it.
    for (const note of block.notes) ws.addRow([note]).font = { color: { argb: 'FF444444' } };
  }
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w + 2));
  });
  return ws;
}
