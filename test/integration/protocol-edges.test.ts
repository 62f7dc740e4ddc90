/**
 * The protocol's rules at its edges (docs/protocol.md, "Rules every event follows"), each proven
 * on a real server through real socket.io-clients: host commands are idempotent by `commandId`
 * (also when the answer was lost with the connection), payloads are strict, a handshake without
 * `auth` is a public screen, the ack is the last argument, and a frame over the size limit closes
 * only its own connection, which comes back by itself.
 */
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { sheets } from '../../db/schema/index';
import type { Ack } from '../../server/protocol/errors';
import type { Patch, HostOp } from '../../server/protocol/patches';
import type { HostView, PublicView } from '../../server/protocol/views';
import { MAX_FRAME_BYTES } from '../../server/realtime/io';
import { closeAllSockets, connect, live, ok, send, sync, type TestSocket } from '../support/clients';
import { openFlow, sheetForTotal, type Flow } from '../support/flow';
import { startTestServer, type TestServer } from '../support/server';
import { auditHead, countRecords, fingerprint } from '../support/state';

let server: TestServer;
let flow: Flow;

beforeAll(async () => {
  server = await startTestServer();
  flow = await openFlow(server);
});

afterAll(async () => {
  closeAllSockets();
  await server?.close();
});

const clockOf = (view: Pick<HostView, 'tracks'>, track: string) => view.tracks.find((t) => t.key === track)!.stage.clock;

/** Resolves with the answer if one arrives within `ms`, else with 'no answer'. */
function answerWithin(socket: TestSocket, ms: number, emit: (ack: (answer: unknown) => void) => void): Promise<unknown> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('no answer'), ms);
    emit((answer) => {
      clearTimeout(timer);
      resolve(answer);
    });
    void socket;
  });
}

describe('host commands are idempotent by commandId', () => {
  it('a repeated timer:extend with one commandId extends once; the same id with another payload is refused', async () => {
    const entryId = await flow.callNext('gov');
    await flow.advance('gov', 'start');
    const before = clockOf(await flow.hostView(), 'gov')!;
    const extensions = await countRecords(server, 'timer:extend');

    const payload = { track: 'gov', seconds: 30, commandId: 'extend-once-0001' };
    expect(await send(flow.host, 'timer:extend', payload)).toEqual({ ok: true, data: null });
    expect(await send(flow.host, 'timer:extend', payload)).toEqual({ ok: true, data: null });
    expect(clockOf(await flow.hostView(), 'gov')!.durationMs).toBe(before.durationMs + 30_000);
    expect(await countRecords(server, 'timer:extend')).toBe(extensions + 1);

    const state = await fingerprint(server, flow.host);
    const reused = await send(flow.host, 'timer:extend', { ...payload, seconds: 60 });
    expect(reused).toMatchObject({ ok: false, code: 'invalid_payload', field: 'commandId' });
    expect(await fingerprint(server, flow.host)).toEqual(state);
    void entryId;
  });

  it('a command whose answer was lost with the connection, sent again on a new one, gets the first answer and applies once', async () => {
    const console1 = await connect(server.url, { role: 'host', key: server.hostKey });
    const before = clockOf(await sync<HostView>(console1), 'gov')!;
    const extensions = await countRecords(server, 'timer:extend');
    const payload = { track: 'gov', seconds: 45, commandId: 'lost-answer-0001' };

    // The server applies the command and sends the console its patch, then the answer: the
    // console drops the connection as soon as the patch arrives, so the answer is lost.
    const firstAnswer = new Promise<unknown>((resolve) => {
      console1.on('host:patch', (patch: Patch<HostOp>) => {
        if (patch.ops.some((op) => op.op === 'stage' && op.track === 'gov')) {
          console1.disconnect();
          setTimeout(() => resolve('no answer'), 300);
        }
      });
      console1.emit('timer:extend', payload, (answer) => resolve(answer));
    });
    expect(await firstAnswer).toBe('no answer');
    expect(clockOf(await flow.hostView(), 'gov')!.durationMs).toBe(before.durationMs + 45_000);

    const console2 = await connect(server.url, { role: 'host', key: server.hostKey });
    expect(await send(console2, 'timer:extend', payload)).toEqual({ ok: true, data: null });
    expect(clockOf(await flow.hostView(), 'gov')!.durationMs).toBe(before.durationMs + 45_000);
    expect(await countRecords(server, 'timer:extend')).toBe(extensions + 1);
  });

  it('a commandId reused on another host command is refused, not answered with the first command\'s answer', async () => {
    await ok(flow.host, 'timer:pause', { track: 'gov', commandId: 'pause-then-0001' });
    const state = await fingerprint(server, flow.host);
    // Same fields, same id, another command: not a retry.
    const answer = await send(flow.host, 'timer:resume', { track: 'gov', commandId: 'pause-then-0001' });
    expect(answer).toMatchObject({ ok: false, code: 'invalid_payload', field: 'commandId' });
    expect(await fingerprint(server, flow.host)).toEqual(state);
    expect(clockOf(state.host, 'gov')!.pausedAt).not.toBeNull();
    await ok(flow.host, 'timer:resume', { track: 'gov', commandId: 'resume-afte-0001' });
  });
});

describe('strict payloads', () => {
  it('a sheet:submit carrying a judgeId is refused naming judgeId, and nothing is stored', async () => {
    const view = await flow.hostView();
    const track = view.tracks.find((t) => t.key === 'gov')!;
    const entryId = track.stage.entry!.id;
    const [sender, victim] = flow.judges.filter((j) => track.entries.find((e) => e.id === entryId)!.sheets.some((s) => s.judgeId === j.id && s.status !== 'recused'));
    const state = await fingerprint(server, flow.host);
    const answer = await send(sender!.socket, 'sheet:submit', {
      entryId, ...sheetForTotal(track.rubric, 8000), comment: '', submissionId: 'strict-judge-id-01', judgeId: victim!.id,
    });
    expect(answer).toMatchObject({ ok: false, code: 'invalid_payload', field: 'judgeId' });
    expect((answer as { message: string }).message).toContain('judgeId');
    expect(await fingerprint(server, flow.host)).toEqual(state);
    const stored = await server.podium.database.db.select().from(sheets).where(eq(sheets.entryId, entryId));
    expect(stored).toEqual([]);
  });

  it('an unknown field on a host command is refused naming it, nested fields by their path', async () => {
    const state = await fingerprint(server, flow.host);
    expect(await send(flow.host, 'display:set', { boardVisible: false, colour: 'red' })).toMatchObject({ ok: false, code: 'invalid_payload', field: 'colour' });
    const judge = flow.judges[0]!;
    const entryId = (await flow.hostView()).tracks.find((t) => t.key === 'gov')!.stage.entry!.id;
    expect(await send(judge.socket, 'sheet:save', { entryId, scores: { completeness: 'ten' }, bonus: {}, comment: '', rev: 1 })).toMatchObject({
      ok: false, code: 'invalid_payload', field: 'scores.completeness',
    });
    expect(await fingerprint(server, flow.host)).toEqual(state);
  });
});

describe('the handshake', () => {
  it('without auth connects as a public screen, which may read but not command', async () => {
    const bare = io(server.url, { transports: ['websocket'], forceNew: true, reconnection: false }) as TestSocket;
    try {
      await new Promise<void>((resolve, reject) => {
        bare.once('connect', resolve);
        bare.once('connect_error', reject);
      });
      const view = await sync<PublicView>(bare);
      expect(view.tracks.map((t) => t.key)).toEqual(['gov', 'open']);
      expect(JSON.stringify(view)).not.toMatch(/token/i);
      const state = await fingerprint(server, flow.host);
      expect(await send(bare, 'display:set', { boardVisible: false })).toMatchObject({ ok: false, code: 'forbidden' });
      expect(await send(bare, 'sheet:save', { entryId: 1, scores: {}, bonus: {}, comment: '', rev: 1 })).toMatchObject({ ok: false, code: 'forbidden' });
      expect(await fingerprint(server, flow.host)).toEqual(state);
    } finally {
      bare.disconnect();
    }
  });

  it('refuses an auth object of no known shape with invalid_payload, and a wrong key with unauthorized', async () => {
    await expect(connect(server.url, { role: 'admin' } as never)).rejects.toMatchObject({ data: { code: 'invalid_payload' } });
    await expect(connect(server.url, { role: 'host', key: 'x', extra: 1 } as never)).rejects.toMatchObject({ data: { code: 'invalid_payload' } });
    await expect(connect(server.url, { role: 'host', key: 'not-the-key' })).rejects.toMatchObject({ data: { code: 'unauthorized' } });
  });
});

describe('arguments: the ack is the last argument, the payload the first that is not a function', () => {
  it('answers with extra arguments between payload and ack', async () => {
    const answer = await answerWithin(flow.host, 5_000, (ack) =>
      (flow.host as unknown as { emit: (...args: unknown[]) => void }).emit('display:set', { boardVisible: true }, 'extra', 42, ack),
    );
    expect(answer).toEqual({ ok: true, data: null });
  });

  it('carries out a command sent without an ack (there is nobody to answer)', async () => {
    const host = await live(flow.host, 'host');
    (flow.host as unknown as { emit: (...args: unknown[]) => void }).emit('display:set', { boardVisible: false });
    await host.until((v) => v.display.boardVisible === false);
    await ok(flow.host, 'display:set', { boardVisible: true });
  });

  it('an ack in another position is not an ack: the call is not answered, and its payload is refused, changing nothing', async () => {
    const state = await fingerprint(server, flow.host);
    let called = false;
    // socket.io-client only sends a last-argument function as an ack; a function elsewhere
    // arrives as null, so the payload slot holds nothing valid.
    (flow.host as unknown as { emit: (...args: unknown[]) => void }).emit('display:set', () => (called = true), { boardVisible: false });
    await new Promise((r) => setTimeout(r, 500));
    expect(called).toBe(false);
    expect(await fingerprint(server, flow.host)).toEqual(state);
  });

  it('a command without any payload is answered invalid_payload', async () => {
    const answer = await answerWithin(flow.host, 5_000, (ack) => (flow.host as unknown as { emit: (...args: unknown[]) => void }).emit('timer:pause', ack));
    expect(answer).toMatchObject({ ok: false, code: 'invalid_payload', message: 'a payload object is required' });
  });
});

describe(`the frame size limit (${MAX_FRAME_BYTES / 1024} KiB)`, () => {
  for (const transport of ['websocket', 'polling'] as const) {
    it(`over ${transport}: an oversized frame closes only its own connection, which reconnects and resyncs; the server stays healthy`, async () => {
      const bystander = await live(await connect(server.url, { role: 'host', key: server.hostKey }), 'host');
      let bystanderDropped = false;
      bystander.socket.on('disconnect', () => (bystanderDropped = true));
      const state = await fingerprint(server, flow.host);

      const big = io(server.url, { auth: { role: 'host', key: server.hostKey }, transports: [transport], forceNew: true, reconnectionDelay: 100 }) as TestSocket;
      try {
        await new Promise<void>((resolve) => big.once('connect', resolve));
        const disconnected = new Promise<string>((resolve) => big.once('disconnect', (reason) => resolve(reason)));
        const reconnected = new Promise<void>((resolve) => big.io.once('reconnect', () => resolve()));
        const answer = answerWithin(big, 1_000, (ack) =>
          (big as unknown as { emit: (...args: unknown[]) => void }).emit('display:set', { boardVisible: false, padding: 'x'.repeat(MAX_FRAME_BYTES + 1024) }, ack),
        );
        // The client sees a lost transport (no answer to that command), then reconnects by itself.
        expect(await disconnected).toMatch(/^transport (close|error)$/);
        await reconnected;
        expect(await answer).not.toMatchObject({ ok: true });
        // After the reconnect it resyncs and may command again.
        expect((await sync<HostView>(big)).seq).toBe(state.head.seq);
        expect(await send(big, 'display:set', { boardVisible: true, commandId: `after-big-${transport}` })).toEqual({ ok: true, data: null });
      } finally {
        big.disconnect();
      }
      expect(bystanderDropped).toBe(false);
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
      // Nothing of the oversized command was applied; the later (valid) one was, once.
      expect((await auditHead(server)).seq).toBe(state.head.seq + 1);
      bystander.socket.disconnect();
    });
  }

  it('a frame just under the limit is read and refused by its schema like any other', async () => {
    const state = await fingerprint(server, flow.host);
    const answer = (await send(flow.host, 'display:set', { boardVisible: true, padding: 'y'.repeat(MAX_FRAME_BYTES - 4096) })) as Ack<null>;
    expect(answer).toMatchObject({ ok: false, code: 'invalid_payload', field: 'padding' });
    expect(await fingerprint(server, flow.host)).toEqual(state);
  });
});
