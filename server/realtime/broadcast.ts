/**
 * Sends fresh views after changes. Views are whole snapshots derived from the database, so
 * requests that arrive while a broadcast is running are merged into one more run: the last run
 * always reflects the latest committed state, and no change is ever left unsent.
 */
import type { Db } from '../../db/open';
import type { BroadcastScope } from '../commands/run';
import { loadSnapshot } from '../store/snapshot';
import { buildHostView } from '../views/host';
import { buildJudgeView } from '../views/judge';
import { buildPublicView } from '../views/public';
import { computeAllResults } from '../views/results';
import { rooms } from './rooms';
import type { PodiumIo } from './types';


function merge(a: BroadcastScope, b: BroadcastScope): BroadcastScope {
  const judges =
    a.judges === 'all' || b.judges === 'all' ? 'all' : a.judges || b.judges ? [...new Set([...(a.judges ?? []), ...(b.judges ?? [])])] : undefined;
  return { public: a.public || b.public, host: a.host || b.host, ...(judges ? { judges } : {}) };
}

function isEmpty(s: BroadcastScope): boolean {
  return !s.public && !s.host && (s.judges === undefined || (s.judges !== 'all' && s.judges.length === 0));
}

export class Broadcaster {
  private pending: BroadcastScope = {};
  private running: Promise<void> | null = null;

  constructor(
    private readonly io: PodiumIo,
    private readonly db: Db,
    private readonly contestId: () => number,
    private readonly onError: (error: unknown) => void,
  ) {}

  request(scope: BroadcastScope): void {
    if (isEmpty(scope)) return;
    this.pending = merge(this.pending, scope);
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
  }

  /** Resolves once everything requested so far has been sent (tests and shutdown wait on it). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    while (!isEmpty(this.pending)) {
      const scope = this.pending;
      this.pending = {};
      try {
        await this.send(scope);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  private async send(scope: BroadcastScope): Promise<void> {
    const contestId = this.contestId();
    const state = await loadSnapshot(this.db, contestId);
    const results = computeAllResults(state);
    if (scope.public) this.io.to(rooms.public(contestId)).emit('public:state', buildPublicView(state, results));
    if (scope.host) this.io.to(rooms.host(contestId)).emit('host:state', buildHostView(state, results));
    const judgeIds = scope.judges === 'all' ? state.judges.map((j) => j.id) : (scope.judges ?? []);
    for (const judgeId of judgeIds) {
      const view = buildJudgeView(state, judgeId);
      if (view) this.io.to(rooms.judge(contestId, judgeId)).emit('judge:state', view);
    }
  }
}
