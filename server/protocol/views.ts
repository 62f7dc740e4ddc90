/**
 * What each role sees. A client gets its view whole (a snapshot, with the `seq` of the last audit
 * record it includes) on every (re)connect, then small versioned patches (patches.ts). Points are
 * integer hundredths. Public views never carry per-judge data, tokens, or scores the track's reveal
 * policy has not revealed.
 */
import type { EntryState, PhaseClock } from './stage';
import type { Localized, RevealPolicy, TieBreakConfig, TrackDefinition } from './contestFile';

export interface ContestInfo {
  id: number;
  name: Localized;
  subtitle: Localized | null;
  date: string | null;
  venue: Localized | null;
}

export interface RubricItemView {
  key: string;
  label: Localized;
  description: Localized | null;
  max: number;
  step: number;
}

export interface RubricView {
  criteria: RubricItemView[];
  bonus: RubricItemView[];
}

export interface AwardTierView {
  key: string;
  name: Localized;
  count: number;
}

export type TimingsView = TrackDefinition['timings'];

/** An entry as anyone may see it. */
export interface EntryPublic {
  id: number;
  code: string;
  position: number;
  unit: string;
  model: string;
  state: EntryState;
}

/** The stage of one track: who is on, and the phase clock (null when no phase is timed). */
export interface StageView {
  entry: EntryPublic | null;
  clock: PhaseClock | null;
  /** Judges who submitted / judges eligible, for the entry on stage. */
  progress: { submitted: number; eligible: number } | null;
}

export interface BoardRow {
  entryId: number;
  code: string;
  unit: string;
  model: string;
  rank: number;
  /** Null under the `rank-only` policy. */
  score: number | null;
  award: string | null;
  provisional: boolean;
}

export interface PublicTrack {
  key: string;
  name: Localized;
  reveal: RevealPolicy;
  timings: TimingsView;
  awards: AwardTierView[];
  stage: StageView;
  /** Upcoming entries in running order (not yet presented, not absent). */
  upNext: EntryPublic[];
  counts: { total: number; closed: number; absent: number };
  /** Ranked entries as the policy reveals them: empty under `hidden`. */
  board: BoardRow[];
}

/** A winner on the ceremony screen: a board row without the award (the step says it). */
export type CeremonyWinner = Pick<BoardRow, 'entryId' | 'code' | 'unit' | 'model' | 'rank' | 'score'>;

export interface CeremonyTierReveal {
  tier: AwardTierView;
  winners: CeremonyWinner[];
}

/**
 * The ceremony as far as the host has taken it. Only revealed tiers are in the payload: a screen
 * cannot know a winner before the hall does.
 */
export interface CeremonyView {
  track: string;
  trackName: Localized;
  step: number;
  /** Steps in all: title, one per awarded tier (lowest first), all winners. */
  steps: number;
  kind: 'title' | 'tier' | 'all';
  /** Revealed tiers, lowest first; the last is the current one on a `tier` step. */
  revealed: CeremonyTierReveal[];
  showScores: boolean;
}

export interface DisplayView {
  track: string | null;
  boardVisible: boolean;
}

/** The public view; `tracks` holds the tracks the screen asked for (all by default). */
export interface PublicView {
  seq: number;
  contest: ContestInfo;
  tracks: PublicTrack[];
  display: DisplayView;
  ceremony: CeremonyView | null;
}

export type SheetStatus = 'none' | 'draft' | 'submitted' | 'recused';

/**
 * A value on a counted sheet far from the other judges' for the same entry (docs/analysis.md,
 * "Outliers"): the total (`key` null) or one criterion. Hundredths. Host only.
 */
export interface SheetFlag {
  key: string | null;
  value: number;
  othersMedian: number;
  /** value − the others' median: positive when the judge is above the panel. */
  deviation: number;
  /** The distance beyond which a value is flagged. */
  limit: number;
}

export interface HostSheetStatus {
  judgeId: number;
  status: SheetStatus;
  /** Submitted total (criteria + bonus), hundredths. */
  total: number | null;
  submittedAt: string | null;
  /** Submitted more than once (amended). */
  amended: boolean;
  /**
   * Outlier flags on the submitted sheet, total first; empty when none (or not counted). Another
   * judge's submission can change them: a submit resends every status of its entry.
   */
  flags: SheetFlag[];
}

export interface HostEntry extends EntryPublic {
  contact: string | null;
  closedAt: string | null;
  sheets: HostSheetStatus[];
}

export interface ResultRowView {
  entryId: number;
  rank: number;
  final: number;
  award: string | null;
  provisional: boolean;
  sharedRank: boolean;
  decidedBy: { rule: string; key?: string } | null;
  policyApplied: string;
  counted: number;
  untrimmedMean: number;
  criterionMeans: Record<string, number>;
  /** Mean of each bonus item over the counted judges (hundredths). */
  bonusMeans: Record<string, number>;
  judges: { judgeId: number; total: number; dropped: 'high' | 'low' | null }[];
}

/** Entries with equal published scores whose places straddle an award boundary. */
export interface BoundaryTieView {
  entryIds: number[];
  rank: number;
  /** Tier keys either side of the boundary; null below means "no award". */
  above: string | null;
  below: string | null;
  /** True while the tie-break chain left some of them sharing a place: the host must decide. */
  needsDecision: boolean;
  /** The groups still sharing a place (each is what `tie:resolve` takes). */
  unresolved: { rank: number; entryIds: number[] }[];
}

export interface HostTrack {
  key: string;
  name: Localized;
  reveal: RevealPolicy;
  ceremonyShowsScores: boolean;
  timings: TimingsView;
  awards: AwardTierView[];
  rubric: RubricView;
  aggregation: { policy: string; trim?: number; minPanel?: number; bonus: string };
  tieBreaks: TieBreakConfig[];
  /** Hundredths; entries below it get no award. */
  minAwardScore: number | null;
  drawSeed: string | null;
  stage: StageView;
  /** In running order; withdrawn entries last. */
  entries: HostEntry[];
  results: { ranking: ResultRowView[]; boundaryTies: BoundaryTieView[]; provisional: boolean };
}

export interface HostJudge {
  id: number;
  key: string;
  name: string;
  affiliation: string | null;
  tracks: string[];
  signedOffAt: string | null;
  /** Entry ids the judge is recused from. */
  recusals: number[];
}

export type HostAlert =
  | { kind: 'boundaryTie'; track: string; entryIds: number[]; above: string | null; below: string | null }
  | { kind: 'missingSheets'; track: string; entryId: number; judgeIds: number[] }
  | { kind: 'outlier'; track: string; entryId: number; judgeId: number; total: number; othersMedian: number }
  | { kind: 'criterionOutlier'; track: string; entryId: number; judgeId: number; key: string; value: number; othersMedian: number };

/** The host's view. Alerts are derived from it by server/domain/alerts.ts (on the console). */
export interface HostView {
  seq: number;
  contest: ContestInfo;
  tracks: HostTrack[];
  judges: HostJudge[];
  display: DisplayView;
  ceremony: CeremonyView | null;
}

export interface JudgeSheetView {
  scores: Record<string, number>;
  bonus: Record<string, number>;
  comment: string;
  submittedAt: string | null;
  submitCount: number;
}

export interface JudgeEntry extends EntryPublic {
  recused: boolean;
  /** What counts: the last submitted values. */
  sheet: JudgeSheetView | null;
  /** The last draft the server holds, with its edit counter. */
  draft: (JudgeSheetView & { rev: number }) | null;
}

export interface JudgeTrack {
  key: string;
  name: Localized;
  rubric: RubricView;
  timings: TimingsView;
  stage: { entryId: number | null; clock: PhaseClock | null };
  entries: JudgeEntry[];
}

export interface JudgeView {
  seq: number;
  contest: ContestInfo;
  judge: { id: number; name: string; affiliation: string | null; signedOffAt: string | null };
  tracks: JudgeTrack[];
}

/** Id of the `<script type="application/json">` that carries a page's first data inline. */
export const INITIAL_DATA_ID = 'podium-initial';

/**
 * What a judge's page carries inline (server/routes/pages.ts), so the pad can render before its
 * socket connects: the judge's view, or the news that the link is not valid.
 */
export type InitialJudgeData = { ok: true; token: string; view: JudgeView } | { ok: false; token: string; code: 'unauthorized' };
