/**
 * Withdrawals and absences are reversible: a withdrawn entry leaves the order and the results, and
 * restoring it brings back exactly what it had (a closed result, or its place in the queue). The
 * record replays to the same results throughout.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditExport } from '../../server/protocol/rest';
import type { HostTrack, HostView } from '../../server/protocol/views';
import { closeAllSockets, connect, ok, send, sync, type TestSocket } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';

const FIXTURE = fileURLToPath(new URL('../fixtures/contests/host-small.json', import.meta.url));
let server: TestServer;
let host: TestSocket;
let pad: TestSocket;

beforeAll(async () => {
  server = await startTestServer({ contestFile: FIXTURE });
  host = await connect(server.url, { role: 'host', key: server.hostKey });
  const [j1] = await server.judges();
  pad = await connect(server.url, { role: 'judge', token: j1!.token });
});

afterAll(async () => {
  closeAllSockets();
  await server?.close();
});

const hallB = async (): Promise<HostTrack> => (await sync<HostView>(host)).tracks.find((t) => t.key === 'hallB')!;
const replay = async () =>
  ((await (await fetch(`${server.url}/api/export/audit.json`, { headers: { authorization: `Bearer ${server.hostKey}` } })).json()) as AuditExport).replay;

describe('withdraw and restore', () => {
  it('takes a closed entry out of the results and brings the same result back', async () => {
    const [b1] = (await hallB()).entries;
    await ok(host, 'stage:call', { track: 'hallB', entryId: b1!.id });
    await ok(host, 'stage:advance', { track: 'hallB', action: 'start' });
    await ok(pad, 'sheet:submit', { entryId: b1!.id, scores: { idea: 4000, delivery: 3500 }, bonus: {}, comment: '', submissionId: 'withdraw-restore-1' });
    await ok(host, 'stage:close', { entryId: b1!.id, confirmMissing: true, reason: 'one judge for this test' });
    const before = (await hallB()).results.ranking.find((r) => r.entryId === b1!.id)!;
    expect(before.final).toBe(7500);

    expect(await send(host, 'entry:status', { entryId: b1!.id, action: 'withdraw' })).toMatchObject({ ok: false, code: 'invalid_payload', field: 'reason' });
    await ok(host, 'entry:status', { entryId: b1!.id, action: 'withdraw', reason: '作品资格复核' });
    const withdrawn = await hallB();
    expect(withdrawn.entries.find((e) => e.id === b1!.id)!.state).toBe('withdrawn');
    expect(withdrawn.results.ranking).toEqual([]);
    expect(await replay()).toEqual({ ok: true, differences: [] });

    await ok(host, 'entry:status', { entryId: b1!.id, action: 'restore' });
    const restored = await hallB();
    expect(restored.entries.find((e) => e.id === b1!.id)!.state).toBe('closed');
    expect(restored.results.ranking.find((r) => r.entryId === b1!.id)).toEqual(before);
    expect(await replay()).toEqual({ ok: true, differences: [] });
  });

  it('sends an absent team to the end of the queue, and restores it to waiting', async () => {
    const [, b2] = (await hallB()).entries;
    await ok(host, 'entry:status', { entryId: b2!.id, action: 'markAbsent' });
    const absent = await hallB();
    expect(absent.entries.find((e) => e.id === b2!.id)).toMatchObject({ state: 'absent', position: absent.entries.filter((e) => e.state !== 'withdrawn').length });
    await ok(host, 'entry:status', { entryId: b2!.id, action: 'restore' });
    expect((await hallB()).entries.find((e) => e.id === b2!.id)!.state).toBe('waiting');
    await ok(host, 'stage:call', { track: 'hallB', entryId: b2!.id });
  });
});
