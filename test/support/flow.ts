/**
 * Drives a contest through real sockets, as the host and the judges would: call the next entry,
 * start it, have judges submit sheets worth given totals, close scoring, run the ceremony. Tests
 * of any screen can reuse it; it only sends the protocol's commands and reads the host view.
 */
import { randomUUID } from 'node:crypto';
import type { HostEntry, HostTrack, HostView, RubricView } from '../../server/protocol/views';
import { connect, ok, sync, type TestSocket } from './clients';
import type { TestServer } from './server';

export interface FlowJudge {
  id: number;
  key: string;
  name: string;
  token: string;
  socket: TestSocket;
}

/**
 * Judge totals for one entry, in hundredths: one number for every eligible judge; a list for the
 * eligible judges in file order (a shorter list leaves the rest without a sheet); or a map by judge key.
 */
export type Totals = number | readonly number[] | Readonly<Record<string, number>>;

export interface Sheet {
  scores: Record<string, number>;
  bonus: Record<string, number>;
}

/**
 * A valid sheet worth exactly `total` hundredths: each criterion gets its share of the total by
 * weight (rounded down to its step), the rest is topped up criterion by criterion, and only what
 * the criteria cannot hold goes to the bonus items. The same total always gives the same sheet,
 * so equal totals make an exact tie. Throws when the rubric cannot make that total.
 */
export function sheetForTotal(rubric: RubricView, total: number): Sheet {
  const criteriaMax = rubric.criteria.reduce((sum, c) => sum + c.max, 0);
  const inCriteria = Math.min(total, criteriaMax);
  const scores: Record<string, number> = {};
  let left = inCriteria;
  for (const c of rubric.criteria) {
    const share = Math.floor((inCriteria * c.max) / criteriaMax / c.step) * c.step;
    scores[c.key] = share;
    left -= share;
  }
  for (const c of rubric.criteria) {
    const room = Math.floor(Math.min(left, c.max - scores[c.key]!) / c.step) * c.step;
    scores[c.key] = scores[c.key]! + room;
    left -= room;
  }
  left += total - inCriteria;
  const bonus: Record<string, number> = {};
  for (const b of rubric.bonus) {
    const give = Math.floor(Math.min(left, b.max) / b.step) * b.step;
    if (give > 0) bonus[b.key] = give;
    left -= give;
  }
  if (left !== 0) throw new Error(`the rubric cannot make a total of ${total} hundredths (${left} left over)`);
  return { scores, bonus };
}

export interface Flow {
  host: TestSocket;
  judges: FlowJudge[];
  hostView(): Promise<HostView>;
  track(key: string): Promise<HostTrack>;
  /** Calls the next waiting entry of the track to the stage; resolves with its id. */
  callNext(track: string): Promise<number>;
  advance(track: string, action: 'start' | 'toQa' | 'toScoring'): Promise<void>;
  /** Sheets of the eligible judges named by `totals` (recused judges never submit). */
  submit(entryId: number, totals: Totals): Promise<void>;
  /** Closes scoring; with judges missing, confirms with a reason. */
  close(entryId: number): Promise<void>;
  /** Call, start, every sheet, close: one entry scored from start to end. Resolves with its id. */
  scoreNext(track: string, totals: Totals): Promise<number>;
  /** Resolves once every broadcast caused so far has been sent. */
  settled(): Promise<void>;
}

function judgesOf(entry: HostEntry, judges: readonly FlowJudge[], totals: Totals): { judge: FlowJudge; total: number }[] {
  const eligible = entry.sheets
    .filter((s) => s.status !== 'recused')
    .map((s) => judges.find((j) => j.id === s.judgeId))
    .filter((j): j is FlowJudge => j !== undefined);
  if (typeof totals === 'number') return eligible.map((judge) => ({ judge, total: totals }));
  if (Array.isArray(totals)) {
    const list = totals as readonly number[];
    if (list.length > eligible.length) throw new Error(`${list.length} totals for ${eligible.length} eligible judges`);
    return list.map((total, i) => ({ judge: eligible[i]!, total }));
  }
  return Object.entries(totals as Record<string, number>).map(([key, total]) => {
    const judge = eligible.find((j) => j.key === key);
    if (!judge) throw new Error(`judge ${key} is not eligible for entry ${entry.code}`);
    return { judge, total };
  });
}

/** Connects the host and every judge of the server's current contest. */
export async function openFlow(server: TestServer): Promise<Flow> {
  const host = await connect(server.url, { role: 'host', key: server.hostKey });
  const judges: FlowJudge[] = [];
  for (const j of await server.judges()) {
    judges.push({ ...j, socket: await connect(server.url, { role: 'judge', token: j.token }) });
  }

  const hostView = () => sync<HostView>(host);
  const track = async (key: string) => {
    const found = (await hostView()).tracks.find((t) => t.key === key);
    if (!found) throw new Error(`no track ${key}`);
    return found;
  };
  const entryOf = async (entryId: number) => {
    for (const t of (await hostView()).tracks) {
      const entry = t.entries.find((e) => e.id === entryId);
      if (entry) return { track: t, entry };
    }
    throw new Error(`no entry ${entryId}`);
  };

  const flow: Flow = {
    host,
    judges,
    hostView,
    track,
    async callNext(key) {
      const { entryId } = await ok(host, 'stage:next', { track: key });
      if (entryId === null) throw new Error(`no entry waiting in ${key}`);
      return entryId;
    },
    async advance(key, action) {
      await ok(host, 'stage:advance', { track: key, action });
    },
    async submit(entryId, totals) {
      const { track: t, entry } = await entryOf(entryId);
      for (const { judge, total } of judgesOf(entry, judges, totals)) {
        const sheet = sheetForTotal(t.rubric, total);
        await ok(judge.socket, 'sheet:submit', { entryId, ...sheet, comment: '', submissionId: `flow-${randomUUID()}` });
      }
    },
    async close(entryId) {
      const { entry } = await entryOf(entryId);
      const missing = entry.sheets.some((s) => s.status !== 'recused' && s.status !== 'submitted');
      await ok(host, 'stage:close', missing ? { entryId, confirmMissing: true, reason: 'test: closed with sheets missing' } : { entryId });
    },
    async scoreNext(key, totals) {
      const entryId = await flow.callNext(key);
      await flow.advance(key, 'start');
      await flow.submit(entryId, totals);
      await flow.close(entryId);
      return entryId;
    },
    settled: () => server.podium.settled(),
  };
  return flow;
}
