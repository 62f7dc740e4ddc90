/**
 * Malformed input, thousands of times, with a fixed seed (fast-check), against a real server with
 * a contest in the middle of its day: every socket event of every role (including unknown events,
 * missing and misplaced acks, binary attachments, raw protocol frames), random handshakes, and
 * every REST route the app has (walked from its router, so a new route is fuzzed too).
 *
 * Asserted: the server stays up and healthy; every answer is typed (`{ ok: true, data }` or
 * `{ ok: false, code }` with a known code, never `internal`); only frames over the size limit
 * cost a connection; nothing changes but what an accepted command changed (every new audit record
 * is one of an accepted or unanswered command, the chain verifies, and the results replayed from
 * the record equal the live ones).
 */
import fc from 'fast-check';
import pino from 'pino';
import { count, eq, gt, and } from 'drizzle-orm';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, contests } from '../../db/schema/index';
import { createApp } from '../../server/app';
import { createLimits, DEFAULT_LIMITS } from '../../server/limits';
import { ERROR_CODES, type Ack, type ErrorCode } from '../../server/protocol/errors';
import { COMMANDS, SIGNALS, type CommandName } from '../../server/protocol/registry';
import type { AuditExport } from '../../server/protocol/rest';
import type { HostView } from '../../server/protocol/views';
import { MAX_FRAME_BYTES } from '../../server/realtime/io';
import { closeAllSockets, connect, sync, type TestSocket } from '../support/clients';
import { openFlow, sheetForTotal, type Flow } from '../support/flow';
import { startTestServer, type TestServer } from '../support/server';
import { auditHead } from '../support/state';

const SEED = 20_260_513;
const SOCKET_RUNS = 2_500;
const HANDSHAKE_RUNS = 200;
const RAW_FRAMES = 200;
const REST_RUNS = 700;

let server: TestServer;
let flow: Flow;
/** The first audit seq the fuzz may have caused. */
let fuzzFrom = 0;
/** Commands that were accepted or sent without an ack: the only ones allowed to leave a record. */
const mayHaveApplied = new Map<string, number>();
const tally = { sends: 0, answers: 0, accepted: 0, dropped: 0, relinked: 0, handshakes: 0, raw: 0, rest: 0, restAccepted: 0, imports: 0 };
const codes = new Map<string, number>();

function note(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

// ---- hostile values ----------------------------------------------------------------------------

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const controlChar = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c));
const unit = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: loneSurrogate },
  { weight: 1, arbitrary: controlChar },
);
const hostileString = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit, maxLength: 40 }) },
  { weight: 2, arbitrary: fc.constantFrom('', ' ', 'gov', 'open', '__proto__', 'constructor', 'toString', "'; drop table sheets; --", 'start', 'withdraw') },
  // Huge: most under the frame limit, a few over it.
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 300_000 }).map((n) => 'x'.repeat(n)) },
);
const hostileNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 2 ** 53, -(2 ** 53), 1e308, 0.5, 1, 2, 3),
);
const binary = fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a));
const leaf = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null), fc.constant(undefined), binary);
const hostileKey = fc.oneof(fc.string({ unit, maxLength: 12 }), fc.constantFrom('judgeId', '__proto__', 'constructor', 'entryId', 'commandId', 'role'));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(hostileKey, tie('value'), { maxKeys: 5 }),
  ),
}));
/** Arrays or objects nested thousands deep. */
const deep = fc.tuple(fc.integer({ min: 50, max: 2_000 }), fc.boolean()).map(([depth, objects]) => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = objects ? { a: v } : [v];
  return v;
});

/** A valid payload with one thing wrong (or, now and then, nothing wrong). */
function mutate(base: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(base);
  const mutations: fc.Arbitrary<unknown>[] = [
    fc.constant(base),
    fc.tuple(hostileKey, value).map(([k, v]) => ({ ...base, [k]: v })),
    fc.array(value, { maxLength: 3 }).map((list) => [base, ...list]),
  ];
  if (keys.length > 0) {
    mutations.push(fc.tuple(fc.constantFrom(...keys), value).map(([k, v]) => ({ ...base, [k]: v })));
    mutations.push(fc.constantFrom(...keys).map((k) => Object.fromEntries(Object.entries(base).filter(([key]) => key !== k))));
  }
  for (const [k, v] of Object.entries(base)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      mutations.push(fc.tuple(hostileKey, value).map(([inner, w]) => ({ ...base, [k]: { ...(v as object), [inner]: w } })));
    }
  }
  return fc.oneof(...mutations);
}

// ---- the contest in the middle of its day ------------------------------------------------------

/** A valid payload per command, with this contest's ids. */
let bases: Record<CommandName, Record<string, unknown>>;
/** The entry open for scoring (what a pad's report names). */
let entryOnStage = 0;
type Role = 'host' | 'judge' | 'otherJudge' | 'public' | 'none';
const sockets = new Map<Role, TestSocket>();

/** Why each fuzzing socket last lost its connection. */
const lostBecause = new Map<TestSocket, string>();
/** What each fuzzing socket sent last before the current event (for failure messages). */
const lastSent = new Map<TestSocket, string>();

async function openSocket(role: Role): Promise<TestSocket> {
  const judges = await server.judges();
  const socket =
    role === 'host'
      ? await connect(server.url, { role: 'host', key: server.hostKey })
      : role === 'judge' || role === 'otherJudge'
        ? await connect(server.url, { role: 'judge', token: judges[role === 'judge' ? 0 : judges.length - 1]!.token })
        : role === 'public'
          ? await connect(server.url, { role: 'public' })
          : await connect(server.url, {} as never);
  sockets.set(role, socket);
  socket.on('disconnect', (reason) => lostBecause.set(socket, reason));
  return socket;
}

beforeAll(async () => {
  server = await startTestServer({
    limits: { socketPerSecond: 100_000, socketBurst: 100_000, addressPerSecond: 100_000, addressBurst: 100_000, failuresPerMinute: 100_000 },
    // The fuzz makes the server log thousands of refusals; keep the output for real errors.
    logger: pino({ level: 'error' }),
  });
  flow = await openFlow(server);
  await flow.scoreNext('gov', [8000, 8200, 7900, 8100, 8050]);
  await flow.scoreNext('open', 7500);
  const entryId = await flow.callNext('gov');
  entryOnStage = entryId;
  await flow.advance('gov', 'start');
  const view = await flow.hostView();
  const gov = view.tracks.find((t) => t.key === 'gov')!;
  const sheet = sheetForTotal(gov.rubric, 8000);
  const judgeId = view.judges[0]!.id;
  const closed = gov.entries.find((e) => e.state === 'closed')!.id;
  const waiting = gov.entries.find((e) => e.state === 'waiting')!.id;
  bases = {
    'stage:call': { track: 'gov', entryId: waiting },
    'stage:next': { track: 'open' },
    'stage:advance': { track: 'gov', action: 'toQa' },
    'stage:close': { entryId, confirmMissing: true, reason: 'fuzz' },
    'stage:reopen': { entryId: closed, reason: 'fuzz' },
    'entry:status': { entryId: waiting, action: 'moveToEnd' },
    'timer:pause': { track: 'gov' },
    'timer:resume': { track: 'gov' },
    'timer:extend': { track: 'gov', seconds: 5 },
    'order:set': { track: 'gov', entryIds: gov.entries.map((e) => e.id) },
    'order:draw': { track: 'open', seed: 'fuzz' },
    'recusal:set': { judgeId, entryId: waiting, recused: false },
    'tie:resolve': { track: 'gov', entryIds: [closed, entryId], reason: 'fuzz' },
    'display:set': { track: 'gov', boardVisible: true },
    'ceremony:show': { track: 'open', step: 0 },
    // A judge no fuzzing socket uses (a relink drops that judge's pads).
    'judge:relink': { judgeId: view.judges[1]!.id },
    'sheet:save': { entryId, ...sheet, comment: 'fuzz', rev: 1 },
    'sheet:submit': { entryId, ...sheet, comment: 'fuzz', submissionId: 'fuzz-submission-01' },
    'judge:signoff': { track: 'gov' },
    'stage:closeMany': { entryIds: [entryId], confirmMissing: true, reason: 'fuzz' },
    'late:count': { lateId: 1, reason: 'fuzz' },
    'late:exclude': { lateId: 1, reason: 'fuzz' },
    'panel:confirm': { entryId: closed, reason: 'fuzz' },
    'ceremony:board': { track: 'open', shown: true },
    'display:language': { language: 'en' },
    'contest:edit': { contest: { name: { zh: '模糊测试', en: 'Fuzz' } } },
    'track:add': { track: { key: 'fuzz', name: 'Fuzz', criteria: [{ key: 'c', label: 'c', max: 10 }], awards: [{ key: 'a', name: 'a', count: 1 }] } },
    'track:edit': { track: { key: 'open', name: 'Open', criteria: [{ key: 'c', label: 'c', max: 10 }], awards: [{ key: 'a', name: 'a', count: 1 }] } },
    'track:remove': { track: 'fuzz' },
    'judge:add': { judge: { name: '模糊', tracks: ['gov'] } },
    'judge:edit': { judgeId, judge: { name: '模糊', tracks: ['gov', 'open'] } },
    'judge:remove': { judgeId: view.judges[1]!.id },
    'entry:add': { entry: { track: 'gov', unit: '模糊', model: '模糊' } },
    'entry:edit': { entryId: waiting, entry: { track: 'gov', unit: '模糊', model: '模糊' } },
    'entry:remove': { entryId: waiting },
  };
  for (const role of ['host', 'judge', 'otherJudge', 'public', 'none'] as const) await openSocket(role);
  fuzzFrom = (await auditHead(server)).seq;
});

afterAll(async () => {
  closeAllSockets();
  await server?.close();
  process.stdout.write(
    `fuzz: ${tally.sends} socket events (${tally.answers} answered, ${tally.accepted} accepted, ${tally.dropped} connections closed by unreadable frames, ${tally.relinked} by relinks), ` +
      `${tally.handshakes} handshakes, ${tally.raw} raw frames, ${tally.rest} REST requests (${tally.restAccepted} 2xx, ${tally.imports} imports); ` +
      `codes ${JSON.stringify(Object.fromEntries([...codes].sort()))}\n`,
  );
});

// ---- checks ------------------------------------------------------------------------------------

function expectTyped(answer: unknown, context: string): void {
  const a = answer as Ack<unknown>;
  expect(typeof a === 'object' && a !== null && typeof a.ok === 'boolean', `${context}: untyped answer ${JSON.stringify(answer)?.slice(0, 200)}`).toBe(true);
  if (!a.ok) {
    expect(ERROR_CODES, `${context}: unknown code ${a.code}`).toContain(a.code);
    expect(a.code, `${context}: ${a.message}`).not.toBe('internal');
    expect(typeof a.message).toBe('string');
  }
}

/** Bytes of a Socket.IO frame carrying these arguments, or more (buffers count as their JSON form). */
function frameBytes(args: unknown[]): number {
  return Buffer.byteLength(JSON.stringify(args) ?? '');
}

/** Binary attachments in these arguments (Socket.IO decodes at most 10 per packet). */
function attachments(value: unknown): number {
  if (Buffer.isBuffer(value)) return 1;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + attachments(v), 0);
  if (value && typeof value === 'object') return Object.values(value).reduce((n: number, v) => n + attachments(v), 0);
  return 0;
}
const MAX_ATTACHMENTS = 10;

/**
 * Whether the socket still answers (a clock:ping). A frame over the size limit closes its
 * connection; the check after an unanswered send tells whether that is what happened.
 */
async function stillConnected(socket: TestSocket): Promise<boolean> {
  try {
    await socket.timeout(5_000).emitWithAck('clock:ping');
    return true;
  } catch {
    return false;
  }
}

/**
 * A lost connection is explained: by a frame the server does not read (over the size limit, or
 * with more binary attachments than Socket.IO decodes: the transport closes), or by the server
 * dropping a judge's pads after an accepted relink of that judge (`judge:relink`).
 */
async function expectExplainedLoss(socket: TestSocket, args: unknown[], context: string): Promise<void> {
  await new Promise((r) => setTimeout(r, 50));
  const reason = lostBecause.get(socket);
  if (reason === 'io server disconnect') {
    expect(mayHaveApplied.get('judge:relink') ?? 0, `${context}: the server dropped the connection`).toBeGreaterThan(0);
    tally.relinked++;
    return;
  }
  const unread = frameBytes(args) > MAX_FRAME_BYTES || attachments(args) > MAX_ATTACHMENTS;
  expect(unread, `${context}: the connection was lost (${reason}); before it: ${lastSent.get(socket)}`).toBe(true);
  tally.dropped++;
}

/** Signals (`pad:report`) are never answered: sent like a command without an ack. */
const SIGNAL_NAMES = Object.keys(SIGNALS);
const EVENTS = [...(Object.keys(COMMANDS) as CommandName[]), ...SIGNAL_NAMES, 'view:sync', 'clock:ping'] as const;
const RESERVED = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);
const unknownEvent = fc.string({ unit, minLength: 1, maxLength: 30 }).filter((e) => !RESERVED.has(e) && !(EVENTS as readonly string[]).includes(e));

type Shape = 'payload, ack' | 'ack only' | 'no ack' | 'extra arguments' | 'ack first';
const send = fc.record({
  role: fc.constantFrom<Role>('host', 'judge', 'otherJudge', 'public', 'none'),
  event: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...EVENTS) }, { weight: 1, arbitrary: unknownEvent }),
  shape: fc.constantFrom<Shape>('payload, ack', 'payload, ack', 'payload, ack', 'ack only', 'no ack', 'extra arguments', 'ack first'),
  seedPayload: fc.nat(),
  extra: fc.array(value, { minLength: 1, maxLength: 3 }),
});

describe('fuzz', () => {
  it(`${SOCKET_RUNS} malformed socket events from every role`, async () => {
    // One payload arbitrary per event, drawn with the same seed.
    const payloads = new Map<string, unknown[]>();
    for (const event of EVENTS) {
      const base =
        event in bases ? bases[event as CommandName] : event === 'view:sync' ? { tracks: ['gov'] } : event === 'pad:report' ? { queued: [entryOnStage], unsaved: [] } : {};
      payloads.set(event, fc.sample(fc.oneof({ weight: 3, arbitrary: mutate(base) }, { weight: 2, arbitrary: value }, { weight: 1, arbitrary: deep }), { seed: SEED + event.length, numRuns: 200 }));
    }
    const unknownPayloads = fc.sample(value, { seed: SEED, numRuns: 100 });

    await fc.assert(
      fc.asyncProperty(send, async ({ role, event, shape, seedPayload, extra }) => {
        const list = payloads.get(event) ?? unknownPayloads;
        const payload = list[seedPayload % list.length];
        let socket = sockets.get(role)!;
        if (!socket.connected) socket = await openSocket(role);
        tally.sends++;
        const args: unknown[] =
          shape === 'ack only' ? [] : shape === 'extra arguments' ? [payload, ...extra] : shape === 'ack first' ? [() => {}, payload] : [payload];
        const bytes = frameBytes(args);
        const previous = lastSent.get(socket);
        lastSent.set(socket, `${event} ${shape} ${bytes} bytes (and before: ${previous?.slice(0, 80)})`);
        const withAck = shape !== 'no ack' && shape !== 'ack first' && !SIGNAL_NAMES.includes(event);
        if (!withAck) {
          (socket as unknown as { emit: (...a: unknown[]) => void }).emit(event, ...args);
          note(mayHaveApplied, event);
          // A submission that finds its entry closed is recorded as a late one.
          if (event === 'sheet:submit') note(mayHaveApplied, 'sheet:late');
          // Only a frame over the size limit may cost the connection.
          if (!(await stillConnected(socket))) await expectExplainedLoss(socket, args, `${role} ${event} (${shape})`);
          return;
        }
        let answer: unknown;
        try {
          answer = await (socket.timeout(5_000) as unknown as { emitWithAck: (...a: unknown[]) => Promise<unknown> }).emitWithAck(event, ...args);
        } catch (error) {
          await expectExplainedLoss(socket, args, `${role} ${event} (${shape}) got no answer (${(error as Error).message})`);
          return;
        }
        tally.answers++;
        if (event === 'clock:ping') {
          expect(typeof answer === 'number' || (answer as Ack<unknown>).ok === false, `clock:ping answered ${JSON.stringify(answer)}`).toBe(true);
          return;
        }
        expectTyped(answer, `${role} ${event} (${shape})`);
        const a = answer as Ack<unknown>;
        note(codes, a.ok ? 'ok' : a.code);
        if (a.ok && event in COMMANDS) {
          tally.accepted++;
          note(mayHaveApplied, event === 'sheet:submit' && (a.data as { outcome?: string }).outcome === 'late' ? 'sheet:late' : event);
        }
      }),
      { seed: SEED, numRuns: SOCKET_RUNS, endOnFailure: true },
    );
  });

  it(`${HANDSHAKE_RUNS} malformed handshakes`, async () => {
    const auth = fc.oneof(
      value,
      fc.record({ role: fc.constantFrom('host', 'judge', 'public', 'admin'), key: leaf, token: leaf }, { requiredKeys: ['role'] }),
      fc.tuple(fc.constantFrom('host', 'judge'), fc.string({ unit, maxLength: 300 })).map(([role, secret]) => (role === 'host' ? { role, key: secret } : { role, token: secret })),
    );
    await fc.assert(
      fc.asyncProperty(auth, async (given) => {
        tally.handshakes++;
        const socket = io(server.url, { auth: given as object, transports: ['websocket'], forceNew: true, reconnection: false, timeout: 5_000 });
        const outcome = await new Promise<{ code?: ErrorCode } | 'connected' | 'closed' | 'no answer'>((resolve) => {
          const timer = setTimeout(() => resolve('no answer'), 5_000);
          const settle = (o: { code?: ErrorCode } | 'connected' | 'closed') => {
            clearTimeout(timer);
            resolve(o);
          };
          socket.once('connect', () => settle('connected'));
          socket.once('connect_error', (err) => settle((err as { data?: { code?: ErrorCode } }).data ?? {}));
          socket.once('disconnect', () => settle('closed'));
        });
        expect(outcome, `handshake ${JSON.stringify(given)?.slice(0, 200)}`).not.toBe('no answer');
        socket.disconnect();
        if (outcome === 'connected') return;
        // An auth that is not an object is not a Socket.IO handshake at all: its connection is closed.
        if (outcome === 'closed') {
          const notAHandshake = given === null || typeof given !== 'object' || Array.isArray(given);
          expect(notAHandshake || frameBytes([given]) > MAX_FRAME_BYTES || attachments(given) > MAX_ATTACHMENTS, `handshake ${JSON.stringify(given)?.slice(0, 200)} was dropped`).toBe(true);
          note(codes, 'handshake closed');
          return;
        }
        const refusal = outcome as { code?: ErrorCode };
        expect(ERROR_CODES, `handshake ${JSON.stringify(given)?.slice(0, 200)} refused untyped`).toContain(refusal.code);
        expect(refusal.code).not.toBe('internal');
        note(codes, `handshake ${refusal.code!}`);
      }),
      { seed: SEED, numRuns: HANDSHAKE_RUNS, endOnFailure: true },
    );
  });

  it(`${RAW_FRAMES} raw protocol frames (not made by a Socket.IO client)`, async () => {
    const frame = fc.oneof(
      fc.string({ unit, maxLength: 200 }),
      // Socket.IO packet types 0–6 with random data: events, acks, binary events without their attachments.
      fc.tuple(fc.integer({ min: 0, max: 6 }), fc.string({ unit, maxLength: 80 })).map(([type, rest]) => `${type}${rest}`),
      fc.tuple(fc.constantFrom('2', '3', '5', '6'), fc.nat(99), value).map(([type, id, data]) => `${type}${id}${JSON.stringify([data])}`),
      fc.constantFrom('2["disconnect"]', '2["newListener","x"]', '21["view:sync",{}]', '3["x"]', '51-["sheet:submit",{"_placeholder":true,"num":0}]', '0{"role":"host"}', '1', '2[]', '2{}', '2[1,2]'),
      binary,
    );
    await fc.assert(
      fc.asyncProperty(frame, async (data) => {
        tally.raw++;
        let socket = sockets.get('public')!;
        if (!socket.connected) socket = await openSocket('public');
        // Written to the transport as they are (the first character of a text frame is the Socket.IO packet type).
        (socket.io.engine as unknown as { write: (d: unknown) => void }).write(data);
        await new Promise((r) => setTimeout(r, 2));
      }),
      { seed: SEED, numRuns: RAW_FRAMES, endOnFailure: true },
    );
    // Whatever the frames did to that connection, the server still answers everyone.
    const fresh = await openSocket('public');
    expect((await sync<{ seq: number }>(fresh)).seq).toBeGreaterThan(0);
  });

  it(`${REST_RUNS} malformed requests to every REST route`, async () => {
    const routes = restRoutes();
    // The routes this version has (the list grows as routes are added; each one is fuzzed).
    expect(routes.map((r) => r.path)).toEqual(expect.arrayContaining(['/api/health', '/api/setup/contest', '/api/setup/judges', '/api/export/audit.json']));
    const contestCount = async () => (await server.podium.database.db.select({ n: count() }).from(contests))[0]!.n;
    const contestsBefore = await contestCount();
    const demo = (await (await fetch(`${server.url}/api/export/contest.json`, { headers: { authorization: `Bearer ${server.hostKey}` } })).json()) as Record<string, unknown>;

    const ascii = fc.string({ unit: 'binary-ascii', maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, ''));
    const request = fc.record({
      route: fc.constantFrom(...routes),
      method: fc.oneof({ weight: 4, arbitrary: fc.constant('route') }, { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD') }),
      suffix: fc.oneof({ weight: 5, arbitrary: fc.constant('') }, { weight: 1, arbitrary: ascii.map((s) => `/${encodeURIComponent(s)}`) }),
      query: fc.oneof(fc.constant(''), fc.constant('?confirm=replace'), fc.dictionary(ascii, fc.oneof(ascii, hostileString.map((s) => s.slice(0, 200))), { maxKeys: 3 }).map((q) => `?${new URLSearchParams(q as Record<string, string>)}`)),
      auth: fc.constantFrom('none', 'right', 'right', 'wrong', 'garbage'),
      garbage: ascii,
      contentType: fc.constantFrom('application/json', 'application/json', 'text/plain', 'application/octet-stream', 'application/x-www-form-urlencoded', 'none'),
      body: fc.oneof(
        { weight: 3, arbitrary: mutate(demo).map((v) => JSON.stringify(v) ?? '') },
        { weight: 2, arbitrary: value.map((v) => JSON.stringify(v) ?? 'undefined') },
        { weight: 1, arbitrary: fc.string({ unit, maxLength: 200 }) },
        { weight: 1, arbitrary: fc.constantFrom('{', '[1,', '{"a":}', 'null', '"x"', '1e999', `{"a":${'['.repeat(5_000)}`) },
        { weight: 1, arbitrary: deep.map((v) => JSON.stringify(v)) },
        { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }).map((mb) => JSON.stringify({ padding: 'p'.repeat(mb * 1024 * 1024) })) },
        { weight: 1, arbitrary: binary },
      ),
    });

    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        tally.rest++;
        const method = r.method === 'route' ? r.route.method : r.method;
        const headers: Record<string, string> = {};
        if (r.auth === 'right') headers.authorization = `Bearer ${server.hostKey}`;
        if (r.auth === 'wrong') headers.authorization = 'Bearer not-the-host-key';
        if (r.auth === 'garbage') headers.authorization = r.garbage;
        if (r.contentType !== 'none') headers['content-type'] = r.contentType;
        const hasBody = method !== 'GET' && method !== 'HEAD';
        const res = await fetch(`${server.url}${r.route.path}${r.suffix}${r.query}`, { method, headers, ...(hasBody ? { body: r.body } : {}) });
        const text = await res.text();
        const context = `${method} ${r.route.path}${r.suffix}${r.query.slice(0, 60)} → ${res.status}`;
        expect(res.status, `${context}: ${text.slice(0, 200)}`).toBeLessThan(500);
        if (res.status >= 400 && method !== 'HEAD') {
          const body = JSON.parse(text) as Ack<unknown>;
          expectTyped(body, context);
          note(codes, `rest ${res.status} ${(body as { code: string }).code}`);
        } else if (res.status < 300) {
          tally.restAccepted++;
          if (method === 'POST' && r.route.path === '/api/setup/contest') tally.imports++;
        }
      }),
      { seed: SEED, numRuns: REST_RUNS, endOnFailure: true },
    );
    // An import happens only when a request was accepted as one.
    expect(await contestCount()).toBe(contestsBefore + tally.imports);
  });

  it('left the server healthy, the record whole, and only accepted commands recorded', async () => {
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    await server.podium.settled();
    const { db } = server.podium.database;
    // Every record since the fuzz began (on the contest it began on) is of a command that was accepted or sent without an ack.
    const contestId = (await db.select({ id: contests.id }).from(contests).orderBy(contests.id))[0]!.id;
    const records = await db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.contestId, contestId), gt(auditLog.seq, fuzzFrom)));
    const recorded = new Map<string, number>();
    for (const r of records) note(recorded, r.action);
    for (const [action, n] of recorded) expect(n, `${n} ${action} records`).toBeLessThanOrEqual(mayHaveApplied.get(action) ?? 0);

    // Whatever contest is served now: its chain verifies and the record gives the live results.
    const audit = (await (await fetch(`${server.url}/api/export/audit.json`, { headers: { authorization: `Bearer ${server.hostKey}` } })).json()) as AuditExport;
    expect(audit.chain.ok).toBe(true);
    expect(audit.replay).toEqual({ ok: true, differences: [] });
    const host = await connect(server.url, { role: 'host', key: server.hostKey });
    expect((await sync<HostView>(host)).tracks.length).toBeGreaterThan(0);
  });
});

/** Every route of the app under /api, walked from its router: [method, path]. */
function restRoutes(): { method: string; path: string }[] {
  // The app is built only to list its routes: every dependency it might call throws.
  const stub = () => {
    throw new Error('not called while listing routes');
  };
  const known: Record<string, unknown> = {
    logger: pino({ level: 'silent' }), limits: createLimits(DEFAULT_LIMITS, pino({ level: 'silent' })), clientDir: '/nonexistent',
    databaseKind: 'pglite', startedAt: 0, timeZone: 'Asia/Shanghai',
  };
  const deps = new Proxy(known, { get: (target, key: string) => (key in target ? target[key] : stub) });
  const app = createApp(deps as unknown as Parameters<typeof createApp>[0]);
  interface Layer {
    rawPath?: string;
    route?: { path: string; methods: Record<string, boolean> };
    handle: { stack?: Layer[] };
  }
  const found: { method: string; path: string }[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) found.push({ method: method.toUpperCase(), path: `${prefix}${layer.route.path}` });
      } else if (layer.handle.stack && typeof layer.rawPath === 'string') {
        walk(layer.handle.stack, `${prefix}${layer.rawPath === '/' ? '' : layer.rawPath}`);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return found.filter((r) => r.path.startsWith('/api/'));
}
