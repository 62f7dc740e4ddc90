/**
 * The chaos checker, in the manner of a Jepsen set test: given every submission the server
 * acknowledged, read what the database holds and say what went wrong.
 *
 * - lost: acknowledged, but no sheet version with that submissionId (or no audit record of it);
 * - duplicated: stored more than once (two versions, or two audit records, of one submissionId);
 * - changed: stored with other values than were acknowledged;
 * - a judge's sheet that is not their last stored version;
 * - the audit chain broken, or the results replayed from the audit records alone differing
 *   from the results of the tables.
 *
 * `freshResults` is the other half of the comparison: the same acknowledged commands fed to a
 * fresh server that suffered nothing.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { entries, judges, sheets, sheetVersions } from '../../db/schema/index';
import type { ChainCheck } from '../../server/protocol/rest';
import type { HostView } from '../../server/protocol/views';
import { startPodium } from '../../server/start';
import { canonicalJson, readAudit, verifyChain } from '../../server/store/audit';
import { compareResults, replayResults } from '../../server/store/replay';
import { loadSnapshot } from '../../server/store/snapshot';
import { computeAllResults } from '../../server/views/results';
import { chaosSocket, closeEveryEntry, openEveryEntry, sendUntilAnswered, type AckedSubmission } from './bots';

export interface ChaosReport {
  acked: number;
  /** Versions stored in all (acknowledged or not). */
  stored: number;
  lost: string[];
  duplicated: string[];
  changed: string[];
  /** Judge/entry pairs whose sheet is not their last stored version. */
  staleSheets: string[];
  chain: ChainCheck;
  /** Differences between the tables' results and the results replayed from the audit records. */
  replay: string[];
}

export function reportIsClean(report: ChaosReport): boolean {
  return (
    report.lost.length === 0 && report.duplicated.length === 0 && report.changed.length === 0 && report.staleSheets.length === 0 && report.chain.ok && report.replay.length === 0
  );
}

/** Equal as JSON whatever the key order (jsonb stores an object's keys in its own order). */
const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

export async function checkSubmissions(db: Db, contestId: number, acked: readonly AckedSubmission[]): Promise<ChaosReport> {
  const entryIds = (await db.select({ id: entries.id }).from(entries).where(eq(entries.contestId, contestId))).map((e) => e.id);
  const versions = entryIds.length === 0 ? [] : await db.select().from(sheetVersions).where(inArray(sheetVersions.entryId, entryIds)).orderBy(asc(sheetVersions.id));
  const records = await readAudit(db, contestId);
  const submitRecords = new Map<string, number>();
  for (const r of records) {
    if (r.action !== 'sheet:submit') continue;
    const key = `${r.actorId}:${(r.payload as { submissionId?: string }).submissionId}`;
    submitRecords.set(key, (submitRecords.get(key) ?? 0) + 1);
  }
  const byKey = new Map<string, (typeof versions)[number][]>();
  for (const v of versions) byKey.set(`${v.judgeId}:${v.submissionId}`, [...(byKey.get(`${v.judgeId}:${v.submissionId}`) ?? []), v]);

  const lost: string[] = [];
  const duplicated: string[] = [];
  const changed: string[] = [];
  for (const a of acked) {
    const key = `${a.judgeId}:${a.submissionId}`;
    const stored = byKey.get(key) ?? [];
    const inAudit = submitRecords.get(key) ?? 0;
    if (stored.length === 0 || inAudit === 0) lost.push(key);
    else if (stored.length > 1 || inAudit > 1) duplicated.push(key);
    else {
      const v = stored[0]!;
      if (v.entryId !== a.entryId || v.version !== a.submitCount || !same(v.scores, a.scores) || !same(v.bonus, a.bonus) || v.comment !== a.comment) changed.push(key);
    }
  }
  // Any submissionId stored twice, acknowledged or not.
  for (const [key, list] of byKey) if (list.length > 1 && !duplicated.includes(key)) duplicated.push(key);

  const staleSheets: string[] = [];
  const sheetRows = entryIds.length === 0 ? [] : await db.select().from(sheets).where(inArray(sheets.entryId, entryIds));
  for (const sheet of sheetRows) {
    if (sheet.submittedAt === null) continue;
    // The counted versions (a late one the host did not count has no number).
    const mine = versions.filter((v) => v.judgeId === sheet.judgeId && v.entryId === sheet.entryId && v.version !== null);
    const last = mine.reduce<(typeof versions)[number] | null>((best, v) => (!best || v.version! > best.version! ? v : best), null);
    if (!last || sheet.submitCount !== mine.length || last.version !== mine.length || !same(sheet.scores, last.scores) || sheet.comment !== last.comment) {
      staleSheets.push(`${sheet.judgeId}:${sheet.entryId}`);
    }
  }

  const state = await loadSnapshot(db, contestId);
  const live = computeAllResults(state);
  const replayed = replayResults(records);
  const replay = replayed.ok ? compareResults(new Map(state.tracks.map((t) => [t.key, live.get(t.id)!])), replayed.results) : [replayed.reason];
  return { acked: acked.length, stored: versions.length, lost, duplicated, changed, staleSheets, chain: verifyChain(records), replay };
}

/**
 * The same day without faults: a fresh server (in memory) on the same contest file, the host's
 * steps (every entry opened, then closed) and every acknowledged submission, each judge's in the
 * order they were acknowledged. Returns its host view, to compare results with. The entries get
 * the same ids as on the chaos server when both start from an empty database.
 */
export async function freshResults(contestFile: string | undefined, acked: readonly AckedSubmission[]): Promise<HostView> {
  const key = 'chaos-fresh-host-key';
  const podium = await startPodium({
    db: { kind: 'pglite', dataDir: null }, port: 0, host: '127.0.0.1', hostKey: key, clientDir: '/nonexistent',
    ...(contestFile ? { contestFile } : {}), limits: { socketPerSecond: 10_000, socketBurst: 10_000 },
  });
  const host = chaosSocket(podium.url, { role: 'host', key });
  try {
    const open = await openEveryEntry(host);
    const { db } = podium.database;
    const tokens = new Map((await db.select({ id: judges.id, token: judges.token }).from(judges)).map((j) => [j.id, j.token]));
    const byJudge = new Map<number, AckedSubmission[]>();
    for (const a of acked) byJudge.set(a.judgeId, [...(byJudge.get(a.judgeId) ?? []), a]);
    for (const [judgeId, list] of byJudge) {
      const pad = chaosSocket(podium.url, { role: 'judge', token: tokens.get(judgeId)! });
      for (const a of list) {
        const { answer } = await sendUntilAnswered(pad, 'sheet:submit', { entryId: a.entryId, scores: a.scores, bonus: a.bonus, comment: a.comment, submissionId: a.submissionId });
        if (!answer.ok) throw new Error(`the fresh server refused ${a.submissionId}: ${answer.code}`);
      }
      pad.disconnect();
    }
    await closeEveryEntry(host, open);
    await podium.settled();
    const { answer } = await sendUntilAnswered<HostView>(host, 'view:sync', {});
    if (!answer.ok) throw new Error('the fresh server refused view:sync');
    return answer.data;
  } finally {
    host.disconnect();
    await podium.close();
  }
}

/** Where two host views' results differ, one line per track. */
export function compareHostResults(a: HostView, b: HostView): string[] {
  const line = (v: HostView, key: string) =>
    (v.tracks.find((t) => t.key === key)?.results.ranking ?? []).map((r) => `${r.entryId}:${r.final}:${r.rank}:${r.award ?? '-'}${r.provisional ? '?' : ''}`).join(' ');
  const keys = new Set([...a.tracks.map((t) => t.key), ...b.tracks.map((t) => t.key)]);
  return [...keys].filter((k) => line(a, k) !== line(b, k)).map((k) => `track ${k}: [${line(a, k)}] ≠ [${line(b, k)}]`);
}
