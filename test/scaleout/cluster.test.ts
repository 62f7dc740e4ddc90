/**
 * Two Podium processes on one PostgreSQL database, with broadcasts through Redis: a judge on one
 * process submits, and the host and the screen on the other see it. Without the adapter they would
 * not (each process only reaches its own sockets). Runs in the PostgreSQL pass (DATABASE_URL set);
 * Redis from PODIUM_TEST_REDIS_URL or 127.0.0.1:6379.
 */
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostView, PublicView } from '../../server/protocol/views';
import { startPodium, type Podium } from '../../server/start';
import { closeAllSockets, connect, live, nextEvent, ok, sync } from '../support/clients';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { TEST_HOST_KEY } from '../support/server';

const REDIS_URL = process.env.PODIUM_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
let database: TestDatabase;
let a: Podium;
let b: Podium;

beforeAll(async () => {
  database = await createTestDatabase();
  const start = () => startPodium({ db: database.config, port: 0, host: '127.0.0.1', hostKey: TEST_HOST_KEY, redisUrl: REDIS_URL });
  a = await start();
  b = await start();
});

afterAll(async () => {
  closeAllSockets();
  await a?.close();
  await b?.close();
  await database?.drop();
});

describe('two processes, one contest', () => {
  it('delivers a change made through one process to clients of the other', async () => {
    const hostOnA = await connect(a.url, { role: 'host', key: TEST_HOST_KEY });
    const screenOnA = await connect(a.url, { role: 'public' });
    const view = await sync<HostView>(hostOnA);
    const judgeRow = view.judges[0]!;
    const { db } = a.database;
    const token = (await db.query.judges.findFirst({ where: (j, { eq }) => eq(j.id, judgeRow.id) }))!.token;

    await ok(hostOnA, 'stage:next', { track: 'open' });
    const screenA = await live(screenOnA, 'public');
    const hostA = await live(hostOnA, 'host');
    const started = screenA.until((v) => v.tracks[1]!.stage.entry?.state === 'presenting');
    const hostOnB = await connect(b.url, { role: 'host', key: TEST_HOST_KEY });
    await ok(hostOnB, 'stage:advance', { track: 'open', action: 'start' });
    const presenting = (await started) as PublicView;
    const entry = presenting.tracks[1]!.stage.entry!;

    const judgeOnB = await connect(b.url, { role: 'judge', token });
    const scores = Object.fromEntries(view.tracks[1]!.rubric.criteria.map((c) => [c.key, c.max / 2]));
    const seenByHost = hostA.until((v) => v.tracks[1]!.entries.find((e) => e.id === entry.id)!.sheets.some((s) => s.judgeId === judgeRow.id && s.status === 'submitted'));
    const seenByScreen = screenA.until((v) => v.tracks[1]!.stage.progress?.submitted === 1);
    await ok(judgeOnB, 'sheet:submit', { entryId: entry.id, scores, bonus: {}, comment: '', submissionId: 'cluster-test-1' });
    await seenByHost;
    await seenByScreen;
  });

  it('shows the console on one process the pads of the other: connected, their unsent work, last seen', async () => {
    const hostA = await live(await connect(a.url, { role: 'host', key: TEST_HOST_KEY }), 'host');
    const judgeRow = hostA.current().judges[1]!;
    const token = (await a.database.db.query.judges.findFirst({ where: (j, { eq }) => eq(j.id, judgeRow.id) }))!.token;
    const padOnB = await connect(b.url, { role: 'judge', token });
    await hostA.until((v) => v.presence.judges.find((p) => p.judgeId === judgeRow.id)?.connected === true);
    padOnB.emit('pad:report', { queued: [42], unsaved: [] });
    await hostA.until((v) => v.presence.judges.find((p) => p.judgeId === judgeRow.id)?.queued.includes(42) === true);
    padOnB.disconnect();
    const offline = await hostA.until((v) => v.presence.judges.find((p) => p.judgeId === judgeRow.id)?.connected === false);
    expect(offline.presence.judges.find((p) => p.judgeId === judgeRow.id)).toMatchObject({ queued: [42] });
    expect(offline.presence.judges.find((p) => p.judgeId === judgeRow.id)!.lastSeen).not.toBeNull();
  });

  it('switches every process to a newly imported contest', async () => {
    const screenOnB = await connect(b.url, { role: 'public' });
    const replaced = nextEvent(screenOnB, 'contest:replaced');
    const res = await fetch(`${a.url}/api/setup/contest?confirm=replace`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_HOST_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: '第二场',
        tracks: [{ key: 'solo', name: '唯一赛道', criteria: [{ key: 'q', label: '质量', max: 100 }], awards: [{ key: 'first', name: '一等奖', count: 1 }] }],
      }),
    });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: { contestId: number } };
    expect(await replaced).toBe(data.contestId);
    await expect.poll(() => b.contestId()).toBe(data.contestId);
    const view = await sync<PublicView>(await connect(b.url, { role: 'public' }));
    expect(view.tracks.map((t) => t.key)).toEqual(['solo']);
  });

  it('switches every process back to the first contest when the host switches on another process', async () => {
    const first = (await (await fetch(`${a.url}/api/setup/contests`, { headers: { authorization: `Bearer ${TEST_HOST_KEY}` } })).json()) as { data: { id: number }[] };
    const target = first.data[0]!.id;
    const screenOnA = await connect(a.url, { role: 'public' });
    const replaced = nextEvent(screenOnA, 'contest:replaced');
    const dropped = new Promise((resolve) => screenOnA.once('disconnect', resolve));
    const res = await fetch(`${b.url}/api/setup/contests/${target}/serve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_HOST_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ confirm: true }),
    });
    expect(res.status).toBe(200);
    expect(await replaced).toBe(target);
    await dropped;
    await expect.poll(() => a.contestId()).toBe(target);
    const view = await sync<PublicView>(await connect(a.url, { role: 'public' }));
    expect(view.tracks.map((t) => t.key)).toEqual(['gov', 'open']);
  });
});

describe('wrong host keys over several processes', () => {
  it('are counted together through Redis: guesses spread over both processes are blocked on both', async () => {
    // A prefix of this run's own, so that no other test (or run) shares these counters.
    const redisPrefix = `podium-test-${process.pid}-${Date.now()}`;
    const limits = { failuresPerMinute: 4, firstBlockSeconds: 2, redisPrefix };
    const start = () => startPodium({ db: database.config, port: 0, host: '127.0.0.1', hostKey: TEST_HOST_KEY, redisUrl: REDIS_URL, limits });
    const [c, d] = [await start(), await start()];
    try {
      const tryKey = (url: string, key: string) => connect(url, { role: 'host', key }).then(() => 'connected', (e: { data?: { code: string } }) => e.data?.code);
      // Five wrong keys, alternating between the processes: more than either saw alone.
      for (let i = 0; i < 5; i++) expect(await tryKey(i % 2 === 0 ? c.url : d.url, `wrong-${i}`)).toBe('unauthorized');
      expect(await tryKey(c.url, TEST_HOST_KEY)).toBe('rate_limited');
      expect(await tryKey(d.url, TEST_HOST_KEY)).toBe('rate_limited');
    } finally {
      closeAllSockets();
      await c.close();
      await d.close();
      // The shared Redis keeps a block count for a day: take this run's keys away.
      const redis = createClient({ url: REDIS_URL });
      await redis.connect();
      const keys = await redis.keys(`${redisPrefix}:*`);
      if (keys.length > 0) await redis.del(keys);
      await redis.quit();
    }
  });
});
