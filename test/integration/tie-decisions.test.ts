/**
 * A host's tie decision belongs to the tie it settled: when one of its entries changes (reopened,
 * withdrawn, restored), the decision is forgotten, on the record, and a new tie is flagged again
 * rather than settled silently. Also: importing a contest file with fixed judge tokens twice works.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostTrack, HostView } from '../../server/protocol/views';
import { closeAllSockets, connect, ok, sync, type TestSocket } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';

const FIXTURE = fileURLToPath(new URL('../fixtures/contests/host-small.json', import.meta.url));
let server: TestServer;
let host: TestSocket;
let pad: TestSocket;
let submissions = 0;

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
const sheet = (entryId: number, idea: number, delivery: number) => ({
  entryId, scores: { idea: idea * 100, delivery: delivery * 100 }, bonus: {}, comment: '', submissionId: `tie-decisions-${++submissions}`,
});

async function score(entryId: number, idea: number, delivery: number): Promise<void> {
  await ok(host, 'stage:call', { track: 'hallB', entryId });
  await ok(host, 'stage:advance', { track: 'hallB', action: 'start' });
  await ok(host, 'stage:advance', { track: 'hallB', action: 'toScoring' });
  await ok(pad, 'sheet:submit', sheet(entryId, idea, delivery));
  await ok(host, 'stage:close', { entryId, confirmMissing: true, reason: 'one judge for this test' });
}

describe('tie decisions', () => {
  it('are forgotten when an entry of the tie is reopened, and the new tie is flagged again', async () => {
    const [b1, b2] = (await hallB()).entries;
    await score(b1!.id, 30, 30);
    await score(b2!.id, 30, 30);
    expect((await hallB()).results.provisional).toBe(true);
    await ok(host, 'tie:resolve', { track: 'hallB', entryIds: [b2!.id, b1!.id], reason: '合议' });
    expect((await hallB()).results.provisional).toBe(false);

    // B01 is reopened and submitted again: whatever the new sheet says, the old decision must not settle it.
    await ok(host, 'stage:reopen', { entryId: b1!.id, reason: '笔误' });
    await ok(pad, 'sheet:submit', sheet(b1!.id, 30, 30));
    await ok(host, 'stage:close', { entryId: b1!.id, confirmMissing: true, reason: 'one judge for this test' });
    const after = await hallB();
    expect(after.results.provisional).toBe(true);
    expect(after.results.ranking.every((r) => r.decidedBy?.rule !== 'manual')).toBe(true);

    const audit = (await (await fetch(`${server.url}/api/export/audit.json`, { headers: { authorization: `Bearer ${server.hostKey}` } })).json()) as {
      replay: { ok: boolean; differences: string[] };
      records: { action: string; payload: { tieDecisionsDropped?: number[] } }[];
    };
    // Replaying the record (decision, reopen, new sheet) gives the same provisional results.
    expect(audit.replay).toEqual({ ok: true, differences: [] });
    const reopen = audit.records.find((r) => r.action === 'stage:reopen')!;
    expect(reopen.payload.tieDecisionsDropped).toHaveLength(1);
  });
});

describe('importing a contest file with fixed judge tokens', () => {
  it('works again and again (tokens are unique per contest, not for ever)', async () => {
    const file = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { judges: { token?: string }[] };
    file.judges.forEach((j, i) => (j.token = `fixed-token-for-judge-${i + 1}`));
    for (let round = 0; round < 2; round++) {
      const res = await fetch(`${server.url}/api/setup/contest?confirm=replace`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.hostKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(file),
      });
      expect(res.status).toBe(200);
    }
    const judge = await connect(server.url, { role: 'judge', token: 'fixed-token-for-judge-1' });
    expect((await sync<{ contest: { id: number } }>(judge)).contest.id).toBe(server.podium.contestId());
  });
});
