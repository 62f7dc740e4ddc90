/**
 * The judge's commands against a real server and database through real socket.io-clients: every
 * refusal has its typed code and changes nothing (the host view is the same before and after),
 * and a submission retried with the same submissionId counts once.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmitSheet } from '../../server/protocol/commands';
import type { Ack } from '../../server/protocol/errors';
import type { HostEntry, HostView, JudgeView } from '../../server/protocol/views';
import { closeAllSockets, connect, ok, send, sync, type TestSocket } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { hostContest } from '../support/state';

const SPLIT_TRACKS = fileURLToPath(new URL('../fixtures/contests/split-tracks.json', import.meta.url));

/** A full, valid gov sheet of the demo (hundredths): 8 + 17.5 + 8 + 7.5 + 16 + 8 + 9 + 7 = 81, bonus 3. */
const GOV_SCORES = {
  completeness: 800, effectiveness: 1750, innovation: 800, advancement: 750,
  feasibility: 1600, generality: 800, socialValue: 900, commercialValue: 700,
};

function entryByCode(view: HostView, code: string): HostEntry {
  for (const track of view.tracks) {
    const found = track.entries.find((e) => e.code === code);
    if (found) return found;
  }
  throw new Error(`no entry ${code}`);
}

function failureOf(answer: Ack<unknown>) {
  if (answer.ok) throw new Error(`expected a refusal, got ${JSON.stringify(answer.data)}`);
  return answer;
}

/** Runs a refused command and checks that the host view did not change at all. */
async function refusedWithoutChange(host: TestSocket, run: () => Promise<Ack<unknown>>) {
  const before = await hostContest(host);
  const answer = failureOf(await run());
  const after = await hostContest(host);
  expect(after).toEqual(before);
  return answer;
}

function submission(entryId: number, submissionId: string, scores: Record<string, number> = GOV_SCORES, bonus: Record<string, number> = { dataModel: 300 }): SubmitSheet {
  return { entryId, scores, bonus, comment: '思路清晰', submissionId };
}

describe('judge commands on the demo contest', () => {
  let server: TestServer;
  let host: TestSocket;
  const judge: Record<string, TestSocket> = {};
  let ids: Record<string, number> = {};

  beforeAll(async () => {
    server = await startTestServer();
    host = await connect(server.url, { role: 'host', key: server.hostKey });
    for (const j of await server.judges()) judge[j.key] = await connect(server.url, { role: 'judge', token: j.token });
    const view = await sync<HostView>(host);
    ids = Object.fromEntries(view.tracks.flatMap((t) => t.entries.map((e) => [e.code, e.id])));
  });

  afterAll(async () => {
    closeAllSockets();
    await server?.close();
  });

  it('refuses a wrong link at the handshake', async () => {
    await expect(connect(server.url, { role: 'judge', token: 'not-a-real-token-000000' })).rejects.toMatchObject({ data: { code: 'unauthorized' } });
  });

  it('refuses scoring an entry that is not open yet (waiting), and changes nothing', async () => {
    const save = await refusedWithoutChange(host, () => send(judge.J1!, 'sheet:save', { entryId: ids.G02!, scores: { completeness: 800 }, bonus: {}, comment: '', rev: 1 }));
    expect(save).toMatchObject({ code: 'scoring_not_open', details: { state: 'waiting' } });
    const submit = await refusedWithoutChange(host, () => send(judge.J1!, 'sheet:submit', submission(ids.G02!, 'waiting-entry-01')));
    expect(submit).toMatchObject({ code: 'scoring_not_open', details: { state: 'waiting' } });
  });

  it('refuses an entry that does not exist', async () => {
    const answer = await refusedWithoutChange(host, () => send(judge.J1!, 'sheet:submit', submission(999_999, 'no-such-entry-1')));
    expect(answer.code).toBe('not_found');
  });

  it('refuses a recused judge (J6 on G01)', async () => {
    await ok(host, 'stage:next', { track: 'gov' });
    await ok(host, 'stage:advance', { track: 'gov', action: 'start' });
    const submit = await refusedWithoutChange(host, () => send(judge.J6!, 'sheet:submit', submission(ids.G01!, 'recused-try-001')));
    expect(submit.code).toBe('recused');
    const save = await refusedWithoutChange(host, () => send(judge.J6!, 'sheet:save', { entryId: ids.G01!, scores: {}, bonus: {}, comment: '', rev: 1 }));
    expect(save.code).toBe('recused');
    // The recused judge's pad says so for that entry.
    const pad = await sync<JudgeView>(judge.J6!);
    expect(pad.tracks.find((t) => t.key === 'gov')!.entries.find((e) => e.id === ids.G01)!.recused).toBe(true);
  });

  it('refuses sheets that break the rubric with every problem in details', async () => {
    const outOfRange = await refusedWithoutChange(host, () =>
      send(judge.J1!, 'sheet:submit', submission(ids.G01!, 'range-check-01', { ...GOV_SCORES, effectiveness: 2100 })),
    );
    expect(outOfRange).toMatchObject({ code: 'sheet_invalid', field: 'effectiveness' });
    expect(outOfRange.details).toContainEqual({ code: 'out_of_range', section: 'criteria', key: 'effectiveness', value: 2100, min: 0, max: 2000 });

    const offStep = await refusedWithoutChange(host, () =>
      send(judge.J1!, 'sheet:submit', submission(ids.G01!, 'step-check-001', { ...GOV_SCORES, innovation: 825 }, { dataModel: 150 })),
    );
    expect(offStep.code).toBe('sheet_invalid');
    expect(offStep.details).toEqual([
      { code: 'off_step', section: 'criteria', key: 'innovation', value: 825, step: 50 },
      { code: 'off_step', section: 'bonus', key: 'dataModel', value: 150, step: 100 },
    ]);

    const { feasibility: _dropped, ...missingOne } = GOV_SCORES;
    const missing = await refusedWithoutChange(host, () => send(judge.J1!, 'sheet:submit', submission(ids.G01!, 'missing-check-1', missingOne)));
    expect(missing.code).toBe('sheet_invalid');
    expect(missing.details).toEqual([{ code: 'missing', section: 'criteria', key: 'feasibility' }]);

    const unknown = await refusedWithoutChange(host, () => send(judge.J1!, 'sheet:submit', submission(ids.G01!, 'unknown-check-1', { ...GOV_SCORES, charm: 500 })));
    expect(unknown.details).toContainEqual({ code: 'unknown_key', section: 'criteria', key: 'charm' });

    // A draft may miss criteria, but not break the bounds either.
    const draft = await refusedWithoutChange(host, () =>
      send(judge.J1!, 'sheet:save', { entryId: ids.G01!, scores: { completeness: 1050 }, bonus: {}, comment: '', rev: 1 }),
    );
    expect(draft.code).toBe('sheet_invalid');
    expect(draft.details).toEqual([{ code: 'out_of_range', section: 'criteria', key: 'completeness', value: 1050, min: 0, max: 1000 }]);
  });

  it('refuses payloads of the wrong shape with the field named', async () => {
    const cases: [unknown, string][] = [
      [{ ...submission(ids.G01!, 'bad-payload-001'), entryId: 'G01' }, 'entryId'],
      [{ ...submission(ids.G01!, 'bad-payload-002'), scores: { completeness: '8' } }, 'scores.completeness'],
      [{ ...submission(ids.G01!, 'bad-payload-003'), scores: { completeness: 8.5 } }, 'scores.completeness'],
      [{ ...submission(ids.G01!, 'bad-payload-004'), scores: { completeness: -100 } }, 'scores.completeness'],
      [{ ...submission(ids.G01!, 'bad-payload-005'), comment: 'x'.repeat(2001) }, 'comment'],
      [{ ...submission(ids.G01!, 'x'), submissionId: 'x' }, 'submissionId'],
      [{ ...submission(ids.G01!, 'bad-payload-007'), submissionId: 'has spaces in it' }, 'submissionId'],
      [{ ...submission(ids.G01!, 'bad-payload-008'), bonus: null }, 'bonus'],
    ];
    for (const [payload, field] of cases) {
      const answer = await refusedWithoutChange(host, () => send(judge.J1!, 'sheet:submit', payload));
      expect(answer, JSON.stringify(payload).slice(0, 80)).toMatchObject({ code: 'invalid_payload', field });
    }
    const notAnObject = await refusedWithoutChange(host, () => send(judge.J1!, 'sheet:submit', 'G01'));
    expect(notAnObject.code).toBe('invalid_payload');
    const badRev = await refusedWithoutChange(host, () => send(judge.J1!, 'sheet:save', { entryId: ids.G01!, scores: {}, bonus: {}, comment: '', rev: -1 }));
    expect(badRev).toMatchObject({ code: 'invalid_payload', field: 'rev' });
    const signOffExtra = await refusedWithoutChange(host, () => send(judge.J1!, 'judge:signoff', { force: true }));
    expect(signOffExtra.code).toBe('invalid_payload');
  });

  it('refuses host commands sent by a judge, and judge commands sent by the host', async () => {
    const next = await refusedWithoutChange(host, () => send(judge.J1!, 'stage:next', { track: 'gov' }));
    expect(next.code).toBe('forbidden');
    const close = await refusedWithoutChange(host, () => send(judge.J1!, 'stage:close', { entryId: ids.G01!, confirmMissing: true, reason: 'x' }));
    expect(close.code).toBe('forbidden');
    const hostSubmits = await refusedWithoutChange(host, () => send(host, 'sheet:submit', submission(ids.G01!, 'host-submit-001')));
    expect(hostSubmits.code).toBe('forbidden');
  });

  it('counts a retried submission once and answers the same; an old retry never overwrites an amendment', async () => {
    const first = await ok(judge.J1!, 'sheet:submit', submission(ids.G01!, 'j1-g01-first-01'));
    expect(first).toMatchObject({ submitCount: 1, total: 8400 });
    const replay = await ok(judge.J1!, 'sheet:submit', submission(ids.G01!, 'j1-g01-first-01'));
    expect(replay).toEqual(first);
    let view = await sync<HostView>(host);
    let sheet = entryByCode(view, 'G01').sheets.find((s) => s.judgeId === 1)!;
    expect(sheet).toMatchObject({ status: 'submitted', total: 8400, amended: false });

    // The judge amends: one point more on innovation.
    const amended = await ok(judge.J1!, 'sheet:submit', submission(ids.G01!, 'j1-g01-amend-01', { ...GOV_SCORES, innovation: 900 }));
    expect(amended).toMatchObject({ submitCount: 2, total: 8500 });
    // A late retry of the first submission gets its first answer and changes nothing.
    const before = await hostContest(host);
    const late = await ok(judge.J1!, 'sheet:submit', submission(ids.G01!, 'j1-g01-first-01'));
    expect(late).toEqual(first);
    expect(await hostContest(host)).toEqual(before);
    view = await sync<HostView>(host);
    sheet = entryByCode(view, 'G01').sheets.find((s) => s.judgeId === 1)!;
    expect(sheet).toMatchObject({ status: 'submitted', total: 8500, amended: true });
    const pad = await sync<JudgeView>(judge.J1!);
    const mine = pad.tracks.find((t) => t.key === 'gov')!.entries.find((e) => e.id === ids.G01)!;
    expect(mine.sheet).toMatchObject({ scores: { ...GOV_SCORES, innovation: 900 }, submitCount: 2 });
  });

  it('refuses a submission id reused for different values, and text PostgreSQL cannot store', async () => {
    const reused = await refusedWithoutChange(host, () =>
      send(judge.J1!, 'sheet:submit', submission(ids.G01!, 'j1-g01-first-01', { ...GOV_SCORES, feasibility: 2000 })),
    );
    expect(reused).toMatchObject({ code: 'invalid_payload', field: 'submissionId' });
    for (const comment of ['nul \u0000 inside', 'half a pair \uD83D']) {
      const answer = await refusedWithoutChange(host, () => send(judge.J3!, 'sheet:submit', { ...submission(ids.G01!, 'j3-bad-text-01'), comment }));
      expect(answer).toMatchObject({ code: 'invalid_payload', field: 'comment' });
    }
  });

  it('ignores a stale draft rev and answers with the stored one', async () => {
    const saved = await ok(judge.J2!, 'sheet:save', { entryId: ids.G01!, scores: { completeness: 900 }, bonus: {}, comment: 'v5', rev: 5 });
    expect(saved.rev).toBe(5);
    const before = await hostContest(host);
    const stale = await ok(judge.J2!, 'sheet:save', { entryId: ids.G01!, scores: { completeness: 100 }, bonus: {}, comment: 'v3', rev: 3 });
    expect(stale).toEqual(saved);
    expect(await hostContest(host)).toEqual(before);
    const same = await ok(judge.J2!, 'sheet:save', { entryId: ids.G01!, scores: { completeness: 100 }, bonus: {}, comment: 'v5 again', rev: 5 });
    expect(same).toEqual(saved);
    const pad = await sync<JudgeView>(judge.J2!);
    const draft = pad.tracks.find((t) => t.key === 'gov')!.entries.find((e) => e.id === ids.G01)!.draft;
    expect(draft).toMatchObject({ rev: 5, scores: { completeness: 900 }, comment: 'v5' });
    expect(entryByCode(await sync<HostView>(host), 'G01').sheets.find((s) => s.judgeId === 2)!.status).toBe('draft');
  });

  it('never shows a judge another judge\'s scores', async () => {
    const pad = await sync<JudgeView>(judge.J2!);
    const g01 = pad.tracks.find((t) => t.key === 'gov')!.entries.find((e) => e.id === ids.G01)!;
    expect(g01.sheet).toBeNull(); // J1 submitted G01, J2 only has a draft
    // Nothing of J1's sheet (its comment, its effectiveness value, its total) reaches J2's pad.
    const json = JSON.stringify(pad);
    expect(json).not.toContain('思路清晰');
    expect(json).not.toContain('1750');
    expect(json).not.toContain('8500');
    expect(pad.judge.id).toBe(2);
  });

  it('keeps a sheet that arrives after the entry closed as late, counting nothing; refuses a draft; a reopen lets the judge amend again', async () => {
    await ok(host, 'stage:close', { entryId: ids.G01!, confirmMissing: true, reason: '测试：其余评委未提交' });
    const before = await hostContest(host);
    const late = await ok(judge.J1!, 'sheet:submit', submission(ids.G01!, 'after-close-001'));
    expect(late).toMatchObject({ outcome: 'late' });
    const after = await sync<HostView>(host);
    // The results and the counted sheet are as they were; the late one waits beside it.
    expect(after.tracks[0]!.results).toEqual(before.tracks[0]!.results);
    const j1 = after.tracks[0]!.entries.find((e) => e.id === ids.G01)!.sheets.find((s) => s.judgeId === before.judges[0]!.id)!;
    expect(j1).toMatchObject({ submittedAt: before.tracks[0]!.entries.find((e) => e.id === ids.G01)!.sheets[0]!.submittedAt, late: { status: 'pending' } });
    // A retry is answered the same, and keeps nothing twice.
    expect(await ok(judge.J1!, 'sheet:submit', submission(ids.G01!, 'after-close-001'))).toEqual(late);
    const save = await refusedWithoutChange(host, () => send(judge.J2!, 'sheet:save', { entryId: ids.G01!, scores: { completeness: 900 }, bonus: {}, comment: '', rev: 6 }));
    expect(save).toMatchObject({ code: 'scoring_not_open', details: { state: 'closed' } });
    await ok(host, 'stage:reopen', { entryId: ids.G01!, reason: '测试：重新开放' });
    // The late submission stays what it was (late, for the host to decide); a new one counts.
    expect(await ok(judge.J1!, 'sheet:submit', submission(ids.G01!, 'after-close-001'))).toEqual(late);
    expect(await ok(judge.J1!, 'sheet:submit', submission(ids.G01!, 'after-reopen-01'))).toMatchObject({ outcome: 'counted', submitCount: 3 });
  });

  it('refuses a sign-off while entries are still open, naming them', async () => {
    const answer = await refusedWithoutChange(host, () => send(judge.J1!, 'judge:signoff', { track: 'gov' }));
    expect(answer.code).toBe('invalid_state');
    expect((answer.details as { entryIds: number[] }).entryIds).toContain(ids.G01);
  });

  it('gives a judge a new link: the old one is cut off at once, the sheets stay', async () => {
    const [, , , , j5] = await server.judges();
    const oldPad = await connect(server.url, { role: 'judge', token: j5!.token });
    const dropped = new Promise<string>((resolve) => oldPad.once('disconnect', resolve));
    const before = await sync<JudgeView>(oldPad);
    expect(await send(judge.J5!, 'judge:relink', { judgeId: j5!.id })).toMatchObject({ code: 'forbidden' });
    await ok(host, 'judge:relink', { judgeId: j5!.id });
    expect(await dropped).toBe('io server disconnect');
    await expect(connect(server.url, { role: 'judge', token: j5!.token })).rejects.toMatchObject({ data: { code: 'unauthorized' } });
    const renewed = (await server.judges()).find((j) => j.id === j5!.id)!;
    expect(renewed.token).not.toBe(j5!.token);
    const after = await sync<JudgeView>(await connect(server.url, { role: 'judge', token: renewed.token }));
    expect(after.tracks).toEqual(before.tracks);
    const audit = (await (await fetch(`${server.url}/api/export/audit.json`, { headers: { authorization: `Bearer ${server.hostKey}` } })).json()) as { records: { action: string; payload: unknown }[] };
    const record = audit.records.find((r) => r.action === 'judge:relink')!;
    expect(JSON.stringify(record)).not.toContain(renewed.token);
  });
});

describe('judge commands on a contest where a judge scores one track only', () => {
  let server: TestServer;
  let host: TestSocket;
  let solo: TestSocket;
  let both: TestSocket;
  let ids: Record<string, number> = {};

  beforeAll(async () => {
    server = await startTestServer({ contestFile: SPLIT_TRACKS });
    host = await connect(server.url, { role: 'host', key: server.hostKey });
    solo = await connect(server.url, { role: 'judge', token: 'solo-judge-token-0123456789' });
    both = await connect(server.url, { role: 'judge', token: 'both-judge-token-0123456789' });
    const view = await sync<HostView>(host);
    ids = Object.fromEntries(view.tracks.flatMap((t) => t.entries.map((e) => [e.code, e.id])));
  });

  afterAll(async () => {
    closeAllSockets();
    await server?.close();
  });

  it('shows each judge only their tracks', async () => {
    expect((await sync<JudgeView>(solo)).tracks.map((t) => t.key)).toEqual(['alpha']);
    expect((await sync<JudgeView>(both)).tracks.map((t) => t.key)).toEqual(['alpha', 'beta']);
  });

  it('refuses an entry of another track', async () => {
    await ok(host, 'stage:next', { track: 'beta' });
    await ok(host, 'stage:advance', { track: 'beta', action: 'start' });
    const sheet = { entryId: ids.B01!, scores: { overall: 8000 }, bonus: {}, comment: '' };
    const submit = await refusedWithoutChange(host, () => send(solo, 'sheet:submit', { ...sheet, submissionId: 'solo-beta-0001' }));
    expect(submit.code).toBe('wrong_track');
    const save = await refusedWithoutChange(host, () => send(solo, 'sheet:save', { ...sheet, rev: 1 }));
    expect(save.code).toBe('wrong_track');
    // The judge of both tracks may.
    expect((await ok(both, 'sheet:submit', { ...sheet, submissionId: 'both-beta-0001' })).total).toBe(8000);
  });

  it('locks every sheet once the judge has signed off', async () => {
    const sheet = { entryId: ids.A01!, scores: { design: 850, impact: 1700 }, bonus: { extra: 100 }, comment: '' };
    await ok(host, 'stage:next', { track: 'alpha' });
    await ok(host, 'stage:advance', { track: 'alpha', action: 'start' });
    expect((await ok(solo, 'sheet:submit', { ...sheet, submissionId: 'solo-a01-00001' })).total).toBe(2650);
    await ok(host, 'stage:close', { entryId: ids.A01!, confirmMissing: true, reason: '测试' });
    await ok(host, 'entry:status', { entryId: ids.A02!, action: 'markAbsent', reason: '测试：缺席' });

    const signed = await ok(solo, 'judge:signoff', { track: 'alpha' });
    expect(signed.track).toBe('alpha');
    expect(new Date(signed.signedOffAt).getTime()).not.toBeNaN();
    const host1 = await sync<HostView>(host);
    expect(host1.judges.find((j) => j.key === 'SOLO')!.signOffs).toEqual({ alpha: signed.signedOffAt });
    expect((await sync<JudgeView>(solo)).tracks.find((t) => t.key === 'alpha')!.signedOffAt).toBe(signed.signedOffAt);

    const twice = await refusedWithoutChange(host, () => send(solo, 'judge:signoff', { track: 'alpha' }));
    expect(twice.code).toBe('signed_off');
    // Signed off, the sheets are locked: the judge's lock is checked before the entry's state.
    const submit = await refusedWithoutChange(host, () => send(solo, 'sheet:submit', { ...sheet, scores: { design: 900, impact: 1700 }, submissionId: 'solo-a01-00002' }));
    expect(submit.code).toBe('signed_off');
    const save = await refusedWithoutChange(host, () => send(solo, 'sheet:save', { ...sheet, rev: 1 }));
    expect(save.code).toBe('signed_off');
    // A retry of the submission made before the sign-off is still answered, and changes nothing.
    const before = await hostContest(host);
    expect(await ok(solo, 'sheet:submit', { ...sheet, submissionId: 'solo-a01-00001' })).toMatchObject({ outcome: 'counted', submitCount: 1 });
    expect(await hostContest(host)).toEqual(before);

    // A reopen (an audited host decision) withdraws that track's sign-off of the entry's judges: they may amend, then sign again.
    await ok(host, 'stage:reopen', { entryId: ids.A01!, reason: '测试：重新开放' });
    expect((await sync<JudgeView>(solo)).tracks.find((t) => t.key === 'alpha')!.signedOffAt).toBeNull();
    const amended = await ok(solo, 'sheet:submit', { ...sheet, scores: { design: 900, impact: 1700 }, submissionId: 'solo-a01-00002' });
    expect(amended).toMatchObject({ submitCount: 2, total: 2700 });
  });

});
