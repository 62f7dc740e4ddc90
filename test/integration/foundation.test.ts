/**
 * The skeleton end to end on a real database (PGlite, or PostgreSQL with DATABASE_URL): health,
 * handshake by role, what each role may see, persistence across a restart, the audit chain, and
 * contest import through the API.
 */
import { readFileSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, contests } from '../../db/schema/index';
import type { HostView, JudgeView, PublicView } from '../../server/protocol/views';
import { closeAllSockets, connect, nextEvent, ok, sync } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ persistent: true });
});
afterEach(() => closeAllSockets());
afterAll(async () => {
  await server?.close();
});

const bearer = () => ({ authorization: `Bearer ${server.hostKey}` });

describe('foundation', () => {
  it('answers health with the database in use', async () => {
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; database: string; contestId: number };
    expect(body.ok).toBe(true);
    expect(body.database).toBe(server.database.kind);
    // Safe headers on everything: no framing of the console, no referrer carrying a judge's token.
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
  });

  it('authenticates each role at the handshake and refuses bad credentials', async () => {
    await expect(connect(server.url, { role: 'host', key: 'wrong' })).rejects.toMatchObject({ data: { code: 'unauthorized' } });
    await expect(connect(server.url, { role: 'judge', token: 'no-such-token-000000' })).rejects.toMatchObject({ data: { code: 'unauthorized' } });
    await expect(connect(server.url, { role: 'admin' } as never)).rejects.toMatchObject({ data: { code: 'invalid_payload' } });
    const host = await sync<HostView>(await connect(server.url, { role: 'host', key: server.hostKey }));
    expect(host.tracks.map((t) => [t.key, t.entries.length])).toEqual([['gov', 10], ['open', 10]]);
    expect(host.judges).toHaveLength(7);
  });

  it('gives the public view no judge names, tokens or per-judge data', async () => {
    const view = await sync<PublicView>(await connect(server.url, { role: 'public' }));
    expect(view.tracks.map((t) => t.name.zh)).toEqual(['政府赛道', '开放赛道']);
    const json = JSON.stringify(view);
    for (const judge of await server.judges()) {
      expect(json).not.toContain(judge.token);
      expect(json).not.toContain(judge.name);
    }
    expect(json).not.toMatch(/"judges"|"sheets"|"token"/);
  });

  it('gives a judge their own name and tracks, and never another judge', async () => {
    const [first, second] = await server.judges();
    const view = await sync<JudgeView>(await connect(server.url, { role: 'judge', token: first!.token }));
    expect(view.judge.name).toBe(first!.name);
    expect(view.tracks.map((t) => t.key)).toEqual(['gov', 'open']);
    expect(JSON.stringify(view)).not.toContain(second!.name);
  });

  it('keeps everything across a restart on the same database', async () => {
    const host = await connect(server.url, { role: 'host', key: server.hostKey });
    await ok(host, 'order:draw', { track: 'open', seed: 'restart-check' });
    await ok(host, 'stage:next', { track: 'open' });
    await ok(host, 'stage:advance', { track: 'open', action: 'start' });
    await server.podium.settled();
    const before = await sync<HostView>(host);
    host.disconnect();

    await server.restart();
    const after = await sync<HostView>(await connect(server.url, { role: 'host', key: server.hostKey }));
    // Everything but the pads' presence, which is what one process sees of its connections (not stored).
    expect({ ...after, presence: null }).toEqual({ ...before, presence: null });
    expect(after.tracks[1]!.drawSeed).toBe('restart-check');
    expect(after.tracks[1]!.stage.entry?.state).toBe('presenting');
  });

  it('chains every command in the audit log and detects an edited record', async () => {
    const res = await fetch(`${server.url}/api/export/audit.json`, { headers: bearer() });
    const audit = (await res.json()) as { chain: { ok: boolean; records: number }; records: { action: string }[] };
    expect(audit.chain.ok).toBe(true);
    expect(audit.records.map((r) => r.action)).toEqual(['contest:import', 'order:draw', 'stage:next', 'stage:advance']);

    const { db } = server.podium.database;
    const [draw] = await db.select().from(auditLog).where(eq(auditLog.action, 'order:draw'));
    await db.update(auditLog).set({ payload: sql`jsonb_set(${auditLog.payload}, '{seed}', '"forged"')` }).where(eq(auditLog.id, draw!.id));
    const tampered = (await (await fetch(`${server.url}/api/export/audit.json`, { headers: bearer() })).json()) as { chain: { ok: boolean; brokenAt: number } };
    expect(tampered.chain).toMatchObject({ ok: false, brokenAt: draw!.id });
    await db.update(auditLog).set({ payload: draw!.payload }).where(eq(auditLog.id, draw!.id));
  });

  it('refuses the host API without the host key', async () => {
    for (const path of ['/api/setup/judges', '/api/export/sheets.csv', '/api/export/audit.json']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ ok: false, code: 'unauthorized' });
    }
  });

  it('refuses an invalid contest import listing every problem, and writes nothing', async () => {
    const { db } = server.podium.database;
    const count = async () => (await db.select({ n: sql<number>`count(*)::int` }).from(contests))[0]!.n;
    const before = await count();
    const res = await fetch(`${server.url}/api/setup/contest`, {
      method: 'POST',
      headers: { ...bearer(), 'content-type': 'application/json' },
      body: JSON.stringify({ name: '', tracks: [] }),
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { code: string; details: { path: string }[] };
    expect(body.code).toBe('contest_invalid');
    expect(body.details.map((d) => d.path)).toEqual(['name', 'tracks']);
    // Broken JSON: where, by line and column, with the line itself.
    const malformed = await fetch(`${server.url}/api/setup/contest`, { method: 'POST', headers: { ...bearer(), 'content-type': 'application/json' }, body: '{\n  "name": "x",\n  "tracks": [}\n' });
    expect(malformed.status).toBe(422);
    expect(await malformed.json()).toMatchObject({
      ok: false, code: 'contest_invalid',
      details: [{ path: '(file)', code: 'json_syntax', params: { line: 3, column: 14, reason: 'ValueExpected', excerpt: '  "tracks": [}' } }],
    });
    // Shape and reference mistakes together: all seven in one answer.
    const seven = await fetch(`${server.url}/api/setup/contest`, {
      method: 'POST', headers: { ...bearer(), 'content-type': 'application/json' },
      body: readFileSync(new URL('../fixtures/contests/seven-mistakes.json', import.meta.url), 'utf8'),
    });
    expect(seven.status).toBe(422);
    const sevenBody = (await seven.json()) as { details: { path: string; code: string; message: string }[] };
    expect(sevenBody.details.map((d) => d.path).sort()).toEqual([
      'entries[0].model', 'entries[1].track', 'judges[0].name', 'judges[1].tracks[0]', 'tracks[0].criteria[0].max', 'tracks[0].criteria[1].step', 'tracks[0].reveal',
    ]);
    expect(await count()).toBe(before);
  });

  it('imports a new contest and tells every connected screen to reload', async () => {
    const screen = await connect(server.url, { role: 'public' });
    const replaced = nextEvent(screen, 'contest:replaced');
    const res = await fetch(`${server.url}/api/setup/contest`, {
      method: 'POST',
      headers: { ...bearer(), 'content-type': 'application/json' },
      body: JSON.stringify({
        name: { zh: '第二场', en: 'Second' },
        tracks: [{ key: 'solo', name: '唯一赛道', criteria: [{ key: 'q', label: '质量', max: 100 }], awards: [{ key: 'first', name: '一等奖', count: 1 }] }],
        judges: [{ name: '评委甲', tracks: ['solo'] }],
        entries: [{ track: 'solo', unit: '甲单位', model: '甲模型' }],
      }),
    });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: { contestId: number } };
    expect(await replaced).toBe(data.contestId);
    const view = await sync<PublicView>(await connect(server.url, { role: 'public' }));
    expect(view.contest.name.zh).toBe('第二场');
    expect(view.tracks.map((t) => t.key)).toEqual(['solo']);
  });
});
