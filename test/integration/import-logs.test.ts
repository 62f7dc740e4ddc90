/**
 * Importing a contest on a single process (no Redis) logs no warning or error: the notice to other
 * processes is only sent when there are other processes to reach (issue 13, item 6). The server's
 * log goes to a stream the test reads, and the console is watched for what Socket.IO prints.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeAllSockets, connect, nextEvent } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';

const lines: { level: number; msg: string }[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as { level: number; msg: string });
    done();
  },
});
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ logger: pino({ level: 'debug' }, sink) });
});
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(async () => {
  closeAllSockets();
  await server?.close();
});

describe('contest import on one process', () => {
  it('replaces the contest for every client and logs no warning or error', async () => {
    const warn = vi.spyOn(console, 'warn');
    const error = vi.spyOn(console, 'error');
    const screen = await connect(server.url, { role: 'public' });
    const replaced = nextEvent(screen, 'contest:replaced');
    const before = server.podium.contestId();

    const res = await fetch(`${server.url}/api/setup/contest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.hostKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: '单进程导入',
        tracks: [{ key: 'solo', name: '唯一赛道', criteria: [{ key: 'q', label: '质量', max: 100 }], awards: [{ key: 'first', name: '一等奖', count: 1 }] }],
      }),
    });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: { contestId: number } };
    expect(data.contestId).not.toBe(before);
    expect(await replaced).toBe(data.contestId);
    await server.podium.settled();

    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);
    expect(lines.length).toBeGreaterThan(0); // the log does reach the stream
  });
});
