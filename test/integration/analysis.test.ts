/**
 * The analysis on a real server, through the real protocol: outlier flags on the host's sheet
 * statuses as sheets arrive (a new sheet can flag or clear the others' sheets; a draft stays one
 * small op), the console's alerts from them, `analysis:get` (host only) with its quick pass and
 * bootstrap announced by `analysis:status`, recomputed when the results change, and the export
 * GET /api/export/analysis.json equal to `npm run analyze --format json` on the exported files.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as analyzeCli } from '../../scripts/analyze';
import { hostAlerts } from '../../server/domain/alerts';
import { entryOutliers } from '../../server/domain/outliers';
import type { AnalysisStatus } from '../../server/protocol/analysis';
import { topics, type HostOp } from '../../server/protocol/patches';
import type { HostView } from '../../server/protocol/views';
import { closeAllSockets, connect, live, ok, request, sync, type TestSocket } from '../support/clients';
import { openFlow, sheetForTotal, type Flow } from '../support/flow';
import { LENIENT_JUDGE, playPlantedTrack, PLANTED_OUTLIER } from '../support/plantedDay';
import { startTestServer, type TestServer } from '../support/server';

const SMALL = fileURLToPath(new URL('../fixtures/contests/host-small.json', import.meta.url));

afterAll(() => closeAllSockets());

describe('outlier flags as sheets arrive', () => {
  let server: TestServer;
  let flow: Flow;
  beforeAll(async () => {
    server = await startTestServer({ contestFile: SMALL });
    flow = await openFlow(server);
  });
  afterAll(async () => server?.close());

  it('flag a sheet on its arrival, flag or clear the other judges\' sheets too, and keep a draft at one op', async () => {
    const host = await live(flow.host, 'host');
    const entryId = await flow.callNext('hallA');
    await flow.advance('hallA', 'start');
    const rubric = (await flow.track('hallA')).rubric;
    const judge = (key: string) => flow.judges.find((j) => j.key === key)!;
    const submit = (key: string, total: number) =>
      ok(judge(key).socket, 'sheet:submit', { entryId, ...sheetForTotal(rubric, total), comment: '', submissionId: `flags-${key}-${total}` });
    const flagsOf = (view: HostView) =>
      Object.fromEntries(view.tracks[0]!.entries.find((e) => e.id === entryId)!.sheets.map((s) => [flow.judges.find((j) => j.id === s.judgeId)!.key, s.flags.map((f) => f.key ?? 'total')]));

    await submit('J1', 8000);
    await submit('J2', 8000);
    // Two values are not a panel: nothing is flagged yet.
    await host.until((v) => v.tracks[0]!.entries.find((e) => e.id === entryId)!.sheets.filter((s) => s.status === 'submitted').length === 2);
    expect(flagsOf(host.current())).toEqual({ J1: [], J2: [], J3: [], J4: [] });

    // J3 is 20 points below two judges who agree: beyond the floor (8 % of full marks).
    await submit('J3', 6000);
    await host.until((v) => flagsOf(v).J3!.length === 1);
    const flag = host.current().tracks[0]!.entries.find((e) => e.id === entryId)!.sheets.find((s) => s.judgeId === judge('J3').id)!.flags[0];
    expect(flag).toEqual({ key: null, value: 6000, othersMedian: 8000, deviation: -2000, limit: 800 });
    expect(flagsOf(host.current())).toEqual({ J1: [], J2: [], J3: ['total'], J4: [] });

    // J4 agrees with J3: now J1 and J2 are as far from the median of their others, and are flagged
    // although they sent nothing. The submit's patch carries every status of the entry.
    const before = host.patches.length;
    await submit('J4', 6000);
    await host.until((v) => flagsOf(v).J1!.length === 1);
    expect(flagsOf(host.current())).toEqual({ J1: ['total'], J2: ['total'], J3: ['total'], J4: ['total'] });
    const submitPatch = host.patches.slice(before).find((p) => (p.ops as HostOp[]).some((op) => op.op === 'sheet' && op.sheet.judgeId === judge('J4').id))!;
    const statusOps = (submitPatch.ops as HostOp[]).flatMap((op) => (op.op === 'sheet' ? [op.sheet.judgeId] : []));
    expect(statusOps.sort()).toEqual(flow.judges.map((j) => j.id).sort());

    // The flags are the analysis's rule on the counted sheets, nothing else.
    const view = await sync<HostView>(flow.host);
    const statuses = view.tracks[0]!.entries.find((e) => e.id === entryId)!.sheets;
    expect(statuses.flatMap((s) => s.flags.map((f) => ({ ...f, judgeId: s.judgeId })))).toEqual(
      entryOutliers(
        { criteria: rubric.criteria, bonus: rubric.bonus },
        ['J1', 'J2', 'J3', 'J4'].map((k, i) => ({ judgeId: judge(k).id, values: { ...sheetForTotal(rubric, [8000, 8000, 6000, 6000][i]!) } })),
      ).map(({ judgeId, key, value, othersMedian, deviation, limit }) => ({ key, value, othersMedian, deviation, limit, judgeId })),
    );
    expect(hostAlerts(view).filter((a) => a.kind === 'outlier').map((a) => a.kind === 'outlier' && a.judgeId).sort()).toEqual(
      ['J1', 'J2', 'J3', 'J4'].map((k) => judge(k).id).sort(),
    );

    // A draft on the next entry: the host gets one small op, with no flags to carry.
    await flow.close(entryId);
    const next = await flow.callNext('hallA');
    await flow.advance('hallA', 'start');
    const count = host.patches.length;
    await ok(judge('J2').socket, 'sheet:save', { entryId: next, ...sheetForTotal(rubric, 7000), comment: '', rev: 1 });
    await host.until((v) => v.tracks[0]!.entries.find((e) => e.id === next)!.sheets.some((s) => s.status === 'draft'));
    // The contest's patches only: a presence flush due from the pads' connections may land meanwhile.
    const draftPatches = host.patches.slice(count).filter((p) => p.topic === topics.host);
    expect(draftPatches).toHaveLength(1);
    expect(draftPatches[0]!.ops).toEqual([{ op: 'sheet', track: 'hallA', entryId: next, sheet: expect.objectContaining({ status: 'draft', flags: [] }) }]);
    expect(draftPatches[0]!.bytes).toBeLessThan(300);

    // A recusal changes the panel too: J4, flagged below J1 and J3, is not once J1 is recused (two values).
    const submitNext = (key: string, total: number) =>
      ok(judge(key).socket, 'sheet:submit', { entryId: next, ...sheetForTotal(rubric, total), comment: '', submissionId: `next-${key}-${total}` });
    await submitNext('J1', 8000);
    await submitNext('J3', 8000);
    await submitNext('J4', 6000);
    const nextFlags = (v: HostView) => v.tracks[0]!.entries.find((e) => e.id === next)!.sheets.flatMap((s) => s.flags.map(() => s.judgeId));
    await host.until((v) => nextFlags(v).length === 1);
    expect(nextFlags(host.current())).toEqual([judge('J4').id]);
    await ok(flow.host, 'recusal:set', { judgeId: judge('J1').id, entryId: next, recused: true, reason: '同单位' });
    await host.until((v) => nextFlags(v).length === 0);

    await flow.settled();
    expect(host.current()).toEqual(await sync<HostView>(flow.host));
  });

  it('flag a criterion a judge misread even when the total is within the floor', async () => {
    const host = await live(flow.host, 'host');
    await flow.close((await flow.track('hallA')).entries.find((e) => e.state === 'presenting')!.id);
    const entryId = await flow.callNext('hallA');
    await flow.advance('hallA', 'start');
    const judge = (key: string) => flow.judges.find((j) => j.key === key)!;
    // idea 50 and delivery 20 for J3 where the others give about 35 and 35: the total (70) agrees,
    // each criterion is 15 points off, beyond 25 % of its maximum of 50.
    const values = (idea: number, delivery: number) => ({ scores: { idea, delivery }, bonus: {} });
    for (const [key, v] of [['J1', values(3500, 3500)], ['J2', values(3600, 3500)], ['J3', values(5000, 2000)], ['J4', values(3500, 3450)]] as const) {
      await ok(judge(key).socket, 'sheet:submit', { entryId, ...v, comment: '', submissionId: `criteria-${key}` });
    }
    const view = await host.until((v) => v.tracks[0]!.entries.find((e) => e.id === entryId)!.sheets.every((s) => s.status === 'submitted'));
    const alerts = hostAlerts(view).filter((a) => a.kind === 'criterionOutlier' || a.kind === 'outlier');
    expect(alerts.filter((a) => 'entryId' in a && a.entryId === entryId)).toEqual([
      { kind: 'criterionOutlier', track: 'hallA', entryId, judgeId: judge('J3').id, key: 'idea', value: 5000, othersMedian: 3500 },
      { kind: 'criterionOutlier', track: 'hallA', entryId, judgeId: judge('J3').id, key: 'delivery', value: 2000, othersMedian: 3500 },
    ]);
  });
});

describe('the track analysis (host only)', () => {
  let server: TestServer;
  let flow: Flow;
  let judgeSocket: TestSocket;
  let screen: TestSocket;
  const statuses: AnalysisStatus[] = [];
  const tmp = mkdtempSync(join(tmpdir(), 'podium-analysis-'));

  beforeAll(async () => {
    server = await startTestServer();
    flow = await openFlow(server);
    judgeSocket = flow.judges[0]!.socket;
    screen = await connect(server.url, { role: 'public' });
    flow.host.on('analysis:status', (s) => statuses.push(s));
  });
  afterAll(async () => {
    await server?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  const get = async (track: string) => {
    const answer = await request(flow.host, 'analysis:get', { track });
    if (!answer.ok) throw new Error(`analysis:get refused: ${answer.code}`);
    return answer.data;
  };
  /** Resolves once the status of `track` satisfies `predicate` (a status seen so far or a later one). */
  function statusWhere(track: string, predicate: (s: AnalysisStatus) => boolean, ms = 30_000): Promise<AnalysisStatus> {
    return new Promise((resolve, reject) => {
      const seen = statuses.find((s) => s.track === track && predicate(s));
      if (seen) return resolve(seen);
      const timer = setTimeout(() => reject(new Error(`no analysis:status of ${track} as expected within ${ms} ms`)), ms);
      const listener = (s: AnalysisStatus) => {
        if (s.track !== track || !predicate(s)) return;
        clearTimeout(timer);
        flow.host.off('analysis:status', listener);
        resolve(s);
      };
      flow.host.on('analysis:status', listener);
    });
  }
  const complete = (s: AnalysisStatus) => s.phase === 'full' && s.version === s.latest && s.computing === null;

  it('is refused to judges and screens, and checks its payload', async () => {
    expect(await request(judgeSocket, 'analysis:get', { track: 'gov' })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await request(screen, 'analysis:get', { track: 'gov' })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await request(flow.host, 'analysis:get', { track: 'nope' })).toMatchObject({ ok: false, code: 'not_found', field: 'track' });
    expect(await request(flow.host, 'analysis:get', { track: 'gov', seed: 'x' })).toMatchObject({ ok: false, code: 'invalid_payload', field: 'seed' });
    expect(await request(flow.host, 'analysis:get', undefined)).toMatchObject({ ok: false, code: 'invalid_payload' });
  });

  it('answers at once, computes the quick pass then the bootstrap, and finds the planted judge and sheet', async () => {
    const first = await get('gov');
    expect(first).toMatchObject({ track: 'gov', version: null, phase: null, analysis: null, computing: 'quick' });
    await statusWhere('gov', complete);

    statuses.length = 0;
    const ids = await playPlantedTrack(flow, 'gov', 10);
    await flow.settled();
    const { latest } = await get('gov');
    // The results changed: the console hears that its analysis is out of date, then each pass of
    // the last version (a close every few seconds recomputes in between: never two at once).
    await statusWhere('gov', (s) => s.version !== null && s.version < s.latest && s.computing !== null);
    const quick = await statusWhere('gov', (s) => s.phase === 'quick' && s.version === latest);
    expect(quick.computing).toBe('full');
    const done = await statusWhere('gov', (s) => complete(s) && s.version === latest);

    const answer = await get('gov');
    expect(answer).toMatchObject({ version: done.version, latest: done.version, phase: 'full', computing: null, failed: null });
    const a = answer.analysis!;
    const key = (id: number) => flow.judges.find((j) => j.id === id)!.key;
    expect(a.entries.map((e) => e.entryId).sort()).toEqual([...ids].sort());
    expect(a.options.resamples).toBe(1000);
    expect(a.judges.filter((j) => j.severity?.call).map((j) => [key(j.judgeId), j.severity!.call])).toEqual([[LENIENT_JUDGE, 'lenient']]);
    expect(a.judges.find((j) => key(j.judgeId) === LENIENT_JUDGE)!.severity!.mean).toBeGreaterThanOrEqual(800);
    expect(a.outliers.map((o) => [o.entryId, key(o.judgeId), o.key])).toEqual([
      [ids[PLANTED_OUTLIER.entryIndex], PLANTED_OUTLIER.judge, null],
      [ids[PLANTED_OUTLIER.entryIndex], PLANTED_OUTLIER.judge, PLANTED_OUTLIER.criterion],
    ]);
    expect(a.entries.every((e) => e.bootstrap !== null)).toBe(true);

    // The live flags on the host's statuses are the analysis's flags.
    const view = await sync<HostView>(flow.host);
    const live = view.tracks.find((t) => t.key === 'gov')!.entries.flatMap((e) => e.sheets.flatMap((s) => s.flags.map((f) => [e.id, key(s.judgeId), f.key])));
    expect(live).toEqual(a.outliers.map((o) => [o.entryId, key(o.judgeId), o.key]));
  });

  it('is computed again after a reopen, and the export equals npm run analyze on the exported files', async () => {
    const view = await sync<HostView>(flow.host);
    const gov = view.tracks.find((t) => t.key === 'gov')!;
    const before = (await get('gov')).version!;
    const reopened = gov.entries.find((e) => e.state === 'closed')!.id;
    await ok(flow.host, 'stage:reopen', { entryId: reopened, reason: '核对' });
    await flow.close(reopened);
    await statusWhere('gov', (s) => complete(s) && s.version! > before);
    // A track nobody asked for is computed on demand by the export.
    await playPlantedTrack(flow, 'open', 3);
    await flow.settled();

    const bearer = { authorization: `Bearer ${server.hostKey}` };
    const file = async (name: string) => {
      const res = await fetch(`${server.url}/api/export/${name}`, { headers: bearer });
      expect(res.status).toBe(200);
      const path = join(tmp, name);
      writeFileSync(path, await res.text());
      return path;
    };
    expect((await fetch(`${server.url}/api/export/analysis.json`)).status).toBe(401);
    const exported = JSON.parse(readFileSync(await file('analysis.json'), 'utf8'));
    let out = '';
    let err = '';
    const code = analyzeCli(['--contest', await file('contest.json'), '--sheets', await file('sheets.csv'), '--manual', await file('manual.json'), '--format', 'json'], {
      out: (t) => (out += t),
      err: (t) => (err += t),
      readFile: (p) => readFileSync(p, 'utf8'),
    });
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(exported).toEqual(JSON.parse(out));
    expect(exported.tracks.map((t: { key: string }) => t.key)).toEqual(['gov', 'open']);
    const govReport = exported.tracks[0].analysis;
    expect(govReport.judges.find((j: { judgeId: string }) => j.judgeId === LENIENT_JUDGE).severity.call).toBe('lenient');
    expect(govReport.outliers.map((o: { judgeId: string; key: string | null }) => [o.judgeId, o.key])).toEqual([[PLANTED_OUTLIER.judge, null], [PLANTED_OUTLIER.judge, PLANTED_OUTLIER.criterion]]);
    // The console's analysis of the same version is the export's, labelled.
    expect((await get('gov')).analysis!.outliers.length).toBe(2);
  });
});
