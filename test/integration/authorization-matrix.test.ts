/**
 * Every command × every role, on a real server through real sockets. The cells come from the
 * command registry (server/protocol/registry.ts): a command added there without a scenario here
 * fails this test (and the build: SCENARIOS is typed by the registry). Each command runs on a
 * contest of its own (test/fixtures/contests/matrix.json, imported again through REST), prepared
 * so that the allowed cell can succeed. Then:
 *
 *   - every refused cell is answered with its code and changes nothing: the host's snapshot and
 *     the audit head (seq and hash) are the same before and after;
 *   - every allowed cell is applied once: one audit record of that command by that actor, and the
 *     same command sent again (same commandId / submissionId / rev) records nothing more.
 *
 * Roles: none (a handshake without auth), public, the judge (J1, scoring track a), another judge
 * (J2, same track, naming J1 in the payload), a recused judge (J3, recused from A01), a judge of
 * another track (J4, track b), an old link (J5's link before a relink), a wrong host key, the host.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, sheetVersions } from '../../db/schema/index';
import type { Ack, ErrorCode } from '../../server/protocol/errors';
import { COMMANDS, type CommandName, type PayloadOf } from '../../server/protocol/registry';
import type { HostView } from '../../server/protocol/views';
import { closeAllSockets, connect, ok, send, sync, type TestSocket } from '../support/clients';
import { startTestServer, type TestServer } from '../support/server';
import { countRecords, fingerprint } from '../support/state';

const FIXTURE = fileURLToPath(new URL('../fixtures/contests/matrix.json', import.meta.url));
/** Track a as the contest file writes it: what the editor's track commands send. */
const FIXTURE_TRACK = (JSON.parse(readFileSync(FIXTURE, 'utf8')) as { tracks: Record<string, unknown>[] }).tracks[0]!;

const ROLES = ['none', 'public', 'judge', 'anotherJudge', 'recusedJudge', 'otherTrackJudge', 'oldLink', 'wrongHostKey', 'host'] as const;
type Role = (typeof ROLES)[number];

type Expectation = { refused: ErrorCode; field?: string } | 'applied';

/** One contest's ids and sockets, for the scenario of one command. */
interface Stage {
  host: TestSocket;
  /** Socket per judge key (J1 … J5; J5's is on its new link). */
  judge: Record<string, TestSocket>;
  judgeId: Record<string, number>;
  entry: Record<string, number>;
  /** J5's link before the relink. */
  oldToken: string;
  /** The late sheet waiting for the host, once a scenario made one. */
  lateId?: number;
}

interface Scenario<E extends CommandName> {
  /** Brings the contest to a state where the allowed cell succeeds. */
  prepare?: (s: Stage) => Promise<void>;
  payload: (s: Stage) => PayloadOf<E>;
  /** Cells that differ from the rule the registry gives (see `expected`). */
  overrides?: Partial<Record<Role, Expectation>>;
}

let server: TestServer;
let submissionSeq = 0;

// ---- steps the scenarios prepare with ----------------------------------------------------------

async function call(s: Stage, track: string, code: string) {
  await ok(s.host, 'stage:call', { track, entryId: s.entry[code]! });
}
async function start(s: Stage, track: string, code: string) {
  await call(s, track, code);
  await ok(s.host, 'stage:advance', { track, action: 'start' });
}
async function submit(s: Stage, judge: string, code: string, points = 3000) {
  await ok(s.judge[judge]!, 'sheet:submit', {
    entryId: s.entry[code]!, scores: { idea: points, delivery: points }, bonus: {}, comment: '', submissionId: `matrix-prepare-${++submissionSeq}`,
  });
}
async function close(s: Stage, code: string) {
  await ok(s.host, 'stage:close', { entryId: s.entry[code]!, confirmMissing: true, reason: 'matrix' });
}
async function scoreAndClose(s: Stage, code: string, points = 3000) {
  await start(s, 'a', code);
  await submit(s, 'J1', code, points);
  await close(s, code);
}

const SCENARIOS: { [E in CommandName]: Scenario<E> } = {
  'stage:call': { payload: (s) => ({ track: 'a', entryId: s.entry.A01!, commandId: 'matrix-call-01' }) },
  'stage:next': { payload: () => ({ track: 'a', commandId: 'matrix-next-01' }) },
  'stage:advance': {
    prepare: (s) => call(s, 'a', 'A01'),
    payload: () => ({ track: 'a', action: 'start', commandId: 'matrix-advance-01' }),
  },
  'stage:close': {
    prepare: async (s) => {
      await start(s, 'a', 'A01');
      await submit(s, 'J1', 'A01');
    },
    payload: (s) => ({ entryId: s.entry.A01!, confirmMissing: true, reason: 'matrix', commandId: 'matrix-close-01' }),
  },
  'stage:closeMany': {
    prepare: async (s) => {
      await start(s, 'a', 'A01');
      await submit(s, 'J1', 'A01');
    },
    payload: (s) => ({ entryIds: [s.entry.A01!], confirmMissing: true, reason: 'matrix', commandId: 'matrix-close-many-01' }),
  },
  // A sheet that arrives after its entry closed waits for the host.
  'late:count': {
    prepare: async (s) => {
      await scoreAndClose(s, 'A01');
      await submit(s, 'J1', 'A01', 3500);
    },
    payload: (s) => ({ lateId: s.lateId!, reason: 'matrix', commandId: 'matrix-late-count-01' }),
  },
  'late:exclude': {
    prepare: async (s) => {
      await scoreAndClose(s, 'A01');
      await submit(s, 'J1', 'A01', 3500);
    },
    payload: (s) => ({ lateId: s.lateId!, reason: 'matrix', commandId: 'matrix-late-exclude-01' }),
  },
  // Track b wants two judges per award; B01 is scored by one.
  'panel:confirm': {
    prepare: async (s) => {
      await start(s, 'b', 'B01');
      await submit(s, 'J4', 'B01');
      await close(s, 'B01');
    },
    payload: (s) => ({ entryId: s.entry.B01!, reason: 'matrix', commandId: 'matrix-panel-01' }),
  },
  'stage:reopen': {
    prepare: (s) => scoreAndClose(s, 'A01'),
    payload: (s) => ({ entryId: s.entry.A01!, reason: 'matrix', commandId: 'matrix-reopen-01' }),
  },
  'entry:status': { payload: (s) => ({ entryId: s.entry.A02!, action: 'markAbsent', commandId: 'matrix-status-01' }) },
  'timer:pause': {
    prepare: (s) => start(s, 'a', 'A01'),
    payload: () => ({ track: 'a', commandId: 'matrix-pause-01' }),
  },
  'timer:resume': {
    prepare: async (s) => {
      await start(s, 'a', 'A01');
      await ok(s.host, 'timer:pause', { track: 'a' });
    },
    payload: () => ({ track: 'a', commandId: 'matrix-resume-01' }),
  },
  'timer:extend': {
    prepare: (s) => start(s, 'a', 'A01'),
    payload: () => ({ track: 'a', seconds: 30, commandId: 'matrix-extend-01' }),
  },
  'order:set': { payload: (s) => ({ track: 'a', entryIds: [s.entry.A03!, s.entry.A02!, s.entry.A01!], commandId: 'matrix-order-01' }) },
  'order:draw': { payload: () => ({ track: 'a', seed: 'matrix', commandId: 'matrix-draw-01' }) },
  'recusal:set': { payload: (s) => ({ judgeId: s.judgeId.J2!, entryId: s.entry.A02!, recused: true, reason: 'matrix', commandId: 'matrix-recusal-01' }) },
  'tie:resolve': {
    // Equal sheets on A01 and A02 and one award: a tie at the boundary that only the host can settle.
    prepare: async (s) => {
      await scoreAndClose(s, 'A01');
      await scoreAndClose(s, 'A02');
      const track = (await sync<HostView>(s.host)).tracks.find((t) => t.key === 'a')!;
      if (!track.results.provisional) throw new Error('the tie:resolve scenario needs a tie at the award boundary');
    },
    payload: (s) => ({ track: 'a', entryIds: [s.entry.A02!, s.entry.A01!], reason: 'matrix', commandId: 'matrix-tie-01' }),
  },
  'display:set': { payload: () => ({ track: 'b', boardVisible: false, commandId: 'matrix-display-01' }) },
  'ceremony:show': { payload: () => ({ track: 'a', step: 0, commandId: 'matrix-ceremony-01' }) },
  'ceremony:board': {
    prepare: async (s) => {
      await ok(s.host, 'ceremony:show', { track: 'a', step: 0 });
    },
    payload: () => ({ track: 'a', shown: true, commandId: 'matrix-ceremony-board-01' }),
  },
  'display:language': { payload: () => ({ language: 'en', commandId: 'matrix-language-01' }) },
  'judge:relink': { payload: (s) => ({ judgeId: s.judgeId.J2!, commandId: 'matrix-relink-01' }) },
  // The /setup editor's commands: parts written as in the contest file.
  'contest:edit': { payload: () => ({ contest: { name: { zh: '权限矩阵（改名）', en: 'Matrix (renamed)' } }, commandId: 'matrix-contest-01' }) },
  'track:add': { payload: () => ({ track: { ...FIXTURE_TRACK, key: 'c', name: { zh: 'C赛道', en: 'Track C' } }, commandId: 'matrix-track-add-01' }) },
  'track:edit': { payload: () => ({ track: { ...FIXTURE_TRACK, name: { zh: 'A赛道（改）', en: 'Track A (edited)' } }, commandId: 'matrix-track-edit-01' }) },
  'track:remove': {
    prepare: async (s) => {
      await ok(s.host, 'track:add', { track: { ...FIXTURE_TRACK, key: 'c', name: { zh: 'C赛道', en: 'Track C' } } });
    },
    payload: () => ({ track: 'c', commandId: 'matrix-track-remove-01' }),
  },
  'judge:add': { payload: () => ({ judge: { name: '评委己', tracks: ['a'] }, commandId: 'matrix-judge-add-01' }) },
  'judge:edit': { payload: (s) => ({ judgeId: s.judgeId.J2!, judge: { name: '评委乙（改）', tracks: ['a'] }, commandId: 'matrix-judge-edit-01' }) },
  'judge:remove': { payload: (s) => ({ judgeId: s.judgeId.J4!, commandId: 'matrix-judge-remove-01' }) },
  'entry:add': { payload: () => ({ entry: { track: 'a', unit: '己单位', model: '模型六' }, commandId: 'matrix-entry-add-01' }) },
  'entry:edit': { payload: (s) => ({ entryId: s.entry.A02!, entry: { track: 'a', unit: '乙单位（改）', model: '模型二' }, commandId: 'matrix-entry-edit-01' }) },
  'entry:remove': { payload: (s) => ({ entryId: s.entry.A03!, commandId: 'matrix-entry-remove-01' }) },
  'sheet:save': {
    prepare: (s) => start(s, 'a', 'A01'),
    payload: (s) => ({ entryId: s.entry.A01!, scores: { idea: 2000 }, bonus: {}, comment: 'draft', rev: 1 }),
  },
  'sheet:submit': {
    prepare: (s) => start(s, 'a', 'A01'),
    payload: (s) => ({ entryId: s.entry.A01!, scores: { idea: 2500, delivery: 2500 }, bonus: {}, comment: '', submissionId: 'matrix-submit-01' }),
  },
  'judge:signoff': {
    // Every entry J1 scores in track a is closed or absent.
    prepare: async (s) => {
      await scoreAndClose(s, 'A01');
      await ok(s.host, 'entry:status', { entryId: s.entry.A02!, action: 'markAbsent' });
      await ok(s.host, 'entry:status', { entryId: s.entry.A03!, action: 'markAbsent' });
    },
    payload: () => ({ track: 'a' }),
    overrides: {
      // A sign-off is the sender's own: J3 (recused from A01 only) signs theirs, never J1's.
      recusedJudge: 'applied',
    },
  },
};

/** The rule every cell follows unless its scenario overrides it. */
function expected(command: CommandName, role: Role): Expectation | { handshake: 'unauthorized' } {
  const override = SCENARIOS[command].overrides?.[role];
  if (override) return override;
  if (role === 'oldLink' || role === 'wrongHostKey') return { handshake: 'unauthorized' };
  const sender = COMMANDS[command].role;
  if (role === 'host') return sender === 'host' ? 'applied' : { refused: 'forbidden' };
  if (role === 'none' || role === 'public') return { refused: 'forbidden' };
  if (sender === 'host') return { refused: 'forbidden' };
  // A judge command sent by a judge.
  if (role === 'judge') return 'applied';
  // The protocol has no way to name another judge: a payload that tries is refused, naming the field.
  if (role === 'anotherJudge') return { refused: 'invalid_payload', field: 'judgeId' };
  if (role === 'recusedJudge') return { refused: 'recused' };
  return { refused: 'wrong_track' };
}

// ---- one contest per command -------------------------------------------------------------------

/** Sockets opened without auth (not in the clients helper's list). */
const bareSockets: TestSocket[] = [];

/** Imports the fixture as a new contest (the server switches to it), relinks J5, connects every role. */
async function freshStage(): Promise<Stage> {
  // The import drops every connection (after a moment): connect only once a sentinel was dropped.
  const sentinel = await connect(server.url, { role: 'public' });
  const dropped = new Promise<void>((resolve) => sentinel.once('disconnect', () => resolve()));
  const res = await fetch(`${server.url}/api/setup/contest?confirm=replace`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.hostKey}`, 'content-type': 'application/json' },
    body: readFileSync(FIXTURE, 'utf8'),
  });
  if (!res.ok) throw new Error(`import failed: ${res.status} ${await res.text()}`);
  await dropped;
  closeAllSockets();
  for (const bare of bareSockets.splice(0)) bare.disconnect();
  const host = await connect(server.url, { role: 'host', key: server.hostKey });
  const judges = await server.judges();
  const judgeId = Object.fromEntries(judges.map((j) => [j.key, j.id]));
  const oldToken = judges.find((j) => j.key === 'J5')!.token;
  await ok(host, 'judge:relink', { judgeId: judgeId.J5! });
  const judge: Record<string, TestSocket> = {};
  for (const j of await server.judges()) judge[j.key] = await connect(server.url, { role: 'judge', token: j.token });
  const view = await sync<HostView>(host);
  const entry = Object.fromEntries(view.tracks.flatMap((t) => t.entries.map((e) => [e.code, e.id])));
  return { host, judge, judgeId, entry, oldToken };
}

/** A socket for a role, or the handshake's refusal code. */
async function socketOf(s: Stage, role: Role): Promise<TestSocket | { refusedWith: string }> {
  const refusal = (e: { data?: { code?: string } }) => ({ refusedWith: e.data?.code ?? 'none' });
  switch (role) {
    case 'none': {
      const bare = io(server.url, { transports: ['websocket'], forceNew: true, reconnection: false }) as TestSocket;
      bareSockets.push(bare);
      await new Promise<void>((resolve, reject) => {
        bare.once('connect', resolve);
        bare.once('connect_error', reject);
      });
      return bare;
    }
    case 'public':
      return connect(server.url, { role: 'public' });
    case 'judge':
    case 'anotherJudge':
      return s.judge[role === 'judge' ? 'J1' : 'J2']!;
    case 'recusedJudge':
      return s.judge.J3!;
    case 'otherTrackJudge':
      return s.judge.J4!;
    case 'oldLink':
      return connect(server.url, { role: 'judge', token: s.oldToken }).catch(refusal);
    case 'wrongHostKey':
      return connect(server.url, { role: 'host', key: 'not-the-host-key' }).catch(refusal);
    case 'host':
      return s.host;
  }
}

/** The last audit record of the current contest. */
async function lastRecord() {
  const [row] = await server.podium.database.db
    .select()
    .from(auditLog)
    .where(eq(auditLog.contestId, server.podium.contestId()))
    .orderBy(desc(auditLog.seq))
    .limit(1);
  return row!;
}

const cells: { command: CommandName; role: Role; outcome: string }[] = [];

beforeAll(async () => {
  // Each command's contest costs two failed handshakes (the wrong key, the old link) and a burst
  // of commands: limits far above that, so every refusal here is the role's, not the limiter's.
  server = await startTestServer({ limits: { failuresPerMinute: 10_000, socketPerSecond: 1_000, socketBurst: 1_000 } });
});

afterAll(async () => {
  closeAllSockets();
  for (const bare of bareSockets.splice(0)) bare.disconnect();
  await server?.close();
  const applied = cells.filter((c) => c.outcome === 'applied').length;
  process.stdout.write(`authorization matrix: ${cells.length} cells (${Object.keys(COMMANDS).length} commands × ${ROLES.length} roles), ${applied} allowed, ${cells.length - applied} refused\n`);
});

describe('authorization matrix', () => {
  it('has a scenario for every command of the registry and nothing else', () => {
    expect(Object.keys(SCENARIOS).sort()).toEqual(Object.keys(COMMANDS).sort());
  });

  for (const command of Object.keys(COMMANDS) as CommandName[]) {
    it(`${command}: every role`, async () => {
      const scenario = SCENARIOS[command] as Scenario<CommandName>;
      const s = await freshStage();
      await scenario.prepare?.(s);
      const [late] = await server.podium.database.db
        .select({ id: sheetVersions.id })
        .from(sheetVersions)
        .where(and(eq(sheetVersions.late, true), eq(sheetVersions.status, 'pending'), inArray(sheetVersions.entryId, Object.values(s.entry))));
      if (late) s.lateId = late.id;
      const payload = scenario.payload(s);
      const allowed: Role[] = [];

      for (const role of ROLES) {
        const want = expected(command, role);
        if (want === 'applied') {
          allowed.push(role);
          continue;
        }
        const before = await fingerprint(server, s.host);
        const socket = await socketOf(s, role);
        if ('handshake' in want) {
          expect(socket, `${command} × ${role}`).toEqual({ refusedWith: want.handshake });
          cells.push({ command, role, outcome: `handshake ${want.handshake}` });
        } else {
          const sent = role === 'anotherJudge' ? { ...(payload as object), judgeId: s.judgeId.J1! } : payload;
          const answer = (await send(socket as TestSocket, command, sent)) as Ack<unknown>;
          expect(answer, `${command} × ${role}`).toMatchObject({ ok: false, code: want.refused, ...(want.field ? { field: want.field } : {}) });
          cells.push({ command, role, outcome: want.refused });
        }
        expect(await fingerprint(server, s.host), `${command} × ${role} changed the contest`).toEqual(before);
      }

      for (const role of allowed) {
        const socket = (await socketOf(s, role)) as TestSocket;
        const before = await countRecords(server, command);
        const answer = (await send(socket, command, payload)) as Ack<unknown>;
        expect(answer, `${command} × ${role}`).toMatchObject({ ok: true });
        await server.podium.settled();
        const record = await lastRecord();
        expect(record.action).toBe(command);
        const actorId = role === 'host' ? null : role === 'judge' ? s.judgeId.J1! : s.judgeId.J3!;
        expect({ role: record.actorRole, id: record.actorId }).toEqual({ role: role === 'host' ? 'host' : 'judge', id: actorId });
        expect(await countRecords(server, command)).toBe(before + 1);

        // Sent again: nothing is applied twice (an idempotent repeat, or a refusal of the repeat).
        const head = (await fingerprint(server, s.host)).head;
        const again = (await send(socket, command, payload)) as Ack<unknown>;
        if (again.ok) expect(again).toEqual(answer);
        else expect(again.code).toBe('signed_off');
        expect((await fingerprint(server, s.host)).head).toEqual(head);
        cells.push({ command, role, outcome: 'applied' });
      }
    });
  }

  it('covered every cell', () => {
    expect(cells).toHaveLength(Object.keys(COMMANDS).length * ROLES.length);
  });
});
