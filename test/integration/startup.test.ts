/**
 * Starting up: a bad contest file on an empty database is refused and writes nothing; once a
 * contest is running, the file is not read again (a moved or edited file cannot stop a restart).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { contests } from '../../db/schema/index';
import { ContestFileError, startPodium } from '../../server/start';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { TEST_HOST_KEY } from '../support/server';

const dir = mkdtempSync(join(tmpdir(), 'podium-startup-'));
const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const d of databases) await d.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function countContests(db: TestDatabase): Promise<number> {
  const open = await openDatabase(db.config);
  try {
    return (await open.db.select({ n: sql<number>`count(*)::int` }).from(contests))[0]!.n;
  } finally {
    await open.close();
  }
}

describe('start-up', () => {
  it('refuses a bad contest file on an empty database, listing its problems, and writes nothing', async () => {
    const db = await createTestDatabase({ persistent: true });
    databases.push(db);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ name: '', tracks: [] }));
    const start = startPodium({ db: db.config, port: 0, host: '127.0.0.1', hostKey: TEST_HOST_KEY, contestFile: bad });
    await expect(start).rejects.toThrow(ContestFileError);
    await expect(start).rejects.toThrow(/name: must not be empty/);
    expect(await countContests(db)).toBe(0);
  });

  it('does not read the contest file again once a contest is running', async () => {
    const db = await createTestDatabase({ persistent: true });
    databases.push(db);
    const first = await startPodium({ db: db.config, port: 0, host: '127.0.0.1', hostKey: TEST_HOST_KEY });
    const contestId = first.contestId();
    await first.close();
    const again = await startPodium({ db: db.config, port: 0, host: '127.0.0.1', hostKey: TEST_HOST_KEY, contestFile: join(dir, 'moved-away.json') });
    expect(again.contestId()).toBe(contestId);
    await again.close();
  });
});
