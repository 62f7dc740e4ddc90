/**
 * Files for the organisers: the contest as a contest file, the submitted sheets as the results
 * CLI reads them, and the results. With the first two, anyone can recompute the results offline
 * (`npm run results`), independently of this server.
 */
import { stringify } from 'csv-stringify/sync';
import type { TrackResults } from '../domain/results';
import type { ContestState } from '../store/state';
import { resultsTracksOfState } from '../reports/fromState';
import { resultsCsv } from '../reports/resultsTable';

const points = (hundredths: number): number => hundredths / 100;

type SheetRow = ContestState['sheets'][number];
/** A sheet that counts: submitted at least once (a draft alone does not). */
export const isSubmitted = (s: SheetRow): s is SheetRow & { scores: Record<string, number> } => s.submittedAt !== null && s.scores !== null;
const trackJudgeIds = (state: ContestState, trackId: number) => state.judgeTracks.filter((jt) => jt.trackId === trackId).map((jt) => jt.judgeId);

/**
 * The contest as a contest file (docs/contest-format.md), without judge tokens. Withdrawn entries
 * are left out, with their recusals: the file must import again and feed `npm run results`, and
 * both refuse a recusal naming an entry the file does not list. (Their withdrawal, with its
 * reason, stays in audit.json.)
 */
export function contestFileOf(state: ContestState) {
  const c = state.contest;
  const trackKey = new Map(state.tracks.map((t) => [t.id, t.key]));
  const judgeKey = new Map(state.judges.map((j) => [j.id, j.key]));
  const competing = state.entries.filter((e) => e.state !== 'withdrawn');
  const entryCode = new Map(competing.map((e) => [e.id, e.code]));
  // Places in the running order, 1, 2, 3 ... per track, without the gaps withdrawals leave: what
  // an import makes of them, so that the file exports again unchanged.
  const place = new Map(
    state.tracks.flatMap((t) =>
      competing
        .filter((e) => e.trackId === t.id)
        .sort((a, b) => a.position - b.position)
        .map((e, i) => [e.id, i + 1] as const),
    ),
  );
  const item = (i: ContestState['rubricItems'][number]) => ({
    key: i.key, label: i.label, ...(i.description ? { description: i.description } : {}), max: points(i.max), step: points(i.step),
  });
  return {
    format: 'podium.contest/1',
    name: c.name,
    ...(c.subtitle ? { subtitle: c.subtitle } : {}),
    ...(c.date ? { date: c.date } : {}),
    ...(c.venue ? { venue: c.venue } : {}),
    tracks: state.tracks.map((t) => ({
      key: t.key,
      name: t.name,
      criteria: state.rubricItems.filter((i) => i.trackId === t.id && i.kind === 'criterion').map(item),
      bonus: state.rubricItems.filter((i) => i.trackId === t.id && i.kind === 'bonus').map(item),
      aggregation: t.aggregation,
      tieBreaks: t.tieBreaks,
      awards: state.awardTiers.filter((a) => a.trackId === t.id).map((a) => ({ key: a.key, name: a.name, count: a.count })),
      ...(t.minAwardScore !== null ? { minAwardScore: points(t.minAwardScore) } : {}),
      timings: t.timings,
      reveal: t.reveal,
      ceremonyShowsScores: t.ceremonyShowsScores,
      boardShowsAwards: t.boardShowsAwards,
      ...(t.minAwardPanel !== null ? { minAwardPanel: t.minAwardPanel } : {}),
      stageShowsTotals: t.stageShowsTotals,
    })),
    judges: state.judges.map((j) => ({
      key: j.key, name: j.name, ...(j.affiliation ? { affiliation: j.affiliation } : {}),
      tracks: state.judgeTracks.filter((jt) => jt.judgeId === j.id).map((jt) => trackKey.get(jt.trackId)!),
    })),
    entries: competing.map((e) => ({ code: e.code, track: trackKey.get(e.trackId)!, unit: e.unit, model: e.model, ...(e.contact ? { contact: e.contact } : {}), order: place.get(e.id)! })),
    recusals: state.recusals
      .filter((r) => entryCode.has(r.entryId))
      .map((r) => ({ judge: judgeKey.get(r.judgeId)!, entry: entryCode.get(r.entryId)!, ...(r.reason ? { reason: r.reason } : {}) })),
  };
}

/**
 * Submitted sheets of closed entries, one CSV per contest: `judge,entry,<criteria>,<bonus>`, in
 * points. Only closed entries: those are the ones the published results are computed from.
 */
export function sheetsCsvOf(state: ContestState): string {
  const keys = [...new Set(state.rubricItems.map((i) => i.key))];
  const judgeKey = new Map(state.judges.map((j) => [j.id, j.key]));
  const closed = new Map(state.entries.filter((e) => e.state === 'closed').map((e) => [e.id, e]));
  const rows = state.sheets
    .filter(isSubmitted)
    .filter((s) => closed.has(s.entryId) && trackJudgeIds(state, closed.get(s.entryId)!.trackId).includes(s.judgeId))
    .map((s) => {
      const values = { ...s.scores, ...s.bonus };
      return [judgeKey.get(s.judgeId)!, closed.get(s.entryId)!.code, ...keys.map((k) => (values[k] === undefined ? '' : String(points(values[k]))))];
    });
  return stringify([['judge', 'entry', ...keys], ...rows]);
}

/**
 * results.csv: every entry that takes part, ranked or without a score (with the reason), per
 * track. The same renderer as the results CLI's `--format csv` (server/reports/resultsTable.ts).
 */
export function resultsCsvOf(state: ContestState, results: Map<number, TrackResults>): string {
  return resultsCsv(resultsTracksOfState(state, results));
}

/**
 * The host's decisions as the results CLI takes them (`--manual manual.json`): tie orders as entry
 * codes, best first, and the awards confirmed on a short panel, each with the track and the reason.
 */
export function manualDecisionsOf(state: ContestState) {
  const code = new Map(state.entries.map((e) => [e.id, e.code]));
  const trackKey = new Map(state.tracks.map((t) => [t.id, t.key]));
  return {
    decisions: state.tieDecisions.map((d) => ({ track: trackKey.get(d.trackId)!, order: d.entryOrder.map((id) => code.get(id)!), reason: d.reason })),
    // Awards the host confirmed on a panel below the track's minimum (withdrawn entries are not in contest.json).
    panels: state.entries
      .filter((e) => e.panelConfirmedAt !== null && e.state !== 'withdrawn')
      .map((e) => ({ track: trackKey.get(e.trackId)!, entry: e.code, reason: e.panelConfirmReason ?? '' })),
  };
}
