/**
 * Backup and restore: a whole scored day (sheets and their versions, a reopen, a withdrawal, an
 * absence, tie-break by criterion, sign-offs, a drawn signature, an edit from /setup) is backed up
 * to one file and restored into an empty database, and into a running instance through /setup:
 * every role's view, the results, the sheets, the printed sign-offs and the audit chain are
 * exactly what they were, and the judges' links still work. A file changed after it was made is
 * refused whole. Run on PGlite, and on PostgreSQL with DATABASE_URL (where
 * test/postgres/backup-engines.test.ts also takes a backup from one engine to the other).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import * as schema from '../../db/schema/index';
import type { AuditExport, ContestSummary } from '../../server/protocol/rest';
import { BACKUP_TABLES, checkBackup, restoreBackup, type Backup } from '../../server/store/backup';
import { closeAllSockets, connect, ok } from '../support/clients';
import { createTestDatabase } from '../support/database';
import { everything, hostGet as get } from '../support/everything';
import { signaturePng } from '../support/png';
import { playScoredDay, type ScoredDay } from '../support/scoredDay';
import { startTestServer, type TestServer } from '../support/server';

let day: ScoredDay;
const others: TestServer[] = [];
const SIGNATURE = signaturePng();


beforeAll(async () => {
  day = await playScoredDay();
  const judge = (key: string) => day.flow.judges.find((j) => j.key === key)!.socket;
  await ok(judge('J2'), 'judge:signoff', { track: 'gov', signature: SIGNATURE });
  await ok(day.flow.host, 'judge:add', { judge: { name: '候补评委', affiliation: '专家库', tracks: ['open'] } });
  await day.flow.settled();
});

afterAll(async () => {
  closeAllSockets();
  for (const s of others) await s.close();
  await day?.close();
});

describe('a backup', () => {
  let backup: Backup;
  let before: Awaited<ReturnType<typeof everything>>;

  it('holds the whole contest and its chain in one file', async () => {
    before = await everything(day.server);
    expect(before.chain.ok).toBe(true);
    expect(before.replay).toEqual({ ok: true, differences: [] });
    const res = await get(day.server, '/api/export/backup.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/podium-backup-\d+-\d{4}-\d{2}-\d{2}\.json/);
    backup = (await res.json()) as Backup;
    expect(backup).toMatchObject({ format: 'podium.backup/1', contest: { id: day.server.podium.contestId() }, chain: { records: before.chain.records } });
    expect(backup.tables.audit_log).toHaveLength(before.chain.records);
    const gov = backup.tables.tracks!.find((t) => t.key === 'gov')!.id;
    expect(backup.tables.signatures).toEqual([expect.objectContaining({ image: SIGNATURE, track_id: gov })]);
    // Sign-offs are per track: J1 both tracks, J2 and J6 one each (test/support/scoredDay.ts and above).
    expect(backup.tables.judge_signoffs).toHaveLength(4);
    expect(backup.tables.sheet_versions!.length).toBeGreaterThan(backup.tables.sheets!.length - 1);
  });

  it('restores into an empty database: the same views, files, sign-offs and a chain that verifies', async () => {
    const empty = await createTestDatabase({ persistent: true });
    const opened = await openDatabase(empty.config);
    expect(await restoreBackup(opened.db, checkBackup(backup))).toEqual({ contestId: backup.contest.id, replaced: 0 });
    await opened.close();
    const restored = await startTestServer({ database: empty });
    others.push(restored);
    expect(restored.podium.contestId()).toBe(backup.contest.id);
    const after = await everything(restored);
    expect(after).toEqual(before);
    // The signature drawn on the pad is printed on J2's score sheets.
    const j2Sheets = after.print.tracks.flatMap((t) => t.sheets).filter((s) => s.judge.key === 'J2');
    expect(j2Sheets.length).toBeGreaterThan(0);
    for (const s of j2Sheets) expect(s.signature).toBe(SIGNATURE);

    // It goes on from there: new rows get new ids, the chain grows and still verifies.
    const host = await connect(restored.url, { role: 'host', key: restored.hostKey });
    const added = await ok(host, 'judge:add', { judge: { name: '恢复后新增', tracks: ['gov'] } });
    expect(added.id).toBeGreaterThan(Math.max(...before.host.judges.map((j) => j.id)));
    const audit = (await (await get(restored, '/api/export/audit.json')).json()) as AuditExport;
    expect(audit.chain).toMatchObject({ ok: true, records: before.chain.records + 1 });
    expect(audit.replay.ok).toBe(true);
  });

  it('restores a backup made before sign-offs were per track, as the migration moves a database', async () => {
    // The same day as an older Podium wrote it: a sign-off per judge (these judges signed every
    // track they score), the signature for all tracks, the ceremony step on the display.
    const { judge_signoffs: signoffs, ceremonies: _ceremonies, ...tables } = backup.tables;
    const signedAt = new Map(signoffs!.map((so) => [so.judge_id, so.signed_at]));
    const old: Backup = {
      ...backup,
      migration: '0002_setup',
      tables: {
        ...tables,
        judges: tables.judges!.map((j) => ({ ...j, signed_off_at: signedAt.get(j.id) ?? null })),
        signatures: tables.signatures!.map((x) => ({ ...x, track_id: null })),
        displays: tables.displays!.map((d) => ({ ...d, ceremony_step: 'title' })),
      },
    };
    const empty = await createTestDatabase({ persistent: true });
    const opened = await openDatabase(empty.config);
    await restoreBackup(opened.db, checkBackup(old));
    await opened.close();
    const restored = await startTestServer({ database: empty });
    others.push(restored);
    const after = await everything(restored);
    const signedTracks = (v: typeof before) => v.host.judges.map((j) => [j.key, Object.keys(j.signOffs).sort()]);
    expect(signedTracks(after)).toEqual(signedTracks(before));
    expect(after.host.tracks).toEqual(before.host.tracks);
    expect(after.signatures).toEqual(before.signatures);
    expect(after.chain).toEqual(before.chain);
    expect(after.replay).toEqual({ ok: true, differences: [] });
  });

  it('restores through /setup into a running instance only when confirmed, and refuses a changed file whole', async () => {
    const fresh = await startTestServer();
    others.push(fresh);
    const restore = (body: string, confirm = false) =>
      fetch(`${fresh.url}/api/setup/restore${confirm ? '?confirm=replace' : ''}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${fresh.hostKey}`, 'content-type': 'application/json' },
        body,
      });

    // One sheet's score changed in the file: its chain no longer verifies.
    const changed = structuredClone(backup);
    const submit = changed.tables.audit_log!.find((r) => r.action === 'sheet:submit')!;
    (submit.payload as { scores: Record<string, number> }).scores = Object.fromEntries(Object.keys((submit.payload as { scores: Record<string, number> }).scores).map((k) => [k, 0]));
    const refused = await restore(JSON.stringify(changed), true);
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ ok: false, code: 'backup_invalid', message: expect.stringContaining('does not verify') });
    expect(await (await restore('{"format": "something else"}', true)).json()).toMatchObject({ code: 'backup_invalid' });
    expect((await restore('not json', true)).status).toBe(422);
    const noKey = await fetch(`${fresh.url}/api/setup/restore`, { method: 'POST', body: JSON.stringify(backup) });
    expect(noKey.status).toBe(401);

    const unconfirmed = await restore(JSON.stringify(backup));
    expect(unconfirmed.status).toBe(409);
    expect(await unconfirmed.json()).toMatchObject({ code: 'confirmation_required', details: { contests: [{ name: { zh: expect.stringContaining('深圳') } }] } });

    const done = await restore(JSON.stringify(backup), true);
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ ok: true, data: { contestId: backup.contest.id, replaced: 1, chain: { ok: true }, replay: { ok: true } } });
    // Connections made before the restore are told and dropped; new ones get the restored contest.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await everything(fresh)).toEqual(before);
    const list = (await (await get(fresh, '/api/setup/contests')).json()) as { data: ContestSummary[] };
    expect(list.data.map((c) => [c.id, c.served])).toEqual([[backup.contest.id, true]]);
  });
});

describe('npm run restore', () => {
  it('restores a backup file into an empty database, and into one with a contest only with --replace', async () => {
    const backupText = await (await get(day.server, '/api/export/backup.json')).text();
    const dir = mkdtempSync(join(tmpdir(), 'podium-restore-'));
    const file = join(dir, 'backup.json');
    writeFileSync(file, backupText);
    const target = await createTestDatabase({ persistent: true });
    const env = { ...process.env, ...(target.config.kind === 'postgres' ? { DATABASE_URL: target.config.url } : { DATABASE_URL: '', PODIUM_DATA_DIR: target.config.dataDir! }) };
    const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/restore.ts', ...args], { env, encoding: 'utf8' });
    try {
      const first = run(file);
      expect(first.stderr).toBe('');
      expect(first.status).toBe(0);
      expect(first.stdout).toMatch(/Restored contest \d+ \(评分材料测试赛\) with \d+ audit records/);
      const again = run(file);
      expect(again.status).toBe(1);
      expect(again.stderr).toContain('--replace');
      expect(run(file, '--replace').status).toBe(0);
      writeFileSync(file, backupText.replace('"format":"podium.backup/1"', '"format":"other"'));
      expect(run(file, '--replace')).toMatchObject({ status: 1, stderr: expect.stringContaining('not a Podium backup') });
      const restored = await startTestServer({ database: target });
      others.push(restored);
      const audit = (await (await get(restored, '/api/export/audit.json')).json()) as AuditExport;
      expect(audit.chain.ok).toBe(true);
      expect(audit.replay.ok).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the backup tables', () => {
  it('are every table of the schema but the installation\'s settings', () => {
    const tables = Object.values(schema).filter((t) => is(t, PgTable)).map((t) => getTableName(t as PgTable));
    expect(new Set([...BACKUP_TABLES.map((t) => t.name), 'settings'])).toEqual(new Set(tables));
  });
});
