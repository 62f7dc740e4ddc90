/**
 * A backup does not depend on the engine it came from: a scored day on PostgreSQL is backed up,
 * restored into PGlite, backed up there and restored into PostgreSQL again, and every view, file
 * and check of the record is the same at each step. (The PostgreSQL pass: DATABASE_URL.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { checkBackup, restoreBackup, type Backup } from '../../server/store/backup';
import { closeAllSockets, ok } from '../support/clients';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { everything, hostGet } from '../support/everything';
import { signaturePng } from '../support/png';
import { playScoredDay, type ScoredDay } from '../support/scoredDay';
import { startTestServer, type TestServer } from '../support/server';

let day: ScoredDay;
const servers: TestServer[] = [];

beforeAll(async () => {
  day = await playScoredDay();
  await ok(day.flow.judges.find((j) => j.key === 'J2')!.socket, 'judge:signoff', { track: 'gov', signature: signaturePng() });
  await day.flow.settled();
});

afterAll(async () => {
  closeAllSockets();
  for (const s of servers) await s.close();
  await day?.close();
});

async function restoreInto(database: TestDatabase, backup: Backup): Promise<TestServer> {
  const opened = await openDatabase(database.config);
  await restoreBackup(opened.db, checkBackup(backup));
  await opened.close();
  const server = await startTestServer({ database });
  servers.push(server);
  return server;
}

describe('a backup across engines', () => {
  it('goes from PostgreSQL to PGlite and back with the same views, files and chain', async () => {
    expect(day.server.database.kind).toBe('postgres');
    const before = await everything(day.server);
    const fromPostgres = (await (await hostGet(day.server, '/api/export/backup.json')).json()) as Backup;

    const dir = mkdtempSync(join(tmpdir(), 'podium-cross-'));
    const pglite: TestDatabase = { config: { kind: 'pglite', dataDir: dir }, kind: 'pglite', drop: async () => rmSync(dir, { recursive: true, force: true }) };
    const onPglite = await restoreInto(pglite, fromPostgres);
    expect(await everything(onPglite)).toEqual(before);

    const fromPglite = (await (await hostGet(onPglite, '/api/export/backup.json')).json()) as Backup;
    const back = await restoreInto(await createTestDatabase(), fromPglite);
    expect(await everything(back)).toEqual(before);
    expect(before.chain.ok && before.replay.ok).toBe(true);
  });
});
