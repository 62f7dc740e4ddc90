/**
 * The exports after a day with a withdrawal, recusals, a reopening, a tie decision and a shared
 * place: contest.json is a valid contest file (nothing in it names a withdrawn entry), the results
 * CLI recomputes from contest.json, sheets.csv and manual.json exactly the live results, listing
 * shared places in the same order as the host's console, and the file imports again into the
 * same contest file. The entries' ids (file order), codes and running order all differ, so that
 * only the codes can give one order everywhere.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as resultsCli } from '../../scripts/results';
import { parseContestFile } from '../../server/protocol/contestFile';
import type { AuditExport } from '../../server/protocol/rest';
import type { HostTrack } from '../../server/protocol/views';
import { closeAllSockets, ok } from '../support/clients';
import { openFlow, type Flow } from '../support/flow';
import { startTestServer, type TestServer } from '../support/server';

const FIXTURE = fileURLToPath(new URL('../fixtures/contests/export-order.json', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'podium-export-'));
let server: TestServer;
let flow: Flow;

beforeAll(async () => {
  server = await startTestServer({ contestFile: FIXTURE });
  flow = await openFlow(server);
});

afterAll(async () => {
  closeAllSockets();
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const bearer = () => ({ authorization: `Bearer ${server.hostKey}` });
async function exported(name: string): Promise<string> {
  const res = await fetch(`${server.url}/api/export/${name}`, { headers: bearer() });
  expect(res.status).toBe(200);
  return res.text();
}

interface CliTrack {
  key: string;
  provisional: boolean;
  ranking: { code: string; rank: number; sharedRank: boolean; final: number; award: string | null }[];
}

/** `npm run results -- --format json` on exported files; fails the test on any problem. */
function results(files: { contest: string; sheets: string; manual: string }): CliTrack[] {
  const paths = Object.fromEntries(Object.entries(files).map(([name, text]) => {
    const path = join(tmp, `${name}-${Math.random().toString(36).slice(2)}`);
    writeFileSync(path, text);
    return [name, path];
  }));
  let out = '';
  let err = '';
  const code = resultsCli(['--contest', paths.contest!, '--sheets', paths.sheets!, '--manual', paths.manual!, '--format', 'json'], {
    out: (t) => (out += t),
    err: (t) => (err += t),
    readFile: (p) => readFileSync(p, 'utf8'),
  });
  expect(err).toBe('');
  expect(code).toBe(0);
  return (JSON.parse(out) as { tracks: CliTrack[] }).tracks;
}

const liveRanking = (track: HostTrack) => {
  const code = new Map(track.entries.map((e) => [e.id, e.code]));
  return track.results.ranking.map((r) => ({ code: code.get(r.entryId)!, rank: r.rank, sharedRank: r.sharedRank, final: r.final, award: r.award }));
};

describe('exports after withdrawals, recusals, a reopening and a tie decision', () => {
  it('recompute offline to the live results, in the same order, and import again unchanged', async () => {
    const hall = await flow.track('hall');
    const id = (code: string) => hall.entries.find((e) => e.code === code)!.id;
    const judge = (key: string) => flow.judges.find((j) => j.key === key)!.id;
    // Ids follow the file (E06, E03, E05, E01, E04, E02); the running order is by code.
    expect([id('E06'), id('E03'), id('E05'), id('E01'), id('E04'), id('E02')]).toEqual([...hall.entries.map((e) => e.id)].sort((a, b) => a - b));
    await ok(flow.host, 'order:set', { track: 'hall', entryIds: ['E01', 'E02', 'E03', 'E04', 'E05', 'E06'].map(id) });

    // E04: a recusal, then the team withdraws. E05: a recusal that stays.
    await ok(flow.host, 'recusal:set', { judgeId: judge('J1'), entryId: id('E04'), recused: true, reason: '同单位' });
    await ok(flow.host, 'recusal:set', { judgeId: judge('J3'), entryId: id('E05'), recused: true, reason: '指导过该团队' });
    await ok(flow.host, 'entry:status', { entryId: id('E04'), action: 'withdraw', reason: '团队退出比赛' });

    expect(await flow.scoreNext('hall', 8000)).toBe(id('E01'));
    expect(await flow.scoreNext('hall', 7000)).toBe(id('E02'));
    expect(await flow.scoreNext('hall', 9000)).toBe(id('E03'));
    expect(await flow.scoreNext('hall', 8000)).toBe(id('E05'));
    expect(await flow.scoreNext('hall', 9000)).toBe(id('E06'));

    // A typo corrected after closing: reopen, amend, close again.
    await ok(flow.host, 'stage:reopen', { entryId: id('E02'), reason: '评委乙更正笔误' });
    await flow.submit(id('E02'), { J2: 7500 });
    await flow.close(id('E02'));
    // E03 and E06 tie across first and second: the host decides.
    expect((await flow.track('hall')).results.provisional).toBe(true);
    await ok(flow.host, 'tie:resolve', { track: 'hall', entryIds: [id('E03'), id('E06')], reason: '评审组合议' });

    const live = liveRanking(await flow.track('hall'));
    // E01 and E05 share third place: listed by code, although E05 has the lower id.
    expect(live).toEqual([
      { code: 'E03', rank: 1, sharedRank: false, final: 9000, award: 'first' },
      { code: 'E06', rank: 2, sharedRank: false, final: 9000, award: 'second' },
      { code: 'E01', rank: 3, sharedRank: true, final: 8000, award: null },
      { code: 'E05', rank: 3, sharedRank: true, final: 8000, award: null },
      { code: 'E02', rank: 5, sharedRank: false, final: 7167, award: null },
    ]);
    const audit = JSON.parse(await exported('audit.json')) as AuditExport;
    expect(audit.replay).toEqual({ ok: true, differences: [] });

    // contest.json: a valid contest file without the withdrawn entry nor anything naming it.
    const files = { contest: await exported('contest.json'), sheets: await exported('sheets.csv'), manual: await exported('manual.json') };
    const parsed = parseContestFile(JSON.parse(files.contest));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.contest.entries.map((e) => e.code)).toEqual(['E01', 'E02', 'E03', 'E05', 'E06']);
    expect(parsed.contest.recusals).toEqual([{ judge: 'J3', entry: 'E05', reason: '指导过该团队' }]);
    expect(JSON.parse(files.manual)).toEqual({ decisions: [{ track: 'hall', order: ['E03', 'E06'], reason: '评审组合议' }], panels: [] });

    // npm run results: the live results, shared places in the same order.
    const [offline] = results(files);
    expect(offline!.ranking.map(({ code, rank, sharedRank, final, award }) => ({ code, rank, sharedRank, final, award }))).toEqual(live);
    expect(offline!.provisional).toBe(false);

    // The file imports again (over a contest with sheets, so with confirmation) and exports the same.
    const res = await fetch(`${server.url}/api/setup/contest?confirm=replace`, {
      method: 'POST',
      headers: { ...bearer(), 'content-type': 'application/json' },
      body: files.contest,
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(await exported('contest.json'))).toEqual(JSON.parse(files.contest));
  });
});
