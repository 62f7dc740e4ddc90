/**
 * The PGlite journal on a real server: a day that uses every command of the registry, then the
 * database directory taken away (rebuilt from the journal), put back as it was earlier (caught
 * up), and the journal's last line torn. Each time the database must hold exactly what it held
 * before, table by table (only audit_log's surrogate ids may differ after a rebuild), and serve on.
 */
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contests, settings, sheetVersions } from '../../db/schema/index';
import { COMMANDS } from '../../server/protocol/registry';
import type { HostView } from '../../server/protocol/views';
import { canonicalJson, readAudit, verifyChain } from '../../server/store/audit';
import { JOURNAL_FILE } from '../../server/store/journal';
import { readContestRows } from '../../server/store/persist';
import { closeAllSockets, connect, ok, sync, type TestSocket } from '../support/clients';
import { signaturePng } from '../support/png';
import { startTestServer, type TestServer } from '../support/server';

const HOST_SMALL = fileURLToPath(new URL('../fixtures/contests/host-small.json', import.meta.url));
/** host-small with two judges wanted per award in hallB (so that panel:confirm has a use). */
const FIXTURE = join(mkdtempSync(join(tmpdir(), 'podium-journal-fixture-')), 'contest.json');
const small = JSON.parse(readFileSync(HOST_SMALL, 'utf8')) as { tracks: Record<string, unknown>[] };
small.tracks[1]!.minAwardPanel = 2;
writeFileSync(FIXTURE, JSON.stringify(small));
let server: TestServer;
let dataDir: string;

beforeAll(async () => {
  // The journal is PGlite's: PGlite on disk, also in the PostgreSQL pass.
  server = await startTestServer({ persistent: true, pglite: true, contestFile: FIXTURE });
  if (server.database.config.kind !== 'pglite' || !server.database.config.dataDir) throw new Error('expected PGlite on disk');
  dataDir = server.database.config.dataDir;
});

afterAll(async () => {
  closeAllSockets();
  await server?.close();
  rmSync(dirname(FIXTURE), { recursive: true, force: true });
});

/** Every row of every contest and the settings; audit ids aside (a surrogate key, renumbered by a rebuild). */
async function dump(): Promise<string> {
  const { db } = server.podium.database;
  await server.podium.settled();
  const all: unknown[] = [];
  for (const { id } of await db.select({ id: contests.id }).from(contests).orderBy(asc(contests.id))) {
    const rows = await readContestRows(db, id);
    all.push({ ...rows, auditLog: rows.auditLog.map(({ id: _id, ...row }) => row) });
  }
  return canonicalJson(JSON.parse(JSON.stringify({ contests: all, settings: await db.select().from(settings).orderBy(asc(settings.key)) })));
}

/** A host REST call; resolves with its JSON answer (failing the test on an error status). */
async function post(path: string, body: string): Promise<{ ok: boolean; data?: unknown }> {
  const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${server.hostKey}`, 'content-type': 'application/json' }, body });
  const answer = (await res.json()) as { ok: boolean; data?: unknown };
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(answer)}`);
  return answer;
}

/** The late sheet waiting for the host's decision. */
async function pendingLateId(): Promise<number> {
  const [late] = await server.podium.database.db
    .select({ id: sheetVersions.id })
    .from(sheetVersions)
    .where(and(eq(sheetVersions.late, true), eq(sheetVersions.status, 'pending')));
  return late!.id;
}

async function host(): Promise<TestSocket> {
  return connect(server.url, { role: 'host', key: server.hostKey });
}

let submission = 0;
const sheet = (entryId: number, idea: number, delivery: number) => ({
  entryId, scores: { idea: idea * 100, delivery: delivery * 100 }, bonus: {}, comment: `第 ${submission + 1} 份`, submissionId: `journal-day-${++submission}`,
});

describe('the PGlite journal', () => {
  let before = '';

  it('records a day that uses every command', async () => {
    const h = await host();
    const judges = await server.judges();
    const pad: Record<string, TestSocket> = {};
    for (const j of judges) pad[j.key] = await connect(server.url, { role: 'judge', token: j.token });
    const id = (view: HostView, code: string) => view.tracks.flatMap((t) => t.entries).find((e) => e.code === code)!.id;
    const view = await sync<HostView>(h);
    const [A01, A02, A03, B01, B02] = ['A01', 'A02', 'A03', 'B01', 'B02'].map((c) => id(view, c)) as [number, number, number, number, number];

    await ok(h, 'order:set', { track: 'hallA', entryIds: [A03, A01, A02], commandId: 'journal-order-1' });
    await ok(h, 'order:draw', { track: 'hallB', seed: '20240518' });
    // hallB: two equal sheets and one award, a tie only the host can settle.
    for (const entryId of [B01, B02]) {
      await ok(h, 'stage:call', { track: 'hallB', entryId });
      await ok(h, 'stage:advance', { track: 'hallB', action: 'start' });
      await ok(pad.J1!, 'sheet:submit', sheet(entryId, 40, 40));
      await ok(h, 'stage:close', { entryId, confirmMissing: true, reason: '一位评委' });
    }
    await ok(h, 'tie:resolve', { track: 'hallB', entryIds: [B02, B01], reason: '合议' });
    // hallB wants two judges per award (the fixture below): B01's award needs the host's confirmation.
    await ok(h, 'panel:confirm', { entryId: B01, reason: '评委不足，经合议确认' });

    await ok(h, 'stage:next', { track: 'hallA' });
    await ok(h, 'stage:advance', { track: 'hallA', action: 'start' });
    await ok(h, 'timer:pause', { track: 'hallA' });
    await ok(h, 'timer:resume', { track: 'hallA' });
    await ok(h, 'timer:extend', { track: 'hallA', seconds: 60 });
    for (const key of ['J1', 'J2', 'J3', 'J4']) {
      await ok(pad[key]!, 'sheet:save', { entryId: A03, scores: { idea: 3000 }, bonus: {}, comment: '草稿', rev: 1 });
      await ok(pad[key]!, 'sheet:submit', sheet(A03, 30 + key.charCodeAt(1) - 48, 35));
    }
    await ok(h, 'stage:advance', { track: 'hallA', action: 'toQa' });
    await ok(h, 'stage:advance', { track: 'hallA', action: 'toScoring' });
    await ok(h, 'stage:close', { entryId: A03 });
    await ok(h, 'stage:reopen', { entryId: A03, reason: '笔误' });
    await ok(pad.J1!, 'sheet:submit', sheet(A03, 33, 36));
    await ok(h, 'stage:close', { entryId: A03 });
    // Sheets after the close wait for the host: one kept out, one counted (which reopens A03).
    expect(await ok(pad.J2!, 'sheet:submit', sheet(A03, 20, 20))).toMatchObject({ outcome: 'late' });
    await ok(h, 'late:exclude', { lateId: await pendingLateId(), reason: '已结束' });
    expect(await ok(pad.J3!, 'sheet:submit', sheet(A03, 34, 34))).toMatchObject({ outcome: 'late' });
    await ok(h, 'late:count', { lateId: await pendingLateId(), reason: '手机离线，合议计入' });
    await ok(h, 'stage:closeMany', { entryIds: [A03] });

    await ok(h, 'recusal:set', { judgeId: judges.find((j) => j.key === 'J2')!.id, entryId: A01, recused: true, reason: '同单位' });
    await ok(h, 'entry:status', { entryId: A02, action: 'markAbsent' });
    await ok(h, 'entry:status', { entryId: A02, action: 'restore' });
    await ok(h, 'stage:call', { track: 'hallA', entryId: A01 });
    await ok(h, 'stage:advance', { track: 'hallA', action: 'start' });
    for (const key of ['J1', 'J3', 'J4']) await ok(pad[key]!, 'sheet:submit', sheet(A01, 38, 39));
    await ok(h, 'stage:close', { entryId: A01 });
    await ok(h, 'entry:status', { entryId: A02, action: 'withdraw', reason: '退赛' });

    await ok(h, 'display:set', { track: 'hallB', boardVisible: false });
    await ok(h, 'ceremony:show', { track: 'hallA', step: 0 });
    await ok(h, 'ceremony:board', { track: 'hallA', shown: true });
    await ok(h, 'display:language', { language: 'en' });
    await ok(h, 'judge:relink', { judgeId: judges.find((j) => j.key === 'J3')!.id });
    await ok(pad.J4!, 'judge:signoff', { track: 'hallA', signature: signaturePng() });

    // The /setup editor: changes too wide for effects, journaled as checkpoints of the contest.
    const hallB = (JSON.parse(readFileSync(FIXTURE, 'utf8')) as { tracks: Record<string, unknown>[] }).tracks[1]!;
    await ok(h, 'contest:edit', { contest: { name: { zh: '主持流程测试赛（改）', en: 'Host flow test contest (edited)' } } });
    await ok(h, 'track:add', { track: { ...hallB, key: 'hallC', name: { zh: 'C厅赛道', en: 'Hall C track' } } });
    await ok(h, 'track:edit', { track: { ...hallB, key: 'hallC', name: { zh: 'C厅', en: 'Hall C' } } });
    const added = await ok(h, 'judge:add', { judge: { name: '评委戊', tracks: ['hallC'] } });
    await ok(h, 'judge:edit', { judgeId: added.id, judge: { name: '评委戊（改）', tracks: ['hallC'] } });
    const entry = await ok(h, 'entry:add', { entry: { track: 'hallC', unit: '新单位', model: '新模型' } });
    await ok(h, 'entry:edit', { entryId: entry.id, entry: { track: 'hallC', unit: '新单位（改）', model: '新模型' } });
    await ok(h, 'entry:remove', { entryId: entry.id });
    await ok(h, 'judge:remove', { judgeId: added.id });
    await ok(h, 'track:remove', { track: 'hallC' });

    const actions = new Set((await readAudit(server.podium.database.db, server.podium.contestId())).map((r) => r.action));
    // A command added to the registry must be added to this day too.
    for (const command of Object.keys(COMMANDS)) expect(actions, `the day never used ${command}`).toContain(command);
    before = await dump();
  });

  it('rebuilds a missing database directory from the journal, row for row, and serves on', async () => {
    const judges = await server.judges();
    const relinked = judges.find((j) => j.key === 'J3')!;
    closeAllSockets();
    await server.stop();
    rmSync(join(dataDir, 'pglite'), { recursive: true, force: true });
    await server.restart();
    expect(server.podium.journaled!.opened).toMatchObject({ rebuilt: true, reason: 'the database directory is missing' });
    expect(await dump()).toBe(before);
    expect(verifyChain(await readAudit(server.podium.database.db, server.podium.contestId())).ok).toBe(true);

    // The host key and the new link of the relinked judge still open their screens.
    const h = await host();
    await connect(server.url, { role: 'judge', token: relinked.token });
    await ok(h, 'display:set', { track: 'hallA', boardVisible: true });
    before = await dump();
  });

  it('catches a directory that lost its last commits up with the journal', async () => {
    closeAllSockets();
    await server.stop();
    const earlier = join(dataDir, 'pglite.earlier');
    cpSync(join(dataDir, 'pglite'), earlier, { recursive: true });
    await server.restart();
    const h = await host();
    const judges = await server.judges();
    await ok(h, 'display:set', { track: 'hallB', boardVisible: true, commandId: 'journal-behind-1' });
    await ok(h, 'judge:relink', { judgeId: judges.find((j) => j.key === 'J1')!.id });
    const after = await dump();
    closeAllSockets();
    await server.stop();
    // As after a power cut that took the directory's last writes: the journal is ahead of it.
    rmSync(join(dataDir, 'pglite'), { recursive: true });
    cpSync(earlier, join(dataDir, 'pglite'), { recursive: true });
    rmSync(earlier, { recursive: true });
    await server.restart();
    expect(server.podium.journaled!.opened).toMatchObject({ rebuilt: false });
    expect(server.podium.journaled!.opened!.rewritten).toBeGreaterThanOrEqual(2);
    expect(await dump()).toBe(after);
    before = after;
  });

  it('ignores a torn last line and damaged lines, and goes on appending on a line of its own', async () => {
    closeAllSockets();
    await server.stop();
    const path = join(dataDir, JOURNAL_FILE);
    // A crash in the middle of a write: the line's end never reached the disk.
    const tornLine = '0123456789abcdef {"t":"record","contestId":1,"seq":99';
    appendFileSync(path, tornLine);
    const torn = statSync(path).size;
    await server.restart();
    expect(server.podium.journaled!.opened).toMatchObject({ rebuilt: false, tornBytes: tornLine.length });
    expect(statSync(path).size).toBeLessThan(torn);
    expect(await dump()).toBe(before);
    const h = await host();
    await ok(h, 'display:set', { track: 'hallA', boardVisible: false });
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.at(-2)).toMatch(/^[0-9a-f]{16} \{"t":"record"/);
    before = await dump();

    // A garbled line (a bad sector) is skipped; the records around it still chain.
    closeAllSockets();
    await server.stop();
    appendFileSync(path, 'ffffffffffffffff {"t":"record","garbled":true}\n');
    await server.restart();
    expect(server.podium.journaled!.opened).toMatchObject({ rebuilt: false, damaged: 1 });
    expect(await dump()).toBe(before);
  });

  it('rebuilds a directory whose files are damaged, keeping the damaged one aside', async () => {
    closeAllSockets();
    await server.stop();
    // Garbage over the largest table files, as a bad disk or a half-written page would leave them.
    const pglite = join(dataDir, 'pglite');
    const files = readdirSync(join(pglite, 'base'), { recursive: true, withFileTypes: true })
      .filter((f) => f.isFile())
      .map((f) => join(f.parentPath, f.name))
      .sort((a, b) => statSync(b).size - statSync(a).size)
      .slice(0, 10);
    for (const file of files) writeFileSync(file, Buffer.alloc(statSync(file).size, 0x41));
    await server.restart();
    expect(server.podium.journaled!.opened).toMatchObject({ rebuilt: true, reason: expect.stringMatching(/cannot be opened|differ/) });
    expect(await dump()).toBe(before);
    expect(readdirSync(dataDir).some((name) => name.startsWith('pglite.damaged-'))).toBe(true);
    await ok(await host(), 'display:set', { track: 'hallA', boardVisible: true });
  });

  it('keeps what REST changes outside commands: a second contest, the served one, the archive, and a restore that replaces them all', async () => {
    const first = server.podium.contestId();
    const imported = (await post('/api/setup/contest?confirm=replace', readFileSync(FIXTURE, 'utf8'))).data as { contestId: number };
    await post(`/api/setup/contests/${first}/serve`, JSON.stringify({ confirm: true }));
    await post(`/api/setup/contests/${imported.contestId}/archive`, JSON.stringify({ archived: true }));
    before = await dump();
    closeAllSockets();
    await server.stop();
    rmSync(join(dataDir, 'pglite'), { recursive: true, force: true });
    await server.restart();
    expect(server.podium.journaled!.opened).toMatchObject({ rebuilt: true });
    expect(server.podium.contestId()).toBe(first);
    expect(await dump()).toBe(before);

    // A backup of the first contest, restored over everything: the second one is gone for good.
    const backup = await (await fetch(`${server.url}/api/export/backup.json`, { headers: { authorization: `Bearer ${server.hostKey}` } })).text();
    await ok(await host(), 'display:set', { track: 'hallA', boardVisible: false });
    await post('/api/setup/restore?confirm=replace', backup);
    await new Promise((r) => setTimeout(r, 500));
    await ok(await host(), 'display:set', { track: 'hallB', boardVisible: true });
    before = await dump();
    expect(before).not.toContain(`"contestId":${imported.contestId},`);
    closeAllSockets();
    await server.stop();
    rmSync(join(dataDir, 'pglite'), { recursive: true, force: true });
    await server.restart();
    expect(server.podium.journaled!.opened).toMatchObject({ rebuilt: true });
    expect(await dump()).toBe(before);
  });
});
