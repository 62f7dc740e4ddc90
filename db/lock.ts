/**
 * The lock of a PGlite data directory. PGlite does not lock its directory, and two processes on
 * one directory corrupt it, so Podium keeps `podium.lock` there while it runs. A pid alone is not
 * enough to tell whether the holder still runs: after a kill -9 and a reboot, the recorded pid may
 * belong to any other process. So the lock records the holder's pid with its start (the boot id
 * and the start time in /proc on Linux, `ps` elsewhere) and its host: a lock whose process is gone
 * or now started at another moment is stale and taken over; a live holder is refused.
 */
import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export class DatabaseLockedError extends Error {}

export const LOCK_FILE = 'podium.lock';

interface LockRecord {
  pid: number;
  /** When the process started, in a form only comparable on one host; null if unknown. */
  started: string | null;
  host: string;
}

/** How a process's start is told apart from any later process with the same pid, or null. */
export function processStart(pid: number): string | null {
  try {
    // Field 22 of /proc/<pid>/stat, in clock ticks since boot; the name (field 2) may hold spaces
    // and parentheses, so count from the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const starttime = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    if (starttime) return `${boot}:${starttime}`;
  } catch {
    // no /proc (macOS, BSD): ask ps below
  }
  try {
    const started = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return started ? `ps:${started}` : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The record in a lock file; a bare number is the format of earlier versions (pid only). */
function parseRecord(text: string): LockRecord | null {
  if (/^\d+$/.test(text.trim())) return { pid: Number(text), started: null, host: hostname() };
  try {
    const value = JSON.parse(text) as Partial<LockRecord>;
    if (Number.isInteger(value.pid) && value.pid! > 0 && typeof value.host === 'string') {
      return { pid: value.pid!, started: typeof value.started === 'string' ? value.started : null, host: value.host };
    }
  } catch {
    // not a lock we wrote
  }
  return null;
}

type Holder = { state: 'live' | 'stale' | 'unknown'; why: string };

function judge(record: LockRecord | null): Holder {
  if (!record) return { state: 'stale', why: 'the lock file is empty or unreadable (a start interrupted while writing it)' };
  if (record.host !== hostname()) return { state: 'unknown', why: `it was taken on another host (${record.host})` };
  if (!isAlive(record.pid)) return { state: 'stale', why: `process ${record.pid} is no longer running` };
  const now = processStart(record.pid);
  if (record.started && now) {
    return record.started === now
      ? { state: 'live', why: `process ${record.pid} holds it` }
      : { state: 'stale', why: `pid ${record.pid} now belongs to another process (the holder is gone: a reboot or a crash, and the pid was reused)` };
  }
  return { state: 'unknown', why: `process ${record.pid} is running and this system cannot tell whether it is the Podium that took the lock` };
}

/**
 * Moves a stale lock aside, unless it changed since it was judged (another start took it over
 * first): then it is put back untouched.
 */
function removeStale(lockPath: string, judged: string): void {
  const aside = `${lockPath}.${process.pid}.stale`;
  try {
    renameSync(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (readFileSync(aside, 'utf8') !== judged) {
    try {
      linkSync(aside, lockPath);
    } catch {
      // a third start took the place meanwhile; its own lock stands
    }
  }
  rmSync(aside, { force: true });
}

/**
 * Takes the lock of `dataDir`, or throws DatabaseLockedError saying who holds it and what to do.
 * Returns the release function (which removes the lock only while it is still ours).
 */
export function lockDataDir(dataDir: string, onStaleLock: (message: string) => void = () => {}): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, LOCK_FILE);
  const mine = JSON.stringify({ pid: process.pid, started: processStart(process.pid), host: hostname() } satisfies LockRecord);
  const draft = `${lockPath}.${process.pid}.new`;
  for (let attempt = 0; attempt < 3; attempt++) {
    // Written whole, then linked into place: another start never reads a half-written lock.
    writeFileSync(draft, mine);
    try {
      linkSync(draft, lockPath);
      return () => {
        try {
          if (readFileSync(lockPath, 'utf8') === mine) rmSync(lockPath, { force: true });
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(draft, { force: true });
    }
    let text: string;
    try {
      text = readFileSync(lockPath, 'utf8');
    } catch {
      continue; // released meanwhile
    }
    const holder = judge(parseRecord(text));
    if (holder.state === 'live' && text === mine) {
      throw new DatabaseLockedError(`The data directory ${dataDir} is already open in this process.`);
    }
    if (holder.state === 'live') {
      const { pid } = parseRecord(text)!;
      throw new DatabaseLockedError(
        `The data directory ${dataDir} is in use by another Podium process (pid ${pid}). ` +
          `Stop that one first (Ctrl+C in its terminal, or kill ${pid}), or start this one with another PODIUM_DATA_DIR.`,
      );
    }
    if (holder.state === 'unknown') {
      throw new DatabaseLockedError(
        `The data directory ${dataDir} is locked (${lockPath}): ${holder.why}. ` +
          `If no Podium is running on this directory, delete ${lockPath} and start again.`,
      );
    }
    onStaleLock(`Took over the stale lock ${lockPath}: ${holder.why}.`);
    removeStale(lockPath, text);
  }
  throw new DatabaseLockedError(`Could not lock the data directory ${dataDir}: other starts keep taking it. Start one Podium at a time.`);
}
