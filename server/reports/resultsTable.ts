/**
 * The results as one table, for every file that lists them (results.csv, the workbook's 汇总表,
 * the printed 汇总表): every entry that takes part, ranked ones first in rank order, then those
 * without a score (无成绩) with the reason. Built from what the exported files carry, so that the
 * server and the results CLI (`npm run results -- --format csv`), given the same contest, render
 * the same bytes.
 */
import { stringify } from 'csv-stringify/sync';
import { formatPoints } from '../domain/format';
import type { EntryResult, TrackResults } from '../domain/results';
import type { Localized } from '../protocol/contestFile';
import { confirmedPanelText, decidedByText, noScoreReason, PROVISIONAL_AWARD_TEXT, PROVISIONAL_PANEL_TEXT, SHARED_RANK_TEXT } from './words';

/** One track as the table needs it, from the live state or from the exported files. */
export interface ResultsTrackInput {
  key: string;
  name: Localized;
  criteria: { key: string; label: Localized }[];
  /** Best tier first. */
  awards: { key: string; name: Localized }[];
  /** Entries of the track that take part (withdrawn ones left out). */
  entries: { id: number; code: string; unit: string; model: string }[];
  /** Judges expected to score an entry: assigned to its track and not recused. */
  expected(entryId: number): number;
  results: TrackResults;
}

export interface ResultLine {
  trackKey: string;
  trackName: string;
  /** Null: no score (无成绩). */
  rank: number | null;
  sharedRank: boolean;
  code: string;
  unit: string;
  model: string;
  /** Hundredths; null without a score. */
  final: number | null;
  /** The award's name, 待定 while a boundary tie or a short panel waits on the host, or empty. */
  award: string;
  counted: number;
  expected: number;
  /** The tie-break rule that placed the entry, in words (or that none could). */
  decidedBy: string;
  /** Why there is no score; empty for ranked entries. */
  note: string;
  result: EntryResult | null;
}

/** Codes compare as text, so every copy orders entries the same way (ids differ between copies). */
const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

export function resultLines(track: ResultsTrackInput): ResultLine[] {
  const entries = new Map(track.entries.map((e) => [e.id, e]));
  const awardName = new Map(track.awards.map((a) => [a.key, a.name.zh]));
  const label = new Map(track.criteria.map((c) => [c.key, c.label.zh]));
  const labelOf = (key: string) => label.get(key) ?? key;
  const base = (entryId: number) => {
    const e = entries.get(entryId)!;
    return { trackKey: track.key, trackName: track.name.zh, code: e.code, unit: e.unit, model: e.model, expected: track.expected(entryId) };
  };
  const ranked = track.results.ranking
    .filter((r) => entries.has(r.entryId))
    .map((r): ResultLine => ({
      ...base(r.entryId),
      rank: r.rank,
      sharedRank: r.sharedRank,
      final: r.final,
      award: r.pending === 'tie' ? PROVISIONAL_AWARD_TEXT : r.pending === 'panel' ? PROVISIONAL_PANEL_TEXT : r.award === null ? '' : (awardName.get(r.award) ?? r.award),
      counted: r.counted,
      decidedBy: r.sharedRank ? SHARED_RANK_TEXT : decidedByText(r.decidedBy, labelOf),
      note: r.panelConfirmed ? confirmedPanelText(track.results.minAwardPanel) : '',
      result: r,
    }))
    .sort((a, b) => a.rank! - b.rank! || byCode(a, b));
  const rankedIds = new Set(track.results.ranking.map((r) => r.entryId));
  const unscored = track.entries
    .filter((e) => !rankedIds.has(e.id))
    .sort(byCode)
    .map((e): ResultLine => {
      const line = base(e.id);
      return { ...line, rank: null, sharedRank: false, final: null, award: '', counted: 0, decidedBy: '', note: noScoreReason(line.expected), result: null };
    });
  return [...ranked, ...unscored];
}

export const RESULTS_CSV_HEADER = ['赛道代号', '赛道', '名次', '编号', '单位名称', '模型名称', '最终得分', '奖项', '计分评委数', '应评评委数', '并列判定', '备注'];

/**
 * results.csv: one row per entry that takes part, per track. UTF-8 with a byte-order mark, so
 * that Excel opens the Chinese text as such. The server's export and the results CLI both call
 * this: the same contest gives the same bytes.
 */
export function resultsCsv(tracks: readonly ResultsTrackInput[]): string {
  const rows = tracks.flatMap((t) =>
    resultLines(t).map((l) => [
      l.trackKey, l.trackName, l.rank === null ? '' : String(l.rank), l.code, l.unit, l.model,
      l.final === null ? '' : formatPoints(l.final), l.award, String(l.counted), String(l.expected), l.decidedBy, l.note,
    ]),
  );
  return `\uFEFF${stringify([RESULTS_CSV_HEADER, ...rows])}`;
}
