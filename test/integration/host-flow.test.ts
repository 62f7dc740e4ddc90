/**
 * The defense day as the host runs it, end to end on a real server and database with real
 * socket.io-clients: the draw, every entry of a track through the stage with the judges scoring,
 * what the other host screen, the public screens and the judges' pads receive at each step,
 * every illegal step refused with a typed error and no change at all, a boundary tie settled by
 * the host, and finally the audit chain and an independent recomputation of the results from
 * the exports with the results CLI.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sheets } from '../../db/schema/index';
import { main as resultsCli } from '../../scripts/results';
import { hostAlerts } from '../../server/domain/alerts';
import { drawOrder } from '../../server/domain/draw';
import type { Ack } from '../../server/protocol/errors';
import type { HostTrack, HostView, JudgeView, PublicTrack, PublicView } from '../../server/protocol/views';
import { connect, live, ok, send, sync, type LiveView, type TestSocket } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { hostContest } from '../support/state';

const FIXTURE = fileURLToPath(new URL('../fixtures/contests/host-small.json', import.meta.url));

let server: TestServer;
let host: TestSocket;
/** A second host console (another laptop): sees every change the first one makes. */
let watcher: TestSocket;
let screen: TestSocket;
let watcherView: LiveView<HostView>;
let screenView: LiveView<PublicView>;
const padViews = new Map<string, LiveView<JudgeView>>();
let judges: { id: number; key: string; name: string; token: string }[];
/** Judge pads by judge key. */
const pads = new Map<string, TestSocket>();
let tmp: string;

beforeAll(async () => {
  server = await startTestServer({ contestFile: FIXTURE });
  host = await connect(server.url, { role: 'host', key: server.hostKey });
  watcher = await connect(server.url, { role: 'host', key: server.hostKey });
  screen = await connect(server.url, { role: 'public' });
  judges = await server.judges();
  for (const j of judges) pads.set(j.key, await connect(server.url, { role: 'judge', token: j.token }));
  watcherView = await live(watcher, 'host');
  screenView = await live(screen, 'public');
  for (const [key, socket] of pads) padViews.set(key, await live(socket, 'judge'));
  tmp = mkdtempSync(join(tmpdir(), 'podium-host-flow-'));
});

afterAll(async () => {
  for (const s of [host, watcher, screen, ...pads.values()]) s?.disconnect();
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const hostTrack = (v: HostView, key: string): HostTrack => v.tracks.find((t) => t.key === key)!;
const publicTrack = (v: PublicView, key: string): PublicTrack => v.tracks.find((t) => t.key === key)!;
const judgeStage = (v: JudgeView, key: string) => v.tracks.find((t) => t.key === key)!.stage;
const pad = (key: string) => pads.get(key)!;
let submissions = 0;

/** A sheet within the fixture's rubric (idea: whole points ≤ 50, delivery: halves ≤ 50). */
function sheet(entryId: number, idea: number, delivery: number) {
  return { entryId, scores: { idea: idea * 100, delivery: Math.round(delivery * 100) }, bonus: {}, comment: '', submissionId: `host-flow-${++submissions}` };
}

/**
 * Sends what must be refused and checks that it was, with `code`, and that nothing changed: the
 * host view after equals the one before, `seq` included (the pads' presence aside: it is no state of the contest).
 */
async function expectRefused(from: TestSocket, event: Parameters<typeof send>[1], payload: unknown, code: string): Promise<Ack<unknown>> {
  await server.podium.settled();
  const before = await hostContest(host);
  const answer = (await send(from, event, payload)) as Ack<unknown>;
  expect(answer, `${event} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, code });
  expect(typeof (answer as { message?: unknown }).message).toBe('string');
  await server.podium.settled();
  expect(await hostContest(host)).toEqual(before);
  return answer;
}

describe('the running order', () => {
  it('draws from a seed the server picks, records it, and redraws reproducibly from a given one', async () => {
    const picked = await ok(host, 'order:draw', { track: 'hallA' });
    expect(picked.seed).toMatch(/^\d{8}$/);
    expect(hostTrack(await sync<HostView>(host), 'hallA').drawSeed).toBe(picked.seed);

    const entries = hostTrack(await sync<HostView>(host), 'hallA').entries;
    const seed = '2024-05-18 大厅A';
    const expected = drawOrder(seed, entries).map((e) => e.id);
    const hostSees = watcherView.until((v) => hostTrack(v, 'hallA').drawSeed === seed);
    const publicSees = screenView.until((v) => publicTrack(v, 'hallA').upNext.map((e) => e.id).join() === expected.join());

    expect(await ok(host, 'order:draw', { track: 'hallA', seed })).toEqual({ seed, entryIds: expected });
    const seen = hostTrack(await hostSees, 'hallA');
    expect(seen.drawSeed).toBe(seed);
    expect(seen.entries.map((e) => e.id)).toEqual(expected);
    expect(seen.entries.map((e) => e.position)).toEqual([1, 2, 3]);
    expect(publicTrack(await publicSees, 'hallA').upNext.map((e) => e.code)).toEqual(drawOrder(seed, entries).map((e) => e.code));
  });

  it('sets an order by hand (drag and drop) and refuses one that does not list each entry once', async () => {
    const track = hostTrack(await sync<HostView>(host), 'hallB');
    const reversed = track.entries.map((e) => e.id).reverse();
    await ok(host, 'order:set', { track: 'hallB', entryIds: reversed });
    expect(hostTrack(await sync<HostView>(host), 'hallB').entries.map((e) => e.id)).toEqual(reversed);
    await expectRefused(host, 'order:set', { track: 'hallB', entryIds: [reversed[0], reversed[0]] }, 'invalid_payload');
    await ok(host, 'order:set', { track: 'hallB', entryIds: track.entries.map((e) => e.id) });
  });
});

describe('a whole track on stage', () => {
  it('calls, times, scores and closes every entry of the track in the drawn order', async () => {
    const start = await sync<HostView>(host);
    const order = hostTrack(start, 'hallA').entries;
    const timings = hostTrack(start, 'hallA').timings;
    const panel = ['J1', 'J2', 'J3', 'J4'];

    for (const [i, entry] of order.entries()) {
      // Call the next entry: the second console, the screens and the pads all see it.
      let hostSees = watcherView.until((v) => hostTrack(v, 'hallA').stage.entry?.id === entry.id);
      let publicSees = screenView.until((v) => publicTrack(v, 'hallA').stage.entry?.id === entry.id);
      let padSees = padViews.get('J1')!.until((v) => judgeStage(v, 'hallA').entryId === entry.id);
      expect(await ok(host, 'stage:next', { track: 'hallA' })).toEqual({ entryId: entry.id });
      expect(hostTrack(await hostSees, 'hallA').stage).toMatchObject({ entry: { id: entry.id, state: 'waiting' }, clock: null });
      expect(publicTrack(await publicSees, 'hallA').upNext.map((e) => e.id)).not.toContain(entry.id);
      expect(judgeStage(await padSees, 'hallA').clock).toBeNull();

      // Start presenting: a deadline clock everyone shares, no ticks.
      hostSees = watcherView.until((v) => hostTrack(v, 'hallA').stage.entry?.state === 'presenting');
      publicSees = screenView.until((v) => publicTrack(v, 'hallA').stage.entry?.state === 'presenting');
      padSees = padViews.get('J2')!.until((v) => judgeStage(v, 'hallA').clock?.phase === 'presenting');
      const before = Date.now();
      expect(await ok(host, 'stage:advance', { track: 'hallA', action: 'start' })).toBeNull();
      const presenting = hostTrack(await hostSees, 'hallA').stage.clock!;
      expect(presenting).toMatchObject({ phase: 'presenting', durationMs: timings.presentation.seconds * 1000, pausedAt: null, pausedMs: 0 });
      expect(presenting.startedAt).toBeGreaterThanOrEqual(before);
      expect(publicTrack(await publicSees, 'hallA').stage.clock).toEqual(presenting);
      expect(judgeStage(await padSees, 'hallA').clock).toEqual(presenting);

      // Pause, resume and extend on the first entry.
      if (i === 0) {
        await ok(host, 'timer:pause', { track: 'hallA' });
        expect(hostTrack(await sync<HostView>(host), 'hallA').stage.clock!.pausedAt).not.toBeNull();
        await ok(host, 'timer:resume', { track: 'hallA' });
        await ok(host, 'timer:extend', { track: 'hallA', seconds: 60 });
        const clock = hostTrack(await sync<HostView>(host), 'hallA').stage.clock!;
        expect(clock).toMatchObject({ pausedAt: null, durationMs: (timings.presentation.seconds + 60) * 1000 });
      }

      // Q&A: a new clock.
      publicSees = screenView.until((v) => publicTrack(v, 'hallA').stage.clock?.phase === 'qa');
      await ok(host, 'stage:advance', { track: 'hallA', action: 'toQa' });
      expect(publicTrack(await publicSees, 'hallA').stage.clock).toMatchObject({ phase: 'qa', durationMs: timings.qa.seconds * 1000 });

      // Scoring: the clock stops.
      hostSees = watcherView.until((v) => hostTrack(v, 'hallA').stage.entry?.state === 'scoring');
      padSees = padViews.get('J3')!.until((v) => v.tracks[0]!.entries.find((e) => e.id === entry.id)?.state === 'scoring');
      await ok(host, 'stage:advance', { track: 'hallA', action: 'toScoring' });
      expect(hostTrack(await hostSees, 'hallA').stage.clock).toBeNull();
      await padSees;

      // Every judge submits; the host sees each sheet, the screens see the count.
      for (const [j, key] of panel.entries()) {
        const hostSeesSheet = watcherView.until((v) =>
          hostTrack(v, 'hallA').entries.find((e) => e.id === entry.id)!.sheets.find((s) => s.judgeId === judges[j]!.id)?.status === 'submitted',
        );
        const publicSeesCount = screenView.until((v) => publicTrack(v, 'hallA').stage.progress?.submitted === j + 1);
        const answer = await ok(pad(key), 'sheet:submit', sheet(entry.id, 30 + 5 * i + j, 20 + 2.5 * i + 0.5 * j));
        expect(answer.total).toBe((50 + 7.5 * i + 1.5 * j) * 100);
        const row = hostTrack(await hostSeesSheet, 'hallA').entries.find((e) => e.id === entry.id)!;
        expect(row.sheets.find((s) => s.judgeId === judges[j]!.id)).toMatchObject({ status: 'submitted', total: answer.total, amended: false });
        expect(publicTrack(await publicSeesCount, 'hallA').stage.progress).toEqual({ submitted: j + 1, eligible: 4 });
      }

      // Close: the score is published (trimmed mean of the middle two totals).
      const final = (52.25 + 7.5 * i) * 100;
      hostSees = watcherView.until((v) => hostTrack(v, 'hallA').results.ranking.some((r) => r.entryId === entry.id));
      publicSees = screenView.until((v) => publicTrack(v, 'hallA').board.some((r) => r.entryId === entry.id));
      padSees = padViews.get('J4')!.until((v) => v.tracks[0]!.entries.find((e) => e.id === entry.id)?.state === 'closed');
      expect(await ok(host, 'stage:close', { entryId: entry.id })).toBeNull();
      const closed = hostTrack(await hostSees, 'hallA');
      expect(closed.entries.find((e) => e.id === entry.id)).toMatchObject({ state: 'closed' });
      const result = closed.results.ranking.find((r) => r.entryId === entry.id)!;
      expect(result).toMatchObject({ final, counted: 4, policyApplied: 'trimmed' });
      expect(result.judges.map((j) => j.dropped)).toEqual(['low', null, null, 'high']);
      expect(publicTrack(await publicSees, 'hallA').board.find((r) => r.entryId === entry.id)).toMatchObject({ score: final });
      await padSees;
      // A closed entry's sheets are locked: a draft is refused; a submission that arrives now is kept
      // as late (for the host to decide), and counts for nothing.
      const { submissionId: _id, ...draft } = sheet(entry.id, 1, 1);
      await expectRefused(pad('J1'), 'sheet:save', { ...draft, rev: 99 }, 'scoring_not_open');
      expect(await ok(pad('J1'), 'sheet:submit', sheet(entry.id, 1, 1))).toMatchObject({ outcome: 'late', total: 200 });
      const after = hostTrack(await sync<HostView>(host), 'hallA');
      expect(after.results.ranking.find((r) => r.entryId === entry.id)).toMatchObject({ final, counted: 4 });
      expect(after.entries.find((e) => e.id === entry.id)!.sheets.find((s) => s.judgeId === judges[0]!.id)!.late).toMatchObject({ status: 'pending', total: 200 });
    }

    // The last entry scored best: the ranking is the reverse of the order, with the awards.
    const end = hostTrack(await sync<HostView>(host), 'hallA');
    expect(end.entries.map((e) => e.state)).toEqual(['closed', 'closed', 'closed']);
    expect(end.results.ranking.map((r) => [r.entryId, r.rank, r.award])).toEqual([
      [order[2]!.id, 1, 'first'],
      [order[1]!.id, 2, 'second'],
      [order[0]!.id, 3, null],
    ]);
    expect(end.results.provisional).toBe(false);
    expect(await send(host, 'stage:next', { track: 'hallA' })).toMatchObject({ ok: false, code: 'invalid_state' });
  });
});

describe('illegal steps', () => {
  it('refuses host commands from judges and screens, and judge commands from the host', async () => {
    const [b1] = hostTrack(await sync<HostView>(host), 'hallB').entries;
    await expectRefused(pad('J1'), 'stage:next', { track: 'hallB' }, 'forbidden');
    await expectRefused(pad('J2'), 'stage:close', { entryId: b1!.id, confirmMissing: true, reason: 'x' }, 'forbidden');
    await expectRefused(pad('J3'), 'order:draw', { track: 'hallB', seed: 'mine' }, 'forbidden');
    await expectRefused(screen, 'stage:advance', { track: 'hallB', action: 'start' }, 'forbidden');
    await expectRefused(screen, 'timer:extend', { track: 'hallB', seconds: 600 }, 'forbidden');
    await expectRefused(screen, 'tie:resolve', { track: 'hallB', entryIds: [1, 2], reason: 'x' }, 'forbidden');
    await expectRefused(host, 'sheet:submit', sheet(b1!.id, 10, 10), 'forbidden');
  });

  it('refuses every step the stage is not in a state for, and bad payloads', async () => {
    const [b1, b2] = hostTrack(await sync<HostView>(host), 'hallB').entries;
    const a1 = hostTrack(await sync<HostView>(host), 'hallA').entries[0]!;
    // Nothing on stage.
    await expectRefused(host, 'stage:advance', { track: 'hallB', action: 'toQa' }, 'invalid_state');
    await expectRefused(host, 'stage:advance', { track: 'hallB', action: 'start' }, 'invalid_state');
    await expectRefused(host, 'timer:pause', { track: 'hallB' }, 'invalid_state');
    await expectRefused(host, 'timer:extend', { track: 'hallB', seconds: 60 }, 'invalid_state');
    // Waiting entries.
    await expectRefused(host, 'stage:close', { entryId: b1!.id }, 'invalid_state');
    await expectRefused(host, 'stage:reopen', { entryId: b1!.id, reason: 'typo' }, 'invalid_state');
    // Unknown things and bad payloads.
    await expectRefused(host, 'stage:call', { track: 'hallB', entryId: a1.id }, 'not_found');
    await expectRefused(host, 'stage:call', { track: 'nowhere', entryId: b1!.id }, 'not_found');
    await expectRefused(host, 'stage:advance', { track: 'hallB', action: 'jump' }, 'invalid_payload');
    await expectRefused(host, 'stage:reopen', { entryId: a1.id, reason: '   ' }, 'invalid_payload');
    await expectRefused(host, 'entry:status', { entryId: b1!.id, action: 'withdraw' }, 'invalid_payload');
    await expectRefused(host, 'timer:extend', { track: 'hallB', seconds: 0 }, 'invalid_payload');

    // Called but not started.
    await ok(host, 'stage:call', { track: 'hallB', entryId: b1!.id });
    await expectRefused(host, 'stage:advance', { track: 'hallB', action: 'toQa' }, 'invalid_state');
    await expectRefused(host, 'timer:pause', { track: 'hallB' }, 'invalid_state');
    await expectRefused(pad('J1'), 'sheet:submit', sheet(b1!.id, 10, 10), 'scoring_not_open');

    // Presenting.
    await ok(host, 'stage:advance', { track: 'hallB', action: 'start' });
    await expectRefused(host, 'stage:advance', { track: 'hallB', action: 'start' }, 'invalid_state');
    await expectRefused(host, 'timer:resume', { track: 'hallB' }, 'invalid_state');
    await expectRefused(host, 'stage:call', { track: 'hallB', entryId: b2!.id }, 'invalid_state');
    await expectRefused(host, 'stage:next', { track: 'hallB' }, 'invalid_state');
    await expectRefused(host, 'order:draw', { track: 'hallB', seed: 'too-late' }, 'invalid_state');
    await expectRefused(host, 'entry:status', { entryId: b1!.id, action: 'markAbsent' }, 'invalid_state');
    await expectRefused(host, 'stage:reopen', { entryId: b1!.id, reason: 'typo' }, 'invalid_state');
    await ok(host, 'timer:pause', { track: 'hallB' });
    await expectRefused(host, 'timer:pause', { track: 'hallB' }, 'invalid_state');
    await ok(host, 'timer:resume', { track: 'hallB' });

    // Scoring with sheets missing: closing needs a confirmation and a reason.
    await ok(host, 'stage:advance', { track: 'hallB', action: 'toScoring' });
    await expectRefused(host, 'timer:pause', { track: 'hallB' }, 'invalid_state');
    await ok(pad('J1'), 'sheet:submit', sheet(b1!.id, 40, 40));
    const hallBJudges = judges.filter((j) => j.key !== 'J4').map((j) => j.id);
    const refused = await expectRefused(host, 'stage:close', { entryId: b1!.id }, 'confirmation_required');
    expect(refused).toMatchObject({ details: { missingJudgeIds: hallBJudges.slice(1) } });
    await expectRefused(host, 'stage:close', { entryId: b1!.id, confirmMissing: true }, 'confirmation_required');
    await expectRefused(host, 'stage:close', { entryId: b1!.id, reason: 'two judges left early' }, 'confirmation_required');

    const hostSees = watcherView.until((v) => hostTrack(v, 'hallB').entries.find((e) => e.id === b1!.id)?.state === 'closed');
    await ok(host, 'stage:close', { entryId: b1!.id, confirmMissing: true, reason: 'two judges left early' });
    expect(hostTrack(await hostSees, 'hallB').results.ranking.find((r) => r.entryId === b1!.id)).toMatchObject({ final: 8000, counted: 1 });
    await expectRefused(host, 'stage:close', { entryId: b1!.id, confirmMissing: true, reason: 'again' }, 'invalid_state');
    await expectRefused(host, 'recusal:set', { judgeId: judges[1]!.id, entryId: b1!.id, recused: true }, 'invalid_state');
  });

  it('reopens a closed entry with a reason, and the judge may amend until it closes again', async () => {
    const b1 = hostTrack(await sync<HostView>(host), 'hallB').entries[0]!;
    await ok(host, 'stage:reopen', { entryId: b1.id, reason: '评委甲要求更正笔误' });
    expect(hostTrack(await sync<HostView>(host), 'hallB').results.ranking).toEqual([]);
    await ok(pad('J1'), 'sheet:submit', sheet(b1.id, 30, 30));
    await ok(host, 'stage:close', { entryId: b1.id, confirmMissing: true, reason: 'two judges left early' });
    const row = hostTrack(await sync<HostView>(host), 'hallB').entries.find((e) => e.id === b1.id)!;
    expect(row.sheets.find((s) => s.judgeId === judges[0]!.id)).toMatchObject({ status: 'submitted', total: 6000, amended: true });
  });
});

describe('a tie at an award boundary', () => {
  it('is flagged to the host, keeps the award provisional, and is settled by the host on the record', async () => {
    const [b1, b2] = hostTrack(await sync<HostView>(host), 'hallB').entries;
    await ok(host, 'stage:next', { track: 'hallB' });
    await ok(host, 'stage:advance', { track: 'hallB', action: 'start' });
    await ok(host, 'stage:advance', { track: 'hallB', action: 'toScoring' });
    // Identical sheets: no tie-break rule can separate them.
    await ok(pad('J1'), 'sheet:submit', sheet(b2!.id, 30, 30));
    await ok(host, 'stage:close', { entryId: b2!.id, confirmMissing: true, reason: 'two judges left early' });

    const tied = await sync<HostView>(host);
    expect(hostAlerts(tied)).toContainEqual({ kind: 'boundaryTie', track: 'hallB', entryIds: [b1!.id, b2!.id], above: 'first', below: null });
    expect(hostTrack(tied, 'hallB').results.provisional).toBe(true);
    const board = publicTrack(await sync<PublicView>(screen), 'hallB').board;
    expect(board.map((r) => [r.rank, r.award, r.provisional])).toEqual([[1, null, true], [1, null, true]]);

    await expectRefused(host, 'tie:resolve', { track: 'hallB', entryIds: [b2!.id], reason: 'x' }, 'invalid_payload');
    await expectRefused(host, 'tie:resolve', { track: 'hallB', entryIds: [b2!.id, b1!.id] }, 'invalid_payload');
    const publicSees = screenView.until((v) => publicTrack(v, 'hallB').board.some((r) => r.award === 'first'));
    await ok(host, 'tie:resolve', { track: 'hallB', entryIds: [b2!.id, b1!.id], reason: '评审组合议：B02 现场演示更完整' });
    const settled = await sync<HostView>(host);
    expect(hostAlerts(settled).filter((a) => a.kind === 'boundaryTie')).toEqual([]);
    expect(hostTrack(settled, 'hallB').results.ranking.map((r) => [r.entryId, r.rank, r.award, r.decidedBy?.rule])).toEqual([
      [b2!.id, 1, 'first', 'manual'],
      [b1!.id, 2, null, 'manual'],
    ]);
    expect(publicTrack(await publicSees, 'hallB').board.map((r) => r.entryId)).toEqual([b2!.id, b1!.id]);
  });
});

describe('after the day', () => {
  const bearer = () => ({ authorization: `Bearer ${server.hostKey}` });

  it('verifies the audit chain over everything that happened', async () => {
    const res = await fetch(`${server.url}/api/export/audit.json`, { headers: bearer() });
    expect(res.status).toBe(200);
    const audit = (await res.json()) as { chain: { ok: boolean; records: number }; replay: { ok: boolean; differences: string[] }; records: { action: string }[] };
    expect(audit.chain).toMatchObject({ ok: true, records: audit.records.length });
    // The results recomputed from the records alone are the live ones.
    expect(audit.replay).toEqual({ ok: true, differences: [] });
    const actions = new Set(audit.records.map((r) => r.action));
    for (const a of ['order:draw', 'order:set', 'stage:next', 'stage:call', 'stage:advance', 'timer:pause', 'timer:extend', 'sheet:submit', 'stage:close', 'stage:reopen', 'tie:resolve']) {
      expect(actions).toContain(a);
    }
  });

  it('recomputes the same results from the exported contest.json and sheets.csv with the results CLI', async () => {
    const fetchText = async (name: string) => {
      const res = await fetch(`${server.url}/api/export/${name}`, { headers: bearer() });
      expect(res.status).toBe(200);
      return res.text();
    };
    const contestPath = join(tmp, 'contest.json');
    const sheetsPath = join(tmp, 'sheets.csv');
    const manualPath = join(tmp, 'manual.json');
    writeFileSync(contestPath, await fetchText('contest.json'));
    writeFileSync(sheetsPath, await fetchText('sheets.csv'));

    // The host's tie decisions, exported as the CLI takes them.
    const view = await sync<HostView>(host);
    const codeOf = new Map(view.tracks.flatMap((t) => t.entries.map((e) => [e.id, e.code] as const)));
    writeFileSync(manualPath, await fetchText('manual.json'));
    expect(JSON.parse(readFileSync(manualPath, 'utf8'))).toMatchObject({ decisions: [{ track: 'hallB', order: ['B02', 'B01'] }] });

    let out = '';
    let err = '';
    const io = { out: (t: string) => (out += t), err: (t: string) => (err += t), readFile: (p: string) => readFileSync(p, 'utf8') };
    const code = resultsCli(['--contest', contestPath, '--sheets', sheetsPath, '--manual', manualPath, '--format', 'json'], io);
    expect(err).toBe('');
    expect(code).toBe(0);
    const cli = JSON.parse(out) as { tracks: { key: string; provisional: boolean; ranking: { code: string; rank: number; final: number; award: string | null }[] }[] };

    for (const track of view.tracks) {
      const live = track.results.ranking.map((r) => ({ code: codeOf.get(r.entryId), rank: r.rank, final: r.final, award: r.award }));
      const offline = cli.tracks.find((t) => t.key === track.key)!;
      expect(offline.ranking.map((r) => ({ code: r.code, rank: r.rank, final: r.final, award: r.award }))).toEqual(live);
      expect(offline.provisional).toBe(track.results.provisional);
    }
  });

  it('notices a sheet edited in the database behind Podium\'s back', async () => {
    const { db } = server.podium.database;
    // Someone with database access zeroes one criterion on every submitted sheet.
    const rows = await db.select().from(sheets).where(isNotNull(sheets.submittedAt));
    for (const row of rows) await db.update(sheets).set({ scores: { ...row.scores!, idea: 0 } }).where(eq(sheets.id, row.id));
    try {
      const audit = (await (await fetch(`${server.url}/api/export/audit.json`, { headers: bearer() })).json()) as {
        chain: { ok: boolean }; replay: { ok: boolean; differences: string[] };
      };
      expect(audit.chain.ok).toBe(true); // the record itself is intact...
      expect(audit.replay.ok).toBe(false); // ...but the tables no longer say what it says
      expect(audit.replay.differences.join('\n')).toMatch(/^track hall[AB]: the tables give/);
    } finally {
      for (const row of rows) await db.update(sheets).set({ scores: row.scores }).where(eq(sheets.id, row.id));
    }
  });
});
