import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH, recordHash } from './audit';
import { encodeLine, Journal, readJournal, type JournalLine } from './journal';
import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import * as schema from '../../db/schema/index';
import { CONTEST_TABLES, type CommittedRecord, type ContestRows } from './persist';
import { planJournal } from './recovery';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function journalPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'podium-journal-'));
  dirs.push(dir);
  return join(dir, 'journal.log');
}

/** A chain of `n` records of contest 1 after a checkpoint at seq 1. */
function chain(n: number): { checkpoint: JournalLine; records: CommittedRecord[] } {
  const checkpointHash = recordHash(GENESIS_HASH, { at: 0, actorRole: 'system', actorId: null, action: 'contest:import', payload: {} });
  const records: CommittedRecord[] = [];
  let prev = checkpointHash;
  for (let seq = 2; seq < 2 + n; seq++) {
    const body = { at: seq, actorRole: 'host' as const, actorId: null, action: 'display:set', payload: { boardVisible: seq % 2 === 0 }, effects: [] };
    const hash = recordHash(prev, body);
    records.push({ contestId: 1, seq, prevHash: prev, hash, configVersion: 1, ...body });
    prev = hash;
  }
  return { checkpoint: { t: 'checkpoint', contestId: 1, seq: 1, hash: checkpointHash, rows: {} as ContestRows }, records };
}

describe('the journal file', () => {
  it('keeps the lines whose checksum holds, counts damaged ones and the torn tail', () => {
    const path = journalPath();
    const { checkpoint, records } = chain(2);
    writeFileSync(path, encodeLine(checkpoint) + encodeLine({ t: 'record', ...records[0]! }));
    // A line whose bytes changed on the disk, then a complete good line, then a line cut short.
    appendFileSync(path, encodeLine({ t: 'record', ...records[1]! }).replace('display:set', 'display:sex'));
    appendFileSync(path, encodeLine({ t: 'record', ...records[1]! }));
    const torn = encodeLine({ t: 'record', ...records[1]! }).slice(0, 40);
    appendFileSync(path, torn);
    const read = readJournal(path);
    expect(read.lines.map((l) => (l.t === 'record' ? l.seq : l.t))).toEqual(['checkpoint', 2, 3]);
    expect(read.damaged).toBe(1);
    expect(read.tornBytes).toBe(torn.length);
    expect(read.completeBytes).toBe(readFileSync(path).length - torn.length);
  });

  it('plans the unbroken chain after the latest checkpoint; records after a gap or a bad link are ignored', () => {
    const { checkpoint, records } = chain(5);
    const lines: JournalLine[] = [checkpoint, ...records.map((r) => ({ t: 'record' as const, ...r }))];
    expect(planJournal(lines).contests[0]).toMatchObject({ records: records, ignored: 0 });
    // Lines out of order (commits race to the journal) are put back in seq order.
    expect(planJournal([checkpoint, ...[...lines.slice(1)].reverse()]).contests[0]!.records.map((r) => r.seq)).toEqual([2, 3, 4, 5, 6]);
    const gap = lines.filter((l) => !(l.t === 'record' && l.seq === 4));
    expect(planJournal(gap).contests[0]).toMatchObject({ records: records.slice(0, 2), ignored: 2 });
    const forged = lines.map((l) => (l.t === 'record' && l.seq === 3 ? { ...l, payload: { boardVisible: 'forged' } } : l));
    expect(planJournal(forged).contests[0]).toMatchObject({ records: records.slice(0, 1), ignored: 4 });
  });
});

describe('what the journal covers', () => {
  it('every table of the schema: the contest tables of a checkpoint, and the settings', () => {
    const tables = Object.values(schema).filter((value) => is(value, PgTable)).map((table) => getTableName(table as PgTable));
    const covered = [...Object.values(CONTEST_TABLES).map((table) => getTableName(table)), getTableName(schema.settings)];
    // A new table must be added to CONTEST_TABLES (server/store/persist.ts), or a rebuild would lose it.
    expect(covered.sort()).toEqual(tables.sort());
  });

  it('follows the last checkpoint in the file: a restore to an earlier seq, then records that chain on from it', () => {
    const { checkpoint, records } = chain(3);
    const restored: JournalLine = { t: 'checkpoint', contestId: 1, seq: 1, hash: (checkpoint as { hash: string }).hash, rows: { restored: true } as unknown as ContestRows };
    // After the restore, the same seq gets another record (another time): it chains on from the checkpoint too.
    const other = { ...records[0]!, at: 999 };
    const newer = { ...other, hash: recordHash(other.prevHash, other) };
    const lines: JournalLine[] = [checkpoint, ...records.map((r) => ({ t: 'record' as const, ...r })), restored, { t: 'record', ...newer }];
    const plan = planJournal(lines).contests[0]!;
    expect(plan.checkpoint).toBe(restored);
    expect(plan.records).toEqual([newer]);
    // A contest that left the database is not rebuilt.
    expect(planJournal([...lines, { t: 'drop', contestId: 1 }]).contests).toEqual([]);
  });
});

describe('the journal writer', () => {
  it('acknowledges a record only once it and every earlier record of its contest are on disk', async () => {
    const journal = await Journal.open(journalPath(), (error) => {
      throw error;
    });
    const { records } = chain(3);
    journal.covered(1, 1, records[0]!.prevHash);
    const settled: number[] = [];
    const third = journal.durable(records[1]!).then(() => settled.push(3));
    await new Promise((r) => setTimeout(r, 50));
    // Seq 3 is on disk but seq 2 is not there yet: 3 must wait.
    expect(settled).toEqual([]);
    const second = journal.durable(records[0]!).then(() => settled.push(2));
    await Promise.all([second, third]);
    expect(settled.sort()).toEqual([2, 3]);
    expect(journal.coveredHead(1)).toEqual({ seq: 3, hash: records[1]!.hash });
    await journal.close();
  });

  it('writes lines appended during an fsync together, with the next one (group commit)', async () => {
    const path = journalPath();
    const journal = await Journal.open(path, (error) => {
      throw error;
    });
    const { records } = chain(200);
    journal.covered(1, 1, records[0]!.prevHash);
    await Promise.all(records.map((r) => journal.durable(r)));
    expect(journal.stats.lines).toBe(200);
    expect(journal.stats.writes).toBeLessThan(20);
    await journal.close();
    expect(readJournal(path).lines).toHaveLength(200);
  });
});
