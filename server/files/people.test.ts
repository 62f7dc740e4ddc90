import { describe, expect, it } from 'vitest';
import type { EntryImportRow, JudgeImportRow } from '../protocol/people';
import { readPeople, type PeopleContext } from './people';
import type { SheetRows } from './spreadsheet';

const context: PeopleContext = {
  tracks: [{ key: 'gov', name: { zh: '政府赛道', en: 'Government track' } }, { key: 'open', name: { zh: '开放赛道' } }],
  entries: [{ code: 'G08', track: 'gov', unit: '甲', model: '甲模型' }, { code: 'G09', track: 'gov', unit: '乙', model: '乙模型' }],
  judges: [{ key: 'J1', name: '王建国' }, { key: 'J3', name: '李敏' }],
};

const sheet = (...rows: string[][]): SheetRows => ({ sheet: null, rows: rows.map((cells, i) => ({ row: i + 1, cells, errors: new Map() })) });

describe('people from a sheet', () => {
  it('matches headers in Chinese or English, whatever the case, spaces, * marks and notes, below a title row', () => {
    const read = readPeople('entries', sheet(['2026 年作品名单'], [' TRACK ', '单位名称*', '模型名称（必填）', 'Contact'], ['Government Track', '丙', '丙模型', '  ']), context);
    expect(read.problems).toEqual([]);
    expect(read.rows as EntryImportRow[]).toEqual([{ row: 3, track: 'gov', code: 'G10', codeAssigned: true, unit: '丙', model: '丙模型', contact: null, order: null }]);
  });

  it('assigns codes after the track\'s existing ones in running order, around codes written in the file', () => {
    const read = readPeople('entries', sheet(['赛道', '编号', '单位名称', '模型名称', '出场顺序'], ['gov', '', 'a', 'a', '2'], ['gov', 'G10', 'b', 'b', ''], ['gov', '', 'c', 'c', '1'], ['open', '', 'd', 'd', '']), context);
    expect(read.problems).toEqual([]);
    expect((read.rows as EntryImportRow[]).map((r) => [r.row, r.code])).toEqual([[2, 'G12'], [3, 'G10'], [4, 'G11'], [5, 'open-01']]);
  });

  it('finds duplicates in the file and against the contest, bad codes and orders, all at once', () => {
    const read = readPeople(
      'entries',
      sheet(['赛道', '编号', '单位名称', '模型名称', '出场顺序'], ['gov', 'g08', 'x', 'x', ''], ['gov', '', '甲', '甲模型', ''], ['gov', '9z', 'y', 'y', '0'], ['open', '', 'u', 'v', '3'], ['open', '', 'U', 'V', '3']),
      context,
    );
    expect(read.problems.map((p) => [p.row, p.column, p.code, p.params])).toEqual([
      [2, '编号', 'duplicate_in_contest', { value: 'g08' }],
      [3, '模型名称', 'duplicate_in_contest', { value: '甲 / 甲模型' }],
      [4, '编号', 'bad_code', { value: '9z' }],
      [4, '出场顺序', 'bad_order', { value: '0' }],
      [6, '模型名称', 'duplicate_in_file', { value: 'U / V', firstRow: 5 }],
      [6, '出场顺序', 'duplicate_in_file', { value: '3', firstRow: 5 }],
    ]);
  });

  it('reads judges\' tracks separated by 、，,；; or spaces, or 全部, and gives them free keys', () => {
    const read = readPeople('judges', sheet(['Name', 'Affiliation', 'Tracks'], ['张伟', '', 'gov，open'], ['陈晓燕', '南科大', '开放赛道; 政府赛道 gov'], ['赵磊', '', '全部']), context);
    expect(read.problems).toEqual([]);
    expect((read.rows as JudgeImportRow[]).map((r) => [r.key, r.name, r.affiliation, r.tracks])).toEqual([
      ['J2', '张伟', null, ['gov', 'open']],
      ['J4', '陈晓燕', '南科大', ['open', 'gov']],
      ['J5', '赵磊', null, ['gov', 'open']],
    ]);
  });
});
