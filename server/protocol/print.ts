/**
 * What the printable pages (/print: one 评分表 per judge per track, one 汇总表 per track) are
 * drawn from: GET /api/export/print.json (host key). Points in hundredths; times as local text in
 * the contest's time zone (printed as they are).
 */
import type { Localized } from './contestFile';
import type { EntryState } from './stage';

export interface PrintItem {
  key: string;
  label: Localized;
  max: number;
}

/** One entry on a judge's 评分表. */
export interface PrintSheetRow {
  code: string;
  unit: string;
  model: string;
  /** How the line reads: scored (a submitted sheet), recused (回避), absent, or no sheet. */
  status: 'submitted' | 'recused' | 'absent' | 'none';
  scores: Record<string, number>;
  bonus: Record<string, number>;
  /** Criteria plus bonus; null without a submitted sheet. */
  total: number | null;
  comment: string;
  /** Local time of the last submission. */
  submittedAt: string | null;
}

/** A judge's 评分表 for one track. */
export interface PrintJudgeSheet {
  judge: { key: string; name: string; affiliation: string | null };
  /** Local time of the judge's sign-off (签字确认 on the phone), if any. */
  signedOffAt: string | null;
  /**
   * The signature the judge drew on the phone at sign-off (a PNG data URL), while they are signed
   * off; null otherwise, and the sheet carries a line to sign by hand.
   */
  signature: string | null;
  rows: PrintSheetRow[];
}

export interface PrintSummaryRow {
  code: string;
  unit: string;
  model: string;
  /** Null: no score (无成绩). */
  rank: number | null;
  sharedRank: boolean;
  final: number | null;
  award: string | null;
  /** The award waits on the host's decision of a tie. */
  provisional: boolean;
  counted: number;
  expected: number;
  /** Entries that did not take part in the ranking: their state (absent, waiting ...). */
  state: EntryState;
}

export interface PrintTrack {
  key: string;
  name: Localized;
  criteria: PrintItem[];
  bonus: PrintItem[];
  awards: { key: string; name: Localized }[];
  /** One per judge of the track, in the judges' order. */
  sheets: PrintJudgeSheet[];
  /** Ranked entries in rank order, then entries without a score. */
  summary: PrintSummaryRow[];
  /** Whose signature lines the 汇总表 carries. */
  judges: { key: string; name: string }[];
}

export interface PrintData {
  contest: { name: Localized; subtitle: Localized | null; date: string | null; venue: Localized | null };
  /** When the data was read, local time, and the zone's label. */
  generatedAt: string;
  timeZone: string;
  tracks: PrintTrack[];
}
