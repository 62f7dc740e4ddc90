/**
 * PostgreSQL drops every connection of the server's database (what a failover, a restart or an
 * idle-connection reaper does) several times while judges submit sheets over real sockets. The
 * server must stay up, answer `unavailable` (or succeed) meanwhile, serve again by itself, and
 * keep exactly the sheets it acknowledged. Runs in the PostgreSQL pass (DATABASE_URL set).
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sheetVersions, sheets } from '../../db/schema/index';
import { verifyChain, readAudit } from '../../server/store/audit';
import { closeAllSockets, send } from '../support/clients';
import { openFlow, sheetForTotal, type Flow, type FlowJudge } from '../support/flow';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
let flow: Flow;

beforeAll(async () => {
  server = await startTestServer();
  if (server.database.config.kind !== 'postgres') throw new Error('this test needs DATABASE_URL (a PostgreSQL server)');
  flow = await openFlow(server);
});

afterAll(async () => {
  closeAllSockets();
  await server?.close();
});

/** Ends every other session on the test's own database, as pg_terminate_backend by an administrator. */
async function terminateBackends(): Promise<number> {
  const config = server.database.config as { url: string };
  const admin = new pg.Client({ connectionString: config.url });
  await admin.connect();
  try {
    const { rows } = await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    return rows.length;
  } finally {
    await admin.end();
  }
}

interface Acked {
  submissionId: string;
  total: number;
  submitCount: number;
}

describe('PostgreSQL drops the connections under load', () => {
  it('stays up, answers unavailable meanwhile, serves again by itself and keeps every acknowledged sheet', async () => {
    const entryId = await flow.callNext('gov');
    await flow.advance('gov', 'start');
    const track = await flow.track('gov');
    const entry = track.entries.find((e) => e.id === entryId)!;
    const scoring = flow.judges.filter((j) => entry.sheets.some((s) => s.judgeId === j.id && s.status !== 'recused'));
    expect(scoring.length).toBeGreaterThan(2);

    const acked = new Map<number, Acked[]>(scoring.map((j) => [j.id, []]));
    const codes: Record<string, number> = {};
    let stop = false;

    // Each judge submits amendment after amendment, and like the pad's outbox resends the same
    // submission (same id) until it is acknowledged.
    const judgeLoop = async (judge: FlowJudge) => {
      for (let i = 0; !stop; i++) {
        const total = 6000 + ((judge.id * 7 + i) % 40) * 50;
        const submission = { entryId, ...sheetForTotal(track.rubric, total), comment: `${i}`, submissionId: randomUUID() };
        for (;;) {
          const answer = await send(judge.socket, 'sheet:submit', submission);
          codes[answer.ok ? 'ok' : answer.code] = (codes[answer.ok ? 'ok' : answer.code] ?? 0) + 1;
          if (answer.ok) {
            if (answer.data.outcome !== 'counted') throw new Error('sheet:submit answered late while the entry was open');
            acked.get(judge.id)!.push({ submissionId: submission.submissionId, total, submitCount: answer.data.submitCount });
            break;
          }
          if (answer.code !== 'unavailable') throw new Error(`sheet:submit answered ${answer.code}: ${answer.message}`);
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    };
    const loops = scoring.map(judgeLoop);
    const ackCount = () => [...acked.values()].reduce((n, list) => n + list.length, 0);

    let terminated = 0;
    for (let round = 0; round < 5; round++) {
      // Let acknowledgements flow between outages: each one must be followed by recovery.
      const before = ackCount();
      await expect.poll(ackCount, { timeout: 15_000, interval: 10 }).toBeGreaterThanOrEqual(before + scoring.length);
      terminated += await terminateBackends();
    }
    const afterLast = ackCount();
    await expect.poll(ackCount, { timeout: 15_000, interval: 10 }).toBeGreaterThanOrEqual(afterLast + scoring.length);
    stop = true;
    await Promise.all(loops);

    // The outages hit commands in flight, which were refused as unavailable and nothing else.
    expect(terminated).toBeGreaterThanOrEqual(5);
    expect(codes.unavailable ?? 0).toBeGreaterThan(0);
    expect(Object.keys(codes).sort()).toEqual(['ok', 'unavailable']);

    // Every acknowledged submission counted exactly once, in order, and the last one is what counts.
    const { db } = server.podium.database;
    for (const judge of scoring) {
      const list = acked.get(judge.id)!;
      expect(list.map((a) => a.submitCount)).toEqual(list.map((_, i) => i + 1));
      const [row] = await db.select().from(sheets).where(and(eq(sheets.entryId, entryId), eq(sheets.judgeId, judge.id)));
      expect(row!.submitCount).toBe(list.length);
      const last = list.at(-1)!;
      expect(row!.comment).toBe(`${list.length - 1}`);
      expect(row!.scores).toEqual(sheetForTotal(track.rubric, last.total).scores);
      // Every version kept once, numbered in order, with the submission that made it.
      const versions = await db.select().from(sheetVersions).where(and(eq(sheetVersions.entryId, entryId), eq(sheetVersions.judgeId, judge.id))).orderBy(asc(sheetVersions.version));
      expect(versions.map((v) => [v.version, v.submissionId])).toEqual(list.map((a, i) => [i + 1, a.submissionId]));
    }
    expect(verifyChain(await readAudit(db, server.podium.contestId())).ok).toBe(true);

    // The host goes on with the day on the same process: close scoring and see the board.
    await flow.close(entryId);
    const view = await flow.track('gov');
    expect(view.entries.find((e) => e.id === entryId)!.state).toBe('closed');
    expect(view.results.ranking.some((r) => r.entryId === entryId)).toBe(true);
  });
});
