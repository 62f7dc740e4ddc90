/**
 * The track analyses of one server process, for its host consoles and exports (never for public
 * screens or judges). A track's analysis is computed in the worker thread (thread.ts), never on
 * the event loop, once per version of the track's results (`model.resultsVersion`: the results
 * change only on a close, reopen, withdrawal, restore, recusal or tie decision), in two passes:
 * a quick one without the bootstrap (a tenth of a second for a day-sized track), then the full
 * one (seconds). A track is computed only once someone asked for it, then again after each change
 * of its results; never two passes of one track at once, never a bootstrap of a stale version.
 *
 * Listeners hear a track's status whenever it changes (a pass started or finished, the results
 * changed); the host console asks for the analysis itself when it wants it (`analysis:get`).
 */
import type { Logger } from 'pino';
import type { TrackAnalysis } from '../domain/analysis/analyze';
import { fail } from '../errors';
import type { AnalysisAnswer, AnalysisPhase, AnalysisStatus } from '../protocol/analysis';
import type { ContestLive } from '../store/live';
import type { ContestModel, ModelChanges } from '../store/model';
import type { AnalysisRunner } from './thread';

interface Held {
  version: number;
  phase: AnalysisPhase;
  analysis: TrackAnalysis;
}

interface Slot {
  trackId: number;
  held: Held | null;
  running: { version: number; phase: AnalysisPhase } | null;
  failed: { version: number; message: string } | null;
  /** Resolve once a full analysis of at least `version` is held. */
  waiters: { version: number; resolve: (analysis: Held) => void; reject: (error: Error) => void }[];
}

/** What the service reads: the live model and its changes (store/live.ts). */
export type LiveModel = Pick<ContestLive, 'model' | 'contestId' | 'onChange'>;

export interface AnalysisServiceOptions {
  live: LiveModel;
  run: AnalysisRunner;
  logger: Logger;
  /** How long to wait after a change of results before computing (several closes in a row compute once). */
  settleMs?: number;
}

export type StatusListener = (status: AnalysisStatus) => void;

export class AnalysisService {
  private readonly live: LiveModel;
  private readonly run: AnalysisRunner;
  private readonly logger: Logger;
  private readonly settleMs: number;
  /** Tracks someone asked for, by id, in the contest `contestId`. */
  private slots = new Map<number, Slot>();
  private contestId: number;
  private busy = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private readonly listeners: StatusListener[] = [];

  constructor(options: AnalysisServiceOptions) {
    this.live = options.live;
    this.run = options.run;
    this.logger = options.logger;
    this.settleMs = options.settleMs ?? 200;
    this.contestId = options.live.contestId;
    options.live.onChange((changes, model) => this.onChange(changes, model));
  }

  onStatus(listener: StatusListener): void {
    this.listeners.push(listener);
  }

  /** The analysis held for a track and where it stands; starts computing what is missing. */
  get(trackKey: string): AnalysisAnswer {
    const model = this.model();
    const track = model.trackOfKey(trackKey);
    if (!track) fail('not_found', `track: no track "${trackKey}" in this contest`, { field: 'track' });
    const slot = this.slot(track.id);
    this.pump();
    return { ...this.statusOf(model, slot), analysis: slot.held?.analysis ?? null };
  }

  /** The full analysis (with the bootstrap) of a track's results as they are now, or newer. */
  full(trackId: number): Promise<TrackAnalysis> {
    const model = this.model();
    if (!model.track(trackId)) return Promise.reject(new Error(`no track ${trackId}`));
    const slot = this.slot(trackId);
    const version = model.resultsVersion(trackId);
    if (slot.held && slot.held.phase === 'full' && slot.held.version >= version) return Promise.resolve(slot.held.analysis);
    // A failure is not retried until the results change: say so rather than wait for nothing.
    if (slot.failed?.version === version) return Promise.reject(new Error(slot.failed.message));
    const waited = new Promise<Held>((resolve, reject) => slot.waiters.push({ version, resolve, reject }));
    this.pump();
    return waited.then((held) => held.analysis);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const slot of this.slots.values()) this.rejectWaiters(slot, new Error('the server is stopping'));
  }

  // ---- internals ---------------------------------------------------------------------------------

  /** The live model; a switch to another contest forgets everything of the last one. */
  private model(): ContestModel {
    const model = this.live.model;
    if (model.contestId !== this.contestId) {
      for (const slot of this.slots.values()) this.rejectWaiters(slot, new Error('another contest was imported'));
      this.slots = new Map();
      this.contestId = model.contestId;
    }
    return model;
  }

  private slot(trackId: number): Slot {
    let slot = this.slots.get(trackId);
    if (!slot) this.slots.set(trackId, (slot = { trackId, held: null, running: null, failed: null, waiters: [] }));
    return slot;
  }

  /** The pass a track needs next for its current results; null when it has all it needs. */
  private needs(model: ContestModel, slot: Slot): AnalysisPhase | null {
    const version = model.resultsVersion(slot.trackId);
    if (slot.failed?.version === version) return null;
    if (slot.held?.version !== version) return 'quick';
    return slot.held.phase === 'full' ? null : 'full';
  }

  private statusOf(model: ContestModel, slot: Slot): AnalysisStatus {
    const latest = model.resultsVersion(slot.trackId);
    const running = slot.running?.version === latest ? slot.running.phase : null;
    return {
      track: model.track(slot.trackId)!.key,
      latest,
      version: slot.held?.version ?? null,
      phase: slot.held?.phase ?? null,
      computing: running ?? this.needs(model, slot),
      failed: slot.failed?.version === latest ? slot.failed.message : null,
    };
  }

  private announce(slot: Slot): void {
    const model = this.model();
    if (!model.track(slot.trackId)) return;
    const status = this.statusOf(model, slot);
    for (const listener of this.listeners) {
      try {
        listener(status);
      } catch (error) {
        this.logger.error({ err: error }, 'analysis status listener failed');
      }
    }
  }

  private onChange(changes: ModelChanges, model: ContestModel): void {
    if (this.closed) return;
    if (changes.reload) this.model();
    const touched = [...this.slots.values()].filter((s) => changes.reload || changes.results.has(s.trackId));
    if (touched.length === 0) return;
    // The consoles learn at once that their analysis is out of date; the work starts once the
    // results have settled for a moment.
    for (const slot of touched) if (model.track(slot.trackId)) this.announce(slot);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pump();
    }, this.settleMs);
    this.timer.unref();
  }

  /** Starts the next pass: quick passes (any track) before bootstraps, tracks in display order. */
  private pump(): void {
    if (this.busy || this.closed) return;
    const model = this.model();
    const order = model.tracks.map((t) => this.slots.get(t.id)).filter((s): s is Slot => s !== undefined);
    const next =
      order.map((slot) => ({ slot, phase: this.needs(model, slot) })).find((n) => n.phase === 'quick') ??
      order.map((slot) => ({ slot, phase: this.needs(model, slot) })).find((n) => n.phase === 'full');
    if (!next?.phase) return;
    void this.compute(model, next.slot, next.phase);
  }

  private async compute(model: ContestModel, slot: Slot, phase: AnalysisPhase): Promise<void> {
    this.busy = true;
    const version = model.resultsVersion(slot.trackId);
    const contestId = model.contestId;
    slot.running = { version, phase };
    this.announce(slot);
    // The input is copied into the worker's message now, as the model is at this version.
    const input = { ...model.resultsInput(slot.trackId), judges: [...model.trackJudgeIds(slot.trackId)] };
    try {
      const { analysis, ms } = await this.run(input, phase === 'quick' ? { resamples: 0 } : {});
      if (contestId !== this.contestId) return;
      slot.held = { version, phase, analysis };
      slot.failed = null;
      this.logger.info({ track: slot.trackId, version, phase, ms }, 'analysis computed');
      for (const w of slot.waiters.filter((x) => phase === 'full' && version >= x.version)) w.resolve(slot.held);
      slot.waiters = slot.waiters.filter((x) => !(phase === 'full' && version >= x.version));
    } catch (error) {
      if (contestId !== this.contestId || this.closed) return;
      const message = (error as Error).message;
      slot.failed = { version, message };
      this.logger.error({ err: error, track: slot.trackId, version, phase }, 'analysis failed');
      this.rejectWaiters(slot, new Error(message), version);
    } finally {
      slot.running = null;
      this.busy = false;
      if (!this.closed) {
        this.announce(slot);
        this.pump();
      }
    }
  }

  /** Rejects the waiters for versions up to `upTo` (all by default). */
  private rejectWaiters(slot: Slot, error: Error, upTo = Infinity): void {
    for (const w of slot.waiters.filter((x) => x.version <= upTo)) w.reject(error);
    slot.waiters = slot.waiters.filter((x) => x.version > upTo);
  }
}
