/**
 * Keeps one process's in-memory model (model.ts) equal to the database: every committed command's
 * effects are applied in `seq` order, whether the command ran here or in another process (whose
 * effects arrive through the cluster link). A seq that does not arrive in time is read back from
 * the audit log, where every record keeps its effects; a configuration change reloads the
 * contest. Listeners (the realtime layer) hear about every applied change, once, in order.
 */
import type { Logger } from 'pino';
import type { Db } from '../../db/open';
import { readAuditAfter, readHead } from './audit';
import type { Effect } from './effects';
import { ContestModel, type ModelChanges } from './model';
import { loadSnapshot } from './snapshot';

/** What one process tells the others after a commit. */
export interface ChangeMessage {
  contestId: number;
  seq: number;
  effects: Effect[];
}

export type ChangeListener = (changes: ModelChanges, model: ContestModel) => void;

export interface LiveOptions {
  db: Db;
  logger: Logger;
  /** How long a missing seq may stay missing before it is read from the database. */
  gapMs?: number;
  /** How often to compare with the database's head (several processes: a lost last message). */
  pollMs?: number | null;
}

export class ContestLive {
  private current: ContestModel;
  /** Committed records not applied yet (they wait for an earlier seq); null effects: reload. */
  private readonly pending = new Map<number, readonly Effect[] | null>();
  private readonly waiters: { seq: number; resolve: () => void }[] = [];
  private readonly listeners: ChangeListener[] = [];
  private reloading: Promise<void> | null = null;
  private catchingUp: Promise<void> | null = null;
  private gapTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly pollTimer: ReturnType<typeof setInterval> | null = null;
  private closed = false;
  /** Tells the other processes about a commit made here (set by the realtime layer when clustered). */
  publish: ((message: ChangeMessage) => void) | null = null;

  private constructor(
    model: ContestModel,
    private readonly options: LiveOptions,
  ) {
    this.current = model;
    if (options.pollMs) {
      this.pollTimer = setInterval(() => void this.checkHead(), options.pollMs);
      this.pollTimer.unref();
    }
  }

  static async open(contestId: number, options: LiveOptions): Promise<ContestLive> {
    return new ContestLive(new ContestModel(await loadSnapshot(options.db, contestId)), options);
  }

  /** The model as of the last applied record. It changes in place; a reload replaces it. */
  get model(): ContestModel {
    return this.current;
  }

  get contestId(): number {
    return this.current.contestId;
  }

  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  /** A record this process committed: the others hear of it, and it is applied here in its turn. */
  committed(seq: number, effects: Effect[]): void {
    this.publish?.({ contestId: this.current.contestId, seq, effects });
    this.offer(seq, effects);
  }

  /** A committed record (from this process or another): applied as soon as its turn comes. */
  offer(seq: number, effects: readonly Effect[] | null): void {
    if (this.closed || seq <= this.current.seq) return;
    this.pending.set(seq, effects);
    this.drain();
  }

  /** Resolves once the record `seq` has been applied, or after `timeoutMs` (then it catches up). */
  waitFor(seq: number, timeoutMs = 500): Promise<void> {
    if (seq <= this.current.seq) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        void this.catchUp();
        resolve();
      }, timeoutMs);
      timer.unref();
      this.waiters.push({ seq, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  /**
   * Serves another contest from now on (a contest was imported or switched to); `reload` loads
   * it even when it has the same id (its rows were replaced by a restore).
   */
  async switchTo(contestId: number, reload = false): Promise<void> {
    if (contestId === this.current.contestId && !reload) return;
    this.pending.clear();
    await this.reload(contestId);
  }

  /** Resolves once nothing is waiting to be applied (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.reloading || this.catchingUp || this.pending.size > 0) {
      if (this.pending.size > 0 && !this.reloading && !this.catchingUp) await this.catchUp();
      else await (this.reloading ?? this.catchingUp);
    }
  }

  close(): void {
    this.closed = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.gapTimer) clearTimeout(this.gapTimer);
    for (const w of this.waiters.splice(0)) w.resolve();
  }

  private drain(): void {
    if (this.reloading) return;
    for (;;) {
      const next = this.current.seq + 1;
      if (!this.pending.has(next)) break;
      const effects = this.pending.get(next)!;
      this.pending.delete(next);
      if (effects === null || effects.some((e) => e.kind === 'reload')) {
        void this.reload(this.current.contestId);
        return;
      }
      this.notify(this.current.apply(next, effects));
    }
    for (const seq of this.pending.keys()) if (seq <= this.current.seq) this.pending.delete(seq);
    this.settleWaiters();
    if (this.pending.size > 0 && !this.gapTimer) {
      // A later record arrived before an earlier one: give the earlier one a moment, then read it.
      this.gapTimer = setTimeout(() => {
        this.gapTimer = null;
        void this.catchUp();
      }, this.options.gapMs ?? 100);
      this.gapTimer.unref();
    }
  }

  private settleWaiters(): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i]!.seq <= this.current.seq) this.waiters.splice(i, 1)[0]!.resolve();
    }
  }

  private notify(changes: ModelChanges): void {
    for (const listener of this.listeners) {
      try {
        listener(changes, this.current);
      } catch (error) {
        this.options.logger.error({ err: error }, 'change listener failed');
      }
    }
  }

  /** Reads the records this process has not applied from the audit log. */
  catchUp(): Promise<void> {
    this.catchingUp ??= (async () => {
      try {
        const contestId = this.current.contestId;
        const rows = await readAuditAfter(this.options.db, contestId, this.current.seq);
        if (contestId !== this.current.contestId) return;
        for (const row of rows) this.pending.set(row.seq, (row.effects as Effect[] | null) ?? null);
        this.drain();
      } catch (error) {
        this.options.logger.error({ err: error }, 'catching up with the audit log failed');
      } finally {
        this.catchingUp = null;
      }
    })();
    return this.catchingUp;
  }

  private async checkHead(): Promise<void> {
    try {
      const head = await readHead(this.options.db, this.current.contestId);
      if (head && head.seq > this.current.seq) await this.catchUp();
    } catch (error) {
      this.options.logger.warn({ err: error }, 'reading the audit head failed');
    }
  }

  /** Loads the contest again (a configuration change, another contest, or lost track). */
  private reload(contestId: number): Promise<void> {
    this.reloading ??= (async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          const model = new ContestModel(await loadSnapshot(this.options.db, contestId));
          this.current = model;
          for (const seq of this.pending.keys()) if (seq <= model.seq) this.pending.delete(seq);
          break;
        } catch (error) {
          this.options.logger.error({ err: error, attempt }, 'loading the contest failed; trying again');
          if (this.closed) return;
          await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 200 * attempt)));
        }
      }
      this.reloading = null;
      const changes = this.current.apply(this.current.seq, []);
      changes.reload = true;
      this.notify(changes);
      this.drain();
    })();
    return this.reloading;
  }
}
