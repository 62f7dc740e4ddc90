/**
 * Clients that keep working through faults, as the real pad and console do: a judge bot submits
 * sheet after sheet through the real protocol, and resends the same submission (same
 * `submissionId`) until it is acknowledged, across timeouts, refusals that say "not now"
 * (`unavailable`, `internal`, `rate_limited`) and reconnections; it records every acknowledged
 * submission. `hostCommand` does the same for a host command with its `commandId`.
 */
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { Ack } from '../../server/protocol/errors';
import type { ClientToServerEvents, HandshakeAuth, ServerToClientEvents } from '../../server/protocol/events';
import type { HostView, RubricView } from '../../server/protocol/views';

export type ChaosSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A submission the server acknowledged, with what was sent and what it answered. */
export interface AckedSubmission {
  judgeId: number;
  entryId: number;
  submissionId: string;
  scores: Record<string, number>;
  bonus: Record<string, number>;
  comment: string;
  /** The answer's version number of the judge's sheet for the entry (null: kept as late, not counted). */
  submitCount: number | null;
  /** How many times it was sent before the answer came. */
  attempts: number;
}

const RETRIED = new Set(['unavailable', 'internal', 'rate_limited']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A socket that reconnects by itself, quickly (the server may be restarting). */
export function chaosSocket(url: string, auth: HandshakeAuth): ChaosSocket {
  const socket: ChaosSocket = io(url, { auth, transports: ['websocket'], forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 1_000, timeout: 3_000 });
  // Socket.IO does not retry a refused handshake (the database away at the handshake): do it here.
  socket.on('connect_error', (err) => {
    if ((err as { data?: unknown }).data) setTimeout(() => socket.connect(), 300);
  });
  return socket;
}

/**
 * Sends until the server answers with something other than "not now"; resolves with that answer
 * and the number of attempts. No answer at all (a timeout, a dropped connection) is also "not now".
 */
export async function sendUntilAnswered<T>(
  socket: ChaosSocket,
  event: string,
  payload: unknown,
  options: { shouldStop?: () => boolean; onRetry?: (why: string) => void } = {},
): Promise<{ answer: Ack<T>; attempts: number }> {
  for (let attempts = 1; ; attempts++) {
    let answer: Ack<T> | null = null;
    try {
      answer = await (socket.timeout(1_500) as unknown as { emitWithAck: (e: string, p: unknown) => Promise<Ack<T>> }).emitWithAck(event, payload);
    } catch {
      // no answer: the connection dropped or the server is away
    }
    if (answer && (answer.ok || !RETRIED.has(answer.code))) return { answer, attempts };
    options.onRetry?.(answer ? (answer as { code: string }).code : 'no answer');
    if (options.shouldStop?.() && attempts > 200) throw new Error(`${event}: no answer after ${attempts} attempts`);
    await sleep(answer?.ok === false && answer.code === 'rate_limited' ? 500 : 100);
  }
}

/** A valid random sheet for a rubric: every criterion a random multiple of its step. */
export function randomSheet(rubric: RubricView, random: () => number): { scores: Record<string, number>; bonus: Record<string, number> } {
  const scores: Record<string, number> = {};
  for (const c of rubric.criteria) scores[c.key] = Math.floor(random() * (c.max / c.step + 1)) * c.step;
  return { scores, bonus: {} };
}

export interface JudgeBotOptions {
  url: string;
  token: string;
  judgeId: number;
  /** The entries it scores (all open for scoring), with their rubric. */
  entries: { id: number; rubric: RubricView }[];
  random: () => number;
  /** Pause between two submissions (ms). */
  pauseMs?: number;
}

export class JudgeBot {
  readonly acked: AckedSubmission[] = [];
  /** Answers that were refusals (none are expected: the entries stay open). */
  readonly refused: { submissionId: string; code: string; message: string }[] = [];
  /** Why submissions had to be sent again (`no answer`, `unavailable` …), counted. */
  readonly retries = new Map<string, number>();
  /** Milliseconds from the first send of each acknowledged submission to its answer. */
  readonly latencies: number[] = [];
  private readonly socket: ChaosSocket;
  private stopping = false;
  private running: Promise<void> | null = null;

  constructor(private readonly options: JudgeBotOptions) {
    this.socket = chaosSocket(options.url, { role: 'judge', token: options.token });
  }

  start(): void {
    this.running ??= this.loop();
  }

  /** Stops after the submission in flight is answered (so that whatever was committed was acknowledged). */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
    this.socket.disconnect();
  }

  private async loop(): Promise<void> {
    const { entries, random, judgeId } = this.options;
    for (let i = 0; !this.stopping; i++) {
      const entry = entries[i % entries.length]!;
      const submission = {
        entryId: entry.id,
        ...randomSheet(entry.rubric, random),
        comment: `bot ${judgeId} #${i}`,
        submissionId: randomUUID().replaceAll('-', ''),
      };
      const sentAt = performance.now();
      const { answer, attempts } = await sendUntilAnswered<{ submitCount?: number }>(this.socket, 'sheet:submit', submission, {
        shouldStop: () => this.stopping,
        onRetry: (why) => this.retries.set(why, (this.retries.get(why) ?? 0) + 1),
      });
      if (answer.ok) {
        this.acked.push({ judgeId, ...submission, submitCount: answer.data.submitCount ?? null, attempts });
        this.latencies.push(performance.now() - sentAt);
      }
      else this.refused.push({ submissionId: submission.submissionId, code: answer.code, message: answer.message });
      if (this.options.pauseMs) await sleep(this.options.pauseMs);
    }
  }
}

/** Sends a host command with a fresh commandId until it is answered (the same id on every attempt). */
export async function hostCommand<T = unknown>(socket: ChaosSocket, event: string, payload: Record<string, unknown>): Promise<T> {
  const { answer } = await sendUntilAnswered<T>(socket, event, { ...payload, commandId: `chaos-${randomUUID()}` });
  if (!answer.ok) throw new Error(`${event} refused: ${answer.code}: ${answer.message}`);
  return answer.data;
}

export interface OpenEntry {
  track: string;
  id: number;
  rubric: RubricView;
  /** Judges who may score it (not recused). */
  judgeIds: number[];
}

/** Takes every waiting entry of every track through the stage to `scoring`, so that all are open at once. */
export async function openEveryEntry(host: ChaosSocket): Promise<OpenEntry[]> {
  const { answer } = await sendUntilAnswered<HostView>(host, 'view:sync', {});
  if (!answer.ok) throw new Error(`view:sync refused: ${answer.code}`);
  const open: OpenEntry[] = [];
  for (const track of answer.data.tracks) {
    for (const entry of track.entries.filter((e) => e.state === 'waiting')) {
      await hostCommand(host, 'stage:call', { track: track.key, entryId: entry.id });
      for (const action of ['start', 'toQa', 'toScoring']) await hostCommand(host, 'stage:advance', { track: track.key, action });
      open.push({ track: track.key, id: entry.id, rubric: track.rubric, judgeIds: entry.sheets.filter((s) => s.status !== 'recused').map((s) => s.judgeId) });
    }
  }
  return open;
}

/** Closes every entry (confirming the missing sheets). */
export async function closeEveryEntry(host: ChaosSocket, entries: readonly OpenEntry[]): Promise<void> {
  for (const { id } of entries) await hostCommand(host, 'stage:close', { entryId: id, confirmMissing: true, reason: 'chaos' });
}
