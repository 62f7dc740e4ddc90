/**
 * A whole small day on a real server, for the tests of what leaves Podium afterwards (results
 * CSV, workbook, printed sheets): test/fixtures/contests/paperwork.json played through the real
 * protocol. Government track: G01–G04 scored (J5 recused from G02), G05 closed without a single
 * sheet (无成绩), G06 withdrawn, G07 absent. Open track: O01–O03 scored with comments, O01 and
 * O02 tied on the total and split by the 实现效果 criterion. J1 signs off both tracks and J6
 * the open track; the others do not.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { ok } from './clients';
import { openFlow, sheetForTotal, type Flow } from './flow';
import { startTestServer, type TestServer } from './server';

export const PAPERWORK_CONTEST = fileURLToPath(new URL('../fixtures/contests/paperwork.json', import.meta.url));

/** Judge totals (hundredths) per entry code, by judge key. */
export const GOV_TOTALS: Record<string, Record<string, number>> = {
  G01: { J1: 9050, J2: 8800, J3: 9200, J4: 8650, J5: 9400 },
  G02: { J1: 8000, J2: 8250, J3: 7900, J4: 8400 },
  G03: { J1: 7600, J2: 7200, J3: 7450, J4: 7000, J5: 7800 },
  G04: { J1: 8500, J2: 8700, J3: 8300, J4: 8900, J5: 8600 },
};

export interface ScoredDay {
  server: TestServer;
  flow: Flow;
  close(): Promise<void>;
}

export async function playScoredDay(options: { clientDir?: string } = {}): Promise<ScoredDay> {
  const server = await startTestServer({ contestFile: PAPERWORK_CONTEST, ...(options.clientDir ? { clientDir: options.clientDir } : {}) });
  const flow = await openFlow(server);
  const judge = (key: string) => flow.judges.find((j) => j.key === key)!;
  const entryOf = async (code: string) => {
    for (const t of (await flow.hostView()).tracks) {
      const e = t.entries.find((x) => x.code === code);
      if (e) return e;
    }
    throw new Error(`no entry ${code}`);
  };

  const gov = await flow.track('gov');
  await ok(flow.host, 'entry:status', { entryId: (await entryOf('G06')).id, action: 'withdraw', reason: '参赛单位主动退出' });
  await ok(flow.host, 'entry:status', { entryId: (await entryOf('G07')).id, action: 'markAbsent' });
  for (const code of ['G01', 'G02', 'G03', 'G04']) {
    const entryId = await flow.callNext('gov');
    if (entryId !== (await entryOf(code)).id) throw new Error(`expected ${code} on stage`);
    await flow.advance('gov', 'start');
    for (const [key, total] of Object.entries(GOV_TOTALS[code]!)) {
      const sheet = sheetForTotal(gov.rubric, total);
      await ok(judge(key).socket, 'sheet:submit', { entryId, ...sheet, comment: `${code} 评语（${key}）`, submissionId: randomUUID() });
    }
    await flow.close(entryId);
  }
  // G01 reopened for J2 to correct a slip: J2's sheet is amended (submitted twice).
  const g01 = (await entryOf('G01')).id;
  await ok(flow.host, 'stage:reopen', { entryId: g01, reason: '评委更正笔误' });
  await ok(judge('J2').socket, 'sheet:submit', { entryId: g01, ...sheetForTotal(gov.rubric, 8900), comment: 'G01 评语（J2，已更正）', submissionId: randomUUID() });
  await flow.close(g01);
  // G05: on stage, closed without any sheet.
  await flow.scoreNext('gov', []);

  const open = await flow.track('open');
  const openSheets: Record<string, Record<string, { scores: Record<string, number> }>> = {
    // O01 and O02 tie at 80.00; O02 has the higher 实现效果 mean.
    O01: { J1: { scores: { design: 3600, build: 3000, pitch: 1400 } }, J5: { scores: { design: 3400, build: 3000, pitch: 1600 } }, J6: { scores: { design: 3500, build: 3100, pitch: 1400 } }, J7: { scores: { design: 3500, build: 3000, pitch: 1500 } } },
    O02: { J1: { scores: { design: 3000, build: 3600, pitch: 1400 } }, J5: { scores: { design: 3000, build: 3500, pitch: 1500 } }, J6: { scores: { design: 3100, build: 3500, pitch: 1400 } }, J7: { scores: { design: 3000, build: 3500, pitch: 1500 } } },
    O03: { J1: { scores: { design: 2000, build: 2500, pitch: 1000 } }, J5: { scores: { design: 2200, build: 2400, pitch: 1100 } }, J6: { scores: { design: 2100, build: 2600, pitch: 1000 } }, J7: { scores: { design: 2000, build: 2500, pitch: 1200 } } },
  };
  if (open.rubric.bonus.length !== 0) throw new Error('the open track has no bonus');
  for (const code of ['O01', 'O02', 'O03']) {
    const entryId = await flow.callNext('open');
    if (entryId !== (await entryOf(code)).id) throw new Error(`expected ${code} on stage`);
    await flow.advance('open', 'start');
    for (const [key, sheet] of Object.entries(openSheets[code]!)) {
      await ok(judge(key).socket, 'sheet:submit', { entryId, scores: sheet.scores, bonus: {}, comment: `${code}：${key} 的评语, "引号" 与逗号`, submissionId: randomUUID() });
    }
    await flow.close(entryId);
  }
  await ok(judge('J1').socket, 'judge:signoff', { track: 'gov' });
  await ok(judge('J1').socket, 'judge:signoff', { track: 'open' });
  await ok(judge('J6').socket, 'judge:signoff', { track: 'open' });
  await flow.settled();

  return {
    server,
    flow,
    async close() {
      await server.close();
    },
  };
}
