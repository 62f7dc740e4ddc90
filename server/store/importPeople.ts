/**
 * Writes people read from a spreadsheet (server/files/people.ts) into the current contest:
 * entries at the end of their track's running order (ordered among themselves by 出场顺序, then
 * by row), judges with a new link each and their tracks. Runs inside the caller's transaction
 * (today the route's, later the command pipeline's), after the caller has locked the contest row;
 * it checks codes and keys against the contest as the transaction sees it, so a preview that has
 * gone stale is refused rather than half applied.
 */
import type { Tx } from '../../db/open';
import { entries } from '../../db/schema/index';
import type { PeopleImport, PeopleImported } from '../protocol/people';
import { insertJudge, newJudgeToken } from './importContest';
import { loadContestState } from './state';

export class PeopleImportConflict extends Error {
  override name = 'PeopleImportConflict';
}

/**
 * Inserts the rows; returns what was inserted (ids, codes, keys: what the audit record keeps).
 * Throws PeopleImportConflict when a code, key or track no longer fits the contest.
 */
export async function applyPeopleImport(tx: Tx, contestId: number, people: PeopleImport): Promise<PeopleImported> {
  const state = await loadContestState(tx, contestId);
  const trackId = new Map(state.tracks.map((t) => [t.key, t.id]));
  const imported: PeopleImported = { entries: [], judges: [] };

  if (people.kind === 'entries') {
    const codes = new Set(state.entries.map((e) => e.code.toLowerCase()));
    for (const r of people.rows) {
      if (!trackId.has(r.track)) throw new PeopleImportConflict(`row ${r.row}: the contest has no track "${r.track}"`);
      if (codes.has(r.code.toLowerCase())) throw new PeopleImportConflict(`row ${r.row}: the code ${r.code} is already in the contest`);
      codes.add(r.code.toLowerCase());
    }
    for (const [track, id] of trackId) {
      const rows = people.rows
        .filter((r) => r.track === track)
        .map((r, i) => ({ r, i }))
        .sort((a, b) => (a.r.order ?? Infinity) - (b.r.order ?? Infinity) || a.i - b.i)
        .map(({ r }) => r);
      if (rows.length === 0) continue;
      const last = Math.max(0, ...state.entries.filter((e) => e.trackId === id).map((e) => e.position));
      const inserted = await tx
        .insert(entries)
        .values(rows.map((r, i) => ({ contestId, trackId: id, code: r.code, unit: r.unit, model: r.model, contact: r.contact, position: last + i + 1 })))
        .returning({ id: entries.id, code: entries.code });
      imported.entries.push(...inserted.map((e) => ({ id: e.id, code: e.code, track })));
    }
  } else {
    const keys = new Set(state.judges.map((j) => j.key));
    for (const r of people.rows) {
      if (keys.has(r.key)) throw new PeopleImportConflict(`row ${r.row}: the judge key ${r.key} is already in the contest`);
      keys.add(r.key);
      for (const t of r.tracks) if (!trackId.has(t)) throw new PeopleImportConflict(`row ${r.row}: the contest has no track "${t}"`);
    }
    for (const r of people.rows) {
      const id = await insertJudge(tx, contestId, { ...r, token: newJudgeToken(), trackIds: r.tracks.map((t) => trackId.get(t)!) });
      imported.judges.push({ id, key: r.key, name: r.name, tracks: r.tracks });
    }
  }
  return imported;
}
