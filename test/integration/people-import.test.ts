/**
 * Entries and judges from Excel and CSV through the REST routes of a real server: the preview
 * lists every problem (row, column as written, code) and writes nothing; the import is all or
 * nothing; templates come with the contest's tracks.
 */
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, entries, judges, judgeTracks } from '../../db/schema/index';
import type { EntryImportRow, PeopleImported, PeoplePreview } from '../../server/protocol/people';
import type { AuditExport, SetupLinks } from '../../server/protocol/rest';
import type { HostView } from '../../server/protocol/views';
import { closeAllSockets, connect, nextEvent, sync } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';

const CONTEST = fileURLToPath(new URL('../fixtures/contests/setup-only.json', import.meta.url));

let server: TestServer;
const bearer = () => ({ authorization: `Bearer ${server.hostKey}` });

beforeAll(async () => {
  server = await startTestServer({ contestFile: CONTEST });
});

afterAll(async () => {
  closeAllSockets();
  await server?.close();
});

/**
 * Text as GBK bytes, the way Chinese Excel saves "CSV": Node has no GBK encoder, so the table is
 * read off its GBK decoder (every two-byte code, decoded), which is the standard's own table.
 */
function gbkBytes(text: string): Buffer {
  const decoder = new TextDecoder('gbk');
  const table = new Map<string, number[]>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([lead, trail]));
      if (ch.length === 1 && ch !== '\uFFFD' && !table.has(ch)) table.set(ch, [lead, trail]);
    }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) bytes.push(ch.charCodeAt(0));
    else if (table.has(ch)) bytes.push(...table.get(ch)!);
    else throw new Error(`no GBK code for ${ch}`);
  }
  const out = Buffer.from(bytes);
  // Really not UTF-8: the server must fall back to GBK for it.
  expect(() => new TextDecoder('utf-8', { fatal: true }).decode(out)).toThrow();
  return out;
}

async function workbook(sheetName: string, rows: (string | number | null)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(sheetName);
  for (const row of rows) sheet.addRow(row);
  book.addWorksheet('说明').addRow(['这一页不是名单']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function post<T>(path: string, body: Buffer): Promise<{ status: number; body: { ok: boolean; data?: T; code?: string; details?: unknown } }> {
  const res = await fetch(`${server.url}/api/setup/people/${path}`, { method: 'POST', headers: { ...bearer(), 'content-type': 'application/octet-stream' }, body: new Uint8Array(body) });
  return { status: res.status, body: (await res.json()) as { ok: boolean; data?: T } };
}

/** Row counts of everything an import could touch. */
async function counts() {
  const { db } = server.podium.database;
  const n = async (table: typeof entries | typeof judges | typeof judgeTracks | typeof auditLog) => (await db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
  return { entries: await n(entries), judges: await n(judges), judgeTracks: await n(judgeTracks), audit: await n(auditLog) };
}

/** 60 entries over both tracks, written as people do (track by name, no codes, an order). */
function sixtyEntries(): (string | number | null)[][] {
  const rows: (string | number | null)[][] = [['赛道', '编号', '单位名称', '模型名称', '联系人', '出场顺序', '备注']];
  for (let i = 1; i <= 60; i++) {
    const gov = i <= 30;
    rows.push([gov ? '政府赛道' : 'open', null, `第${i}单位`, `模型${i}号`, `联系人${i} 138000000${String(i).padStart(2, '0')}`, gov ? 31 - i : i - 30, i === 1 ? '首行' : null]);
  }
  return rows;
}

describe('entries from Excel', () => {
  it('lists exactly the three bad rows of a 60-entry workbook with their reasons, and writes nothing', async () => {
    const rows = sixtyEntries();
    rows[5]![0] = '市级赛道'; // row 6: no such track
    rows[20]![3] = ''; // row 21: model missing
    rows[40]![1] = 'G02'; // row 41: a code the contest already has
    const before = await counts();
    const preview = await post<PeoplePreview>('preview?kind=entries', await workbook('作品', rows));
    expect(preview.status).toBe(200);
    const data = preview.body.data!;
    expect(data.sheet).toBe('作品');
    expect(data.ignoredColumns).toEqual(['备注']);
    expect(data.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [6, '赛道', 'unknown_track'],
      [21, '模型名称', 'required'],
      [41, '编号', 'duplicate_in_contest'],
    ]);
    expect(data.problems[0]!.params).toEqual({ value: '市级赛道', known: 'gov（政府赛道）、open（开放赛道）' });
    expect(data.rows).toHaveLength(60);

    const refused = await post('import?kind=entries', await workbook('作品', rows));
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ ok: false, code: 'people_invalid' });
    expect((refused.body.details as unknown[]).length).toBe(3);
    expect(await counts()).toEqual(before);
  });

  it('imports all 60 once they are fixed: codes after the existing ones, in the given order, on every screen', async () => {
    const before = await counts();
    const host = await connect(server.url, { role: 'host', key: server.hostKey });
    await sync<HostView>(host);
    const stale = nextEvent(host, 'view:stale');
    const answer = await post<PeopleImported>('import?kind=entries', await workbook('作品', sixtyEntries()));
    expect(answer.status).toBe(200);
    expect(answer.body.data!.entries).toHaveLength(60);
    expect(await counts()).toEqual({ ...before, entries: before.entries + 60, audit: before.audit + 1 });

    // Every screen is told to take a fresh snapshot, which has the new entries.
    await stale;
    const view = await sync<HostView>(host);
    const gov = view.tracks.find((t) => t.key === 'gov')!;
    // Existing G01, G02 first; then the new ones by 出场顺序 (row 31 has order 1).
    expect(gov.entries.map((e) => e.code).slice(0, 4)).toEqual(['G01', 'G02', 'G03', 'G04']);
    expect(gov.entries[2]).toMatchObject({ unit: '第30单位', model: '模型30号', contact: '联系人30 13800000030', position: 3 });
    expect(gov.entries).toHaveLength(32);
    const open = view.tracks.find((t) => t.key === 'open')!;
    expect(open.entries.map((e) => e.code).slice(0, 2)).toEqual(['open-01', 'open-02']);
    expect(open.entries[0]).toMatchObject({ unit: '第31单位' });

    // Importing the same list again: every row is now a duplicate of the contest.
    const again = await post<PeoplePreview>('preview?kind=entries', await workbook('作品', sixtyEntries()));
    expect(again.body.data!.problems).toHaveLength(60);
    expect(new Set(again.body.data!.problems.map((p) => p.code))).toEqual(new Set(['duplicate_in_contest']));

    // The audit record replays to the same results (the new entries are known to it).
    const audit = (await (await fetch(`${server.url}/api/export/audit.json`, { headers: bearer() })).json()) as AuditExport<{ action: string }>;
    expect(audit.chain.ok).toBe(true);
    expect(audit.replay).toEqual({ ok: true, differences: [] });
    expect(audit.records.at(-1)!.action).toBe('people:import');
  });
});

describe('judges', () => {
  it('lists every bad row, then imports the fixed list with new links and their tracks', async () => {
    const rows = [
      ['姓名', '单位', '评审赛道'],
      ['李敏', '哈尔滨工业大学（深圳）', '政府赛道、开放赛道'],
      ['王建国', '另一单位', 'gov'], // already a judge of the contest
      ['张伟', '', '市级赛道'], // no such track
      ['', '南方科技大学', 'open'], // no name
      ['李敏', '重名', 'open'], // twice in the file
    ];
    const before = await counts();
    const preview = await post<PeoplePreview>('preview?kind=judges', await workbook('评委', rows));
    expect(preview.body.data!.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [3, '姓名', 'duplicate_in_contest'],
      [4, '评审赛道', 'unknown_track'],
      [5, '姓名', 'required'],
      [6, '姓名', 'duplicate_in_file'],
    ]);
    expect(preview.body.data!.problems[3]!.params).toEqual({ value: '李敏', firstRow: 2 });
    expect(await counts()).toEqual(before);

    const fixed = [rows[0]!, rows[1]!, ['张伟', '', 'gov；open'], ['陈晓燕', '南方科技大学', '全部']];
    const answer = await post<PeopleImported>('import?kind=judges', await workbook('评委', fixed));
    expect(answer.status).toBe(200);
    expect(answer.body.data!.judges.map((j) => [j.key, j.name, j.tracks])).toEqual([
      ['J2', '李敏', ['gov', 'open']],
      ['J3', '张伟', ['gov', 'open']],
      ['J4', '陈晓燕', ['gov', 'open']],
    ]);
    const links = (await (await fetch(`${server.url}/api/setup/judges`, { headers: bearer() })).json()) as { data: SetupLinks };
    expect(links.data.judges.map((j) => j.name)).toEqual(['王建国', '李敏', '张伟', '陈晓燕']);
    expect(new Set(links.data.judges.map((j) => j.link)).size).toBe(4);
  });
});

describe('entries from CSV', () => {
  const csv = (lines: string[]) => `${lines.join('\r\n')}\r\n`;
  const lines = ['Track , Unit,MODEL,contact', 'gov,CSV单位甲,"模型,带逗号",', '开放赛道,CSV单位乙,模型乙,"张三 ""组长"""'];

  it('reads UTF-8 with and without a byte-order mark, and GBK as Chinese Excel saves it', async () => {
    const utf8 = Buffer.from(csv(lines), 'utf8');
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]);
    const gbk = gbkBytes(csv(lines));
    for (const file of [utf8, bom, gbk]) {
      const preview = await post<PeoplePreview>('preview?kind=entries', file);
      expect(preview.body.data!.problems).toEqual([]);
      expect((preview.body.data!.rows as EntryImportRow[]).map((r) => [r.row, r.track, r.unit, r.model, r.contact])).toEqual([
        [2, 'gov', 'CSV单位甲', '模型,带逗号', null],
        [3, 'open', 'CSV单位乙', '模型乙', '张三 "组长"'],
      ]);
    }
  });

  it('reports a CSV problem by the row Excel shows, and refuses a file that is no spreadsheet', async () => {
    const bad = Buffer.from(csv(['赛道,单位名称,模型名称', 'gov,甲,\u0007模型', '', 'gov,乙,' + '长'.repeat(101)]), 'utf8');
    const preview = await post<PeoplePreview>('preview?kind=entries', bad);
    expect(preview.body.data!.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, '模型名称', 'control_chars'],
      [4, '模型名称', 'too_long'],
    ]);
    const missing = await post<PeoplePreview>('preview?kind=entries', Buffer.from('单位,模型名称\n甲,乙\n'));
    expect(missing.body.data!.problems.map((p) => [p.row, p.column, p.code])).toEqual([[1, '赛道', 'missing_column']]);
    const xls = await post<PeoplePreview>('preview?kind=entries', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    expect(xls.body.data!.problems.map((p) => p.code)).toEqual(['file_type']);
    const noKey = await fetch(`${server.url}/api/setup/people/preview?kind=entries`, { method: 'POST', body: new Uint8Array(bad) });
    expect(noKey.status).toBe(401);
    const badKind = await post('preview?kind=venues', bad);
    expect(badKind.status).toBe(400);
    const huge = await post('preview?kind=entries', Buffer.alloc(5 * 1024 * 1024 + 1, 0x41));
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ ok: false, code: 'people_invalid', details: [{ row: null, column: null, code: 'too_large', params: { max: 5 } }] });
  });
});

describe('templates', () => {
  it('are workbooks with Chinese headers, the track list in a note and a sheet of instructions, and import as filled in', async () => {
    const res = await fetch(`${server.url}/api/setup/people/template.xlsx?kind=entries`, { headers: bearer() });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''%E4%BD%9C%E5%93%81");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['作品', '说明']);
    const sheet = book.getWorksheet('作品')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['赛道', '编号', '单位名称', '模型名称', '联系人', '出场顺序']);
    const note = sheet.getCell('A1').note;
    const noteText = typeof note === 'string' ? note : (note?.texts ?? []).map((t) => t.text).join('');
    expect(noteText).toContain('gov：政府赛道');
    expect(noteText).toContain('open：开放赛道');

    sheet.getRow(2).values = ['开放赛道', 'OPX1', '模板单位', '模板模型', '', 1];
    const filled = Buffer.from(await book.xlsx.writeBuffer());
    const preview = await post<PeoplePreview>('preview?kind=entries', filled);
    expect(preview.body.data!.problems).toEqual([]);
    expect(preview.body.data!.rows).toMatchObject([{ row: 2, track: 'open', code: 'OPX1', codeAssigned: false }]);

    const judgesTemplate = await fetch(`${server.url}/api/setup/people/template.xlsx?kind=judges`, { headers: bearer() });
    const judgeBook = new ExcelJS.Workbook();
    await judgeBook.xlsx.load(Buffer.from(await judgesTemplate.arrayBuffer()) as unknown as ExcelJS.Buffer);
    expect((judgeBook.getWorksheet('评委')!.getRow(1).values as unknown[]).slice(1)).toEqual(['姓名', '单位', '评审赛道']);
  });
});
