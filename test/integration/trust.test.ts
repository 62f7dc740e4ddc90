/**
 * Trust on the day (issue 11), against a real server and database through real socket clients,
 * each role's view kept the way its client keeps it (snapshot, then patches):
 * - a sheet that arrives after its entry closed is kept, answered `late`, shown to the host with
 *   its values, counted after a reopen (one recorded step) or kept out, and the record replays
 *   to the same results;
 * - closing says what it will mean (judges missing or amending, the policy that will apply, no
 *   score, an award that will wait), and keeps it; several entries close in one action;
 * - an award on fewer judges than the minimum panel waits for the host's confirmation;
 * - the pads' presence (connected, last seen, unsent work) reaches the console, rate-limited,
 *   and nothing of it is written;
 * - a judge signs each track on its own; a reopen withdraws only that track's sign-off;
 * - the screens' language per display;
 * - after all of these, every console, screen and pad kept from its patches equals a fresh
 *   snapshot (the hot path's invariant, for this changes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { fileURLToPath } from 'node:url';
import type { ClosePlan } from '../../server/domain/closing';
import { hostAlerts } from '../../server/domain/alerts';
import type { AuditExport } from '../../server/protocol/rest';
import { topics } from '../../server/protocol/patches';
import type { HostView, JudgeView, PublicView } from '../../server/protocol/views';
import { closeAllSockets, connect, live, ok, send, sync, type LiveView, type TestSocket } from '../support/clients';
import { openFlow, sheetForTotal, type Flow } from '../support/flow';
import { startTestServer, type TestServer } from '../support/server';

const SPLIT_TRACKS = fileURLToPath(new URL('../fixtures/contests/split-tracks.json', import.meta.url));

let server: TestServer;
let flow: Flow;
let hostView: LiveView<HostView>;

const bearer = () => ({ authorization: `Bearer ${server.hostKey}` });
const gov = () => hostView.current().tracks.find((t) => t.key === 'gov')!;
const entryOf = (id: number) => gov().entries.find((e) => e.id === id)!;
const judgeKey = (key: string) => flow.judges.find((j) => j.key === key)!;

async function audit(): Promise<AuditExport<{ action: string; payload: unknown }>> {
  return (await (await fetch(`${server.url}/api/export/audit.json`, { headers: bearer() })).json()) as AuditExport<{ action: string; payload: unknown }>;
}

beforeAll(async () => {
  server = await startTestServer();
  flow = await openFlow(server);
  hostView = await live(await connect(server.url, { role: 'host', key: server.hostKey }), 'host');
});
afterAll(async () => {
  closeAllSockets();
  await server?.close();
});

describe('a sheet that arrives after its entry closed', () => {
  let entryId = 0;
  let lateId = 0;
  const rubric = () => gov().rubric;

  it('is kept, answered late (not refused), counts for nothing, and the host sees it with its values', async () => {
    entryId = await flow.callNext('gov');
    await flow.advance('gov', 'start');
    // G01: J6 is recused (the demo's file), J7 has not submitted.
    await flow.submit(entryId, [8800, 8700, 8600, 8900, 8500]);
    await flow.close(entryId);
    const closed = await hostView.until((v) => v.tracks[0]!.results.ranking.some((r) => r.entryId === entryId));
    const before = closed.tracks[0]!.results;
    expect(before.ranking[0]).toMatchObject({ counted: 5, expected: 6 });

    const j7 = judgeKey('J7');
    const pad = await live(j7.socket, 'judge');
    const sheet = { entryId, ...sheetForTotal(rubric(), 9500), comment: '网络恢复后才发出', submissionId: 'late-j7-0000001' };
    const answer = await ok(j7.socket, 'sheet:submit', sheet);
    expect(answer).toMatchObject({ outcome: 'late', total: 9500 });
    // A retry is answered the same, and keeps nothing twice.
    expect(await ok(j7.socket, 'sheet:submit', sheet)).toEqual(answer);

    const seen = await hostView.until((v) => v.tracks[0]!.entries.find((e) => e.id === entryId)!.sheets.some((s) => s.late !== null));
    expect(seen.tracks[0]!.results).toEqual(before);
    const status = seen.tracks[0]!.entries.find((e) => e.id === entryId)!.sheets.find((s) => s.judgeId === j7.id)!;
    expect(status).toMatchObject({ status: 'none', total: null, late: { status: 'pending', total: 9500, comment: '网络恢复后才发出' } });
    expect(status.late!.scores).toEqual(sheet.scores);
    lateId = status.late!.id;
    expect(hostAlerts(seen)).toContainEqual(expect.objectContaining({ kind: 'lateSheet', entryId, judgeId: j7.id }));
    // The pad is told: its entry carries the late sheet, waiting.
    await pad.until((v) => v.tracks[0]!.entries.find((e) => e.id === entryId)!.late?.status === 'pending');
    // Recorded as sheet:late, which no results count.
    const records = (await audit()).records;
    expect(records.filter((r) => r.action === 'sheet:late')).toHaveLength(1);
  });

  it('a newer late version supersedes the one waiting', async () => {
    const j7 = judgeKey('J7');
    const newer = await ok(j7.socket, 'sheet:submit', { entryId, ...sheetForTotal(rubric(), 9000), comment: '更正', submissionId: 'late-j7-0000002' });
    expect(newer).toMatchObject({ outcome: 'late', total: 9000 });
    const view = await hostView.until((v) => v.tracks[0]!.entries.find((e) => e.id === entryId)!.sheets.find((s) => s.judgeId === j7.id)!.late!.id !== lateId);
    const late = view.tracks[0]!.entries.find((e) => e.id === entryId)!.sheets.find((s) => s.judgeId === j7.id)!.late!;
    expect(late).toMatchObject({ status: 'pending', total: 9000 });
    // The older one can no longer be decided on.
    expect(await send(flow.host, 'late:count', { lateId, reason: 'x' })).toMatchObject({ ok: false, code: 'invalid_state' });
    lateId = late.id;
  });

  it('重新开放并计入: reopens the entry and counts that version in one recorded step; the record replays to the same results', async () => {
    const j7 = judgeKey('J7');
    const pad = await live(j7.socket, 'judge');
    expect(await send(flow.host, 'late:count', { lateId, reason: '' })).toMatchObject({ ok: false, code: 'invalid_payload', field: 'reason' });
    await ok(flow.host, 'late:count', { lateId, reason: '评委手机断网，评分在结束后送达，评审组同意计入' });
    const view = await hostView.until((v) => v.tracks[0]!.entries.find((e) => e.id === entryId)!.state === 'scoring');
    const status = view.tracks[0]!.entries.find((e) => e.id === entryId)!.sheets.find((s) => s.judgeId === j7.id)!;
    expect(status).toMatchObject({ status: 'submitted', total: 9000, late: { status: 'counted', note: '评委手机断网，评分在结束后送达，评审组同意计入' } });
    await pad.until((v) => v.tracks[0]!.entries.find((e) => e.id === entryId)!.late?.status === 'counted');
    // Deciding twice is refused.
    expect(await send(flow.host, 'late:exclude', { lateId, reason: 'x' })).toMatchObject({ ok: false, code: 'invalid_state' });

    await flow.close(entryId);
    const counted = await hostView.until((v) => v.tracks[0]!.results.ranking.some((r) => r.entryId === entryId));
    expect(counted.tracks[0]!.results.ranking.find((r) => r.entryId === entryId)).toMatchObject({ counted: 6, expected: 6 });
    const exported = await audit();
    expect(exported.chain.ok).toBe(true);
    expect(exported.replay).toEqual({ ok: true, differences: [] });
    expect(exported.records.find((r) => r.action === 'late:count')!.payload).toMatchObject({ entryId, judgeId: j7.id, reopened: true });
    // The results CSV includes the counted late sheet's entry with its full panel.
    const csv = parse(await (await fetch(`${server.url}/api/export/results.csv`, { headers: bearer() })).text(), { columns: true, bom: true }) as Record<string, string>[];
    expect(csv.find((r) => r['编号'] === entryOf(entryId).code)).toMatchObject({ 计分评委数: '6', 应评评委数: '6' });
  });

  it('不计入: keeps a late sheet out with the reason, and the pad is told', async () => {
    const j7 = judgeKey('J7');
    const pad = await live(j7.socket, 'judge');
    // Closed again (above); J7 amends once more, late.
    await ok(j7.socket, 'sheet:submit', { entryId, ...sheetForTotal(rubric(), 7000), comment: '', submissionId: 'late-j7-0000003' });
    const view = await hostView.until((v) => v.tracks[0]!.entries.find((e) => e.id === entryId)!.sheets.find((s) => s.judgeId === j7.id)!.late?.status === 'pending');
    const late = view.tracks[0]!.entries.find((e) => e.id === entryId)!.sheets.find((s) => s.judgeId === j7.id)!.late!;
    const results = view.tracks[0]!.results;
    await ok(flow.host, 'late:exclude', { lateId: late.id, reason: '评分已结束，评审组决定不计入' });
    const after = await hostView.until((v) => v.tracks[0]!.entries.find((e) => e.id === entryId)!.sheets.find((s) => s.judgeId === j7.id)!.late?.status === 'kept_out');
    expect(after.tracks[0]!.results).toEqual(results);
    expect(hostAlerts(after).filter((a) => a.kind === 'lateSheet')).toEqual([]);
    const padView = await pad.until((v) => v.tracks[0]!.entries.find((e) => e.id === entryId)!.late?.status === 'kept_out');
    expect(padView.tracks[0]!.entries.find((e) => e.id === entryId)!.late!.note).toBe('评分已结束，评审组决定不计入');
    expect((await audit()).replay.ok).toBe(true);
  });
});

describe('closing says what it will mean, before and on the record', () => {
  let a = 0;
  let b = 0;

  it('refuses with the missing and amending judges and the consequence; confirmed, it records them', async () => {
    a = await flow.callNext('gov');
    await flow.advance('gov', 'start');
    await flow.submit(a, [8000, 8100, 8200]);
    // J1 changes their submitted sheet (the pad saves a draft) without submitting again: 修改中.
    const j1 = judgeKey('J1');
    const changed = sheetForTotal(gov().rubric, 7000);
    const from = hostView.patches.length;
    await ok(j1.socket, 'sheet:save', { entryId: a, ...changed, comment: '', rev: 50 });
    await hostView.until((v) => v.tracks[0]!.entries.find((e) => e.id === a)!.sheets.find((s) => s.judgeId === j1.id)!.amending);
    // A draft still costs the console one small op: the judge's status on the entry (修改中 included).
    const ops = hostView.patches.slice(from).filter((p) => p.topic === topics.host).flatMap((p) => p.ops as { op: string }[]);
    expect(ops.map((o) => o.op)).toEqual(['sheet']);

    const refused = await send(flow.host, 'stage:close', { entryId: a });
    expect(refused).toMatchObject({ ok: false, code: 'confirmation_required' });
    const plan = (refused as { details: ClosePlan }).details;
    expect(plan.missingJudgeIds).toHaveLength(4);
    expect(plan.amendingJudgeIds).toEqual([j1.id]);
    expect(plan.consequence).toEqual({
      counted: 3, expected: 7, noScore: false, policy: 'trimmed', policyApplied: 'mean',
      fallback: { from: 'trimmed', reason: 'panel_below_min', counted: 3, minPanel: 5 }, awardHeld: { minAwardPanel: 5 },
    });
    await ok(flow.host, 'stage:close', { entryId: a, confirmMissing: true, reason: '四位评委临时离场' });
    const record = (await audit()).records.findLast((r) => r.action === 'stage:close')!;
    expect(record.payload).toMatchObject({ entryId: a, reason: '四位评委临时离场', missingJudgeIds: plan.missingJudgeIds, amendingJudgeIds: [j1.id], consequence: plan.consequence });
    const view = await hostView.until((v) => v.tracks[0]!.entries.find((e) => e.id === a)!.state === 'closed');
    expect(view.tracks[0]!.entries.find((e) => e.id === a)!.closeReason).toBe('四位评委临时离场');
    // The amendment did not count: the submitted sheet did.
    expect(view.tracks[0]!.results.ranking.find((r) => r.entryId === a)).toMatchObject({ counted: 3, expected: 7, policyApplied: 'mean', shortPanel: true });
  });

  it('closes several entries in one confirmed action with one reason, all or none; an entry without a sheet is 无成绩', async () => {
    b = await flow.callNext('gov');
    await flow.advance('gov', 'start');
    await flow.submit(b, [9000, 9100, 9200, 9300, 9400, 9500, 9600]);
    await flow.advance('gov', 'toScoring');
    const c = await flow.callNext('gov'); // b is scoring; c presents with no sheet at all
    await flow.advance('gov', 'start');
    const refused = await send(flow.host, 'stage:closeMany', { entryIds: [b, c] });
    expect(refused).toMatchObject({ ok: false, code: 'confirmation_required' });
    const plans = (refused as { details: { entries: ClosePlan[] } }).details.entries;
    expect(plans.map((p) => [p.entryId, p.consequence.noScore])).toEqual([[c, true]]);
    expect(entryOf(b).state).not.toBe('closed');
    expect(await send(flow.host, 'stage:closeMany', { entryIds: [b, b] })).toMatchObject({ ok: false, code: 'invalid_payload' });

    await ok(flow.host, 'stage:closeMany', { entryIds: [b, c], confirmMissing: true, reason: '该队评委未能评分' });
    const view = await hostView.until((v) => [b, c].every((id) => v.tracks[0]!.entries.find((e) => e.id === id)!.state === 'closed'));
    expect(view.tracks[0]!.entries.find((e) => e.id === b)!.closeReason).toBeNull();
    expect(view.tracks[0]!.entries.find((e) => e.id === c)!.closeReason).toBe('该队评委未能评分');
    expect(view.tracks[0]!.results.unranked).toEqual([{ entryId: c, expected: 7, recused: [] }]);
    const screen = await sync<PublicView>(await connect(server.url, { role: 'public' }), { tracks: ['gov'] });
    expect(screen.tracks[0]!.noScore.map((e) => e.entryId)).toEqual([c]);
    // Every published score carries its panel.
    expect(screen.tracks[0]!.board.find((r) => r.entryId === a)!.panel).toEqual({ counted: 3, expected: 7 });
    const csv = parse(await (await fetch(`${server.url}/api/export/results.csv`, { headers: bearer() })).text(), { columns: true, bom: true }) as Record<string, string>[];
    expect(csv.find((r) => r['编号'] === entryOf(c).code)).toMatchObject({ 名次: '', 最终得分: '', 计分评委数: '0', 应评评委数: '7', 备注: expect.stringContaining('无成绩') });
    expect((await audit()).replay).toEqual({ ok: true, differences: [] });
  });

  it('an award on fewer judges than the minimum panel waits for the host, who confirms it on the record', async () => {
    const view = hostView.current();
    const short = view.tracks[0]!.results.ranking.find((r) => r.entryId === a)!;
    expect(short).toMatchObject({ pending: 'panel', provisional: true });
    expect(short.award).not.toBeNull();
    expect(hostAlerts(view)).toContainEqual({ kind: 'shortPanel', track: 'gov', entryId: a, counted: 3, expected: 7, minAwardPanel: 5 });
    expect(await send(flow.host, 'ceremony:show', { track: 'gov', step: 1 })).toMatchObject({ ok: false, code: 'awards_provisional' });
    expect(await send(flow.host, 'panel:confirm', { entryId: b, reason: 'x' })).toMatchObject({ ok: false, code: 'invalid_state' });
    await ok(flow.host, 'panel:confirm', { entryId: a, reason: '评审组确认按三位评委授奖' });
    const confirmed = await hostView.until((v) => v.tracks[0]!.results.ranking.find((r) => r.entryId === a)!.pending === null);
    expect(confirmed.tracks[0]!.results.ranking.find((r) => r.entryId === a)).toMatchObject({ panelConfirmed: true, provisional: false });
    const manual = (await (await fetch(`${server.url}/api/export/manual.json`, { headers: bearer() })).json()) as { panels: unknown[] };
    expect(manual.panels).toEqual([{ track: 'gov', entry: entryOf(a).code, reason: '评审组确认按三位评委授奖' }]);
    expect((await audit()).replay).toEqual({ ok: true, differences: [] });
    // A reopen forgets the confirmation (the result it was about no longer stands).
    await ok(flow.host, 'stage:reopen', { entryId: a, reason: '测试' });
    await ok(flow.host, 'stage:close', { entryId: a, confirmMissing: true, reason: '测试' });
    const again = await hostView.until((v) => v.tracks[0]!.entries.find((e) => e.id === a)!.state === 'closed');
    expect(again.tracks[0]!.results.ranking.find((r) => r.entryId === a)).toMatchObject({ pending: 'panel', panelConfirmed: false });
    expect((await audit()).replay).toEqual({ ok: true, differences: [] });
  });
});

describe('the pads\' presence', () => {
  it('reaches the console: connected, last seen, unsent work; rate-limited; never written', async () => {
    const j3 = (await server.judges()).find((j) => j.key === 'J3')!;
    // The flow's own pad of J3 goes first: the one below is then J3's only pad.
    judgeKey('J3').socket.disconnect();
    await hostView.until((v) => v.presence.judges.find((p) => p.judgeId === j3.id)?.connected === false);
    const seqBefore = hostView.current().seq;
    const pad = await connect(server.url, { role: 'judge', token: j3.token });
    await hostView.until((v) => v.presence.judges.find((p) => p.judgeId === j3.id)?.connected === true);
    const from = hostView.patches.length;
    // A flapping report: 30 reports in a burst reach the console as at most a couple of patches.
    for (let i = 0; i < 30; i++) pad.emit('pad:report', { queued: i % 2 ? [11] : [], unsaved: [] });
    pad.emit('pad:report', { queued: [11, 12], unsaved: [13] });
    const reported = await hostView.until((v) => v.presence.judges.find((p) => p.judgeId === j3.id)!.queued.length === 2);
    expect(reported.presence.judges.find((p) => p.judgeId === j3.id)).toMatchObject({ connected: true, queued: [11, 12], unsaved: [13], lastSeen: null });
    const presencePatches = hostView.patches.slice(from).filter((p) => p.topic === topics.presence);
    expect(presencePatches.length).toBeLessThanOrEqual(3);
    expect(Math.max(...presencePatches.map((p) => p.bytes))).toBeLessThan(400);
    // A malformed report is dropped; nothing answers it and nothing changes.
    pad.emit('pad:report', { queued: 'all' } as never);
    // The view's seq (the audit order) never moved: presence is not recorded.
    expect(hostView.current().seq).toBe(seqBefore);
    expect((await sync<HostView>(flow.host)).seq).toBe(seqBefore);

    const gone = Date.now();
    pad.disconnect();
    const offline = await hostView.until((v) => v.presence.judges.find((p) => p.judgeId === j3.id)!.connected === false);
    const p = offline.presence.judges.find((x) => x.judgeId === j3.id)!;
    // Offline, with what the pad last reported: the host still knows what the phone holds.
    expect(p.queued).toEqual([11, 12]);
    expect(Date.parse(p.lastSeen!)).toBeGreaterThanOrEqual(gone - 1_000);
    // A fresh snapshot says the same.
    expect((await sync<HostView>(flow.host)).presence.judges.find((x) => x.judgeId === j3.id)).toEqual(p);
  });
});

describe('the screens\' language, per display', () => {
  it('sets the language of every screen and of named displays; a public view carries them', async () => {
    await ok(flow.host, 'display:language', { language: 'en' });
    await ok(flow.host, 'display:language', { display: 'hall-b', language: 'zh-CN' });
    expect(await send(flow.host, 'display:language', { display: 'hall b', language: 'en' })).toMatchObject({ ok: false, code: 'invalid_payload', field: 'display' });
    expect(await send(flow.host, 'display:language', { language: null })).toMatchObject({ ok: false, code: 'invalid_payload', field: 'language' });
    expect(await send(flow.host, 'display:language', { language: 'fr' })).toMatchObject({ ok: false, code: 'invalid_payload', field: 'language' });
    const screen = await sync<PublicView>(await connect(server.url, { role: 'public' }));
    expect(screen.display).toMatchObject({ language: 'en', languages: { 'hall-b': 'zh-CN' } });
    await ok(flow.host, 'display:language', { display: 'hall-b', language: null });
    expect((await sync<PublicView>(await connect(server.url, { role: 'public' }))).display.languages).toEqual({});
  });
});

describe('sign-off per track', () => {
  let other: TestServer;
  beforeAll(async () => {
    other = await startTestServer({ contestFile: SPLIT_TRACKS });
  });
  afterAll(async () => {
    await other?.close();
  });

  it('a judge signs a closed track while the other is still open; a reopen withdraws only that track\'s', async () => {
    const host: TestSocket = await connect(other.url, { role: 'host', key: other.hostKey });
    const both = await connect(other.url, { role: 'judge', token: 'both-judge-token-0123456789' });
    const ids = Object.fromEntries((await sync<HostView>(host)).tracks.flatMap((t) => t.entries.map((e) => [e.code, e.id])));
    for (const code of ['A01', 'A02']) {
      await ok(host, 'stage:call', { track: 'alpha', entryId: ids[code]! });
      await ok(host, 'stage:advance', { track: 'alpha', action: 'start' });
      await ok(both, 'sheet:submit', { entryId: ids[code]!, scores: { design: 800, impact: 1500 }, bonus: {}, comment: '', submissionId: `both-${code}-00001` });
      await ok(host, 'stage:close', { entryId: ids[code]!, confirmMissing: true, reason: '测试' });
    }
    await ok(host, 'stage:next', { track: 'beta' });
    await ok(host, 'stage:advance', { track: 'beta', action: 'start' });

    // Beta is open: alpha can be signed, beta cannot.
    const pending = await send(both, 'judge:signoff', { track: 'beta' });
    expect(pending).toMatchObject({ ok: false, code: 'invalid_state', details: { entryIds: [ids.B01] } });
    const signed = await ok(both, 'judge:signoff', { track: 'alpha' });
    const pad = await sync<JudgeView>(both);
    expect(pad.tracks.map((t) => [t.key, t.signedOffAt])).toEqual([['alpha', signed.signedOffAt], ['beta', null]]);
    // Beta's sheets stay open to the judge; alpha's are locked.
    expect(await ok(both, 'sheet:submit', { entryId: ids.B01!, scores: { overall: 8000 }, bonus: {}, comment: '', submissionId: 'both-B01-00001' })).toMatchObject({ outcome: 'counted' });
    expect(await send(both, 'sheet:save', { entryId: ids.A01!, scores: {}, bonus: {}, comment: '', rev: 9 })).toMatchObject({ ok: false, code: 'signed_off' });
    await ok(host, 'stage:close', { entryId: ids.B01! });
    const beta = await ok(both, 'judge:signoff', { track: 'beta' });
    expect((await sync<HostView>(host)).judges.find((j) => j.key === 'BOTH')!.signOffs).toEqual({ alpha: signed.signedOffAt, beta: beta.signedOffAt });
    expect(await send(both, 'judge:signoff', { track: 'nowhere' })).toMatchObject({ ok: false, code: 'not_found' });

    // Reopening an alpha entry withdraws alpha's sign-off only.
    await ok(host, 'stage:reopen', { entryId: ids.A01!, reason: '测试：重新开放' });
    expect((await sync<HostView>(host)).judges.find((j) => j.key === 'BOTH')!.signOffs).toEqual({ beta: beta.signedOffAt });
    const solo = await connect(other.url, { role: 'judge', token: 'solo-judge-token-0123456789' });
    expect(await send(solo, 'judge:signoff', { track: 'beta' })).toMatchObject({ ok: false, code: 'wrong_track' });
  });
});

describe('the judges\' totals flipping in on the stage side of /screen (a per-track option)', () => {
  let other: TestServer;
  beforeAll(async () => {
    other = await startTestServer({ contestFile: fileURLToPath(new URL('../fixtures/contests/stage-totals.json', import.meta.url)) });
  });
  afterAll(async () => {
    await other?.close();
  });

  it('carries the closed entry\'s totals, lowest first, the dropped ones marked, without names; none while the board is frozen', async () => {
    const f = await openFlow(other);
    const screen = await live(await connect(other.url, { role: 'public' }), 'public');
    const entryId = await f.callNext('main');
    await f.advance('main', 'start');
    await f.submit(entryId, [8800, 7000, 9500, 8600]);
    expect(screen.current().tracks[0]!.stage.closing).toBeNull();
    await f.close(entryId);
    const closed = await screen.until((v) => v.tracks[0]!.stage.closing !== null);
    expect(closed.tracks[0]!.stage.closing).toEqual({
      totals: [
        { total: 7000, dropped: 'low' },
        { total: 8600, dropped: null },
        { total: 8800, dropped: null },
        { total: 9500, dropped: 'high' },
      ],
      final: 8700,
    });
    const json = JSON.stringify(closed);
    for (const j of await other.judges()) expect(json).not.toContain(j.name);
    // The ceremony of the track freezes the board, and the totals go with it.
    await ok(f.host, 'ceremony:show', { track: 'main', step: 0 });
    const frozen = await screen.until((v) => v.tracks[0]!.frozen);
    expect(frozen.tracks[0]!.stage.closing).toBeNull();
    expect(frozen.tracks[0]!.board).toEqual([]);
    // The host's override shows the board (and the totals) again.
    await ok(f.host, 'ceremony:board', { track: 'main', shown: true });
    const shown = await screen.until((v) => !v.tracks[0]!.frozen);
    expect(shown.tracks[0]!.board.map((r) => r.entryId)).toEqual([entryId]);
    expect(shown.tracks[0]!.stage.closing?.final).toBe(8700);
  });
});

describe('every change of this issue, as the clients follow it', () => {
  let day: TestServer;
  beforeAll(async () => {
    day = await startTestServer();
  });
  afterAll(async () => {
    await day?.close();
  });

  it('leaves each console, screen and pad, kept from its snapshot and patches, equal to a fresh snapshot', async () => {
    const f = await openFlow(day);
    const { host, judges } = f;
    const views: { name: string; view: LiveView<HostView | PublicView | JudgeView> }[] = [
      { name: 'second console', view: await live(await connect(day.url, { role: 'host', key: day.hostKey }), 'host') },
      { name: 'screen', view: await live(await connect(day.url, { role: 'public' }), 'public') },
      ...(await Promise.all(judges.map(async (j) => ({ name: `pad of ${j.key}`, view: await live(j.socket, 'judge') })))),
    ];
    const rubric = (await f.track('gov')).rubric;
    const sheetOf = async (entryId: number, judgeId: number) => (await f.track('gov')).entries.find((e) => e.id === entryId)!.sheets.find((s) => s.judgeId === judgeId)!;

    // Closed with two sheets missing; one arrives late and is kept out, the other is counted by a reopen.
    const first = await f.callNext('gov');
    await f.advance('gov', 'start');
    await f.submit(first, [8000, 8100, 8200, 8300]);
    await f.close(first);
    const missing = (await f.track('gov')).entries.find((e) => e.id === first)!.sheets.filter((x) => x.status === 'none').map((x) => judges.find((j) => j.id === x.judgeId)!);
    expect(missing.length).toBeGreaterThanOrEqual(2);
    const [keptOut, counted] = missing as [typeof judges[number], typeof judges[number]];
    await ok(keptOut.socket, 'sheet:submit', { entryId: first, ...sheetForTotal(rubric, 7400), comment: '离线时填写', submissionId: 'every-late-1' });
    await ok(host, 'late:exclude', { lateId: (await sheetOf(first, keptOut.id)).late!.id, reason: '评委确认作废' });
    await ok(counted.socket, 'sheet:submit', { entryId: first, ...sheetForTotal(rubric, 7500), comment: '离线时填写', submissionId: 'every-late-2' });
    await ok(host, 'late:count', { lateId: (await sheetOf(first, counted.id)).late!.id, reason: '网络故障，评委在结束前已评完' });
    await f.close(first);

    // Four sheets, one being amended on the phone: closed in one confirmed action, then its award
    // on a short panel confirmed; a pad reports unsent work.
    const second = await f.callNext('gov');
    await f.advance('gov', 'start');
    await f.submit(second, [7000, 7100, 7200, 7300]);
    const amending = (await f.track('gov')).entries.find((e) => e.id === second)!.sheets.find((x) => x.status === 'submitted')!.judgeId;
    await ok(judges.find((j) => j.id === amending)!.socket, 'sheet:save', { entryId: second, ...sheetForTotal(rubric, 7600), comment: '改一下', rev: 5 });
    await ok(host, 'stage:closeMany', { entryIds: [second], confirmMissing: true, reason: '时间到' });
    expect((await f.track('gov')).results.ranking.find((r) => r.entryId === second)!.pending).toBe('panel');
    await ok(host, 'panel:confirm', { entryId: second, reason: '评审组确认' });
    judges[1]!.socket.emit('pad:report', { queued: [], unsaved: [second] });

    // The ceremony freezes the board, the host shows it anyway; the screens' languages.
    await ok(host, 'ceremony:show', { track: 'gov', step: 0 });
    await ok(host, 'ceremony:show', { track: 'gov', step: 1 });
    await ok(host, 'ceremony:board', { track: 'gov', shown: true });
    await ok(host, 'display:language', { language: 'en' });
    await ok(host, 'display:language', { display: 'hall-b', language: 'zh-CN' });
    await day.podium.settled();
    // Presence reaches the consoles at most once a second.
    await (views[0]!.view as LiveView<HostView>).until((v) => v.presence.judges.find((p) => p.judgeId === judges[1]!.id)?.unsaved.length === 1);

    for (const { name, view } of views) {
      const fresh = await sync<{ seq: number }>(view.socket);
      expect({ ...view.current(), seq: 0 }, name).toEqual({ ...fresh, seq: 0 });
      expect(view.snapshots(), `${name} needed no snapshot after the first`).toBe(1);
    }
  });
});
