/**
 * The hot path's invariants, on a real server and database with real socket.io-clients:
 * - after a whole day of every kind of change, every client's view, kept from its snapshot and
 *   patches, equals a fresh snapshot, and the server's in-memory model equals a fresh load;
 * - on a large contest (5 tracks × 200 entries, 15 judges per track) a draft save sends the host one small
 *   op and nobody else anything, and a submit reaches only its track's public room;
 * - a client that misses a patch notices the gap and resyncs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '../../server/protocol/patches';
import type { HostView, JudgeView, PublicView } from '../../server/protocol/views';
import { ContestModel } from '../../server/store/model';
import { loadSnapshot } from '../../server/store/snapshot';
import type { ContestState } from '../../server/store/state';
import { largeContest } from '../../scripts/bench/largeContest';
import { closeAllSockets, connect, live, ok, sync, type LiveView } from '../support/clients';
import { openFlow, sheetForTotal, type Flow } from '../support/flow';
import { startTestServer, type TestServer } from '../support/server';

/** The state with what legitimately differs between memory and a load set aside. */
function comparable(state: ContestState) {
  const byKey = <T>(list: T[], key: (x: T) => string) => [...list].sort((a, b) => key(a).localeCompare(key(b)));
  return {
    ...state,
    // The model keeps no link secrets.
    judges: state.judges.map((j) => ({ ...j, token: '' })),
    judgeTracks: byKey(state.judgeTracks, (x) => `${x.judgeId}:${x.trackId}`),
    recusals: byKey(state.recusals, (x) => `${x.judgeId}:${x.entryId}`),
    stages: byKey(state.stages, (x) => String(x.trackId)),
  };
}

describe('a whole day through every kind of change', () => {
  let server: TestServer;
  let flow: Flow;
  let views: { name: string; view: LiveView<HostView | PublicView | JudgeView>; request?: { tracks: string[] } }[];

  beforeAll(async () => {
    server = await startTestServer();
    flow = await openFlow(server);
    const secondHost = await connect(server.url, { role: 'host', key: server.hostKey });
    const screen = await connect(server.url, { role: 'public' });
    const hall = await connect(server.url, { role: 'public' });
    views = [
      { name: 'second host console', view: await live(secondHost, 'host') },
      { name: 'screen (all tracks)', view: await live(screen, 'public') },
      { name: 'screen pinned to gov', view: await live(hall, 'public', { tracks: ['gov'] }), request: { tracks: ['gov'] } },
      ...(await Promise.all(flow.judges.map(async (j) => ({ name: `pad of ${j.key}`, view: await live(j.socket, 'judge') })))),
    ];
  });
  afterAll(async () => {
    closeAllSockets();
    await server?.close();
  });

  it('leaves every patched view equal to a fresh snapshot, and the model equal to a fresh load', async () => {
    const { host } = flow;
    await ok(host, 'order:draw', { track: 'gov', seed: 'hot-path' });
    const rubric = (await flow.track('gov')).rubric;
    const judges = flow.judges;
    const entries: number[] = [];
    for (let i = 0; i < 4; i++) {
      const entryId = await flow.callNext('gov');
      entries.push(entryId);
      await flow.advance('gov', 'start');
      if (i === 0) {
        await ok(host, 'timer:pause', { track: 'gov' });
        await ok(host, 'timer:extend', { track: 'gov', seconds: 30, commandId: 'hot-path-extend-1' });
        await ok(host, 'timer:resume', { track: 'gov' });
      }
      // Drafts, out-of-order drafts, submits and an amendment.
      for (const [n, judge] of judges.entries()) {
        const sheet = sheetForTotal(rubric, 7000 + 100 * n + 50 * i);
        await ok(judge.socket, 'sheet:save', { entryId, ...sheet, comment: '草稿', rev: 2 });
        await ok(judge.socket, 'sheet:save', { entryId, ...sheet, comment: '迟到的旧草稿', rev: 1 });
      }
      await flow.advance('gov', 'toQa');
      const submitting = i === 1 ? judges.slice(0, 4) : judges;
      for (const [n, judge] of submitting.entries()) {
        await ok(judge.socket, 'sheet:submit', { entryId, ...sheetForTotal(rubric, 7000 + 100 * n + 50 * i), comment: '', submissionId: `hot-path-${i}-${n}` });
      }
      await ok(judges[0]!.socket, 'sheet:submit', { entryId, ...sheetForTotal(rubric, 9000), comment: '改分', submissionId: `hot-path-${i}-amend` });
      await flow.advance('gov', 'toScoring');
      await flow.close(entryId);
    }
    // A recusal set and taken back, an absent team, a withdrawal and a restore, a reopening.
    const gov = await flow.track('gov');
    const waiting = gov.entries.filter((e) => e.state === 'waiting');
    await ok(host, 'recusal:set', { judgeId: judges[1]!.id, entryId: waiting[0]!.id, recused: true, reason: '同单位' });
    await ok(host, 'recusal:set', { judgeId: judges[2]!.id, entryId: waiting[1]!.id, recused: true });
    await ok(host, 'recusal:set', { judgeId: judges[2]!.id, entryId: waiting[1]!.id, recused: false });
    await ok(host, 'entry:status', { entryId: waiting[2]!.id, action: 'markAbsent' });
    await ok(host, 'entry:status', { entryId: waiting[2]!.id, action: 'restore' });
    await ok(host, 'entry:status', { entryId: waiting[3]!.id, action: 'moveToEnd' });
    await ok(host, 'entry:status', { entryId: entries[1]!, action: 'withdraw', reason: '团队退出' });
    await ok(host, 'entry:status', { entryId: entries[1]!, action: 'restore' });
    await ok(host, 'stage:reopen', { entryId: entries[2]!, reason: '录入有误' });
    await ok(judges[3]!.socket, 'sheet:submit', { entryId: entries[2]!, ...sheetForTotal(rubric, 6000), comment: '更正', submissionId: 'hot-path-reopen' });
    await ok(host, 'stage:close', { entryId: entries[2]! });
    // The other track, the screens and the ceremony.
    await flow.scoreNext('open', [8000, 8100, 8200, 8300, 8400]);
    // The entry scored by 4 judges is short of the trimming rule's 5: an award on it waits for the
    // host's confirmation, and the ceremony with it.
    for (const r of (await flow.track('gov')).results.ranking.filter((x) => x.pending === 'panel')) {
      await ok(host, 'panel:confirm', { entryId: r.entryId, reason: '评审组确认' });
    }
    await ok(host, 'display:set', { track: 'open' });
    await ok(host, 'display:set', { boardVisible: false });
    await ok(host, 'display:set', { boardVisible: true, track: 'gov' });
    await ok(host, 'ceremony:show', { track: 'gov', step: 0 });
    await ok(host, 'ceremony:show', { track: 'gov', step: 1 });
    await ok(host, 'judge:relink', { judgeId: judges[6]!.id });
    await server.podium.settled();
    // Presence reaches the consoles at most once a second (a flapping phone must not flood them):
    // the relinked pad's goodbye comes with the next flush.
    const relinked = judges[6]!.id;
    for (const { view } of views.filter((v) => v.name.endsWith('console'))) {
      await (view as LiveView<HostView>).until((v) => v.presence.judges.find((p) => p.judgeId === relinked)?.connected === false);
    }

    for (const { name, view, request } of views) {
      if (view.socket.disconnected) continue; // the relinked judge's pad was sent away
      const fresh = await sync<{ seq: number }>(view.socket, request);
      // The same content; the patched view's seq may be lower (the last changes did not concern it).
      expect({ ...view.current(), seq: 0 }, name).toEqual({ ...fresh, seq: 0 });
      expect(view.current().seq).toBeLessThanOrEqual(fresh.seq);
      expect(view.patches.length, `${name} received patches`).toBeGreaterThan(0);
      expect(view.snapshots(), `${name} needed no snapshot after the first`).toBe(1);
    }
    expect(views.find((v) => v.name === `pad of ${judges[6]!.key}`)!.view.socket.disconnected).toBe(true);

    const loaded = await loadSnapshot(server.podium.database.db, server.podium.contestId());
    expect(comparable(server.podium.model().toState())).toEqual(comparable(loaded));
    // And the model built from that load gives the same results as the one kept by effects.
    const fresh = new ContestModel(loaded);
    for (const t of loaded.tracks) expect(server.podium.model().results(t.id)).toEqual(fresh.results(t.id));
  });
});

describe('a large contest: 5 tracks × 200 entries × 15 judges per track (75 judges)', () => {
  let server: TestServer;
  let flow: Flow;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'podium-large-'));
    const file = join(dir, 'contest.json');
    writeFileSync(file, JSON.stringify(largeContest()));
    server = await startTestServer({ contestFile: file });
    flow = await openFlow(server);
  });
  afterAll(async () => {
    closeAllSockets();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends the host one small op for a draft save, and nobody else anything', async () => {
    const hostView = await live(await connect(server.url, { role: 'host', key: server.hostKey }), 'host');
    const screens = await live(await connect(server.url, { role: 'public' }), 'public');
    const [judge, other] = flow.judges;
    const otherPad = await live(other!.socket, 'judge');
    const t1 = hostView.current().tracks[0]!;
    const entryId = await flow.callNext(t1.key);
    await flow.advance(t1.key, 'start');
    await hostView.until((v) => v.tracks[0]!.stage.entry?.state === 'presenting');
    await screens.until((v) => v.tracks[0]!.stage.entry?.state === 'presenting');
    await otherPad.until((v) => v.tracks[0]!.entries.find((e) => e.id === entryId)?.state === 'presenting');
    const before = { host: hostView.patches.length, screens: screens.patches.length, other: otherPad.patches.length };
    const snapshotBytes = Buffer.byteLength(JSON.stringify(hostView.current()));

    const sheet = sheetForTotal(t1.rubric, 8350);
    await ok(judge!.socket, 'sheet:save', { entryId, ...sheet, comment: '这份作品的数据模型完整，现场演示流畅。'.repeat(20), rev: 1 });
    await hostView.until((v) => v.tracks[0]!.entries.find((e) => e.id === entryId)!.sheets.find((s) => s.judgeId === judge!.id)!.status === 'draft');
    await server.podium.settled();

    // The contest's patches only: the 75 pads' last presence flush may land meanwhile.
    const draftPatches = hostView.patches.slice(before.host).filter((p) => p.topic === topics.host);
    expect(draftPatches, JSON.stringify(draftPatches)).toHaveLength(1);
    expect(draftPatches[0]!.ops).toEqual([{ op: 'sheet', track: t1.key, entryId, sheet: expect.objectContaining({ judgeId: judge!.id, status: 'draft' }) }]);
    expect(draftPatches[0]!.bytes).toBeLessThanOrEqual(2048);
    expect(snapshotBytes).toBeGreaterThan(500 * 1024); // what a whole host view costs at this size
    expect(screens.patches.length - before.screens).toBe(0);
    expect(otherPad.patches.length - before.other).toBe(0);

    // A submit changes the stage's progress for the screens that show that track, and only that.
    const pinned = await live(await connect(server.url, { role: 'public' }), 'public', { tracks: [hostView.current().tracks[1]!.key] });
    await ok(judge!.socket, 'sheet:submit', { entryId, ...sheet, comment: '', submissionId: 'large-submit-1' });
    await screens.until((v) => v.tracks[0]!.stage.progress?.submitted === 1);
    await server.podium.settled();
    expect(pinned.patches).toEqual([]);
    const submitPatch = screens.patches.at(-1)!;
    expect(submitPatch.topic).toBe(`public:${t1.key}`);
    expect(submitPatch.bytes).toBeLessThanOrEqual(2048);
  });
});

describe('a client that misses a patch', () => {
  let server: TestServer;
  let flow: Flow;

  beforeAll(async () => {
    server = await startTestServer();
    flow = await openFlow(server);
  });
  afterAll(async () => {
    closeAllSockets();
    await server?.close();
  });

  it('sees the gap at the next patch of that topic and takes a fresh snapshot', async () => {
    let dropped = 0;
    const screen = await live(await connect(server.url, { role: 'public' }), 'public', {}, { drop: (p) => p.topic === 'public:gov' && dropped++ === 0 });
    await flow.callNext('gov');
    // The patch that put the entry on stage is lost: the screen still shows an empty stage.
    await expect.poll(() => dropped).toBe(1);
    expect(screen.current().tracks[0]!.stage.entry).toBeNull();
    expect(screen.snapshots()).toBe(1);

    await flow.advance('gov', 'start');
    const view = await screen.until((v) => v.tracks[0]!.stage.entry?.state === 'presenting');
    expect(screen.snapshots()).toBe(2);
    await server.podium.settled();
    expect(view).toEqual(await sync(screen.socket));
  });
});
