/**
 * Several contests in one installation: /setup lists them, switches the served one (confirmed,
 * recorded in both contests' chains, every connection moves over, a restart keeps it) and archives
 * one (never the served one); an archived contest's files still export by `?contest=<id>`. And the
 * signature drawn at sign-off: checked at the boundary, stored with the sign-off, its hash on the
 * record, shown to the console and printed while the judge is signed off.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrintData } from '../../server/protocol/print';
import type { AuditExport, ContestSummary, SignatureView } from '../../server/protocol/rest';
import type { HostView, JudgeView } from '../../server/protocol/views';
import { closeAllSockets, connect, nextEvent, ok, send, sync } from '../support/clients';
import { signaturePng } from '../support/png';
import { startTestServer, type TestServer } from '../support/server';

const SETUP_ONLY = fileURLToPath(new URL('../fixtures/contests/setup-only.json', import.meta.url));

let server: TestServer;
const auth = () => ({ authorization: `Bearer ${server.hostKey}` });
const get = (path: string) => fetch(`${server.url}${path}`, { headers: auth() });
const post = (path: string, body: unknown) => fetch(`${server.url}${path}`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/json' }, body: JSON.stringify(body) });
const contests = async () => ((await (await get('/api/setup/contests')).json()) as { data: ContestSummary[] }).data;

beforeAll(async () => {
  // Persistent: a restart must keep serving the contest switched to.
  server = await startTestServer({ persistent: true, contestFile: SETUP_ONLY });
});

afterAll(async () => {
  closeAllSockets();
  await server?.close();
});

describe('several contests', () => {
  let first: number;
  let second: number;

  it('lists every contest; an import adds one and serves it, the old one stays reachable', async () => {
    first = server.podium.contestId();
    const imported = await fetch(`${server.url}/api/setup/contest`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ name: '第二个赛事', tracks: [{ key: 'main', name: '主赛道', criteria: [{ key: 'q', label: '质量', max: 10 }], awards: [{ key: 'a', name: '奖', count: 1 }] }] }),
    });
    second = ((await imported.json()) as { data: { contestId: number } }).data.contestId;
    expect(server.podium.contestId()).toBe(second);
    const list = await contests();
    expect(list.map((c) => [c.id, c.name.zh, c.served, c.archivedAt])).toEqual([
      [first, '名单导入测试赛', false, null],
      [second, '第二个赛事', true, null],
    ]);
    expect(list[0]).toMatchObject({ tracks: 2, entries: 2, judges: 1, submittedSheets: 0 });
  });

  it('switches the served contest only when confirmed; recorded in both chains; every connection moves over', async () => {
    const host = await connect(server.url, { role: 'host', key: server.hostKey });
    expect((await sync<HostView>(host)).contest.id).toBe(second);
    const unconfirmed = await post(`/api/setup/contests/${first}/serve`, {});
    expect(unconfirmed.status).toBe(409);
    expect(await unconfirmed.json()).toMatchObject({ code: 'confirmation_required' });
    expect(server.podium.contestId()).toBe(second);
    expect((await post('/api/setup/contests/abc/serve', { confirm: true })).status).toBe(400);
    expect((await post('/api/setup/contests/99999/serve', { confirm: true })).status).toBe(404);

    const replaced = nextEvent(host, 'contest:replaced');
    const disconnected = new Promise((resolve) => host.once('disconnect', resolve));
    const switched = await post(`/api/setup/contests/${first}/serve`, { confirm: true });
    expect(switched.status).toBe(200);
    expect(await replaced).toBe(first);
    await disconnected;
    expect(server.podium.contestId()).toBe(first);
    const again = await connect(server.url, { role: 'host', key: server.hostKey });
    expect((await sync<HostView>(again)).contest.name.zh).toBe('名单导入测试赛');

    const records = async (id: number) => ((await (await get(`/api/export/audit.json?contest=${id}`)).json()) as AuditExport<{ action: string; payload: unknown }>);
    const onFirst = await records(first);
    const onSecond = await records(second);
    expect(onFirst.records.at(-1)).toMatchObject({ action: 'contest:serve', payload: { previousContestId: second } });
    expect(onSecond.records.at(-1)).toMatchObject({ action: 'contest:leave', payload: { servedContestId: first } });
    expect(onFirst.chain.ok && onSecond.chain.ok && onFirst.replay.ok && onSecond.replay.ok).toBe(true);

    // A restart serves the contest switched to, not the newest.
    await server.restart();
    expect(server.podium.contestId()).toBe(first);
  });

  it('archives a contest that is not served; its files still export; it is served again only out of the archive', async () => {
    const refused = await post(`/api/setup/contests/${first}/archive`, { archived: true });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: 'invalid_state', message: expect.stringContaining('being served') });
    expect((await post(`/api/setup/contests/${second}/archive`, { archived: 'yes' })).status).toBe(400);
    expect((await post(`/api/setup/contests/${second}/archive`, { archived: true })).status).toBe(200);
    const list = await contests();
    expect(list.find((c) => c.id === second)!.archivedAt).not.toBeNull();

    const contestFile = await get(`/api/export/contest.json?contest=${second}`);
    expect(contestFile.status).toBe(200);
    expect(((await contestFile.json()) as { name: { zh: string } }).name.zh).toBe('第二个赛事');
    for (const file of ['results.csv', 'sheets.csv', 'manual.json', 'results.xlsx', 'print.json', 'backup.json']) {
      expect((await get(`/api/export/${file}?contest=${second}`)).status, file).toBe(200);
    }
    expect((await get('/api/export/results.csv?contest=99999')).status).toBe(404);
    expect((await get('/api/export/results.csv?contest=x')).status).toBe(400);

    const archivedServe = await post(`/api/setup/contests/${second}/serve`, { confirm: true });
    expect(archivedServe.status).toBe(409);
    expect(await archivedServe.json()).toMatchObject({ message: expect.stringContaining('archive') });
    expect((await post(`/api/setup/contests/${second}/archive`, { archived: false })).status).toBe(200);
    const audit = (await (await get(`/api/export/audit.json?contest=${second}`)).json()) as AuditExport<{ action: string }>;
    expect(audit.records.slice(-2).map((r) => r.action)).toEqual(['contest:archive', 'contest:unarchive']);
    expect(audit.chain.ok).toBe(true);
  });
});

describe('the signature drawn at sign-off', () => {
  it('is refused when it is not a small PNG, and nothing is signed', async () => {
    const host = await connect(server.url, { role: 'host', key: server.hostKey });
    for (const e of (await sync<HostView>(host)).tracks.flatMap((t) => t.entries)) await ok(host, 'entry:status', { entryId: e.id, action: 'markAbsent' });
    const j1 = (await server.judges())[0]!;
    const judge = await connect(server.url, { role: 'judge', token: j1.token });
    const png = signaturePng();
    const tracks = (await sync<JudgeView>(judge)).tracks.map((t) => t.key);
    expect(tracks.length).toBe(2);
    for (const signature of [
      'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=',
      'data:image/png;base64,not base64!',
      `data:image/png;base64,${Buffer.from('GIF89a this is not a png at all, but long enough').toString('base64')}`,
      signaturePng(10, 10),
      `${png}${'A'.repeat(210_000)}`,
      42,
    ]) {
      const answer = await send(judge, 'judge:signoff', { track: tracks[0]!, signature });
      expect(answer).toMatchObject({ ok: false, code: 'invalid_payload', field: 'signature' });
    }
    expect((await sync<JudgeView>(judge)).tracks.map((t) => t.signedOffAt)).toEqual([null, null]);

    // A signature per track signed off: each track's 评分表 prints its own.
    for (const track of tracks) await ok(judge, 'judge:signoff', { track, signature: png });
    const signatures = ((await (await get('/api/setup/signatures')).json()) as { data: SignatureView[] }).data;
    expect(signatures).toEqual(tracks.map((track) => ({ judgeId: j1.id, track, image: png, signedAt: expect.any(String) })));
    const audit = (await (await get('/api/export/audit.json')).json()) as AuditExport<{ action: string; payload: { signature: string } }>;
    expect(audit.records.at(-1)).toMatchObject({ action: 'judge:signoff', payload: { signature: createHash('sha256').update(png).digest('hex') } });
    const print = ((await (await get('/api/export/print.json')).json()) as { data: PrintData }).data;
    const sheets = print.tracks.flatMap((t) => t.sheets);
    expect(sheets.length).toBe(2);
    for (const s of sheets) expect(s.signature).toBe(png);
  });
});
