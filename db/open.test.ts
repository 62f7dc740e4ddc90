import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { processStart } from './lock';
import { contests } from './schema/index';
import { sql } from 'drizzle-orm';
import { DatabaseLockedError, dbConfigFromEnv, openDatabase, type Queryable } from './open';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'podium-open-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('openDatabase (PGlite)', () => {
  it('chooses PGlite in ./data by default and PostgreSQL when DATABASE_URL is set', () => {
    expect(dbConfigFromEnv({})).toEqual({ kind: 'pglite', dataDir: './data' });
    expect(dbConfigFromEnv({ PODIUM_DATA_DIR: '/srv/podium' })).toEqual({ kind: 'pglite', dataDir: '/srv/podium' });
    expect(dbConfigFromEnv({ DATABASE_URL: 'postgres://x@h/db' })).toEqual({ kind: 'postgres', url: 'postgres://x@h/db' });
  });

  it('reads dates and times as drizzle expects, in and out of a transaction (PGlite holds drizzle\'s parsers once)', async () => {
    const database = await openDatabase({ kind: 'pglite', dataDir: null });
    try {
      const archivedAt = new Date('2025-06-01T08:30:00.123Z');
      const read = async (q: Queryable) => {
        const [row] = await q.select({ archivedAt: contests.archivedAt }).from(contests);
        const { rows } = (await q.execute(
          sql`select '2025-06-01'::date as day, ${archivedAt.toISOString()}::timestamptz as at, array[${archivedAt.toISOString()}::timestamptz] as ats, interval '90 minutes' as span, 42::int as n`,
        )) as unknown as { rows: unknown[] };
        return { column: row!.archivedAt, raw: rows[0] };
      };
      await database.db.insert(contests).values({ name: { zh: '时间' }, archivedAt });
      const expected = { column: archivedAt, raw: { day: '2025-06-01', at: '2025-06-01 08:30:00.123+00', ats: '{"2025-06-01 08:30:00.123+00"}', span: '01:30:00', n: 42 } };
      expect(await read(database.db)).toEqual(expected);
      expect(await database.db.transaction((tx) => read(tx))).toEqual(expected);
    } finally {
      await database.close();
    }
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

  it('takes over a lock whose pid now belongs to another process (a reboot reused it), and says so', async () => {
    const dir = tempDir();
    const unrelated = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => unrelated.once('spawn', resolve));
      const pid = unrelated.pid!;
      // What a Podium killed before the reboot left behind: its pid (now sleep's) and its own start.
      const before = { pid, started: processStart(process.pid), host: hostname() };
      expect(processStart(pid)).not.toBeNull();
      expect(before.started).not.toBe(processStart(pid));
      writeFileSync(join(dir, 'podium.lock'), JSON.stringify(before));
      const warnings: string[] = [];
      const db = await openDatabase({ kind: 'pglite', dataDir: dir }, { logger: { warn: (m: unknown) => warnings.push(String(m)) } as never });
      expect(warnings).toEqual([expect.stringMatching(new RegExp(`stale lock .*pid ${pid} now belongs to another process`))]);
      expect(JSON.parse(readFileSync(join(dir, 'podium.lock'), 'utf8'))).toMatchObject({ pid: process.pid, started: processStart(process.pid) });
      await db.close();
      expect(existsSync(join(dir, 'podium.lock'))).toBe(false);
    } finally {
      unrelated.kill('SIGKILL');
    }
  });

  it('refuses a lock it cannot judge (an old pid-only lock of a live process, or another host) and says what to do', async () => {
    const dir = tempDir();
    const lock = join(dir, 'podium.lock');
    writeFileSync(lock, String(process.ppid));
    await expect(openDatabase({ kind: 'pglite', dataDir: dir })).rejects.toThrow(`If no Podium is running on this directory, delete ${lock} and start again.`);
    writeFileSync(lock, JSON.stringify({ pid: 1, started: 'x', host: 'another-laptop' }));
    await expect(openDatabase({ kind: 'pglite', dataDir: dir })).rejects.toThrow(/taken on another host \(another-laptop\)/);
    expect(readFileSync(lock, 'utf8')).toContain('another-laptop');
  });
});
