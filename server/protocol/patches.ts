/**
 * Patches: what a client receives after its snapshot. A command changes a few rows; the server
 * turns that into small ops for the rooms that show them (one judge's status on one entry, one
 * stage's clock) instead of re-sending whole views. Every op replaces one piece of the view with
 * its new value, so applying a patch is idempotent and order within a topic is all that matters.
 *
 * Versions: a patch carries the `seq` of the change it brings and `prev`, the `seq` of the previous
 * patch on the same topic (a topic is one stream: the host's view, one judge's view, the contest
 * part of the public view, or one track of it). A client that holds version `v` of a topic applies
 * a patch when `prev <= v < seq`, drops it when `seq <= v`, and asks for a snapshot when
 * `prev > v` (it missed one). Pure functions, no dependencies: clients and tests share them.
 */
import type {
  BoardRow, CeremonyView, DisplayView, EntryPublic, HostCeremony, HostEntry, HostJudge, HostSheetStatus, HostTrack,
  HostView, JudgeEntry, JudgePresence, JudgeTrack, JudgeView, NoScoreRow, PublicTrack, PublicView, StageView,
} from './views';

export interface Patch<Op> {
  topic: string;
  seq: number;
  prev: number;
  ops: Op[];
}

/** An entry as the host sees it, without its sheets (they change one by one with `sheet`). */
export type HostEntryInfo = Omit<HostEntry, 'sheets'>;

export type HostOp =
  | { op: 'entry'; track: string; entry: HostEntryInfo }
  | { op: 'sheet'; track: string; entryId: number; sheet: HostSheetStatus }
  /** The track's entries in the console's order (running order, withdrawn last). */
  | { op: 'order'; track: string; entryIds: number[] }
  | { op: 'stage'; track: string; stage: StageView }
  | { op: 'results'; track: string; results: HostTrack['results'] }
  | { op: 'drawSeed'; track: string; drawSeed: string | null }
  | { op: 'judge'; judge: HostJudge }
  | { op: 'display'; display: DisplayView }
  | { op: 'ceremony'; ceremony: CeremonyView | null }
  /** A track's ceremony plan and where it stands (host only). */
  | { op: 'ceremonyPlan'; track: string; ceremony: HostCeremony }
  /**
   * Pads' presence (topic `host:presence`, its own version `seq`): the judges whose presence
   * changed. Not in the audit order, so it never moves the view's `seq`.
   */
  | { op: 'presence'; seq: number; judges: JudgePresence[] };

export type PublicOp =
  | { op: 'stage'; track: string; stage: StageView }
  | { op: 'queue'; track: string; upNext: EntryPublic[]; counts: PublicTrack['counts'] }
  | { op: 'board'; track: string; board: BoardRow[]; noScore: NoScoreRow[]; frozen: boolean }
  | { op: 'display'; display: DisplayView }
  | { op: 'ceremony'; ceremony: CeremonyView | null };

export type JudgeOp =
  /** The judge's entry with their own sheet and draft; a withdrawn entry leaves the list. */
  | { op: 'entry'; track: string; entry: JudgeEntry }
  | { op: 'order'; track: string; entryIds: number[] }
  | { op: 'stage'; track: string; stage: JudgeTrack['stage'] }
  | { op: 'judge'; judge: JudgeView['judge'] }
  | { op: 'signOff'; track: string; signedOffAt: string | null };

/** Topic names: one stream of versions each. */
export const topics = {
  host: 'host',
  /** The pads' presence on the host's console: versions of its own (not audit seqs). */
  presence: 'host:presence',
  judge: (judgeId: number) => `judge:${judgeId}`,
  publicContest: 'public',
  publicTrack: (trackKey: string) => `public:${trackKey}`,
};

/** The host view's topics: its own, and the pads' presence. */
export function hostTopics(): string[] {
  return [topics.host, topics.presence];
}

/** The version the host view holds of a topic: the presence topic has its own (`presence.seq`). */
export function hostVersionOf(view: Pick<HostView, 'seq' | 'presence'>, topic: string): number {
  return topic === topics.presence ? view.presence.seq : view.seq;
}

/**
 * The `seq` a view takes after a patch: the patch's, except for presence patches, whose versions
 * are not audit seqs (a snapshot is compared with the view by its `seq`).
 */
export function seqAfter(view: { seq: number }, patch: Pick<Patch<unknown>, 'topic' | 'seq'>): number {
  return patch.topic === topics.presence ? view.seq : Math.max(view.seq, patch.seq);
}

/** The topics a public view with these tracks listens to. */
export function publicTopics(trackKeys: readonly string[]): string[] {
  return [topics.publicContest, ...trackKeys.map(topics.publicTrack)];
}

export type PatchVerdict = 'apply' | 'stale' | 'gap';

/** What to do with a patch, given the version the client holds for its topic (null: none yet). */
export function judgePatch(held: number | null | undefined, patch: Pick<Patch<unknown>, 'seq' | 'prev'>): PatchVerdict {
  if (held === null || held === undefined) return 'gap';
  if (patch.seq <= held) return 'stale';
  return patch.prev > held ? 'gap' : 'apply';
}

// ---- applying ops: new objects along the changed path, everything else shared ------------------

function replaceBy<T, K>(list: readonly T[], key: (item: T) => K, wanted: K, make: (old: T) => T): T[] {
  return list.map((item) => (key(item) === wanted ? make(item) : item));
}

function reorder<T extends { id: number }>(list: readonly T[], ids: readonly number[]): T[] {
  const byId = new Map(list.map((e) => [e.id, e]));
  return ids.flatMap((id) => {
    const found = byId.get(id);
    return found ? [found] : [];
  });
}

function withTrack<T extends { key: string }>(tracks: readonly T[], key: string, change: (t: T) => T): T[] {
  return replaceBy(tracks, (t) => t.key, key, change);
}

function upsertEntry<T extends { id: number }>(list: readonly T[], entry: T): T[] {
  return list.some((e) => e.id === entry.id) ? replaceBy(list, (e) => e.id, entry.id, () => entry) : [...list, entry];
}

type SharedOp = { op: 'stage'; track: string; stage: StageView } | { op: 'display'; display: DisplayView } | { op: 'ceremony'; ceremony: CeremonyView | null };

/** The ops the host's and the public view share: a track's stage, the display, the ceremony. */
function applyShared<V extends { tracks: readonly { key: string; stage: StageView }[]; display: DisplayView; ceremony: CeremonyView | null }>(view: V, op: SharedOp): V {
  switch (op.op) {
    case 'stage':
      return { ...view, tracks: withTrack(view.tracks, op.track, (t) => ({ ...t, stage: op.stage })) };
    case 'display':
      return { ...view, display: op.display };
    case 'ceremony':
      return { ...view, ceremony: op.ceremony };
  }
}

export function applyHostOps(view: HostView, seq: number, ops: readonly HostOp[]): HostView {
  let next: HostView = { ...view, seq };
  for (const op of ops) {
    switch (op.op) {
      case 'entry':
        next = {
          ...next,
          tracks: withTrack(next.tracks, op.track, (t) => {
            const old = t.entries.find((e) => e.id === op.entry.id);
            const entry: HostEntry = { ...op.entry, sheets: old?.sheets ?? [] };
            return { ...t, entries: upsertEntry(t.entries, entry) };
          }),
        };
        break;
      case 'sheet':
        next = {
          ...next,
          tracks: withTrack(next.tracks, op.track, (t) => ({
            ...t,
            entries: replaceBy(t.entries, (e) => e.id, op.entryId, (e) => ({
              ...e,
              sheets: e.sheets.some((s) => s.judgeId === op.sheet.judgeId)
                ? replaceBy(e.sheets, (s) => s.judgeId, op.sheet.judgeId, () => op.sheet)
                : [...e.sheets, op.sheet].sort((a, b) => a.judgeId - b.judgeId),
            })),
          })),
        };
        break;
      case 'order':
        next = { ...next, tracks: withTrack(next.tracks, op.track, (t) => ({ ...t, entries: reorder(t.entries, op.entryIds) })) };
        break;
      case 'results':
        next = { ...next, tracks: withTrack(next.tracks, op.track, (t) => ({ ...t, results: op.results })) };
        break;
      case 'drawSeed':
        next = { ...next, tracks: withTrack(next.tracks, op.track, (t) => ({ ...t, drawSeed: op.drawSeed })) };
        break;
      case 'judge':
        next = { ...next, judges: replaceBy(next.judges, (j) => j.id, op.judge.id, () => op.judge) };
        break;
      case 'ceremonyPlan':
        next = { ...next, tracks: withTrack(next.tracks, op.track, (t) => ({ ...t, ceremony: op.ceremony })) };
        break;
      case 'presence': {
        let judges = next.presence.judges;
        for (const p of op.judges) {
          judges = judges.some((j) => j.judgeId === p.judgeId) ? replaceBy(judges, (j) => j.judgeId, p.judgeId, () => p) : [...judges, p].sort((a, b) => a.judgeId - b.judgeId);
        }
        next = { ...next, presence: { seq: op.seq, judges } };
        break;
      }
      default:
        next = applyShared(next, op);
    }
  }
  return next;
}

export function applyPublicOps(view: PublicView, seq: number, ops: readonly PublicOp[]): PublicView {
  let next: PublicView = { ...view, seq };
  for (const op of ops) {
    switch (op.op) {
      case 'queue':
        next = { ...next, tracks: withTrack(next.tracks, op.track, (t) => ({ ...t, upNext: op.upNext, counts: op.counts })) };
        break;
      case 'board':
        next = { ...next, tracks: withTrack(next.tracks, op.track, (t) => ({ ...t, board: op.board, noScore: op.noScore, frozen: op.frozen })) };
        break;
      default:
        next = applyShared(next, op);
    }
  }
  return next;
}

export function applyJudgeOps(view: JudgeView, seq: number, ops: readonly JudgeOp[]): JudgeView {
  let next: JudgeView = { ...view, seq };
  for (const op of ops) {
    switch (op.op) {
      case 'entry':
        next = {
          ...next,
          tracks: withTrack(next.tracks, op.track, (t) => ({
            ...t,
            entries: op.entry.state === 'withdrawn' ? t.entries.filter((e) => e.id !== op.entry.id) : upsertEntry(t.entries, op.entry),
          })),
        };
        break;
      case 'order':
        next = { ...next, tracks: withTrack(next.tracks, op.track, (t) => ({ ...t, entries: reorder(t.entries, op.entryIds) })) };
        break;
      case 'stage':
        next = { ...next, tracks: withTrack(next.tracks, op.track, (t) => ({ ...t, stage: op.stage })) };
        break;
      case 'judge':
        next = { ...next, judge: op.judge };
        break;
      case 'signOff':
        next = { ...next, tracks: withTrack(next.tracks, op.track, (t) => ({ ...t, signedOffAt: op.signedOffAt })) };
        break;
    }
  }
  return next;
}

/**
 * One client's view, kept from its snapshot and the patches that follow: the logic every client
 * (the screens, the console, the pads, the tests) shares. `patch` says what happened; on `gap` the
 * caller asks `view:sync` and hands the answer to `snapshot`.
 */
export class ViewFollower<V extends { seq: number }, Op> {
  private current: V | null = null;
  private versions = new Map<string, number>();

  constructor(
    private readonly topicsOf: (view: V) => string[],
    private readonly applyOps: (view: V, seq: number, ops: Op[]) => V,
    /** The version a snapshot holds of a topic, when not its `seq` (the host's presence). */
    private readonly versionOf: (view: V, topic: string) => number = (view) => view.seq,
  ) {}

  get view(): V | null {
    return this.current;
  }

  /** Takes a snapshot, unless it is older than what patches already brought; true when taken. */
  snapshot(view: V): boolean {
    const topics = this.topicsOf(view);
    if (this.current && view.seq < this.current.seq && topics.every((t) => this.versions.has(t))) return false;
    this.current = view;
    this.versions = new Map(topics.map((t) => [t, this.versionOf(view, t)]));
    return true;
  }

  /**
   * Applies a patch when it is the next one of its topic. `ignored`: a topic this view does not
   * follow, or no snapshot yet (patches sent before the snapshot are in it).
   */
  patch(patch: Patch<Op>): PatchVerdict | 'ignored' {
    const view = this.current;
    if (!view || !this.versions.has(patch.topic)) return 'ignored';
    const verdict = judgePatch(this.versions.get(patch.topic), patch);
    if (verdict === 'apply') {
      this.current = this.applyOps(view, seqAfter(view, patch), patch.ops);
      this.versions.set(patch.topic, patch.seq);
    }
    return verdict;
  }

  /** Forgets everything (a reconnect to another server process: only a snapshot will do). */
  reset(): void {
    this.current = null;
    this.versions.clear();
  }
}
