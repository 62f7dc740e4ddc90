/**
 * The data of the printed score sheets (评分表) and summaries (汇总表), from the live state and
 * the scoring rules' results (the same summary lines as results.csv and the workbook).
 */
import { judgeTotal } from '../domain/sheet';
import type { TrackResults } from '../domain/results';
import type { PrintData, PrintSheetRow, PrintTrack } from '../protocol/print';
import { ContestModel } from '../store/model';
import { signatureFor, type StoredSignature } from '../store/signatures';
import type { ContestState, TrackRow } from '../store/state';
import { isSubmitted } from '../views/exports';
import { resultsTrackOfState } from './fromState';
import { resultLines } from './resultsTable';
import { localDateTimeText } from './time';

function printTrack(state: ContestState, model: ContestModel, track: TrackRow, results: TrackResults, zone: string, signatures: readonly StoredSignature[]): PrintTrack {
  const items = state.rubricItems.filter((i) => i.trackId === track.id);
  const item = (i: (typeof items)[number]) => ({ key: i.key, label: i.label, max: i.max });
  const rules = model.trackRules(track.id);
  const entries = state.entries.filter((e) => e.trackId === track.id && e.state !== 'withdrawn');
  const panel = new Set(model.trackJudgeIds(track.id));
  const judges = state.judges.filter((j) => panel.has(j.id));
  const time = (d: Date | null) => (d === null ? null : localDateTimeText(d.getTime(), zone));

  const sheets = judges.map((judge) => ({
    judge: { key: judge.key, name: judge.name, affiliation: judge.affiliation },
    signedOffAt: time(model.signedOff(judge.id, track.id)),
    signature: model.signedOff(judge.id, track.id) ? signatureFor(signatures, judge.id, track.id) : null,
    rows: entries.map((e): PrintSheetRow => {
      const sheet = model.sheet(judge.id, e.id);
      const base = { code: e.code, unit: e.unit, model: e.model, scores: {}, bonus: {}, total: null, comment: '', submittedAt: null };
      if (model.isRecused(judge.id, e.id)) return { ...base, status: 'recused' };
      if (sheet && isSubmitted(sheet)) {
        const values = { scores: sheet.scores, bonus: sheet.bonus ?? {} };
        return { ...base, status: 'submitted', ...values, total: judgeTotal(rules, values), comment: sheet.comment ?? '', submittedAt: time(sheet.submittedAt) };
      }
      return { ...base, status: e.state === 'absent' ? 'absent' : 'none' };
    }),
  }));

  const stateOf = new Map(entries.map((e) => [e.code, e.state]));
  const summary = resultLines(resultsTrackOfState(state, model, track, results)).map((l) => ({
    code: l.code, unit: l.unit, model: l.model, rank: l.rank, sharedRank: l.sharedRank,
    final: l.final, award: l.result?.award ?? null, provisional: l.result?.provisional ?? false,
    counted: l.counted, expected: l.expected, state: stateOf.get(l.code)!,
  }));

  return {
    key: track.key,
    name: track.name,
    criteria: items.filter((i) => i.kind === 'criterion').map(item),
    bonus: items.filter((i) => i.kind === 'bonus').map(item),
    awards: state.awardTiers.filter((a) => a.trackId === track.id).map((a) => ({ key: a.key, name: a.name })),
    sheets,
    summary,
    judges: judges.map((j) => ({ key: j.key, name: j.name })),
  };
}

/** `signatures`: those drawn at sign-off (server/store/signatures.ts), printed on each judge's 评分表. */
export function printDataOf(
  state: ContestState,
  results: ReadonlyMap<number, TrackResults>,
  options: { timeZone: string; now: number; signatures?: readonly StoredSignature[] },
): PrintData {
  const c = state.contest;
  const model = new ContestModel(state);
  return {
    contest: { name: c.name, subtitle: c.subtitle, date: c.date, venue: c.venue },
    generatedAt: localDateTimeText(options.now, options.timeZone),
    timeZone: options.timeZone,
    tracks: state.tracks.map((t) => printTrack(state, model, t, results.get(t.id)!, options.timeZone, options.signatures ?? [])),
  };
}
