/**
 * From changes to patches. Every change applied to this process's model (live.ts) becomes small
 * ops for the topics that show it (the host, the judges concerned, the public rooms of the tracks
 * concerned), serialised once per room and sent to this process's own sockets; each process serves
 * its own sockets from the same stream of changes, so nothing large crosses between processes.
 * Whole snapshots are built only for (re)connects, once per topic and version, and shared by every
 * socket that asks.
 */
import type { Logger } from 'pino';
import {
  topics, type HostOp, type JudgeOp, type Patch, type PublicOp,
} from '../protocol/patches';
import type { CeremonyView, DisplayView, HostView, JudgePresence, JudgeView, PublicView } from '../protocol/views';
import type { ContestLive } from '../store/live';
import type { ContestModel, ModelChanges } from '../store/model';
import { ceremonyTrack, ceremonyView, displayView, hostCeremony, stageView } from '../views/common';
import { buildHostView, hostEntryInfo, hostEntrySheets, hostJudge, hostOrder, hostResults, hostSheetStatus } from '../views/host';
import { buildJudgeView, judgeEntry, judgeInfo, judgeOrder, judgeSignOff, judgeStage } from '../views/judge';
import { buildPublicView, publicBoard, publicQueue } from '../views/public';
import type { Presence } from './presence';
import { rooms } from './rooms';
import type { PodiumIo } from './types';

const pairOf = (key: string) => key.split(':').map(Number) as [judgeId: number, entryId: number];

export class Fanout {
  /** Per topic, the seq of the last patch this process sent. */
  private readonly lastSent = new Map<string, number>();
  /** The model's seq when this process last loaded it: the `prev` of a topic's first patch. */
  private base: number;
  /** The last value sent for coarse pieces (a board, a stage), so an unchanged one is not sent again. */
  private readonly sentPieces = new Map<string, string>();
  private readonly snapshots = new Map<string, { seq: number; view: HostView | PublicView | JudgeView | null }>();
  /** Version of the presence topic this process sends (its own counter: presence is not in the audit order). */
  private presenceSeq = 0;

  constructor(
    private readonly io: PodiumIo,
    private readonly live: ContestLive,
    private readonly logger: Logger,
    private readonly presence: Presence | null = null,
  ) {
    this.base = live.model.seq;
    live.onChange((changes, model) => this.onChange(changes, model));
  }

  // ---- presence --------------------------------------------------------------------------------

  /**
   * A judge's presence as the console shows it. A submission the pad reported as queued that the
   * server has received since (counted or late) is no longer queued, whether or not the pad said
   * so before its connection dropped.
   */
  presenceOf(model: ContestModel, judgeId: number): JudgePresence {
    const p = this.presence!.view(judgeId);
    if (p.reportedAt === null || p.queued.length === 0) return p;
    const reportedAt = Date.parse(p.reportedAt);
    const arrived = (entryId: number) =>
      (model.sheet(judgeId, entryId)?.submittedAt?.getTime() ?? 0) >= reportedAt || (model.lateSheet(judgeId, entryId)?.submittedAt.getTime() ?? 0) >= reportedAt;
    return { ...p, queued: p.queued.filter((e) => !arrived(e)) };
  }

  /** Sends the changed presence of these judges to this process's consoles (Presence rate-limits it). */
  sendPresence(judgeIds: readonly number[]): void {
    const model = this.live.model;
    const room = rooms.host(model.contestId);
    if (!this.presence || !this.hasListeners(room)) return;
    const seq = ++this.presenceSeq;
    const ops: HostOp[] = [{ op: 'presence', seq, judges: judgeIds.filter((id) => model.judge(id)).map((id) => this.presenceOf(model, id)) }];
    this.io.local.to(room).emit('host:patch', { topic: topics.presence, seq, prev: seq - 1, ops });
  }

  // ---- snapshots -------------------------------------------------------------------------------

  private cached<V extends HostView | PublicView | JudgeView | null>(key: string, build: (model: ContestModel) => V): V {
    const model = this.live.model;
    const hit = this.snapshots.get(key);
    if (hit && hit.seq === model.seq) return hit.view as V;
    const view = build(model);
    this.snapshots.set(key, { seq: model.seq, view });
    return view;
  }

  hostSnapshot(): HostView {
    const view = this.cached('host', buildHostView);
    if (!this.presence) return view;
    const model = this.live.model;
    const judges = this.presence.judgeIds().filter((id) => model.judge(id)).map((id) => this.presenceOf(model, id));
    return { ...view, presence: { seq: this.presenceSeq, judges } };
  }

  judgeSnapshot(judgeId: number): JudgeView | null {
    return this.cached(`judge:${judgeId}`, (model) => buildJudgeView(model, judgeId));
  }

  /** The public view of some tracks (all when `trackKeys` is undefined; unknown keys are ignored). */
  publicSnapshot(trackKeys?: readonly string[]): PublicView {
    // Keyed by the tracks that exist, so that made-up names cannot fill the cache.
    const known = trackKeys ? this.live.model.tracks.filter((t) => trackKeys.includes(t.key)).map((t) => t.key) : null;
    const key = known ? `public:${known.join(',')}` : 'public:*';
    return this.cached(key, (model) => buildPublicView(model, known ?? undefined));
  }

  // ---- patches ---------------------------------------------------------------------------------

  private hasListeners(room: string): boolean {
    return (this.io.of('/').adapter.rooms.get(room)?.size ?? 0) > 0;
  }

  /**
   * Forgets what was sent for pieces of a topic nobody here listens to: a change made while no
   * one listened was not recorded, so the next value must not be compared with an older one.
   */
  private forget(prefix: string): void {
    for (const key of this.sentPieces.keys()) if (key.startsWith(prefix)) this.sentPieces.delete(key);
  }

  /** True when `value` differs from what was last sent for `key` (and remembers it). */
  private changed(key: string, value: unknown): boolean {
    const json = JSON.stringify(value);
    if (this.sentPieces.get(key) === json) return false;
    this.sentPieces.set(key, json);
    return true;
  }

  private patch<Op>(topic: string, seq: number, ops: Op[]): Patch<Op> {
    const patch = { topic, seq, prev: this.lastSent.get(topic) ?? this.base, ops };
    this.lastSent.set(topic, seq);
    return patch;
  }

  private onChange(changes: ModelChanges, model: ContestModel): void {
    const contestId = model.contestId;
    if (changes.reload) {
      // A new configuration (or contest): everything may differ; every screen takes a snapshot.
      this.lastSent.clear();
      this.sentPieces.clear();
      this.snapshots.clear();
      this.base = model.seq;
      this.io.local.to([rooms.host(contestId), rooms.publicContest(contestId), rooms.allJudges(contestId)]).emit('view:stale');
      return;
    }
    for (const judgeId of changes.relinked) {
      // Pads still open with the old link leave now (each process for its own sockets); reconnecting with it is refused.
      this.io.local.in(rooms.judge(contestId, judgeId)).disconnectSockets(true);
    }
    if (this.presence) {
      // A sheet that arrived may be one a pad reported as queued: the console's presence follows.
      for (const pair of changes.sheets) {
        const [judgeId, entryId] = pairOf(pair);
        if (this.presence.view(judgeId).queued.includes(entryId)) this.presence.markDirty(judgeId);
      }
    }
    try {
      this.sendHost(changes, model);
      this.sendPublic(changes, model);
      this.sendJudges(changes, model);
    } catch (error) {
      // A view that cannot be built must not stop the others; screens resync on their next connect.
      this.logger.error({ err: error, seq: model.seq }, 'building patches failed');
      this.io.local.to([rooms.host(contestId), rooms.publicContest(contestId), rooms.allJudges(contestId)]).emit('view:stale');
    }
  }

  /**
   * The display and ceremony ops every screen and the host share: the ceremony only when something
   * it depends on changed (the display, its track's results or entries) and it looks different.
   */
  private displayOps(changes: ModelChanges, model: ContestModel, topic: string): ({ op: 'display'; display: DisplayView } | { op: 'ceremony'; ceremony: CeremonyView | null })[] {
    const ops: ({ op: 'display'; display: DisplayView } | { op: 'ceremony'; ceremony: CeremonyView | null })[] = [];
    if (changes.display) ops.push({ op: 'display', display: displayView(model) });
    const track = ceremonyTrack(model);
    if (
      changes.display ||
      (track && (changes.results.has(track.id) || changes.ceremonies.has(track.id) || [...changes.entries].some((id) => model.entry(id)?.trackId === track.id)))
    ) {
      const ceremony = ceremonyView(model);
      if (this.changed(`${topic}:ceremony`, ceremony)) ops.push({ op: 'ceremony', ceremony });
    }
    return ops;
  }

  private sendHost(changes: ModelChanges, model: ContestModel): void {
    const room = rooms.host(model.contestId);
    if (!this.hasListeners(room)) return this.forget('host:');
    const ops: HostOp[] = [];
    const key = (id: number) => model.track(id)!.key;
    for (const id of changes.entries) {
      const entry = model.entry(id)!;
      ops.push({ op: 'entry', track: key(entry.trackId), entry: hostEntryInfo(entry) });
    }
    for (const trackId of changes.orders) ops.push({ op: 'order', track: key(trackId), entryIds: hostOrder(model, trackId).map((e) => e.id) });
    // A submission or a recusal can change the outlier flags of every judge of its entry: all the
    // entry's statuses go. A draft changes its own status only: one small op.
    for (const entryId of changes.counted) {
      const entry = model.entry(entryId)!;
      for (const sheet of hostEntrySheets(model, entry)) ops.push({ op: 'sheet', track: key(entry.trackId), entryId, sheet });
    }
    for (const pair of changes.sheets) {
      const [judgeId, entryId] = pairOf(pair);
      const entry = model.entry(entryId)!;
      if (changes.counted.has(entryId)) continue;
      if (model.scoresTrack(judgeId, entry.trackId)) ops.push({ op: 'sheet', track: key(entry.trackId), entryId, sheet: hostSheetStatus(model, entry, judgeId) });
    }
    for (const trackId of new Set([...changes.stages, ...changes.ceremonies])) {
      const stage = stageView(model, trackId);
      if (this.changed(`host:stage:${trackId}`, stage)) ops.push({ op: 'stage', track: key(trackId), stage });
    }
    for (const trackId of changes.results) {
      const results = hostResults(model.results(trackId));
      if (this.changed(`host:results:${trackId}`, results)) ops.push({ op: 'results', track: key(trackId), results });
    }
    // The ceremony's plan follows the results; where it stands follows the ceremony and the entries'
    // states (not drafts and submissions on open entries: those change none of it).
    const entryTracks = new Set([...changes.entries].map((id) => model.entry(id)!.trackId));
    for (const track of model.tracks) {
      if (!changes.results.has(track.id) && !changes.ceremonies.has(track.id) && !entryTracks.has(track.id)) continue;
      const ceremony = hostCeremony(model, track);
      if (this.changed(`host:ceremonyPlan:${track.id}`, ceremony)) ops.push({ op: 'ceremonyPlan', track: track.key, ceremony });
    }
    for (const trackId of changes.drawSeeds) ops.push({ op: 'drawSeed', track: key(trackId), drawSeed: model.track(trackId)!.drawSeed });
    for (const judgeId of changes.judges) ops.push({ op: 'judge', judge: hostJudge(model, model.judge(judgeId)!) });
    ops.push(...this.displayOps(changes, model, 'host'));
    if (ops.length > 0) this.io.local.to(room).emit('host:patch', this.patch(topics.host, model.seq, ops));
  }

  private sendPublic(changes: ModelChanges, model: ContestModel): void {
    const contestId = model.contestId;
    // The display and the ceremony first: a screen hears that a ceremony started before it sees the board freeze.
    const room = rooms.publicContest(contestId);
    if (!this.hasListeners(room)) this.forget('public:ceremony');
    else {
      const ops: PublicOp[] = this.displayOps(changes, model, 'public');
      if (ops.length > 0) this.io.local.to(room).emit('public:patch', this.patch(topics.publicContest, model.seq, ops));
    }
    for (const track of model.tracks) {
      const room = rooms.publicTrack(contestId, track.key);
      if (!this.hasListeners(room)) {
        this.forget(`public:${track.id}:`);
        continue;
      }
      const ops: PublicOp[] = [];
      if (changes.stages.has(track.id) || changes.ceremonies.has(track.id)) {
        const stage = stageView(model, track.id);
        if (this.changed(`public:${track.id}:stage`, stage)) ops.push({ op: 'stage', track: track.key, stage });
      }
      if (changes.stages.has(track.id) || changes.orders.has(track.id)) {
        const queue = publicQueue(model, track);
        if (this.changed(`public:${track.id}:queue`, queue)) ops.push({ op: 'queue', track: track.key, ...queue });
      }
      if (changes.results.has(track.id) || changes.display || changes.ceremonies.has(track.id)) {
        const board = publicBoard(model, track);
        if (this.changed(`public:${track.id}:board`, board)) ops.push({ op: 'board', track: track.key, ...board });
      }
      if (ops.length > 0) this.io.local.to(room).emit('public:patch', this.patch(topics.publicTrack(track.key), model.seq, ops));
    }
  }

  private sendJudges(changes: ModelChanges, model: ContestModel): void {
    const contestId = model.contestId;
    const ops = new Map<number, JudgeOp[]>();
    const add = (judgeId: number, op: JudgeOp) => {
      let list = ops.get(judgeId);
      if (!list) ops.set(judgeId, (list = []));
      list.push(op);
    };
    const listening = (judgeId: number) => this.hasListeners(rooms.judge(contestId, judgeId));
    const entryOp = (judgeId: number, entryId: number) => {
      const entry = model.entry(entryId)!;
      add(judgeId, { op: 'entry', track: model.track(entry.trackId)!.key, entry: judgeEntry(model, judgeId, entry) });
    };
    for (const entryId of changes.entries) {
      const entry = model.entry(entryId)!;
      for (const judgeId of model.trackJudgeIds(entry.trackId)) if (listening(judgeId)) entryOp(judgeId, entryId);
    }
    for (const pair of changes.sheets) {
      const [judgeId, entryId] = pairOf(pair);
      if (listening(judgeId) && !changes.entries.has(entryId) && model.scoresTrack(judgeId, model.entry(entryId)!.trackId)) entryOp(judgeId, entryId);
    }
    for (const trackId of changes.orders) {
      const entryIds = judgeOrder(model, trackId).map((e) => e.id);
      for (const judgeId of model.trackJudgeIds(trackId)) if (listening(judgeId)) add(judgeId, { op: 'order', track: model.track(trackId)!.key, entryIds });
    }
    for (const trackId of changes.stages) {
      const stage = judgeStage(model, trackId);
      if (!this.changed(`judge:stage:${trackId}`, stage)) continue;
      for (const judgeId of model.trackJudgeIds(trackId)) if (listening(judgeId)) add(judgeId, { op: 'stage', track: model.track(trackId)!.key, stage });
    }
    for (const judgeId of changes.judges) {
      const judge = judgeInfo(model, judgeId);
      if (!judge || !listening(judgeId)) continue;
      add(judgeId, { op: 'judge', judge });
      for (const track of model.tracksOfJudge(judgeId)) add(judgeId, { op: 'signOff', track: track.key, signedOffAt: judgeSignOff(model, judgeId, track.id) });
    }
    for (const [judgeId, list] of ops) this.io.local.to(rooms.judge(contestId, judgeId)).emit('judge:patch', this.patch(topics.judge(judgeId), model.seq, list));
  }
}
