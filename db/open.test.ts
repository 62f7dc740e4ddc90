import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contests } from './schema/index';
import { DatabaseLockedError, dbConfigFromEnv, openDatabase } from './open';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'podium-open-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('openDatabase (PGlite)', { timeout: 60_000 }, () => {
  it('chooses PGlite in ./data by default and PostgreSQL when DATABASE_URL is set', () => {
    expect(dbConfigFromEnv({})).toEqual({ kind: 'pglite', dataDir: './data' });
    expect(dbConfigFromEnv({ PODIUM_DATA_DIR: '/srv/podium' })).toEqual({ kind: 'pglite', dataDir: '/srv/podium' });
    expect(dbConfigFromEnv({ DATABASE_URL: 'postgres://x@h/db' })).toEqual({ kind: 'postgres', url: 'postgres://x@h/db' });
  });

  it('keeps data in its directory across close and reopen', async () => {
    const dir = tempDir();
    const first = await openDatabase({ kind: 'pglite', dataDir: dir });
    await first.db.insert(contests).values({ name: { zh: '持久' } });
    await first.close();
    const second = await openDatabase({ kind: 'pglite', dataDir: dir });
    expect((await second.db.select().from(contests)).map((c) => c.name.zh)).toEqual(['持久']);
    await second.close();
  });

  it('refuses a second opening of the same directory while the first holds it, with a clear message', async () => {
    const dir = tempDir();
    const first = await openDatabase({ kind: 'pglite', dataDir: dir });
    await expect(openDatabase({ kind: 'pglite', dataDir: dir })).rejects.toThrow(DatabaseLockedError);
    await first.close();
    const again = await openDatabase({ kind: 'pglite', dataDir: dir });
    await again.close();
  });

  it('takes over a lock left by a process that is gone', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'podium.lock'), '999999999');
    const db = await openDatabase({ kind: 'pglite', dataDir: dir });
    await db.close();
  });
});
