/**
 * A contest's full backup, and its restore into an instance: every row of every table that holds
 * the contest (configuration, entries, judges with their links, sheets and every version of them,
 * decisions, sign-offs and signatures, idempotency receipts, the display) and the whole audit
 * chain, as one JSON file. PostgreSQL itself turns rows into JSON and back (`row_to_json`,
 * `json_populate_recordset`), so every value (times to the microsecond, jsonb, numbers) comes back
 * exactly, ids included: the restored contest has the same views, the same results and a chain
 * that verifies, and the judges' links still work.
 *
 * A restore goes into an instance without contests; into one with contests only when confirmed,
 * and then it replaces all of them (the usual case: a fresh instance that loaded the demo at its
 * first start). A file whose chain does not verify, or that a newer Podium made, is refused whole.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Queryable } from '../../db/open';
import { MIGRATIONS_DIR } from '../../db/paths';
import type { Localized } from '../protocol/contestFile';
import { verifyChain, type AuditRow } from './audit';
import { setServedContest } from './contests';

export const BACKUP_FORMAT = 'podium.backup/1';

/**
 * Advisory lock id (any fixed number; "podium" on a phone keypad) held by start-up
 * (server/start.ts) and by a restore: processes starting at once, or a start and a restore, take turns.
 */
export const INSTANCE_LOCK = 7_637_486;

const inContest = (column: string) => (c: number) => sql`${sql.raw(column)} = ${c}`;
const ofTracks = (c: number) => sql`track_id in (select id from tracks where contest_id = ${c})`;
const ofJudges = (c: number) => sql`judge_id in (select id from judges where contest_id = ${c})`;

/**
 * Every table that holds a contest's rows, in an order in which they can be written (what a row
 * refers to comes before it), with the rows of one contest and the order they are listed in. A
 * test checks that every table of db/schema is here (or is the installation's settings).
 */
export const BACKUP_TABLES: readonly { name: string; rows: (contestId: number) => SQL; order: string; serial?: true }[] = [
  { name: 'contests', serial: true, rows: inContest('id'), order: 'id' },
  { name: 'tracks', serial: true, rows: inContest('contest_id'), order: 'id' },
  { name: 'rubric_items', serial: true, rows: ofTracks, order: 'id' },
  { name: 'award_tiers', serial: true, rows: ofTracks, order: 'id' },
  { name: 'entries', serial: true, rows: inContest('contest_id'), order: 'id' },
  { name: 'displays', rows: inContest('contest_id'), order: 'contest_id' },
  { name: 'stages', rows: ofTracks, order: 'track_id' },
  { name: 'ceremonies', rows: ofTracks, order: 'track_id' },
  { name: 'judges', serial: true, rows: inContest('contest_id'), order: 'id' },
  { name: 'judge_tracks', rows: ofJudges, order: 'judge_id, track_id' },
  { name: 'judge_signoffs', rows: ofJudges, order: 'judge_id, track_id' },
  { name: 'recusals', rows: ofJudges, order: 'judge_id, entry_id' },
  { name: 'sheets', serial: true, rows: ofJudges, order: 'id' },
  { name: 'sheet_versions', serial: true, rows: ofJudges, order: 'id' },
  { name: 'tie_decisions', serial: true, rows: ofTracks, order: 'id' },
  { name: 'command_receipts', serial: true, rows: inContest('contest_id'), order: 'id' },
  { name: 'signatures', serial: true, rows: ofJudges, order: 'id' },
  { name: 'audit_heads', rows: inContest('contest_id'), order: 'contest_id' },
  { name: 'audit_log', serial: true, rows: inContest('contest_id'), order: 'seq' },
];

type Row = Record<string, unknown>;

export interface Backup {
  format: typeof BACKUP_FORMAT;
  /** When it was made (ISO). */
  createdAt: string;
  /** The last migration of the database it was made from: a newer one cannot be restored here. */
  migration: string;
  contest: { id: number; name: Localized };
  /** The audit chain's length and head hash, checked again on restore. */
  chain: { records: number; head: string };
  tables: Record<string, Row[]>;
}

/** Migrations this Podium knows, oldest first (db/migrations/meta/_journal.json). */
export function knownMigrations(): string[] {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  return journal.entries.map((e) => e.tag);
}

/** Rows of a raw query; PGlite and node-postgres both answer `{ rows }`. */
async function rowsOf<T>(q: Queryable, query: SQL): Promise<T[]> {
  return ((await q.execute(query)) as unknown as { rows: T[] }).rows;
}

/** An audit_log row as JSON (snake_case) in the shape the chain check reads. */
function auditRowOf(r: Row): AuditRow {
  return {
    id: Number(r.id), contestId: Number(r.contest_id), seq: Number(r.seq), at: Number(r.at), actorRole: r.actor_role as AuditRow['actorRole'],
    actorId: r.actor_id === null ? null : Number(r.actor_id), action: String(r.action), payload: r.payload, effects: (r.effects ?? null) as unknown[] | null,
    prevHash: String(r.prev_hash), hash: String(r.hash),
  };
}

/** The whole contest as it is at one moment (one read-only transaction). */
export async function makeBackup(db: Db, contestId: number, now: number = Date.now()): Promise<Backup> {
  const tables = await db.transaction(
    async (tx) => {
      const out: Record<string, Row[]> = {};
      for (const t of BACKUP_TABLES) {
        const [row] = await rowsOf<{ rows: Row[] }>(
          tx,
          sql`select coalesce(json_agg(t order by ${sql.raw(t.order)}), '[]'::json) as rows from ${sql.raw(t.name)} t where ${t.rows(contestId)}`,
        );
        out[t.name] = row!.rows;
      }
      return out;
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  const contest = tables.contests![0];
  if (!contest) throw new Error(`contest ${contestId} does not exist`);
  const chain = verifyChain(tables.audit_log!.map(auditRowOf));
  return {
    format: BACKUP_FORMAT,
    createdAt: new Date(now).toISOString(),
    migration: knownMigrations().at(-1)!,
    contest: { id: contestId, name: contest.name as Localized },
    chain: { records: chain.records, head: chain.ok ? chain.head : '' },
    tables,
  };
}

/** Why a restore was not done; nothing was written. */
export class RestoreRefused extends Error {
  constructor(
    readonly code: 'backup_invalid' | 'confirmation_required',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'RestoreRefused';
  }
}

const backupShape = z.object({
  format: z.literal(BACKUP_FORMAT, { error: `format must be "${BACKUP_FORMAT}"` }),
  createdAt: z.string(),
  migration: z.string(),
  contest: z.object({ id: z.number().int().positive(), name: z.unknown() }),
  chain: z.object({ records: z.number().int().min(0), head: z.string() }),
  tables: z.record(z.string(), z.array(z.record(z.string(), z.unknown()), { error: 'each table must be a list of rows' })),
});

/** The migration that made sign-offs, signatures and ceremonies per track (db/migrations/0003_trust.sql). */
const PER_TRACK_MIGRATION = '0003_trust';

/**
 * A backup made before sign-offs were per track, in today's shape, as that migration moves a
 * database: a judge's sign-off (judges.signed_off_at) becomes one per track they score, a
 * signature for every track becomes one per track signed off, and the ceremony on show
 * (displays.ceremony_step) its track's own row. Pure; the audit chain is not touched.
 */
export function perTrackBackup(backup: Backup): Backup {
  const t = backup.tables;
  const judgeTracks = t.judge_tracks ?? [];
  const signoffs: Row[] = [];
  const judges = (t.judges ?? []).map(({ signed_off_at: signedAt, ...judge }) => {
    if (signedAt !== null && signedAt !== undefined) {
      for (const jt of judgeTracks.filter((x) => x.judge_id === judge.id)) signoffs.push({ judge_id: judge.id, track_id: jt.track_id, signed_at: signedAt });
    }
    return judge;
  });
  const ceremonies: Row[] = [];
  const displays = (t.displays ?? []).map(({ ceremony_step: step, ...display }) => {
    if (display.ceremony_track_id !== null && display.ceremony_track_id !== undefined) ceremonies.push({ track_id: display.ceremony_track_id, step: step ?? 'title' });
    return display;
  });
  let nextId = Math.max(0, ...(t.signatures ?? []).map((s) => Number(s.id))) + 1;
  const signatures = (t.signatures ?? []).flatMap((s) =>
    s.track_id !== null && s.track_id !== undefined
      ? [s]
      : signoffs
          .filter((so) => so.judge_id === s.judge_id && !(t.signatures ?? []).some((x) => x.judge_id === s.judge_id && x.track_id === so.track_id))
          .map((so) => ({ ...s, id: nextId++, track_id: so.track_id })),
  );
  return { ...backup, tables: { ...t, judges, displays, signatures, judge_signoffs: [...(t.judge_signoffs ?? []), ...signoffs], ceremonies: [...(t.ceremonies ?? []), ...ceremonies] } };
}

/**
 * Checks a parsed file before anything is written: the shape, a migration this Podium knows,
 * every table known and every row of the one contest, and the audit chain, which must verify and
 * end where the file says (a record edited in the file is found here).
 */
export function checkBackup(input: unknown): Backup {
  const parsed = backupShape.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RestoreRefused('backup_invalid', `This is not a Podium backup: ${issue.path.join('.') || 'the file'}: ${issue.message}.`);
  }
  const parsedBackup = parsed.data as Backup;
  const migrations = knownMigrations();
  if (!migrations.includes(parsedBackup.migration)) {
    throw new RestoreRefused('backup_invalid', `The backup was made by a newer Podium (database version ${parsedBackup.migration}); update this one first.`);
  }
  const backup = migrations.indexOf(parsedBackup.migration) < migrations.indexOf(PER_TRACK_MIGRATION) ? perTrackBackup(parsedBackup) : parsedBackup;
  const known = new Set(BACKUP_TABLES.map((t) => t.name));
  const unknown = Object.keys(backup.tables).filter((name) => !known.has(name));
  if (unknown.length > 0) throw new RestoreRefused('backup_invalid', `The backup has tables this Podium does not know (${unknown.join(', ')}): it was made by a newer Podium.`);
  const id = backup.contest.id;
  const contests = backup.tables.contests ?? [];
  if (contests.length !== 1 || contests[0]!.id !== id) throw new RestoreRefused('backup_invalid', 'The backup must hold exactly the one contest it names.');
  for (const name of ['tracks', 'entries', 'judges', 'audit_heads', 'audit_log', 'displays', 'command_receipts']) {
    if ((backup.tables[name] ?? []).some((r) => r.contest_id !== id)) throw new RestoreRefused('backup_invalid', `The backup's ${name} belong to another contest.`);
  }
  // Rows that hang on a track, judge or entry hang on one of this contest's.
  const ids = (name: string) => new Set((backup.tables[name] ?? []).map((r) => r.id));
  const owners = { track_id: ids('tracks'), judge_id: ids('judges'), entry_id: ids('entries') };
  for (const [name, rows] of Object.entries(backup.tables)) {
    for (const [column, known] of Object.entries(owners)) {
      if (rows.some((r) => r[column] !== undefined && r[column] !== null && !known.has(r[column]))) {
        throw new RestoreRefused('backup_invalid', `The backup's ${name} name a ${column.replace('_id', '')} the backup does not hold.`);
      }
    }
  }
  const records = (backup.tables.audit_log ?? []).map(auditRowOf);
  const chain = verifyChain(records);
  if (!chain.ok) {
    throw new RestoreRefused('backup_invalid', `The backup's audit chain does not verify (record ${chain.brokenAt}: ${chain.reason}): it was changed after it was made.`, { chain });
  }
  const head = backup.tables.audit_heads?.[0];
  if (chain.records !== backup.chain.records || chain.head !== backup.chain.head || !head || head.seq !== chain.records || head.hash !== chain.head) {
    throw new RestoreRefused('backup_invalid', 'The backup\'s audit chain does not end where the backup says: records are missing or were added.');
  }
  return backup;
}

/**
 * Writes a checked backup into the instance, all of it or nothing, and makes its contest the served
 * one. `replace`: the instance has contests, and the host confirmed they go.
 */
export async function restoreBackup(db: Db, backup: Backup, options: { replace?: boolean } = {}): Promise<{ contestId: number; replaced: number }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${INSTANCE_LOCK})`);
    const existing = await rowsOf<{ id: number; name: Localized }>(tx, sql`select id, name from contests order by id`);
    if (existing.length > 0 && !options.replace) {
      throw new RestoreRefused(
        'confirmation_required',
        `This instance already has ${existing.length} contest(s); restoring replaces them all with the backup. Confirm to go on.`,
        { contests: existing.map((c) => ({ id: c.id, name: c.name })) },
      );
    }
    // Everything of a contest hangs on its row (ON DELETE CASCADE).
    if (existing.length > 0) await tx.execute(sql`delete from contests`);
    for (const t of BACKUP_TABLES) {
      const rows = backup.tables[t.name] ?? [];
      if (rows.length === 0) continue;
      const columns = new Set(
        (await rowsOf<{ name: string }>(tx, sql`select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = ${t.name}`)).map((c) => c.name),
      );
      const given = [...new Set(rows.flatMap((r) => Object.keys(r)))];
      const strange = given.filter((c) => !columns.has(c));
      if (strange.length > 0) throw new RestoreRefused('backup_invalid', `The backup's ${t.name} have columns this Podium does not know (${strange.join(', ')}).`);
      const list = sql.raw(given.map((c) => `"${c}"`).join(', '));
      await tx.execute(sql`insert into ${sql.raw(t.name)} (${list}) select ${list} from json_populate_recordset(null::${sql.raw(t.name)}, ${JSON.stringify(rows)}::json)`);
    }
    // New rows after the restored ones get ids above theirs.
    for (const t of BACKUP_TABLES.filter((t) => t.serial)) {
      await tx.execute(sql`select setval(pg_get_serial_sequence(${t.name}, 'id'), coalesce((select max(id) from ${sql.raw(t.name)}), 0) + 1, false)`);
    }
    await setServedContest(tx, backup.contest.id);
    return { contestId: backup.contest.id, replaced: existing.length };
  });
}
