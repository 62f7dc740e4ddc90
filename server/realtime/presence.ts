/**
 * Judges' presence: whether a judge's pad is connected, when it was last seen, and the unsent work
 * it reported (a submission queued on the phone, changes not yet saved). Not a database fact:
 * nothing here is written anywhere, least of all on every heartbeat (Socket.IO's own ping tells a
 * dead connection within ~10 s).
 *
 * Each process knows its own sockets. With several processes they tell each other through the
 * cluster link: a message whenever a judge's presence changes here, and every HEARTBEAT_MS the
 * whole of it, so a process that starts learns the others' pads and a process that died is
 * noticed (its pads count as gone, last seen when it was last heard). Every process keeps the
 * same table and serves its own consoles from it: each console hears of a change once, from the
 * process it is connected to, and time-driven changes (a process given up on) are acted on by
 * each process for its own consoles only, so they happen once per console however many processes
 * run.
 *
 * What the host console receives is rate-limited: changes are gathered and sent at most once per
 * FLUSH_MS, so a flapping phone cannot flood it.
 */
import { randomUUID } from 'node:crypto';
import type { PadReport } from '../protocol/commands';
import type { JudgePresence } from '../protocol/views';

export const FLUSH_MS = 1_000;
export const HEARTBEAT_MS = 10_000;
/** A process not heard from for this long is presumed gone, and its pads with it. */
export const PEER_TIMEOUT_MS = 3 * HEARTBEAT_MS;

/** One judge's presence on one process. */
export interface ProcessPresence {
  judgeId: number;
  /** Connected pads of the judge on that process. */
  sockets: number;
  /** When the judge's last pad there disconnected (ms), or null. */
  lastSeen: number | null;
  /** The pad's last report, and when (ms). */
  report: PadReport | null;
  reportedAt: number | null;
}

/** What one process tells the others. */
export interface PresenceMessage {
  contestId: number;
  processId: string;
  /** The whole of this process's table (a heartbeat) or only the judges that changed. */
  full: boolean;
  judges: ProcessPresence[];
}

interface Peer {
  heardAt: number;
  judges: Map<number, ProcessPresence>;
}

export interface PresenceOptions {
  now: () => number;
  /** Sends a message to the other processes (none when alone). */
  publish: ((message: PresenceMessage) => void) | null;
  /** Judges whose presence changed, gathered and at most once per FLUSH_MS. */
  onFlush: (judgeIds: number[]) => void;
}

export class Presence {
  readonly processId = randomUUID();
  private contestId: number;
  private readonly local = new Map<number, ProcessPresence & { socketIds: Set<string> }>();
  private readonly peers = new Map<string, Peer>();
  private readonly dirty = new Set<number>();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private lastFlush = 0;
  private readonly heartbeat: ReturnType<typeof setInterval> | null;

  constructor(
    contestId: number,
    private readonly options: PresenceOptions,
  ) {
    this.contestId = contestId;
    this.heartbeat = options.publish ? setInterval(() => this.tick(), HEARTBEAT_MS) : null;
    this.heartbeat?.unref();
  }

  /** Another contest: presence starts afresh (its judges are other people). */
  reset(contestId: number): void {
    this.contestId = contestId;
    this.local.clear();
    this.peers.clear();
    this.dirty.clear();
  }

  close(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.flushTimer) clearTimeout(this.flushTimer);
  }

  private mine(judgeId: number) {
    let p = this.local.get(judgeId);
    if (!p) this.local.set(judgeId, (p = { judgeId, sockets: 0, lastSeen: null, report: null, reportedAt: null, socketIds: new Set() }));
    return p;
  }

  connected(judgeId: number, socketId: string): void {
    const p = this.mine(judgeId);
    p.socketIds.add(socketId);
    p.sockets = p.socketIds.size;
    this.changed(judgeId);
  }

  disconnected(judgeId: number, socketId: string): void {
    const p = this.mine(judgeId);
    if (!p.socketIds.delete(socketId)) return;
    p.sockets = p.socketIds.size;
    if (p.sockets === 0) p.lastSeen = this.options.now();
    this.changed(judgeId);
  }

  reported(judgeId: number, report: PadReport): void {
    const p = this.mine(judgeId);
    p.report = { queued: [...new Set(report.queued)].sort((a, b) => a - b), unsaved: [...new Set(report.unsaved)].sort((a, b) => a - b) };
    p.reportedAt = this.options.now();
    this.changed(judgeId);
  }

  /** A message from another process. */
  received(message: PresenceMessage): void {
    if (message.contestId !== this.contestId || message.processId === this.processId) return;
    let peer = this.peers.get(message.processId);
    if (!peer) this.peers.set(message.processId, (peer = { heardAt: 0, judges: new Map() }));
    const wasAlive = this.alive(peer);
    peer.heardAt = this.options.now();
    const touched = new Set(message.judges.map((j) => j.judgeId));
    if (message.full) for (const judgeId of peer.judges.keys()) if (!touched.has(judgeId)) touched.add(judgeId);
    if (message.full) peer.judges.clear();
    for (const j of message.judges) peer.judges.set(j.judgeId, j);
    // A peer heard again after it was given up on brings its pads back.
    if (!wasAlive) for (const judgeId of peer.judges.keys()) touched.add(judgeId);
    for (const judgeId of touched) this.markDirty(judgeId);
  }

  /** The judge's presence across every process. */
  view(judgeId: number): JudgePresence {
    const now = this.options.now();
    const parts: ProcessPresence[] = [];
    const own = this.local.get(judgeId);
    if (own) parts.push(own);
    for (const peer of this.peers.values()) {
      const p = peer.judges.get(judgeId);
      if (!p) continue;
      // A process given up on: its pads are gone, last seen when it was last heard.
      parts.push(this.alive(peer, now) ? p : { ...p, sockets: 0, lastSeen: p.sockets > 0 ? peer.heardAt : p.lastSeen });
    }
    const connected = parts.some((p) => p.sockets > 0);
    const lastSeen = connected ? null : Math.max(...parts.map((p) => p.lastSeen ?? 0), 0) || null;
    const reporter = parts.filter((p) => p.reportedAt !== null).sort((a, b) => b.reportedAt! - a.reportedAt!)[0];
    return {
      judgeId,
      connected,
      lastSeen: lastSeen === null ? null : new Date(lastSeen).toISOString(),
      queued: reporter?.report?.queued ?? [],
      unsaved: reporter?.report?.unsaved ?? [],
      reportedAt: reporter?.reportedAt ? new Date(reporter.reportedAt).toISOString() : null,
    };
  }

  /** Every judge this process has heard of, by id. */
  judgeIds(): number[] {
    const ids = new Set(this.local.keys());
    for (const peer of this.peers.values()) for (const id of peer.judges.keys()) ids.add(id);
    return [...ids].sort((a, b) => a - b);
  }

  /** Marks a judge's presence as changed for the consoles (e.g. a sheet arrived that a report said was queued). */
  markDirty(judgeId: number): void {
    this.dirty.add(judgeId);
    if (this.flushTimer) return;
    const wait = Math.max(0, this.lastFlush + FLUSH_MS - this.options.now());
    this.flushTimer = setTimeout(() => this.flush(), wait);
    this.flushTimer.unref();
  }

  private changed(judgeId: number): void {
    const p = this.local.get(judgeId)!;
    this.options.publish?.({ contestId: this.contestId, processId: this.processId, full: false, judges: [strip(p)] });
    this.markDirty(judgeId);
  }

  private flush(): void {
    this.flushTimer = null;
    this.lastFlush = this.options.now();
    const judgeIds = [...this.dirty].sort((a, b) => a - b);
    this.dirty.clear();
    if (judgeIds.length > 0) this.options.onFlush(judgeIds);
  }

  private alive(peer: Peer, now = this.options.now()): boolean {
    return peer.heardAt > 0 && now - peer.heardAt <= PEER_TIMEOUT_MS;
  }

  /** The heartbeat: tell the others everything, and give up on those not heard from. */
  tick(): void {
    this.options.publish?.({ contestId: this.contestId, processId: this.processId, full: true, judges: [...this.local.values()].map(strip) });
    const now = this.options.now();
    for (const peer of this.peers.values()) {
      if (this.alive(peer, now)) continue;
      // Given up on just now (within the last beat): its pads are gone, for this process's consoles.
      if (now - peer.heardAt <= PEER_TIMEOUT_MS + HEARTBEAT_MS) for (const judgeId of peer.judges.keys()) this.markDirty(judgeId);
    }
  }
}

function strip(p: ProcessPresence): ProcessPresence {
  return { judgeId: p.judgeId, sockets: p.sockets, lastSeen: p.lastSeen, report: p.report, reportedAt: p.reportedAt };
}
