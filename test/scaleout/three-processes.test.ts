/**
 * Three Podium processes (real OS processes, `server/index.ts`) on one PostgreSQL database and one
 * Redis, behind a load balancer: a judge scoring through one process is seen on the screens of the
 * other two; a configuration command through one (a recusal, a judge's new link) is acted on by the
 * others at once; and when one process is killed, its clients reconnect through the balancer to
 * another and resync. Runs in the PostgreSQL pass (DATABASE_URL set); Redis from
 * PODIUM_TEST_REDIS_URL or 127.0.0.1:6379.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostView, JudgeView, PublicView } from '../../server/protocol/views';
import { startBalancer, type Balancer } from '../support/balancer';
import { closeAllSockets, connect, live, ok, send, sync, type LiveView, type TestSocket } from '../support/clients';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { sheetForTotal } from '../support/flow';
import { freePort } from '../support/ports';
import { spawnPodium, waitForHealth, type PodiumProcess } from '../support/processes';
import { TEST_HOST_KEY } from '../support/server';

const REDIS_URL = process.env.PODIUM_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Node {
  name: string;
  port: number;
  url: string;
  process: PodiumProcess;
}

let database: TestDatabase;
let nodes: Node[];
let balancer: Balancer;

beforeAll(async () => {
  database = await createTestDatabase();
  if (database.config.kind !== 'postgres') throw new Error('the scale-out tests need DATABASE_URL');
  const url = database.config.url;
  nodes = await Promise.all(
    ['A', 'B', 'C'].map(async (name) => {
      const port = await freePort();
      const child = spawnPodium('server/index.ts', {
        DATABASE_URL: url, PODIUM_REDIS_URL: REDIS_URL, PORT: String(port), PODIUM_HOST_KEY: TEST_HOST_KEY, PODIUM_LOG_LEVEL: 'warn',
      });
      return { name, port, url: `http://127.0.0.1:${port}`, process: child };
    }),
  );
  await Promise.all(nodes.map((n) => waitForHealth(n.port)));
  balancer = await startBalancer(nodes.map((n) => n.port));
});

afterAll(async () => {
  closeAllSockets();
  await balancer?.close();
  for (const n of nodes ?? []) n.process.child.kill('SIGKILL');
  await Promise.all((nodes ?? []).map((n) => n.process.exited));
  await database?.drop();
});

async function tokens(host: TestSocket): Promise<{ id: number; key: string; token: string }[]> {
  const res = await fetch(`${nodes[0]!.url}/api/setup/judges`, { headers: { authorization: `Bearer ${TEST_HOST_KEY}` } });
  const body = (await res.json()) as { data: { judges: { id: number; key: string; link: string }[] } };
  const view = await sync<HostView>(host);
  expect(body.data.judges.map((j) => j.id)).toEqual(view.judges.map((j) => j.id));
  return body.data.judges.map((j) => ({ id: j.id, key: j.key, token: j.link.slice(j.link.lastIndexOf('/') + 1) }));
}

describe('three processes, one contest', () => {
  let host: TestSocket;
  let judges: { id: number; key: string; token: string }[];
  let screenB: LiveView<PublicView>;
  let screenC: LiveView<PublicView>;
  let audience: LiveView<PublicView>[];

  beforeAll(async () => {
    const [a, b, c] = nodes;
    host = await connect(a!.url, { role: 'host', key: TEST_HOST_KEY });
    judges = await tokens(host);
    screenB = await live(await connect(b!.url, { role: 'public' }), 'public');
    screenC = await live(await connect(c!.url, { role: 'public' }), 'public');
    // Phones in the hall, through the balancer: spread over the three processes.
    audience = [];
    for (let i = 0; i < 9; i++) audience.push(await live(await connect(`http://127.0.0.1:${balancer.port}`, { role: 'public' }, { reconnect: true }), 'public'));
    for (const n of nodes) expect(balancer.counts.get(n.port)).toBeGreaterThan(0);
  });

  it('shows a sheet scored through one process on the screens of the other two', async () => {
    const [a, b] = nodes;
    const view = await sync<HostView>(host);
    const gov = view.tracks.find((t) => t.key === 'gov')!;
    const { entryId } = await ok(host, 'stage:next', { track: 'gov' });
    await ok(host, 'stage:advance', { track: 'gov', action: 'start' });
    const eligible = gov.entries.find((e) => e.id === entryId)!.sheets.filter((s) => s.status !== 'recused').map((s) => s.judgeId);
    for (const [i, judgeId] of eligible.entries()) {
      // Half the judges on B, half on A.
      const pad = await connect((i % 2 === 0 ? b! : a!).url, { role: 'judge', token: judges.find((j) => j.id === judgeId)!.token });
      await ok(pad, 'sheet:submit', { entryId, ...sheetForTotal(gov.rubric, 8000 + 100 * i), comment: '', submissionId: `three-${entryId}-${judgeId}` });
    }
    await ok(host, 'stage:close', { entryId });
    const onBoard = (v: PublicView) => v.tracks.find((t) => t.key === 'gov')!.board.some((r) => r.entryId === entryId);
    await screenB.until(onBoard);
    await screenC.until(onBoard);
    for (const phone of audience) await phone.until(onBoard);
  });

  it('acts at once on a recusal and on a new link made through another process', async () => {
    const [a, b, c] = nodes;
    const view = await sync<HostView>(host);
    const gov = view.tracks.find((t) => t.key === 'gov')!;
    const next = gov.entries.find((e) => e.state === 'waiting')!;
    const judge = judges.find((j) => gov.entries[0]!.sheets.some((s) => s.judgeId === j.id))!;
    const padOnC = await connect(c!.url, { role: 'judge', token: judge.token });
    const pad = await live(padOnC, 'judge');

    // A recusal through A: the judge's pad on C shows it, and C refuses the sheet at once.
    await ok(host, 'recusal:set', { judgeId: judge.id, entryId: next.id, recused: true, reason: '同单位' });
    await pad.until((v: JudgeView) => v.tracks.some((t) => t.entries.some((e) => e.id === next.id && e.recused)));
    await ok(host, 'stage:next', { track: 'gov' });
    await ok(host, 'stage:advance', { track: 'gov', action: 'start' });
    const refused = await send(padOnC, 'sheet:submit', { entryId: next.id, ...sheetForTotal(gov.rubric, 7000), comment: '', submissionId: 'three-recused-1' });
    expect(refused).toMatchObject({ ok: false, code: 'recused' });

    // A new link through B: the old one's pad on C is sent away, and C refuses the old link.
    const hostOnB = await connect(b!.url, { role: 'host', key: TEST_HOST_KEY });
    const gone = new Promise<void>((resolve) => padOnC.once('disconnect', () => resolve()));
    await ok(hostOnB, 'judge:relink', { judgeId: judge.id });
    await gone;
    await expect(connect(c!.url, { role: 'judge', token: judge.token })).rejects.toMatchObject({ data: { code: 'unauthorized' } });
    await expect(connect(a!.url, { role: 'judge', token: judge.token })).rejects.toMatchObject({ data: { code: 'unauthorized' } });
  });

  it('moves the clients of a killed process to the others, which bring them up to date', async () => {
    const [a, , c] = nodes;
    // Which phones C serves: they are the ones that will lose their connection.
    const dropped: LiveView<PublicView>[] = [];
    for (const phone of audience) phone.socket.once('disconnect', () => dropped.push(phone));
    c!.process.child.kill('SIGKILL');
    await c!.process.exited;
    await expect.poll(() => dropped.length, { timeout: 15_000 }).toBeGreaterThan(0);
    for (const phone of dropped) await expect.poll(() => phone.socket.connected, { timeout: 15_000 }).toBe(true);

    // A change made after the kill reaches every phone, whichever process now serves it.
    await ok(host, 'stage:advance', { track: 'gov', action: 'toQa' });
    for (const phone of audience) await phone.until((v) => v.tracks.find((t) => t.key === 'gov')!.stage.entry?.state === 'qa');
    const fresh = await sync<PublicView>(await connect(a!.url, { role: 'public' }));
    for (const phone of audience) expect({ ...phone.current(), seq: 0 }).toEqual({ ...fresh, seq: 0 });
    expect(dropped.every((p) => p.snapshots() >= 2)).toBe(true);
  });
});
