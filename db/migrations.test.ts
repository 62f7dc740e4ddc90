/**
 * A database made before per-track sign-off and per-track ceremonies is carried over by the
 * migrations, not reset: a judge's sign-off becomes one per track they score, a signature drawn
 * for all their tracks one per track signed off, and the ceremony on show keeps its step on its
 * track's row. Run on PGlite: the migrations up to 0002, data as the old schema held it, then the
 * rest.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, describe, expect, it } from 'vitest';

const FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'podium-migrations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The migrations folder as it was after `upTo` (its journal cut there). */
function folderUpTo(upTo: string): string {
  const copy = join(dir, upTo);
  cpSync(FOLDER, copy, { recursive: true });
  const journalPath = join(copy, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.slice(0, journal.entries.findIndex((e) => e.tag === upTo) + 1);
  writeFileSync(journalPath, JSON.stringify(journal));
  return copy;
}

describe('the trust migrations', () => {
  it('carry sign-offs and signatures over to one per track, and the ceremony step to its track', async () => {
    const client = new PGlite();
    const db = drizzle(client);
    await migrate(db, { migrationsFolder: folderUpTo('0002_setup') });
    const rows = async (query: ReturnType<typeof sql>) => (await db.execute(query)).rows as Record<string, unknown>[];
    await rows(sql`insert into contests (id, name) values (1, '{"zh":"旧赛事"}')`);
    await rows(sql`insert into tracks (id, contest_id, key, name, position, aggregation, tie_breaks, timings, reveal) values
      (10, 1, 'gov', '{"zh":"政府"}', 0, '{"policy":"mean","bonus":"inTotal"}', '[]', '{}', 'live'),
      (11, 1, 'open', '{"zh":"开放"}', 1, '{"policy":"mean","bonus":"inTotal"}', '[]', '{}', 'live')`);
    await rows(sql`insert into judges (id, contest_id, key, name, token, signed_off_at) values
      (100, 1, 'J1', '甲', 'token-a', '2024-05-18T10:00:00Z'), (101, 1, 'J2', '乙', 'token-b', null)`);
    await rows(sql`insert into judge_tracks (judge_id, track_id) values (100, 10), (100, 11), (101, 10)`);
    await rows(sql`insert into signatures (judge_id, track_id, image, signed_at) values (100, null, 'data:image/png;base64,AAAA', '2024-05-18T10:00:00Z')`);
    await rows(sql`insert into displays (contest_id, screen_track_id, ceremony_track_id, ceremony_step) values (1, 10, 11, 'tier:third')`);

    await migrate(db, { migrationsFolder: FOLDER });
    expect(await rows(sql`select judge_id, track_id, extract(epoch from signed_at)::int as signed_at from judge_signoffs order by track_id`)).toEqual([
      { judge_id: 100, track_id: 10, signed_at: Date.parse('2024-05-18T10:00:00Z') / 1000 },
      { judge_id: 100, track_id: 11, signed_at: Date.parse('2024-05-18T10:00:00Z') / 1000 },
    ]);
    expect(await rows(sql`select judge_id, track_id, image from signatures order by track_id`)).toEqual([
      { judge_id: 100, track_id: 10, image: 'data:image/png;base64,AAAA' },
      { judge_id: 100, track_id: 11, image: 'data:image/png;base64,AAAA' },
    ]);
    expect(await rows(sql`select is_nullable from information_schema.columns where table_name = 'signatures' and column_name = 'track_id'`)).toEqual([{ is_nullable: 'NO' }]);
    expect(await rows(sql`select track_id, step, board_shown from ceremonies`)).toEqual([{ track_id: 11, step: 'tier:third', board_shown: false }]);
    expect(await rows(sql`select language, languages, ceremony_track_id from displays`)).toEqual([{ language: 'zh-CN', languages: {}, ceremony_track_id: 11 }]);
    // The old columns are gone: the new tables are the one place for each fact.
    const columns = (await rows(sql`select table_name, column_name from information_schema.columns where column_name in ('signed_off_at', 'ceremony_step')`));
    expect(columns).toEqual([]);
    expect(await rows(sql`select board_shows_awards, min_award_panel, stage_shows_totals from tracks where id = 10`)).toEqual([
      { board_shows_awards: false, min_award_panel: null, stage_shows_totals: false },
    ]);
    await client.close();
  });
});
