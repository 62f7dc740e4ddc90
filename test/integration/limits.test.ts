/**
 * Hostile clients on a real server: pages of foreign origins cannot connect, a connection or an
 * address that floods is answered `rate_limited` and changes nothing, and wrong host keys or judge
 * links tried over and over (at the handshake, on REST, in a judge page's address) block the
 * address for a growing time, with one log line per block. Small limits keep the test short; the
 * defaults are in server/limits.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { LimitSettings } from '../../server/limits';
import type { Ack } from '../../server/protocol/errors';
import type { JudgeView } from '../../server/protocol/views';
import { closeAllSockets, connect, send, sync, type TestSocket } from '../support/clients';
import { openFlow, sheetForTotal } from '../support/flow';
import { startTestServer, type TestServer } from '../support/server';
import { countRecords } from '../support/state';
import { readAudit } from '../../server/store/audit';

let server: TestServer | null = null;

const clientDirs: string[] = [];

afterEach(async () => {
  closeAllSockets();
  await server?.close();
  server = null;
  for (const dir of clientDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A client "build" of one empty page: enough for the server to render the judge page with its inline data. */
function emptyClient(): string {
  const dir = mkdtempSync(join(tmpdir(), 'podium-client-'));
  clientDirs.push(dir);
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
  return dir;
}

async function start(limits: Partial<LimitSettings>, allowedOrigins?: string): Promise<{ server: TestServer; logs: LogLine[] }> {
  const logs: LogLine[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  server = await startTestServer({ logger, limits, clientDir: emptyClient(), ...(allowedOrigins ? { allowedOrigins } : {}) });
  return { server, logs };
}

/** Connects with an Origin header, as a browser page would; resolves 'connected' or the error. */
function connectFrom(url: string, origin: string, transport: 'websocket' | 'polling'): Promise<string> {
  const socket = io(url, { transports: [transport], forceNew: true, reconnection: false, extraHeaders: { origin } });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.disconnect();
      resolve('connected');
    });
    socket.once('connect_error', (err) => {
      socket.disconnect();
      resolve(`refused: ${err.message}`);
    });
  });
}

const blockLines = (logs: LogLine[]) => logs.filter((l) => / blocked for /.test(l.msg)).map((l) => l.msg);

describe('the origin allow-list', () => {
  it('refuses pages of other origins, on WebSocket and long-polling; allows this machine, configured origins and programs without an Origin', async () => {
    const { server, logs } = await start({}, 'http://podium.local:3000');
    const port = server.podium.port;
    for (const transport of ['websocket', 'polling'] as const) {
      expect(await connectFrom(server.url, 'http://evil.example', transport)).toMatch(/^refused/);
      expect(await connectFrom(server.url, `http://127.0.0.1:${port}`, transport)).toBe('connected');
      expect(await connectFrom(server.url, `http://localhost:${port}`, transport)).toBe('connected');
      expect(await connectFrom(server.url, 'http://podium.local:3000', transport)).toBe('connected');
      // The right host on another port is another origin.
      expect(await connectFrom(server.url, `http://127.0.0.1:${port + 1}`, transport)).toMatch(/^refused/);
    }
    await connect(server.url, { role: 'public' });
    // One log line per refused origin and minute, however often it tries.
    expect(logs.filter((l) => l.msg.includes('http://evil.example is not an allowed origin'))).toHaveLength(1);
  });

  it('allows every origin when configured with *', async () => {
    const { server } = await start({}, '*');
    expect(await connectFrom(server.url, 'http://evil.example', 'websocket')).toBe('connected');
  });

  it('refuses to start with an allowed origin that is not one', async () => {
    await expect(startTestServer({ allowedOrigins: 'podium.local' })).rejects.toThrow(/PODIUM_ALLOWED_ORIGINS: "podium.local" is not an origin/);
  });
});

describe('event rate limits', () => {
  it('a connection over its rate is answered rate_limited for the excess, which is not applied; it may send again after the wait', async () => {
    const { server, logs } = await start({ socketPerSecond: 5, socketBurst: 5 });
    const flow = await openFlow(server);
    const entryId = await flow.callNext('gov');
    await flow.advance('gov', 'start');
    const rubric = (await flow.track('gov')).rubric;
    const judge = flow.judges[0]!;
    const before = await countRecords(server, 'sheet:save');

    const draft = (rev: number) => ({ entryId, ...sheetForTotal(rubric, 5000 + (rev % 30) * 100), comment: `rev ${rev}`, rev });
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => send(judge.socket, 'sheet:save', draft(i + 1))));
    const accepted = answers.filter((a) => a.ok);
    const limited = answers.filter((a): a is Extract<typeof a, { ok: false }> => !a.ok);
    expect(accepted.length).toBeGreaterThanOrEqual(5);
    expect(accepted.length).toBeLessThanOrEqual(11);
    expect(limited.length).toBe(30 - accepted.length);
    for (const refusal of limited) {
      expect(refusal.code).toBe('rate_limited');
      expect((refusal.details as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0);
    }
    // Only accepted drafts were applied (on PostgreSQL, concurrent drafts may commit out of order and an
    // older one is then answered with the newer rev, unrecorded), and the stored draft is the last accepted.
    const acceptedRevs = answers.flatMap((a, i) => (a.ok ? [i + 1] : []));
    const recordedRevs = (await readAudit(server.podium.database.db, server.podium.contestId())).filter((r) => r.action === 'sheet:save').slice(before).map((r) => (r.payload as { rev: number }).rev);
    expect(recordedRevs.length).toBeGreaterThan(0);
    for (const rev of recordedRevs) expect(acceptedRevs).toContain(rev);
    const lastAccepted = Math.max(...acceptedRevs);

    // Another connection from the same address is not held back by this one's limit.
    expect((await send(flow.judges[1]!.socket, 'sheet:save', { ...draft(1), comment: 'other judge' })).ok).toBe(true);

    const wait = Math.max(...limited.map((r) => (r.details as { retryAfterMs: number }).retryAfterMs));
    await new Promise((r) => setTimeout(r, wait + 50));
    const pad = await sync<JudgeView>(judge.socket);
    expect(pad.tracks.flatMap((t) => t.entries).find((e) => e.id === entryId)!.draft!.rev).toBe(lastAccepted);
    const later = await send(judge.socket, 'sheet:save', draft(100));
    expect(later).toMatchObject({ ok: true, data: { rev: 100 } });
    expect(logs.filter((l) => l.msg.includes('over its rate limit'))).toHaveLength(1);
  });

  it('all connections of one address together are limited for what does work', async () => {
    const { server } = await start({ addressPerSecond: 4, addressBurst: 4, socketPerSecond: 100, socketBurst: 100 });
    const consoles: TestSocket[] = [];
    for (let i = 0; i < 4; i++) consoles.push(await connect(server.url, { role: 'host', key: server.hostKey }));
    await new Promise((r) => setTimeout(r, 1_100));
    // An unknown stage: each admitted command is refused by its handler, so nothing changes either way.
    const answers = await Promise.all(consoles.flatMap((s) => [1, 2, 3, 4].map(() => send(s, 'timer:extend', { track: 'nope', seconds: 30 }))));
    const limited = answers.filter((a) => !a.ok && a.code === 'rate_limited');
    expect(answers.length - limited.length).toBeLessThanOrEqual(9);
    expect(limited.length).toBeGreaterThanOrEqual(7);
  });

  it('snapshots and the clock count for their own connection only: a hall of phones behind one address all get their view back', async () => {
    const { server } = await start({ addressPerSecond: 2, addressBurst: 2, socketPerSecond: 3, socketBurst: 3 });
    const phones: TestSocket[] = [];
    for (let i = 0; i < 40; i++) phones.push(await connect(server.url, { role: 'public' }));
    const views = await Promise.all(phones.map((s) => s.timeout(5_000).emitWithAck('view:sync', {}) as Promise<Ack<{ seq: number }>>));
    expect(views.filter((a) => a.ok)).toHaveLength(40);
    expect((await Promise.all(phones.map((s) => s.timeout(5_000).emitWithAck('clock:ping')))).every((t) => typeof t === 'number')).toBe(true);
    // One phone asking over and over is still held to its connection's limit: ten at once is more
    // than even a window that has just turned over allows (3 a second and a burst of 3).
    const again = await Promise.all(Array.from({ length: 10 }, () => phones[0]!.timeout(5_000).emitWithAck('view:sync', {}) as Promise<Ack<unknown>>));
    expect(again.filter((a) => !a.ok)).not.toHaveLength(0);
    for (const refusal of again.filter((a) => !a.ok)) expect(refusal).toMatchObject({ code: 'rate_limited' });
  });
});

describe('wrong credentials', () => {
  it('at the handshake: past the limit the address is blocked, even for the right key, for a growing time, and each block is logged', async () => {
    const { server, logs } = await start({ failuresPerMinute: 3, firstBlockSeconds: 1 });
    const judges = await server.judges();
    const tryKey = (key: string) => connect(server.url, { role: 'host', key }).then(() => 'connected', (e: { data?: { code: string } }) => e.data?.code);
    // Wrong host keys and wrong judge links count together: both are guesses at a secret.
    expect(await tryKey('wrong-1')).toBe('unauthorized');
    expect(await connect(server.url, { role: 'judge', token: 'wrong-token' }).catch((e: { data: { code: string } }) => e.data.code)).toBe('unauthorized');
    expect(await tryKey('wrong-3')).toBe('unauthorized');
    expect(blockLines(logs)).toEqual([]);
    expect(await tryKey('wrong-4')).toBe('unauthorized');
    expect(blockLines(logs)).toHaveLength(1);
    expect(blockLines(logs)[0]).toMatch(/too many wrong host keys from .*127\.0\.0\.1: blocked for 1 s/);

    // Blocked: the right key is not even checked, a public screen still connects.
    expect(await tryKey(server.hostKey)).toBe('rate_limited');
    const refusal = await connect(server.url, { role: 'judge', token: judges[0]!.token }).catch((e: { data: unknown }) => e.data);
    expect(refusal).toMatchObject({ code: 'rate_limited', details: { retryAfterMs: expect.any(Number) } });
    await connect(server.url, { role: 'public' });

    await new Promise((r) => setTimeout(r, 1_100));
    expect(await tryKey(server.hostKey)).toBe('connected');
    // The next block lasts twice as long.
    for (let i = 0; i < 4; i++) expect(await tryKey(`again-${i}`)).toBe('unauthorized');
    expect(blockLines(logs)[1]).toMatch(/blocked for 2 s/);
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await tryKey(server.hostKey)).toBe('rate_limited');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await tryKey(server.hostKey)).toBe('connected');
  });

  it('on REST: wrong host keys are answered 401, then 429 with Retry-After (also for the right key) until the block ends; requests without a key do not count', async () => {
    const { server, logs } = await start({ failuresPerMinute: 3, firstBlockSeconds: 1 });
    const get = (key?: string) => fetch(`${server.url}/api/export/contest.json`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
    for (let i = 0; i < 5; i++) expect((await get()).status).toBe(401);
    for (let i = 0; i < 4; i++) {
      const res = await get(`wrong-${i}`);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ ok: false, code: 'unauthorized' });
    }
    const blocked = await get(server.hostKey);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('1');
    expect(await blocked.json()).toMatchObject({ ok: false, code: 'rate_limited', details: { retryAfterMs: expect.any(Number) } });
    expect(blockLines(logs)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await get(server.hostKey)).status).toBe(200);
  });

  it('a judge page with a wrong link counts as a wrong link; while blocked the page carries no view', async () => {
    const { server, logs } = await start({ failuresPerMinute: 2, firstBlockSeconds: 1 });
    const judges = await server.judges();
    const page = async (token: string) => (await fetch(`${server.url}/judge/${token}`)).text();
    expect(await page(judges[0]!.token)).toContain('"ok":true');
    expect(await page('wrong-link-1')).toContain('"code":"unauthorized"');
    await page('wrong-link-2');
    await page('wrong-link-3');
    expect(blockLines(logs)).toHaveLength(1);
    expect(blockLines(logs)[0]).toMatch(/too many wrong judge links/);
    // Blocked: even the right link's page says nothing, and its handshake is refused for now.
    expect(await page(judges[0]!.token)).not.toContain('application/json');
    expect(await connect(server.url, { role: 'judge', token: judges[0]!.token }).catch((e: { data: { code: string } }) => e.data.code)).toBe('rate_limited');
  });

  it('behind a trusted reverse proxy, counts each client it names; an untrusted X-Forwarded-For is ignored', async () => {
    const viaProxy = (url: string, key: string, client: string) =>
      new Promise<string>((resolve) => {
        const socket = io(url, { auth: { role: 'host', key }, transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { 'x-forwarded-for': client } });
        socket.once('connect', () => (socket.disconnect(), resolve('connected')));
        socket.once('connect_error', (e) => (socket.disconnect(), resolve((e as { data?: { code: string } }).data?.code ?? e.message)));
      });
    // Trusted (the proxy is on loopback): 203.0.113.1 is blocked, 203.0.113.2 is not.
    const { server: trusting } = await start({ failuresPerMinute: 2, firstBlockSeconds: 5, trustProxy: 'loopback' });
    for (let i = 0; i < 3; i++) expect(await viaProxy(trusting.url, `wrong-${i}`, '203.0.113.1')).toBe('unauthorized');
    expect(await viaProxy(trusting.url, trusting.hostKey, '203.0.113.1')).toBe('rate_limited');
    expect(await viaProxy(trusting.url, trusting.hostKey, '203.0.113.2')).toBe('connected');
    const rest = (client: string, key: string) => fetch(`${trusting.url}/api/export/contest.json`, { headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': client } });
    expect((await rest('203.0.113.1', trusting.hostKey)).status).toBe(429);
    expect((await rest('203.0.113.3', trusting.hostKey)).status).toBe(200);
    closeAllSockets();
    await trusting.close();

    // Not trusted: a client cannot escape its block by naming another address.
    const { server: plain } = await start({ failuresPerMinute: 2, firstBlockSeconds: 5 });
    for (let i = 0; i < 3; i++) expect(await viaProxy(plain.url, `wrong-${i}`, `203.0.113.${i + 10}`)).toBe('unauthorized');
    expect(await viaProxy(plain.url, plain.hostKey, '203.0.113.99')).toBe('rate_limited');
  });

  it('refuses to start with a trusted proxy setting it cannot read', async () => {
    await expect(startTestServer({ limits: { trustProxy: 'not an address' } })).rejects.toThrow(/PODIUM_TRUST_PROXY/);
  });
});
