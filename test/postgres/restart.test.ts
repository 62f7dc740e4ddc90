/**
 * PostgreSQL itself stops and starts again (a restart, a failover) under a running Podium, on a
 * PostgreSQL server of the test's own (test/support/tempPostgres.ts), never the shared one.
 * While it is down every request is refused as `unavailable`, quickly and changing nothing;
 * once it is back the same process serves again without being restarted.
 */
import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judges, sheets } from '../../db/schema/index';
import type { HostView } from '../../server/protocol/views';
import { startPodium, type Podium } from '../../server/start';
import { closeAllSockets, send } from '../support/clients';
import { openFlow, sheetForTotal, type Flow } from '../support/flow';
import { TEST_HOST_KEY, type TestServer } from '../support/server';
import { startTempPostgres, type TempPostgres } from '../support/tempPostgres';

let postgres: TempPostgres;
let podium: Podium;
let flow: Flow;

beforeAll(async () => {
  postgres = await startTempPostgres();
  podium = await startPodium({ db: { kind: 'postgres', url: postgres.url }, port: 0, host: '127.0.0.1', hostKey: TEST_HOST_KEY });
  // The flow helpers only need the server's address, key and judges.
  const server = {
    podium,
    url: podium.url,
    hostKey: TEST_HOST_KEY,
    judges: () =>
      podium.database.db
        .select({ id: judges.id, key: judges.key, name: judges.name, token: judges.token })
        .from(judges)
        .where(eq(judges.contestId, podium.contestId()))
        .orderBy(asc(judges.id)),
  } as unknown as TestServer;
  flow = await openFlow(server);
});

afterAll(async () => {
  closeAllSockets();
  await podium?.close();
  postgres?.destroy();
});

describe('PostgreSQL restarts under a running server', () => {
  it('refuses requests as unavailable while it is down and serves again once it is back', async () => {
    const entryId = await flow.callNext('gov');
    await flow.advance('gov', 'start');
    const track = await flow.track('gov');
    const entry = track.entries.find((e) => e.id === entryId)!;
    const judge = flow.judges.find((j) => entry.sheets.some((s) => s.judgeId === j.id && s.status !== 'recused'))!;
    const submission = (total: number) => ({ entryId, ...sheetForTotal(track.rubric, total), comment: '', submissionId: randomUUID() });

    const first = await send(judge.socket, 'sheet:submit', submission(7000));
    expect(first).toMatchObject({ ok: true, data: { submitCount: 1 } });

    postgres.stop();

    // A command and a REST export: each refused as unavailable, the process still serving; the
    // screens keep their views, which come from the server's memory.
    const during = submission(8000);
    expect(await send(judge.socket, 'sheet:submit', during)).toMatchObject({ ok: false, code: 'unavailable', message: expect.stringContaining('nothing was changed') });
    expect(await flow.host.timeout(10_000).emitWithAck('view:sync', {})).toMatchObject({ ok: true });
    const exported = await fetch(`${podium.url}/api/export/contest.json`, { headers: { authorization: `Bearer ${TEST_HOST_KEY}` } });
    expect(exported.status).toBe(503);
    expect(await exported.json()).toMatchObject({ ok: false, code: 'unavailable' });
    expect((await fetch(`${podium.url}/api/health`)).status).toBe(200);

    postgres.start();

    // The refused submission, resent as the pad's outbox does, now counts, once.
    expect(await send(judge.socket, 'sheet:submit', during)).toMatchObject({ ok: true, data: { submitCount: 2 } });
    expect(await send(judge.socket, 'sheet:submit', during)).toMatchObject({ ok: true, data: { submitCount: 2 } });
    const [row] = await podium.database.db.select().from(sheets).where(eq(sheets.entryId, entryId));
    expect(row).toMatchObject({ judgeId: judge.id, submitCount: 2, scores: during.scores });

    const view = (await flow.host.timeout(10_000).emitWithAck('view:sync', {})) as { ok: true; data: HostView };
    expect(view.ok).toBe(true);
    const sheet = view.data.tracks.find((t) => t.key === 'gov')!.entries.find((e) => e.id === entryId)!.sheets.find((s) => s.judgeId === judge.id)!;
    expect(sheet.status).toBe('submitted');
  });
});
