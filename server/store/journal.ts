/**
 * The journal of the embedded database: PGlite runs without fsync, so a power cut can lose its
 * last commits or damage its directory. Every committed command is also appended to this file
 * beside the directory and fsynced BEFORE it is acknowledged; the contest itself is written as a
 * checkpoint when it is imported. From the journal the directory is caught up, or rebuilt from
 * scratch (server/store/recovery.ts).
 *
 * Format: one line per item, `<16 hex digits> <JSON>\n`, the digits being the start of the
 * SHA-256 of the JSON: a line cut short by a crash (its end never reached the disk) or garbled
 * fails the check and is ignored. A line is only ever acknowledged after the synced write that
 * covers it, so what is ignored was never acknowledged.
 *
 * Group commit: lines appended while a write runs are written together by the next one (the
 * file is opened with O_DSYNC: a write returns once it is on disk). And a command is acknowledged
 * only once every record of its contest up to its own is on disk (a later record alone would not
 * chain), which holds back at most a few milliseconds.
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fsyncSync, openSync, readFileSync, truncateSync, existsSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CommittedRecord, ContestRows, SettingRow } from './persist';

export const JOURNAL_FILE = 'journal.log';

/** Where committed records wait to be on disk before their answer (CommandContext.journal). */
export interface CommandJournal {
  /** Resolves once the record (and every earlier one of its contest) is on disk. */
  durable(record: CommittedRecord): Promise<void>;
  /** Resolves once everything written so far is on disk (a repeated command's answer waits for its first). */
  settled(): Promise<void>;
}

export type JournalLine =
  | { t: 'settings'; rows: SettingRow[] }
  /**
   * Every row of a contest as of `seq` (after an import, a restore, a change too wide for effects,
   * or when the directory had more than the journal). The last one in the file is the one that
   * counts (a restore may put a contest back to an earlier seq).
   */
  | { t: 'checkpoint'; contestId: number; seq: number; hash: string; rows: ContestRows }
  /** The contest is no longer in the database (a restore replaced every contest). */
  | { t: 'drop'; contestId: number }
  | ({ t: 'record' } & CommittedRecord);

function checksum(json: string): string {
  return createHash('sha256').update(json).digest('hex').slice(0, 16);
}

export function encodeLine(line: JournalLine): string {
  const json = JSON.stringify(line);
  return `${checksum(json)} ${json}\n`;
}

export interface JournalContents {
  lines: JournalLine[];
  /** Bytes up to the end of the last complete line (what stays when the torn tail is cut off). */
  completeBytes: number;
  /** Complete lines whose checksum or JSON is wrong (skipped). */
  damaged: number;
  /** Bytes after the last line end: a line whose write a crash cut short. */
  tornBytes: number;
}

/** Reads a journal, keeping every line that checks out. A missing file is an empty journal. */
export function readJournal(path: string): JournalContents {
  if (!existsSync(path)) return { lines: [], completeBytes: 0, damaged: 0, tornBytes: 0 };
  const data = readFileSync(path);
  const lastEnd = data.lastIndexOf(0x0a) + 1;
  const lines: JournalLine[] = [];
  let damaged = 0;
  for (const text of data.subarray(0, lastEnd).toString('utf8').split('\n')) {
    if (text === '') continue;
    const json = text.slice(17);
    if (text[16] !== ' ' || checksum(json) !== text.slice(0, 16)) {
      damaged++;
      continue;
    }
    try {
      lines.push(JSON.parse(json) as JournalLine);
    } catch {
      damaged++;
    }
  }
  return { lines, completeBytes: lastEnd, damaged, tornBytes: data.length - lastEnd };
}

/** Cuts a torn last line off, so the next line starts on a line of its own. */
export function cutTornTail(path: string, completeBytes: number): void {
  truncateSync(path, completeBytes);
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a new file's directory entry durable (the file itself is synced by each write: O_DSYNC). */
function fsyncDirectory(path: string): void {
  const fd = openSync(dirname(path), 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

interface Waiting {
  text: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Appends lines and syncs them, several at a time. A failed write is fatal: what the
 * file holds is then unknown, so nothing more may be acknowledged (`onFailure` stops the process;
 * on its next start the directory's extra records are written to the journal again).
 */
export class Journal {
  private queue: Waiting[] = [];
  private flushing: Promise<void> | null = null;
  private failed: unknown = null;
  /** Per contest: the head (seq and hash) such that it and every record before it are on disk. */
  private readonly heads = new Map<number, { seq: number; hash: string }>();
  /** Per contest: records on disk above the head (an earlier one is still being written), seq → hash. */
  private readonly ahead = new Map<number, Map<number, string>>();
  private readonly waiters: { contestId: number; seq: number; resolve: () => void }[] = [];
  /** How many synced writes ran, and how many lines they covered (for the benchmark). */
  readonly stats = { writes: 0, lines: 0 };

  private constructor(
    readonly path: string,
    private readonly file: FileHandle,
    private readonly onFailure: (error: unknown) => void,
  ) {}

  static async open(path: string, onFailure: (error: unknown) => void): Promise<Journal> {
    const created = !existsSync(path);
    // O_DSYNC: a write returns once its lines are on disk, in one round trip through libuv's
    // threads rather than a write and then an fdatasync (each answer waits for it).
    const file = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_DSYNC, 0o600);
    if (created) fsyncDirectory(path);
    return new Journal(path, file, onFailure);
  }

  /** The contest up to this head is in the journal (at start, after a checkpoint). */
  covered(contestId: number, seq: number, hash: string): void {
    this.heads.set(contestId, { seq, hash });
    const ahead = this.ahead.get(contestId);
    for (const s of ahead?.keys() ?? []) if (s <= seq) ahead!.delete(s);
    this.settle(contestId);
  }

  /** The head of the contest known to be on disk with every record before it (undefined: none). */
  coveredHead(contestId: number): { seq: number; hash: string } | undefined {
    return this.heads.get(contestId);
  }

  /** The contest left the database: nothing of it is waited for any more. */
  forget(contestId: number): void {
    this.heads.delete(contestId);
    this.ahead.delete(contestId);
  }

  /** Appends a line; resolves once it is on disk. */
  append(line: JournalLine): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.queue.push({ text: encodeLine(line), resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  /**
   * Appends a committed record; resolves once it and every earlier record of its contest are on
   * disk. The command's answer waits for this.
   */
  async durable(record: CommittedRecord): Promise<void> {
    if (!this.heads.has(record.contestId)) throw new Error(`the journal has no checkpoint of contest ${record.contestId}`);
    await this.append({ t: 'record', ...record });
    let ahead = this.ahead.get(record.contestId);
    if (!ahead) this.ahead.set(record.contestId, (ahead = new Map()));
    ahead.set(record.seq, record.hash);
    this.settle(record.contestId);
    if (record.seq <= (this.heads.get(record.contestId)?.seq ?? 0)) return;
    await new Promise<void>((resolve) => this.waiters.push({ contestId: record.contestId, seq: record.seq, resolve }));
  }

  /** Resolves once everything appended so far is on disk (a repeated command's answer waits for its first). */
  async settled(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.failed) throw this.failed;
  }

  async close(): Promise<void> {
    await this.settled().catch(() => {});
    await this.file.close();
  }

  private settle(contestId: number): void {
    const ahead = this.ahead.get(contestId);
    const head = this.heads.get(contestId);
    if (!head) return;
    for (let hash = ahead?.get(head.seq + 1); hash !== undefined; hash = ahead?.get(head.seq + 1)) {
      ahead!.delete(head.seq + 1);
      head.seq++;
      head.hash = hash;
    }
    const seq = head.seq;
    const ready = this.waiters.filter((w) => w.contestId === contestId && w.seq <= seq);
    if (ready.length === 0) return;
    this.waiters.splice(0, this.waiters.length, ...this.waiters.filter((w) => !ready.includes(w)));
    // In seq order, so that the commands go on (to the model, then their answers) in that order.
    for (const w of ready.sort((a, b) => a.seq - b.seq)) w.resolve();
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        // Durable when it returns (O_DSYNC).
        await this.file.write(batch.map((w) => w.text).join(''));
        this.stats.writes++;
        this.stats.lines += batch.length;
        for (const w of batch) w.resolve();
      } catch (error) {
        this.failed = error;
        for (const w of [...batch, ...this.queue.splice(0)]) w.reject(error);
        this.onFailure(error);
        break;
      }
    }
    this.flushing = null;
  }
}
