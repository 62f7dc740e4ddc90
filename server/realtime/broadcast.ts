/**
 * Sends fresh views after changes. Views are whole snapshots derived from the database, so
 * requests that arrive while a broadcast is running are merged into one more run (coalesce.ts):
 * the last run always reflects the latest committed state, and no change is ever left unsent.
 */
import type { Db } from '../../db/open';
import type { BroadcastScope } from '../commands/run';
import { loadSnapshot } from '../store/snapshot';
import { buildHostView } from '../views/host';
import { buildJudgeView } from '../views/judge';
import { buildPublicView } from '../views/public';
import { computeAllResults } from '../views/results';
import { Coalescer } from './coalesce';
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
  private readonly queue: Coalescer<BroadcastScope>;

  constructor(
    private readonly io: PodiumIo,
    private readonly db: Db,
    private readonly contestId: () => number,
    onError: (error: unknown) => void,
  ) {
    this.queue = new Coalescer({ run: (scope) => this.send(scope), merge, isEmpty, empty: () => ({}), onError });
  }

  request(scope: BroadcastScope): void {
    this.queue.request(scope);
  }

  /** Resolves once everything requested so far has been sent (tests and shutdown wait on it). */
  idle(): Promise<void> {
    return this.queue.idle();
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
