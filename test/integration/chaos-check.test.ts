/**
 * The chaos checker (scripts/chaos/check.ts) can fail: on a real server's database after judge bots
 * submitted, it finds nothing wrong; then a version deleted, a submission recorded twice and a
 * version with other values are each reported, by submissionId. (`npm run chaos -- --self-check` proves the
 * same end to end, with a server that answers before it commits.)
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, sheetVersions } from '../../db/schema/index';
import { readAudit } from '../../server/store/audit';
import { chaosSocket, closeEveryEntry, JudgeBot, openEveryEntry, sendUntilAnswered, type AckedSubmission } from '../../scripts/chaos/bots';
import { checkSubmissions, compareHostResults, freshResults, reportIsClean } from '../../scripts/chaos/check';
import { prng } from '../../server/domain/random';
import type { HostView } from '../../server/protocol/views';
import { closeAllSockets } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
let acked: AckedSubmission[] = [];
/** The server's host view once every entry is closed. */
let live: HostView;

beforeAll(async () => {
  server = await startTestServer({ limits: { socketPerSecond: 1_000, socketBurst: 1_000 } });
  const host = chaosSocket(server.url, { role: 'host', key: server.hostKey });
  const open = await openEveryEntry(host);
  const random = prng('chaos-check');
  const bots = (await server.judges()).slice(0, 3).map((j) => new JudgeBot({ url: server.url, token: j.token, judgeId: j.id, random, entries: open.filter((e) => e.judgeIds.includes(j.id)) }));
  for (const bot of bots) bot.start();
  // At least 1.5 s of submissions, and at least ten of them whatever the machine's speed.
  const since = Date.now();
  while (Date.now() - since < 1_500 || bots.reduce((n, b) => n + b.acked.length, 0) < 10) await new Promise((r) => setTimeout(r, 100));
  await Promise.all(bots.map((b) => b.stop()));
  acked = bots.flatMap((b) => b.acked);
  await closeEveryEntry(host, open);
  const { answer } = await sendUntilAnswered<HostView>(host, 'view:sync', {});
  live = (answer as { data: HostView }).data;
  host.disconnect();
});

afterAll(async () => {
  closeAllSockets();
  await server?.close();
});

const db = () => server.podium.database.db;

describe('the chaos checker', () => {
  it('finds nothing wrong with what the server stored, and a fresh replay gives the same results', async () => {
    expect(acked.length).toBeGreaterThan(5);
    const report = await checkSubmissions(db(), server.podium.contestId(), acked);
    expect(reportIsClean(report)).toBe(true);
    expect(live.tracks.some((t) => t.results.ranking.length > 0)).toBe(true);
    expect(compareHostResults(live, await freshResults(undefined, acked))).toEqual([]);
    // The comparison itself can fail: without any sheet for one entry, that entry has no final.
    // (Dropping a single resubmission is not enough: the sheet it replaces may total the same.)
    const unscored = acked.at(-1)!.entryId;
    expect(compareHostResults(live, await freshResults(undefined, acked.filter((a) => a.entryId !== unscored)))).not.toEqual([]);
  });

  it('reports a lost, a duplicated and a changed submission', async () => {
    const [lost, duplicated, changed] = acked;
    const where = (a: AckedSubmission) => and(eq(sheetVersions.judgeId, a.judgeId), eq(sheetVersions.submissionId, a.submissionId));
    await db().delete(sheetVersions).where(where(lost!));
    // The table refuses a second version with one submissionId; a command applied twice would show as two audit records.
    const records = await readAudit(db(), server.podium.contestId());
    const first = records.find((r) => r.action === 'sheet:submit' && (r.payload as { submissionId: string }).submissionId === duplicated!.submissionId)!;
    const { id: _id, ...row } = first;
    await db().insert(auditLog).values({ ...row, seq: records.at(-1)!.seq + 1, prevHash: records.at(-1)!.hash });
    await db().update(sheetVersions).set({ comment: 'edited behind Podium' }).where(where(changed!));

    const report = await checkSubmissions(db(), server.podium.contestId(), acked);
    expect(report.lost).toEqual([`${lost!.judgeId}:${lost!.submissionId}`]);
    expect(report.duplicated).toEqual([`${duplicated!.judgeId}:${duplicated!.submissionId}`]);
    expect(report.changed).toEqual([`${changed!.judgeId}:${changed!.submissionId}`]);
    expect(report.chain.ok).toBe(false);
    expect(reportIsClean(report)).toBe(false);
  });
});
