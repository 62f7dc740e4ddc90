/**
 * The Excel templates for people (作品导入模板.xlsx, 评委导入模板.xlsx): the sheet to fill in with
 * Chinese headers (required ones marked), a note on the track column listing the contest's track
 * keys and names, a drop-down of the tracks, and a second sheet 说明 with what goes where.
 */
import ExcelJS from 'exceljs';
import { ENTRY_FIELDS, JUDGE_FIELDS, SHEET_NAMES } from '../files/people';
import type { Localized } from '../protocol/contestFile';
import type { PeopleKind } from '../protocol/people';
import { displayWidth } from './textWidth';

interface TemplateColumn {
  header: string;
  required: boolean;
  explain: string;
  example: string;
}

/** Rows of the template that offer the track drop-down. */
const TEMPLATE_ROWS = 500;

export const TEMPLATE_FILE_NAMES: Record<PeopleKind, string> = { entries: '作品导入模板.xlsx', judges: '评委导入模板.xlsx' };

function columnsOf(kind: PeopleKind, tracks: readonly { key: string; name: Localized }[]): TemplateColumn[] {
  const first = tracks[0];
  const trackExample = first ? first.name.zh : '政府赛道';
  if (kind === 'entries') {
    const f = ENTRY_FIELDS;
    return [
      { header: f.track.zh, required: true, explain: '赛道名称或代号（见下方赛道表）', example: trackExample },
      { header: f.code.zh, required: false, explain: '作品编号，字母开头的字母、数字、- 或 _；留空则自动编号（接在本赛道已有编号之后）', example: 'G01' },
      { header: f.unit.zh, required: true, explain: `参赛单位全称，不超过 ${f.unit.max} 字`, example: '市应急管理局' },
      { header: f.model.zh, required: true, explain: `模型（作品）名称，不超过 ${f.model.max} 字`, example: '城市内涝风险预警模型' },
      { header: f.contact.zh, required: false, explain: '联系人姓名及电话', example: '张三 13800000000' },
      { header: f.order.zh, required: false, explain: '出场顺序（从 1 起的整数）；新作品排在本赛道已有作品之后，按此列先后排列，留空按行的先后', example: '1' },
    ];
  }
  const f = JUDGE_FIELDS;
  return [
    { header: f.name.zh, required: true, explain: `评委姓名，不超过 ${f.name.max} 字；同一赛事中不能重名`, example: '王建国' },
    { header: f.affiliation.zh, required: false, explain: '评委所在单位（与作品同单位时请在主持台设置回避）', example: '深圳市应急管理专家库' },
    { header: f.tracks.zh, required: true, explain: '评审的赛道名称或代号，多个赛道用 、 ， , ； 或空格分隔；“全部”表示所有赛道', example: tracks.map((t) => t.name.zh).join('、') || '政府赛道、开放赛道' },
  ];
}

/** A template workbook for the current contest's tracks. */
export async function peopleTemplate(kind: PeopleKind, contestName: string, tracks: readonly { key: string; name: Localized }[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Podium';
  const columns = columnsOf(kind, tracks);
  const trackList = tracks.map((t) => `${t.key}：${t.name.zh}${t.name.en ? `（${t.name.en}）` : ''}`).join('\n');

  const sheet = book.addWorksheet(SHEET_NAMES[kind][0]!, { views: [{ state: 'frozen', ySplit: 1 }] });
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: c.required ? 'FFFDE2C4' : 'FFE8EEF7' } };
    const trackColumn = c.header === ENTRY_FIELDS.track.zh || c.header === JUDGE_FIELDS.tracks.zh;
    cell.note = `${c.required ? '必填。' : '选填。'}${c.explain}${trackColumn ? `\n本赛事的赛道（代号：名称）：\n${trackList}` : ''}`;
    sheet.getColumn(i + 1).width = Math.max(12, displayWidth(c.example) + 4, displayWidth(c.header) + 4);
  });
  // A drop-down of the track names on the entries' track column (names with a comma cannot be listed).
  const names = tracks.map((t) => t.name.zh);
  if (kind === 'entries' && names.length > 0 && names.every((n) => !/[,"]/.test(n))) {
    for (let row = 2; row <= TEMPLATE_ROWS + 1; row++) {
      sheet.getCell(row, 1).dataValidation = { type: 'list', allowBlank: true, showErrorMessage: false, formulae: [`"${names.join(',')}"`] };
    }
  }

  const help = book.addWorksheet('说明');
  help.getColumn(1).width = 14;
  help.getColumn(2).width = 8;
  help.getColumn(3).width = 70;
  help.getColumn(4).width = 28;
  help.addRow([`${contestName} · ${kind === 'entries' ? '作品' : '评委'}导入说明`]).font = { bold: true, size: 14 };
  help.addRow([`在“${SHEET_NAMES[kind][0]}”工作表中每行填写一${kind === 'entries' ? '件作品' : '位评委'}，保存后在“赛前设置”页导入。导入前会列出全部问题（行号、列名、原因），没有问题才能确认；确认后要么全部导入，要么都不导入。`]);
  help.addRow([]);
  help.addRow(['列名', '是否必填', '填写说明', '示例']).font = { bold: true };
  for (const c of columns) help.addRow([c.header, c.required ? '必填' : '选填', c.explain, c.example]);
  help.addRow([]);
  help.addRow(['本赛事的赛道']).font = { bold: true };
  help.addRow(['代号', '', '名称']).font = { bold: true };
  for (const t of tracks) help.addRow([t.key, '', `${t.name.zh}${t.name.en ? `（${t.name.en}）` : ''}`]);
  help.addRow([]);
  help.addRow(['列名也可用英文：' + (kind === 'entries' ? 'track, code, unit, model, contact, order' : 'name, affiliation, tracks') + '。也可另存为 CSV（UTF-8 或中文 Excel 默认的 GBK 编码）导入。']);
  help.eachRow((row) => {
    row.alignment = { wrapText: true, vertical: 'top' };
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}
