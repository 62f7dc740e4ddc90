/**
 * Opening a PGlite directory under its journal (server/store/journal.ts):
 *
 * 1. The journal is read; a torn last line is cut off (it was never acknowledged).
 * 2. The directory is opened. If it cannot be opened, it is rebuilt from the journal.
 * 3. Each contest's audit head is compared with the journal's. Records the journal has beyond the
 *    head (commits a power cut took from the directory) are written again. Then the whole state is
 *    checked: the contest as the journal describes it (its checkpoint with every record's effects
 *    folded in, by the same model the server keeps in memory) must equal the contest as the
 *    directory holds it. Any difference (a directory copied while it was written, a damaged
 *    page) and the directory is rebuilt from the journal.
 * 4. Rebuilding: a fresh directory gets the settings, each contest's checkpoint and every record
 *    after it; the damaged one is kept aside as `pglite.damaged-<time>`.
 *
 * After the start (host key, first contest) the journal is brought level with the directory:
 * anything the directory has and the journal lacks (a first start, a directory from before the
 * journal existed, a commit whose fsync a crash interrupted) is written as a checkpoint.
 */
import { createHash } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db, PgliteHandle } from '../../db/open';
import { auditHeads, auditLog, commandReceipts, settings, sheetVersions, signatures } from '../../db/schema/index';
import { canonicalJson, recordHash } from './audit';
import type { Effect } from './effects';
import { cutTornTail, Journal, JOURNAL_FILE, readJournal, type CommandJournal, type JournalLine } from './journal';
import { ContestModel } from './model';
import {
  CONTEST_TABLES, persistRecord, readContestRows, resetSequences, reviveRows, writeContestRows, writeSettings,
  type CommittedRecord, type ContestRows, type SettingRow,
} from './persist';
import { lateSheetColumns, loadContestState, type ContestState, type LateSheetRow } from './state';

type CheckpointLine = Extract<JournalLine, { t: 'checkpoint' }>;

/** What the journal says about one contest: its latest checkpoint and the unbroken chain of records after it. */
export interface ContestPlan {
  contestId: number;
  checkpoint: CheckpointLine;
  records: CommittedRecord[];
  /** Records after a gap or a broken link: never acknowledged (a later one waits for every earlier one). */
  ignored: number;
}

export interface JournalPlan {
  settings: SettingRow[] | null;
  contests: ContestPlan[];
  damaged: number;
  tornBytes: number;
}

/** The seq and hash the journal reaches for a contest. */
function lastOf(plan: ContestPlan): { seq: number; hash: string } {
  const last = plan.records.at(-1);
  return last ? { seq: last.seq, hash: last.hash } : { seq: plan.checkpoint.seq, hash: plan.checkpoint.hash };
}

function hashOf(record: CommittedRecord): string {
  return recordHash(record.prevHash, record);
}

/** Reads the journal's lines into what can be rebuilt: per contest, its checkpoint and the records that chain on from it. */
export function planJournal(lines: readonly JournalLine[]): Omit<JournalPlan, 'damaged' | 'tornBytes'> {
  let settingsRows: SettingRow[] | null = null;
  const checkpoints = new Map<number, CheckpointLine>();
  const records = new Map<number, Map<number, CommittedRecord[]>>();
  for (const line of lines) {
    if (line.t === 'settings') settingsRows = line.rows;
    // The last checkpoint in the file counts (a restore may put a contest back to an earlier seq).
    else if (line.t === 'checkpoint') checkpoints.set(line.contestId, line);
    else if (line.t === 'drop') checkpoints.delete(line.contestId);
    else {
      const { t: _t, ...record } = line;
      let bySeq = records.get(record.contestId);
      if (!bySeq) records.set(record.contestId, (bySeq = new Map()));
      bySeq.set(record.seq, [...(bySeq.get(record.seq) ?? []), record]);
    }
  }
  const contests: ContestPlan[] = [];
  for (const [contestId, checkpoint] of [...checkpoints].sort(([a], [b]) => a - b)) {
    const bySeq = records.get(contestId) ?? new Map<number, CommittedRecord[]>();
    const chain: CommittedRecord[] = [];
    let prev = { seq: checkpoint.seq, hash: checkpoint.hash };
    for (;;) {
      // Of the records that chain on, the last written: after a restore put a contest back to an
      // earlier seq, the records of the history it replaced chain on from there too.
      const next = bySeq.get(prev.seq + 1)?.findLast((r) => r.prevHash === prev.hash && hashOf(r) === r.hash);
      // A change too wide for effects is followed by a checkpoint before it is answered: without
      // that checkpoint it was never answered, and cannot be written again from its effects.
      if (!next || next.effects?.some((e) => e.kind === 'reload')) break;
      chain.push(next);
      prev = { seq: next.seq, hash: next.hash };
    }
    const ignored = [...bySeq.keys()].filter((seq) => seq > prev.seq).length;
    contests.push({ contestId, checkpoint, records: chain, ignored });
  }
  return { settings: settingsRows, contests };
}

/** A checkpoint's rows (through JSON) as rows of their tables again. */
export function reviveContestRows(rows: ContestRows): ContestRows {
  const revived: Record<string, unknown[]> = {};
  for (const [name, table] of Object.entries(CONTEST_TABLES)) revived[name] = reviveRows(table, rows[name as keyof ContestRows] as unknown as Record<string, unknown>[]);
  return revived as ContestRows;
}

function pick<T extends object, K extends keyof T>(row: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, row[k]])) as Pick<T, K>;
}

function stateOf(rows: ContestRows): ContestState {
  const head = rows.auditHeads[0]!;
  return {
    contest: rows.contests[0]!, tracks: rows.tracks, rubricItems: rows.rubricItems, awardTiers: rows.awardTiers, entries: rows.entries,
    judges: rows.judges, judgeTracks: rows.judgeTracks, recusals: rows.recusals, sheets: rows.sheets, stages: rows.stages,
    tieDecisions: rows.tieDecisions, display: rows.displays[0]!, signOffs: rows.judgeSignoffs, ceremonies: rows.ceremonies,
    lateSheets: rows.sheetVersions.filter((v) => v.late).map((v) => pick(v, Object.keys(lateSheetColumns) as (keyof LateSheetRow)[])),
    seq: head.seq, configVersion: head.configVersion,
  };
}

/** Writes the whole journal into an empty database. */
async function writePlan(db: Db, plan: JournalPlan): Promise<void> {
  await db.transaction(async (tx) => {
    if (plan.settings) await writeSettings(tx, plan.settings);
    for (const contest of plan.contests) {
      await writeContestRows(tx, reviveContestRows(contest.checkpoint.rows));
      // Records after it take new audit ids: the sequences must first pass the checkpoint's.
      await resetSequences(tx);
      for (const record of contest.records) await persistRecord(tx, record);
    }
    await resetSequences(tx);
  });
}

/**
 * Why the directory does not hold what the journal says, or null when it does (after writing the
 * records it lacked). The directory may be ahead of the journal (a commit whose fsync a crash
 * interrupted, never acknowledged): its extra records must then chain on, and count in the check.
 */
async function reconcile(db: Db, plan: JournalPlan, logger: Pick<Logger, 'warn'>): Promise<{ problem: string | null; rewritten: number }> {
  const problem = (text: string) => ({ problem: text, rewritten: 0 });
  const extraRecords = new Map<number, { seq: number; effects: Effect[] | null }[]>();
  let rewritten = 0;
  for (const contest of plan.contests) {
    const [head] = await db.select().from(auditHeads).where(eq(auditHeads.contestId, contest.contestId));
    if (!head) return problem(`contest ${contest.contestId} is missing`);
    const last = lastOf(contest);
    if (head.seq < contest.checkpoint.seq) return problem(`contest ${contest.contestId} is behind its checkpoint (seq ${head.seq} < ${contest.checkpoint.seq})`);
    if (head.seq <= last.seq) {
      const expected = head.seq === contest.checkpoint.seq ? contest.checkpoint.hash : contest.records[head.seq - contest.checkpoint.seq - 1]!.hash;
      if (expected !== head.hash) return problem(`contest ${contest.contestId}: seq ${head.seq} has another hash than in the journal`);
      const missing = contest.records.filter((r) => r.seq > head.seq);
      if (missing.length > 0) {
        await db.transaction(async (tx) => {
          for (const record of missing) await persistRecord(tx, record);
          await resetSequences(tx);
        });
        rewritten += missing.length;
      }
    } else {
      const rows = await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.contestId, contest.contestId), gt(auditLog.seq, last.seq - 1)))
        .orderBy(asc(auditLog.seq));
      if (rows[0]?.seq !== last.seq || rows[0].hash !== last.hash) return problem(`contest ${contest.contestId}: seq ${last.seq} has another hash than in the journal`);
      for (let i = 1; i < rows.length; i++) {
        const row = rows[i]!;
        if (row.seq !== last.seq + i || row.prevHash !== rows[i - 1]!.hash || recordHash(row.prevHash, { ...row, effects: row.effects as Effect[] | null }) !== row.hash) {
          return problem(`contest ${contest.contestId}: the records after the journal do not chain (seq ${row.seq})`);
        }
      }
      extraRecords.set(contest.contestId, rows.slice(1).map((r) => ({ seq: r.seq, effects: r.effects as Effect[] | null })));
    }
  }
  if (rewritten > 0) logger.warn({ records: rewritten }, `the database was behind its journal: wrote ${rewritten} record(s) again`);

  for (const contest of plan.contests) {
    const difference = await compareState(db, contest, extraRecords.get(contest.contestId) ?? []);
    if (difference) return problem(`contest ${contest.contestId}: ${difference}`);
  }
  return { problem: null, rewritten };
}

/** Differences between the contest as the journal (and the directory's own extra records) describes it and as the directory holds it. */
async function compareState(db: Db, plan: ContestPlan, extra: readonly { seq: number; effects: Effect[] | null }[]): Promise<string | null> {
  const rows = reviveContestRows(plan.checkpoint.rows);
  const model = new ContestModel(stateOf(rows));
  const tokens = new Map(rows.judges.map((j) => [j.id, j.token]));
  const versions = new Set(rows.sheetVersions.map((v) => `${v.judgeId}:${v.submissionId}`));
  const receipts = new Set(rows.commandReceipts.map((r) => `${r.actor}:${r.key}`));
  const signatureKey = (s: { judgeId: number; trackId: number | null; image: string }) => `${s.judgeId}:${s.trackId}:${createHash('sha256').update(s.image).digest('hex')}`;
  const signed = new Map(rows.signatures.map((s) => [`${s.judgeId}:${s.trackId}`, signatureKey(s)]));
  for (const record of plan.records) {
    model.apply(record.seq, record.effects ?? []);
    for (const s of record.rows?.signatures ?? []) signed.set(`${s.judgeId}:${s.trackId}`, signatureKey(s));
    for (const link of record.rows?.judgeTokens ?? []) tokens.set(link.id, link.token);
    for (const v of record.rows?.sheetVersions ?? []) versions.add(`${v.judgeId}:${v.submissionId}`);
    for (const r of record.rows?.receipts ?? []) receipts.add(`${r.actor}:${r.key}`);
  }
  for (const record of extra) {
    if (record.effects === null || record.effects.some((e) => e.kind === 'reload')) return null;
    model.apply(record.seq, record.effects);
    // A relink the journal never saw: its new token is the directory's to keep.
    for (const e of record.effects) if (e.kind === 'judgeLink') tokens.delete(e.id);
  }
  const actual = await loadContestState(db, plan.contestId);
  const expectedJson = canonicalJson(JSON.parse(JSON.stringify(model.toState())));
  const actualJson = canonicalJson(JSON.parse(JSON.stringify(new ContestModel(actual).toState())));
  if (expectedJson !== actualJson) return 'its rows differ from the journal';
  for (const judge of actual.judges) if (tokens.has(judge.id) && tokens.get(judge.id) !== judge.token) return `judge ${judge.id}'s link differs from the journal`;
  const entryIds = actual.entries.map((e) => e.id);
  const storedVersions = new Set(
    (entryIds.length === 0
      ? []
      : await db.select({ judgeId: sheetVersions.judgeId, submissionId: sheetVersions.submissionId }).from(sheetVersions).where(inArray(sheetVersions.entryId, entryIds))
    ).map((v) => `${v.judgeId}:${v.submissionId}`),
  );
  for (const v of versions) if (!storedVersions.has(v)) return `sheet version ${v} is missing`;
  if (extra.length === 0) {
    const judgeIds = actual.judges.map((j) => j.id);
    const stored = judgeIds.length === 0 ? [] : await db.select().from(signatures).where(inArray(signatures.judgeId, judgeIds));
    if (canonicalJson(stored.map(signatureKey).sort()) !== canonicalJson([...signed.values()].sort())) return 'its signatures differ from the journal';
  }
  const storedReceipts = new Set((await db.select({ actor: commandReceipts.actor, key: commandReceipts.key }).from(commandReceipts).where(eq(commandReceipts.contestId, plan.contestId))).map((r) => `${r.actor}:${r.key}`));
  for (const r of receipts) if (!storedReceipts.has(r)) return `receipt ${r} is missing`;
  return null;
}

export interface JournaledDirectoryOptions {
  logger: Pick<Logger, 'warn' | 'info' | 'error'>;
  /** A failed journal write: nothing more may be acknowledged (the server stops; see Journal). */
  onFailure: (error: unknown) => void;
}

/**
 * A PGlite data directory with its journal: `open` is db/open.ts's hook for `<dataDir>/pglite`;
 * `journal` then takes every committed record; `syncWith` and `checkpoint` write what the
 * directory has beyond the journal.
 */
export class JournaledDirectory {
  journal: Journal | null = null;
  /** The database opened under the journal (set by `open`). */
  private db: Db | null = null;
  /** What the last open did, for logs and tests. */
  opened: { rebuilt: boolean; reason: string | null; rewritten: number; ignored: number; damaged: number; tornBytes: number } | null = null;

  constructor(private readonly options: JournaledDirectoryOptions) {}

  /** Opens `<dataDir>/pglite`, caught up with the journal or rebuilt from it. */
  open = async (dataDir: string, openAt: (dir: string) => Promise<PgliteHandle>): Promise<PgliteHandle> => {
    const { logger } = this.options;
    const path = join(dataDir, JOURNAL_FILE);
    const contents = readJournal(path);
    if (contents.tornBytes > 0) {
      logger.warn({ bytes: contents.tornBytes }, 'the journal ends in a line a crash cut short (never acknowledged): cut off');
      cutTornTail(path, contents.completeBytes);
    }
    if (contents.damaged > 0) logger.warn({ lines: contents.damaged }, 'the journal has damaged lines: skipped');
    const plan: JournalPlan = { ...planJournal(contents.lines), damaged: contents.damaged, tornBytes: contents.tornBytes };
    const ignored = plan.contests.reduce((n, c) => n + c.ignored, 0);
    if (ignored > 0) logger.warn({ records: ignored }, 'records in the journal after a gap (never acknowledged): ignored');

    const target = join(dataDir, 'pglite');
    rmSync(`${target}.rebuilding`, { recursive: true, force: true });
    let handle: PgliteHandle | null = null;
    let reason: string | null = null;
    let rewritten = 0;
    if (plan.contests.length === 0) {
      // Nothing to rebuild from (a first start, or a directory from before the journal).
      handle = await openAt(target);
    } else if (!existsSync(target)) {
      reason = 'the database directory is missing';
    } else {
      try {
        handle = await openAt(target);
        ({ problem: reason, rewritten } = await reconcile(handle.db, plan, logger));
      } catch (error) {
        const cause = (error as { cause?: { message?: string } }).cause?.message;
        reason = `it cannot be opened (${cause ?? (error as Error).message})`;
      }
      if (reason && handle) {
        await handle.close().catch(() => {});
        handle = null;
      }
    }
    if (!handle) {
      logger.warn({ reason }, `rebuilding the database from its journal: ${reason}`);
      handle = await this.rebuild(dataDir, plan, openAt);
    }
    this.opened = { rebuilt: reason !== null, reason, rewritten: reason === null ? rewritten : 0, ignored, damaged: plan.damaged, tornBytes: plan.tornBytes };
    this.db = handle.db;
    this.journal = await Journal.open(path, this.options.onFailure);
    for (const contest of plan.contests) {
      this.journal.covered(contest.contestId, lastOf(contest).seq, lastOf(contest).hash);
      this.knownContests.add(contest.contestId);
    }
    this.knownSettings = plan.settings;
    return handle;
  };

  private knownSettings: SettingRow[] | null = null;

  private async rebuild(dataDir: string, plan: JournalPlan, openAt: (dir: string) => Promise<PgliteHandle>): Promise<PgliteHandle> {
    const target = join(dataDir, 'pglite');
    const temp = `${target}.rebuilding`;
    const fresh = await openAt(temp);
    try {
      await writePlan(fresh.db, plan);
    } finally {
      await fresh.close();
    }
    const records = plan.contests.reduce((n, c) => n + c.records.length, 0);
    if (existsSync(target)) {
      const aside = `${target}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(target, aside);
      this.options.logger.warn({ kept: aside }, `the damaged database directory is kept as ${aside}`);
    }
    renameSync(temp, target);
    this.options.logger.warn({ contests: plan.contests.length, records }, `rebuilt the database from its journal: ${plan.contests.length} contest(s), ${records} record(s) after their checkpoints`);
    return openAt(target);
  }

  /**
   * Writes what the directory has and the journal lacks: changed settings (the host key, the
   * served contest), a contest whose chain is not where the journal has it (new, moved on outside
   * a command, or put back by a restore), and a contest that left the database.
   */
  async syncWith(db: Db): Promise<void> {
    const journal = this.journal!;
    await journal.settled();
    const rows = await db.select().from(settings).orderBy(asc(settings.key));
    if (canonicalJson(rows) !== canonicalJson(this.knownSettings ?? [])) {
      await journal.append({ t: 'settings', rows });
      this.knownSettings = rows;
    }
    const heads = await db.select().from(auditHeads).orderBy(asc(auditHeads.contestId));
    for (const head of heads) {
      const known = journal.coveredHead(head.contestId);
      if (!known || known.seq !== head.seq || known.hash !== head.hash) await this.checkpoint(db, head.contestId);
    }
    const present = new Set(heads.map((h) => h.contestId));
    for (const contestId of this.knownContests) {
      if (present.has(contestId)) continue;
      await journal.append({ t: 'drop', contestId });
      journal.forget(contestId);
      this.knownContests.delete(contestId);
    }
  }

  /** Contests the journal holds (their checkpoints), so that one leaving the database is noticed. */
  private readonly knownContests = new Set<number>();

  /**
   * What commands wait on before their answer (CommandContext.journal): the record on disk, with
   * every earlier one of its contest. A change too wide for effects (`reload`: an edit of the
   * contest's setup, a people import) is followed by a checkpoint of the contest, and answered
   * once that is on disk.
   */
  readonly commandJournal: CommandJournal = {
    durable: async (record) => {
      const journal = this.journal!;
      if (!record.effects?.some((e) => e.kind === 'reload')) return journal.durable(record);
      await journal.append({ t: 'record', ...record });
      await this.checkpoint(this.db!, record.contestId);
    },
    settled: () => this.journal!.settled(),
  };

  /** Writes every row of a contest as one line (after an import), and waits for it to be on disk. */
  async checkpoint(db: Db, contestId: number): Promise<void> {
    const rows = await db.transaction((tx) => readContestRows(tx, contestId), { isolationLevel: 'repeatable read', accessMode: 'read only' });
    const head = rows.auditHeads[0]!;
    await this.journal!.append({ t: 'checkpoint', contestId, seq: head.seq, hash: head.hash, rows });
    this.journal!.covered(contestId, head.seq, head.hash);
    this.knownContests.add(contestId);
  }
}
