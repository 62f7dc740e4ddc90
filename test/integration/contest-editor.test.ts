/**
 * The /setup editor's commands on a real server: a contest made from nothing (a minimal contest
 * file, then edits), every part checked by the contest file's own parser with its problems said
 * by path and code, the rubric that cannot change once a sheet exists (also when the sheet and
 * the change race each other), the refusals that keep scored work, and the audit replay that
 * follows every edit.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newContestFile } from '../../server/protocol/contestParts';
import type { AuditExport } from '../../server/protocol/rest';
import type { HostView } from '../../server/protocol/views';
import { closeAllSockets, connect, live, ok, send, sync, type TestSocket } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
let host: TestSocket;
const bearer = () => ({ authorization: `Bearer ${server.hostKey}` });

async function audit(): Promise<AuditExport<{ action: string; payload: unknown }>> {
  return (await (await fetch(`${server.url}/api/export/audit.json`, { headers: bearer() })).json()) as AuditExport<{ action: string; payload: unknown }>;
}

async function judgeSocket(key: string): Promise<TestSocket> {
  const judge = (await server.judges()).find((j) => j.key === key)!;
  return connect(server.url, { role: 'judge', token: judge.token });
}

const govTrack = {
  key: 'gov',
  name: { zh: '政府赛道', en: 'Government track' },
  criteria: [
    { key: 'complete', label: '完整性', description: '数据与模型是否完整', max: 10 },
    { key: 'effective', label: '有效性', max: 20, step: 0.5 },
  ],
  bonus: [{ key: 'model', label: '产出数据模型', max: 5 }],
  aggregation: { policy: 'mean' },
  tieBreaks: [{ rule: 'criterion', key: 'effective' }, { rule: 'manual' }],
  awards: [{ key: 'first', name: '一等奖', count: 1 }, { key: 'second', name: '二等奖', count: 2 }],
  minAwardScore: 10,
  timings: { presentation: { seconds: 300, warnings: [60] }, qa: { seconds: 120 } },
  reveal: 'rank-only',
};

beforeAll(async () => {
  server = await startTestServer();
  const created = await fetch(`${server.url}/api/setup/contest`, {
    method: 'POST',
    headers: { ...bearer(), 'content-type': 'application/json' },
    body: JSON.stringify(newContestFile({ name: '编辑器测试赛', date: '2025-06-01', track: { key: 'gov', name: '政府赛道' } })),
  });
  expect(created.status).toBe(200);
  host = await connect(server.url, { role: 'host', key: server.hostKey });
});

afterAll(async () => {
  closeAllSockets();
  await server?.close();
});

describe('a contest from nothing', () => {
  it('sets the contest, its tracks, judges, entries and a recusal, each a recorded command', async () => {
    const view = await live(host, 'host');
    await ok(host, 'contest:edit', { contest: { name: { zh: '编辑器测试赛', en: 'Editor test' }, date: '2025-06-02', venue: '深圳' } });
    await ok(host, 'track:edit', { track: govTrack });
    expect(await ok(host, 'track:add', { track: { ...govTrack, key: 'open', name: '开放赛道', bonus: [], reveal: 'live' } })).toEqual({ key: 'open' });
    const j1 = await ok(host, 'judge:add', { judge: { name: '王建国', affiliation: '深圳大学', tracks: ['gov', 'open'] } });
    const j2 = await ok(host, 'judge:add', { judge: { name: '李敏', affiliation: '南方科技大学', tracks: ['gov'] } });
    expect([j1.key, j2.key]).toEqual(['J1', 'J2']);
    const g1 = await ok(host, 'entry:add', { entry: { track: 'gov', unit: '深圳大学', model: '内涝预警模型', contact: '张三 13800000000' } });
    const g2 = await ok(host, 'entry:add', { entry: { track: 'gov', code: 'G02', unit: '市应急管理局', model: '企业风险画像' } });
    const g3 = await ok(host, 'entry:add', { entry: { track: 'gov', unit: '宝安区', model: '第三个' } });
    // Without a code: the track's next one (two styles of code in the track: the track's own style).
    expect([g1.code, g2.code, g3.code]).toEqual(['gov-01', 'G02', 'gov-02']);
    await ok(host, 'recusal:set', { judgeId: j1.id, entryId: g1.id, recused: true, reason: '同单位' });

    const v = await view.until((h) => h.judges.length === 2 && h.tracks.flatMap((t) => t.entries).length === 3 && h.judges[0]!.recusals.length === 1);
    expect(v.contest).toMatchObject({ name: { zh: '编辑器测试赛', en: 'Editor test' }, date: '2025-06-02', venue: { zh: '深圳' } });
    const gov = v.tracks.find((t) => t.key === 'gov')!;
    expect(gov.rubric.criteria.map((c) => [c.key, c.max, c.step])).toEqual([['complete', 1000, 100], ['effective', 2000, 50]]);
    expect(gov.rubric.criteria[0]!.description).toEqual({ zh: '数据与模型是否完整' });
    expect(gov.rubric.bonus.map((b) => b.key)).toEqual(['model']);
    expect(gov).toMatchObject({ reveal: 'rank-only', minAwardScore: 1000, tieBreaks: [{ rule: 'criterion', key: 'effective' }, { rule: 'manual' }] });
    expect(gov.awards.map((a) => [a.key, a.count])).toEqual([['first', 1], ['second', 2]]);
    expect(gov.timings).toEqual({ presentation: { seconds: 300, warnings: [60] }, qa: { seconds: 120, warnings: [] } });
    expect(gov.entries.map((e) => [e.code, e.position, e.contact])).toEqual([['gov-01', 1, '张三 13800000000'], ['G02', 2, null], ['gov-02', 3, null]]);
    expect(v.tracks.map((t) => t.key)).toEqual(['gov', 'open']);
    expect(v.judges.map((j) => [j.key, j.name, j.affiliation, j.tracks])).toEqual([
      ['J1', '王建国', '深圳大学', ['gov', 'open']],
      ['J2', '李敏', '南方科技大学', ['gov']],
    ]);

    const record = await audit();
    expect(record.chain.ok).toBe(true);
    expect(record.replay).toEqual({ ok: true, differences: [] });
    expect(record.records.map((r) => r.action).slice(-9)).toEqual([
      'contest:edit', 'track:edit', 'track:add', 'judge:add', 'judge:add', 'entry:add', 'entry:add', 'entry:add', 'recusal:set',
    ]);
    // The records say what was written, with ids (the replay's material).
    expect(record.records.find((r) => r.action === 'entry:add')!.payload).toMatchObject({ entry: { id: g1.id, code: 'gov-01', track: 'gov' } });
  });
});

describe('problems', () => {
  it('are those of the contest file, by path inside the part', async () => {
    const bad = { ...govTrack, key: 'city', criteria: [{ key: 'a', label: 'A', max: 10, step: 3 }, { key: 'a', label: '', max: -1 }], tieBreaks: [{ rule: 'manual' }, { rule: 'lowerSpread' }] };
    const answer = await send(host, 'track:add', { track: bad });
    expect(answer).toMatchObject({ ok: false, code: 'contest_invalid' });
    const problems = (answer as { details: { path: string; code: string }[] }).details.map((p) => [p.path, p.code]);
    expect(problems).toEqual(expect.arrayContaining([
      ['criteria[0].step', 'step_not_divisor'],
      ['criteria[1].key', 'duplicate_item'],
      ['criteria[1].label', 'not_empty'],
      ['criteria[1].max', 'positive'],
      ['tieBreaks[0].rule', 'manual_not_last'],
    ]));
    expect(await send(host, 'track:add', { track: { ...govTrack } })).toMatchObject({ ok: false, code: 'contest_invalid', details: [{ path: 'key', code: 'duplicate_track' }] });
    expect(await send(host, 'entry:add', { entry: { track: 'city', unit: 'x', model: 'y' } })).toMatchObject({
      ok: false, code: 'contest_invalid', details: [{ path: 'track', code: 'unknown_track', params: { value: 'city' } }],
    });
    expect(await send(host, 'entry:add', { entry: { track: 'gov', code: 'g02', unit: 'x', model: 'y' } })).toMatchObject({ details: [{ path: 'code', code: 'duplicate_entry' }] });
    expect(await send(host, 'judge:add', { judge: { name: '赵六', tracks: [], token: 'abcdefghijklmnopqrstuvwxyz' } })).toMatchObject({
      ok: false, code: 'contest_invalid', details: [{ path: 'token', code: 'invalid' }, { path: 'tracks', code: 'judge_needs_track' }],
    });
    expect(await send(host, 'contest:edit', { contest: { name: '' } })).toMatchObject({ details: [{ path: 'name', code: 'not_empty' }] });
    expect(await send(host, 'track:edit', { track: 'gov' })).toMatchObject({ ok: false, code: 'invalid_payload', field: 'track' });
    expect(await send(host, 'entry:remove', { entryId: 999_999 })).toMatchObject({ ok: false, code: 'not_found' });
  });
});

describe('the rubric once sheets exist', () => {
  it('is refused with the reason; labels, awards and the rest may still change', async () => {
    const view = await sync<HostView>(host);
    const gov = view.tracks.find((t) => t.key === 'gov')!;
    const entry = gov.entries.find((e) => e.code === 'G02')!;
    await ok(host, 'stage:call', { track: 'gov', entryId: entry.id });
    await ok(host, 'stage:advance', { track: 'gov', action: 'start' });
    const judge = await judgeSocket('J2');
    await ok(judge, 'sheet:save', { entryId: entry.id, scores: { complete: 800 }, bonus: {}, comment: '', rev: 1 });

    const changed = { ...govTrack, criteria: [govTrack.criteria[0], { ...govTrack.criteria[1], max: 25 }] };
    const refused = await send(host, 'track:edit', { track: changed });
    expect(refused).toMatchObject({ ok: false, code: 'rubric_locked', details: { sheets: 1 } });
    expect((refused as { message: string }).message).toContain('cannot change');
    const reordered = { ...govTrack, criteria: [govTrack.criteria[1], govTrack.criteria[0]] };
    expect(await send(host, 'track:edit', { track: reordered })).toMatchObject({ ok: false, code: 'rubric_locked' });

    const words = { ...govTrack, criteria: [{ ...govTrack.criteria[0], label: { zh: '完整性（修订）', en: 'Completeness' } }, govTrack.criteria[1]], awards: [{ key: 'first', name: '一等奖', count: 2 }] };
    await ok(host, 'track:edit', { track: words });
    const after = await sync<HostView>(host);
    const track = after.tracks.find((t) => t.key === 'gov')!;
    expect(track.rubric.criteria[0]!.label).toEqual({ zh: '完整性（修订）', en: 'Completeness' });
    expect(track.awards[0]!.count).toBe(2);
    // The draft scored against the rubric is still there.
    expect(track.entries.find((e) => e.id === entry.id)!.sheets.find((s) => s.status === 'draft')).toBeDefined();
  });

  it('holds when a sheet and a rubric change race: one wins, and every sheet fits the rubric it was checked against', async () => {
    const judge = await judgeSocket('J1');
    const outcomes = { sheetFirst: 0, rubricFirst: 0 };
    for (let i = 0; i < 8; i++) {
      const key = `race${i}`;
      await ok(host, 'track:add', { track: { key, name: key, criteria: [{ key: 'c', label: 'C', max: 10 }], awards: [{ key: 'first', name: '一等奖', count: 1 }] } });
      const j1 = (await sync<HostView>(host)).judges.find((j) => j.key === 'J1')!;
      await ok(host, 'judge:edit', { judgeId: j1.id, judge: { name: j1.name, affiliation: j1.affiliation, tracks: [...j1.tracks, key] } });
      const { id } = await ok(host, 'entry:add', { entry: { track: key, unit: `单位${i}`, model: `模型${i}` } });
      await ok(host, 'stage:call', { track: key, entryId: id });
      await ok(host, 'stage:advance', { track: key, action: 'start' });
      // A sheet valid only under the old rubric (10 > 5), sent at the same moment as the change.
      const [sheet, edit] = await Promise.all([
        send(judge, 'sheet:submit', { entryId: id, scores: { c: 1000 }, bonus: {}, comment: '', submissionId: randomUUID() }),
        send(host, 'track:edit', { track: { key, name: key, criteria: [{ key: 'c', label: 'C', max: 5 }], awards: [{ key: 'first', name: '一等奖', count: 1 }] } }),
      ]);
      if (sheet.ok) {
        expect(edit).toMatchObject({ ok: false, code: 'rubric_locked' });
        outcomes.sheetFirst++;
      } else {
        expect(edit.ok).toBe(true);
        expect(sheet).toMatchObject({ ok: false, code: 'sheet_invalid' });
        outcomes.rubricFirst++;
      }
      const track = (await sync<HostView>(host)).tracks.find((t) => t.key === key)!;
      const max = track.rubric.criteria[0]!.max;
      expect(max).toBe(sheet.ok ? 1000 : 500);
      for (const s of track.entries[0]!.sheets) if (s.status === 'submitted') expect(s.total!).toBeLessThanOrEqual(max);
    }
    expect(outcomes.sheetFirst + outcomes.rubricFirst).toBe(8);
    const record = await audit();
    expect(record.replay).toEqual({ ok: true, differences: [] });
  });
});

describe('what has been scored stays', () => {
  it('refuses removing or moving scored people and tracks with entries; moves and removes untouched ones', async () => {
    const view = await sync<HostView>(host);
    const gov = view.tracks.find((t) => t.key === 'gov')!;
    const j1 = view.judges.find((j) => j.key === 'J1')!;
    const j2 = view.judges.find((j) => j.key === 'J2')!;
    const started = gov.entries.find((e) => e.code === 'G02')!;
    const untouched = gov.entries.find((e) => e.code === 'gov-01')!;

    expect(await send(host, 'judge:remove', { judgeId: j2.id })).toMatchObject({ ok: false, code: 'invalid_state', details: { reason: 'judge_has_sheets', count: 1 } });
    expect(await send(host, 'judge:edit', { judgeId: j2.id, judge: { name: '李敏', tracks: ['open'] } })).toMatchObject({ details: { reason: 'judge_has_sheets' } });
    expect(await send(host, 'entry:remove', { entryId: started.id })).toMatchObject({ ok: false, details: { reason: 'entry_started' } });
    expect(await send(host, 'entry:edit', { entryId: started.id, entry: { track: 'open', unit: 'x', model: 'y' } })).toMatchObject({ details: { reason: 'entry_started' } });
    expect(await send(host, 'track:remove', { track: 'gov' })).toMatchObject({ ok: false, details: { reason: 'track_has_entries' } });

    // An untouched entry moves to the open track; J1's recusal from it stays (J1 scores open too).
    expect(await ok(host, 'entry:edit', { entryId: untouched.id, entry: { track: 'open', code: 'O01', unit: '深圳大学', model: '内涝预警模型（改）' } })).toEqual({ id: untouched.id, code: 'O01' });
    let after = await sync<HostView>(host);
    expect(after.tracks.find((t) => t.key === 'open')!.entries.map((e) => [e.code, e.model, e.position])).toEqual([['O01', '内涝预警模型（改）', 1]]);
    expect(after.tracks.find((t) => t.key === 'gov')!.entries.map((e) => [e.code, e.position])).toEqual([['G02', 1], ['gov-02', 2]]);
    expect(after.judges.find((j) => j.id === j1.id)!.recusals).toEqual([untouched.id]);
    // J1 gives up the open track: the recusal there goes with it, on the record.
    await ok(host, 'judge:edit', { judgeId: j1.id, judge: { key: 'J1', name: '王建国', affiliation: '深圳大学', tracks: ['gov', ...j1.tracks.filter((t) => t.startsWith('race'))] } });
    after = await sync<HostView>(host);
    expect(after.judges.find((j) => j.id === j1.id)!.recusals).toEqual([]);
    const g3 = after.tracks.find((t) => t.key === 'gov')!.entries.find((e) => e.code === 'gov-02')!;
    await ok(host, 'entry:remove', { entryId: g3.id });
    const j3 = await ok(host, 'judge:add', { judge: { key: 'X9', name: '临时评委', tracks: ['open'] } });
    expect(j3.key).toBe('X9');
    await ok(host, 'judge:remove', { judgeId: j3.id });

    const record = await audit();
    expect(record.chain.ok).toBe(true);
    expect(record.replay).toEqual({ ok: true, differences: [] });
    expect(record.records.find((r) => r.action === 'judge:edit' && (r.payload as { droppedRecusals: unknown[] }).droppedRecusals.length > 0)!.payload).toMatchObject({
      droppedRecusals: [{ judgeId: j1.id, entryId: untouched.id }],
    });
  });

  it('removes an empty track, not the last one', async () => {
    await ok(host, 'track:add', { track: { key: 'spare', name: '备用', criteria: [{ key: 'c', label: 'C', max: 10 }], awards: [{ key: 'a', name: '奖', count: 1 }] } });
    await ok(host, 'track:remove', { track: 'spare' });
    expect((await sync<HostView>(host)).tracks.map((t) => t.key)).not.toContain('spare');
  });
});
