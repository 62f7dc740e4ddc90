/**
 * The contest's results as one Excel workbook for the contest office: per track a 汇总表 (the
 * ranking with awards, panel sizes, criterion means and the deciding tie-break rule; entries
 * without a score and those that did not take part listed apart) and a 评分明细 (every submitted
 * sheet, with comment and times), and a 签字确认 sheet (each judge's sign-off). Chinese headers,
 * points as numbers shown with two decimals, times as dates in the contest's time zone, frozen
 * header rows, widths that fit Chinese text, A4 print set-up with the header repeated.
 */
import ExcelJS from 'exceljs';
import type { TrackAnalysisReport } from '../domain/analysis/report';
import { analysisSheetOf } from './analysisSheet';
import { addAnalysisSheet } from './analysisWorksheet';
import { judgeTotal } from '../domain/sheet';
import type { TrackResults } from '../domain/results';
import { ContestModel } from '../store/model';
import type { ContestState, TrackRow } from '../store/state';
import { contestFileOf, isSubmitted } from '../views/exports';
import type { AuditFacts } from './auditFacts';
import { resultsTrackOfState } from './fromState';
import { resultLines } from './resultsTable';
import { sheetName } from './sheetName';
import { displayWidth } from './textWidth';
import { localDateTimeText, spreadsheetDate, timeZoneLabel } from './time';
import { ENTRY_STATE_TEXT, noScoreReason, policyText } from './words';

export interface WorkbookOptions {
  /** IANA zone of the contest (server/reports/time.ts). */
  timeZone: string;
  audit: AuditFacts;
  /** When the workbook is made (ms), printed under each title. */
  now: number;
  /** Each track's analysis (docs/analysis.md), as the 评委分析 sheets; none when left out. */
  analyses?: readonly TrackAnalysisReport[];
}

type Cell = string | number | Date | null;

/** A column of a sheet: its header and how its cells are shown. */
interface Column {
  header: string;
  format?: 'points' | 'count' | 'time' | 'text';
  /** Long free text (comments): wrapped in a capped width. */
  wrap?: boolean;
}

const POINTS_FORMAT = '0.00';
const TIME_FORMAT = 'yyyy-mm-dd hh:mm:ss';
const MIN_WIDTH = 6;
const MAX_WIDTH = 48;
const TITLE_ROWS = 2;

const points = (hundredths: number) => hundredths / 100;


function widthOf(value: Cell, format: Column['format']): number {
  if (value === null) return 0;
  if (value instanceof Date || format === 'time') return 19;
  if (typeof value === 'number') return format === 'points' ? String(value.toFixed(2)).length : String(value).length;
  return Math.max(...value.split('\n').map(displayWidth));
}

/**
 * Adds a sheet: two title rows, a bold header row (frozen, repeated on every printed page), the
 * rows, then any notes below. Widths fit the longest cell (CJK characters count double).
 */
function addTable(
  book: ExcelJS.Workbook,
  name: string,
  title: string,
  subtitle: string,
  columns: Column[],
  rows: Cell[][],
  options: { landscape: boolean; notes?: { heading: string; columns: string[]; rows: Cell[][] } },
): ExcelJS.Worksheet {
  const sheet = book.addWorksheet(sheetName(name), {
    views: [{ state: 'frozen', ySplit: TITLE_ROWS + 1 }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: options.landscape ? 'landscape' : 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: `${TITLE_ROWS + 1}:${TITLE_ROWS + 1}`,
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
  });
  sheet.addRow([title]).font = { bold: true, size: 14 };
  sheet.addRow([subtitle]).font = { color: { argb: 'FF555555' } };
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  for (const values of rows) {
    const row = sheet.addRow(values);
    columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      if (c.format === 'points' && typeof values[i] === 'number') cell.numFmt = POINTS_FORMAT;
      if (c.format === 'count' && typeof values[i] === 'number') cell.numFmt = '0';
      if (values[i] instanceof Date) cell.numFmt = TIME_FORMAT;
      if (c.wrap) cell.alignment = { wrapText: true, vertical: 'top' };
    });
  }
  if (options.notes && options.notes.rows.length > 0) {
    sheet.addRow([]);
    sheet.addRow([options.notes.heading]).font = { bold: true };
    sheet.addRow(options.notes.columns).font = { bold: true };
    for (const values of options.notes.rows) sheet.addRow(values);
  }
  columns.forEach((c, i) => {
    const widest = Math.max(displayWidth(c.header), ...rows.map((r) => widthOf(r[i] ?? null, c.format)), ...(options.notes?.rows ?? []).map((r) => widthOf(r[i] ?? null, 'text')));
    sheet.getColumn(i + 1).width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, widest + 2));
  });
  return sheet;
}

function summarySheet(book: ExcelJS.Workbook, state: ContestState, model: ContestModel, track: TrackRow, results: TrackResults, options: WorkbookOptions, stamp: string): void {
  const lines = resultLines(resultsTrackOfState(state, model, track, results));
  const rules = model.trackRules(track.id);
  const items = state.rubricItems.filter((i) => i.trackId === track.id);
  const criteria = items.filter((i) => i.kind === 'criterion');
  const bonus = items.filter((i) => i.kind === 'bonus');
  const entryOf = new Map(state.entries.map((e) => [e.code, e]));
  const panel = new Set(model.trackJudgeIds(track.id));
  const recusedNote = (entryId: number) => {
    const n = state.recusals.filter((r) => r.entryId === entryId && panel.has(r.judgeId)).length;
    return n > 0 ? `回避 ${n} 人（不计分）` : '';
  };

  const columns: Column[] = [
    { header: '名次', format: 'count' }, { header: '奖项' }, { header: '编号' }, { header: '单位名称' }, { header: '模型名称' },
    { header: '最终得分', format: 'points' }, { header: '计分评委数', format: 'count' }, { header: '应评评委数', format: 'count' },
    ...criteria.map((c): Column => ({ header: `${c.label.zh}（满分 ${points(c.max)}）平均`, format: 'points' })),
    ...(bonus.length > 0 ? [{ header: '加分平均', format: 'points' } as Column] : []),
    { header: '并列判定' }, { header: '备注', wrap: true },
  ];
  const rows: Cell[][] = [];
  const apart: Cell[][] = [];
  for (const l of lines) {
    const entry = entryOf.get(l.code)!;
    const r = l.result;
    if (r) {
      rows.push([
        l.rank, l.award, l.code, l.unit, l.model, points(r.final), l.counted, l.expected,
        ...criteria.map((c) => points(r.criterionMeans[c.key] ?? 0)),
        ...(bonus.length > 0 ? [points(r.bonusMean)] : []),
        l.decidedBy, recusedNote(entry.id),
      ]);
    } else if (entry.state === 'closed') {
      // 无成绩: scoring closed without a sheet that counts.
      rows.push([null, '无成绩', l.code, l.unit, l.model, null, 0, l.expected, ...criteria.map(() => null), ...(bonus.length > 0 ? [null] : []), '', noScoreReason(l.expected)]);
    } else {
      apart.push([ENTRY_STATE_TEXT[entry.state] ?? entry.state, l.code, l.unit, l.model, '']);
    }
  }
  for (const e of state.entries.filter((x) => x.trackId === track.id && x.state === 'withdrawn')) {
    apart.push([ENTRY_STATE_TEXT.withdrawn!, e.code, e.unit, e.model, options.audit.withdrawReason(e.id) ?? '']);
  }
  const awards = state.awardTiers.filter((a) => a.trackId === track.id).map((a) => `${a.name.zh} ${a.count} 名`).join('、');
  addTable(
    book,
    `汇总表-${track.name.zh}`,
    `${state.contest.name.zh} · ${track.name.zh} · 汇总表`,
    `计分规则：${policyText(rules.aggregation)}。奖项：${awards}。${stamp}`,
    columns,
    rows,
    { landscape: true, notes: { heading: '未参与排名的作品', columns: ['状态', '编号', '单位名称', '模型名称', '原因'], rows: apart } },
  );
}

function detailSheet(book: ExcelJS.Workbook, state: ContestState, model: ContestModel, track: TrackRow, options: WorkbookOptions, stamp: string): void {
  const items = state.rubricItems.filter((i) => i.trackId === track.id);
  const criteria = items.filter((i) => i.kind === 'criterion');
  const bonus = items.filter((i) => i.kind === 'bonus');
  const rules = model.trackRules(track.id);
  const judges = new Map(state.judges.map((j) => [j.id, j]));
  const panel = new Set(model.trackJudgeIds(track.id));
  const entries = state.entries.filter((e) => e.trackId === track.id);
  const columns: Column[] = [
    { header: '编号' }, { header: '单位名称' }, { header: '评委' },
    ...criteria.map((c): Column => ({ header: `${c.label.zh}（${points(c.max)}）`, format: 'points' })),
    ...bonus.map((b): Column => ({ header: `${b.label.zh}（${points(b.max)}）`, format: 'points' })),
    { header: '总分', format: 'points' }, { header: '评语', wrap: true },
    { header: '首次提交时间', format: 'time' }, { header: '最后修改时间', format: 'time' }, { header: '提交次数', format: 'count' },
    { header: '备注' },
  ];
  const rows: Cell[][] = [];
  for (const entry of entries) {
    const sheets = state.sheets
      .filter((s) => s.entryId === entry.id && panel.has(s.judgeId))
      .filter(isSubmitted)
      .sort((a, b) => judges.get(a.judgeId)!.key.localeCompare(judges.get(b.judgeId)!.key));
    for (const s of sheets) {
      const values = { scores: s.scores, bonus: s.bonus ?? {} };
      const last = s.submittedAt!.getTime();
      const first = options.audit.firstSubmittedAt(s.judgeId, s.entryId) ?? last;
      const notes = [
        model.isRecused(s.judgeId, s.entryId) ? '回避，不计分' : '',
        entry.state === 'closed' ? '' : `作品${ENTRY_STATE_TEXT[entry.state] ?? entry.state}，尚未计分`,
      ].filter(Boolean);
      rows.push([
        entry.code, entry.unit, judges.get(s.judgeId)!.name,
        ...criteria.map((c) => (values.scores[c.key] === undefined ? null : points(values.scores[c.key]!))),
        ...bonus.map((b) => points(values.bonus[b.key] ?? 0)),
        points(judgeTotal(rules, values)), s.comment ?? '',
        spreadsheetDate(first, options.timeZone), s.submitCount > 1 ? spreadsheetDate(last, options.timeZone) : null, s.submitCount,
        notes.join('；'),
      ]);
    }
  }
  addTable(book, `评分明细-${track.name.zh}`, `${state.contest.name.zh} · ${track.name.zh} · 评分明细`, stamp, columns, rows, { landscape: true });
}

function signOffSheet(book: ExcelJS.Workbook, state: ContestState, options: WorkbookOptions, stamp: string): void {
  // A judge signs off each of their tracks on its own (once that track is closed): a row per judge per track.
  const signedAt = new Map(state.signOffs.map((so) => [`${so.judgeId}:${so.trackId}`, so.signedAt]));
  const rows = state.judges.flatMap((j) =>
    state.tracks
      .filter((t) => state.judgeTracks.some((jt) => jt.judgeId === j.id && jt.trackId === t.id))
      .map((t): Cell[] => {
        const at = signedAt.get(`${j.id}:${t.id}`);
        return [j.key, j.name, j.affiliation ?? '', t.name.zh, at ? spreadsheetDate(at.getTime(), options.timeZone) : '未签字'];
      }),
  );
  addTable(
    book, '签字确认', `${state.contest.name.zh} · 评委签字确认`, stamp,
    [{ header: '代号' }, { header: '评委' }, { header: '单位' }, { header: '赛道' }, { header: '签字确认时间', format: 'time' }],
    rows, { landscape: false },
  );
}

/** The workbook as the bytes of an .xlsx file. */
export async function resultsWorkbook(state: ContestState, results: ReadonlyMap<number, TrackResults>, options: WorkbookOptions): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Podium';
  book.created = new Date(options.now);
  const stamp = `导出时间：${localDateTimeText(options.now, options.timeZone)}（${timeZoneLabel(options.timeZone)}）`;
  const model = new ContestModel(state);
  for (const track of state.tracks) summarySheet(book, state, model, track, results.get(track.id)!, options, stamp);
  for (const track of state.tracks) detailSheet(book, state, model, track, options, stamp);
  signOffSheet(book, state, options, stamp);
  const contest = contestFileOf(state);
  for (const report of options.analyses ?? []) addAnalysisSheet(book, analysisSheetOf(contest, report));
  return Buffer.from(await book.xlsx.writeBuffer());
}
