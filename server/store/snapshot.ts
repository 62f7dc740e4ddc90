import type { Db } from '../../db/open';
import { loadContestState, type ContestState } from './state';

/**
 * The contest's state as of one moment: read in a single read-only transaction, so that a view
 * never mixes data from before and after a command (its `seq` names exactly what it contains).
 */
export function loadSnapshot(db: Db, contestId: number): Promise<ContestState> {
  return db.transaction((tx) => loadContestState(tx, contestId), { isolationLevel: 'repeatable read', accessMode: 'read only' });
}
