/**
 * What each role sees. A client gets its view whole (a snapshot, with the `seq` of the last audit
 * record it includes) on every (re)connect, then small versioned patches (patches.ts). Points are
 * integer hundredths. Public views never carry per-judge data, tokens, or scores the track's reveal
 * policy has not revealed.
 */
import type { EntryState, PhaseClock } from './stage';
import type { Localized, RevealPolicy, TieBreakConfig, TrackDefinition } from './contestFile';
import type { ScreenLanguage } from './display';

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
  /**
   * Once the entry on stage has closed, on a track whose contest file asks for it (`stageShowsTotals`,
   * reveal `live`): the counted judges' totals, lowest first and without names, marked where the
   * policy dropped them, then the published score. Null otherwise.
   */
  closing: { totals: { total: number; dropped: 'high' | 'low' | null }[]; final: number } | null;
}

export interface BoardRow {
  entryId: number;
  code: string;
  unit: string;
  model: string;
  rank: number;
  /** Null under the `rank-only` policy. */
  score: number | null;
  /** Null unless the track's contest file shows tiers on the live board (`boardShowsAwards`). */
  award: string | null;
  provisional: boolean;
  /** Judges counted and judges expected: a short panel is shown beside the score. */
  panel: { counted: number; expected: number };
}

/** An entry closed without a single counted sheet: listed 无成绩, never dropped. */
export interface NoScoreRow {
  entryId: number;
  code: string;
  unit: string;
  model: string;
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
  /** Ranked entries as the policy reveals them: empty under `hidden` and while frozen. */
  board: BoardRow[];
  /** Closed entries without a score (无成绩), by code: empty under `hidden` and while frozen. */
  noScore: NoScoreRow[];
  /** The track's ceremony has started and not reached its final page: its board is not sent. */
  frozen: boolean;
}

/** A winner on the ceremony screen: a board row without the award (the step says it). */
export type CeremonyWinner = Pick<BoardRow, 'entryId' | 'code' | 'unit' | 'model' | 'rank' | 'score'>;

export interface CeremonyTierReveal {
  tier: AwardTierView;
  /** How many winners the tier has (said when it is announced). */
  count: number;
  /** The winners revealed so far, best first. */
  winners: CeremonyWinner[];
}

/**
 * The ceremony as far as the host has taken it. Only announced tiers and revealed winners are in
 * the payload: a screen cannot know a winner before the hall does.
 */
export interface CeremonyView {
  track: string;
  trackName: Localized;
  step: number;
  /** Steps in all: title; per awarded tier (lowest first) its announcement and one per winner; all winners. */
  steps: number;
  kind: 'title' | 'tier' | 'entry' | 'all';
  /** Announced tiers, lowest first; the last is the current one on a `tier` or `entry` step. */
  revealed: CeremonyTierReveal[];
  /** The winner this step revealed (an `entry` step). */
  latest: number | null;
  showScores: boolean;
  /** On the final page: the track's entries without a score (无成绩). */
  noScore: NoScoreRow[];
}

export interface DisplayView {
  track: string | null;
  boardVisible: boolean;
  /** The screens' language, and per named display (`?display=<name>`) its own. */
  language: ScreenLanguage;
  languages: Record<string, ScreenLanguage>;
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

/** What became of a sheet version that arrived after its entry closed. */
export type LateStatus = 'pending' | 'counted' | 'kept_out' | 'superseded';

/** A sheet that reached the server after its entry closed: kept, never counted silently. */
export interface HostLateSheet {
  id: number;
  receivedAt: string;
  /** Criteria + bonus, hundredths. */
  total: number;
  scores: Record<string, number>;
  bonus: Record<string, number>;
  comment: string;
  status: LateStatus;
  /** The host's reason when it was counted or kept out. */
  note: string | null;
  decidedAt: string | null;
}

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
  /** The judge changed the submitted sheet and has not submitted again (修改中): the submitted one counts. */
  amending: boolean;
  /** The newest version that arrived after the entry closed, if any. */
  late: HostLateSheet | null;
  /**
   * Outlier flags on the submitted sheet, total first; empty when none (or not counted). Another
   * judge's submission can change them: a submit resends every status of its entry.
   */
  flags: SheetFlag[];
}

export interface HostEntry extends EntryPublic {
  contact: string | null;
  closedAt: string | null;
  /** The host's reason for closing with sheets missing. */
  closeReason: string | null;
  /** The host's confirmation of the award on a short panel. */
  panelConfirmed: { at: string; reason: string } | null;
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
  /** Judges expected to score the entry. */
  expected: number;
  /** Fewer counted than the minimum panel: the award waits for the host unless confirmed. */
  shortPanel: boolean;
  panelConfirmed: boolean;
  /** Why the award waits on the host, if it does. */
  pending: 'tie' | 'panel' | null;
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
  boardShowsAwards: boolean;
  stageShowsTotals: boolean;
  /** The contest file's `minAwardPanel`, or null for its default (the effective one is in `results`). */
  minAwardPanel: number | null;
  stage: StageView;
  /** In running order; withdrawn entries last. */
  entries: HostEntry[];
  results: HostResults;
  ceremony: HostCeremony;
}

export interface HostResults {
  ranking: ResultRowView[];
  /** Closed entries without a counted sheet (无成绩), by code. */
  unranked: { entryId: number; expected: number; recused: number[] }[];
  boundaryTies: BoundaryTieView[];
  provisional: boolean;
  /** Fewer counted judges than this and an award waits for the host's confirmation. */
  minAwardPanel: number;
}

/** A step of a track's ceremony plan (host only: it names every winner). */
export interface HostCeremonyStep {
  key: string;
  kind: 'title' | 'tier' | 'entry' | 'all';
  tier: string | null;
  entryId: number | null;
}

/**
 * A track's ceremony as the console drives it: the whole plan (so the console can preview the
 * next step: what will appear, before the hall sees it), where it stands, and the board override.
 * Host only: never in a public payload.
 */
export interface HostCeremony {
  /** The host has started this track's ceremony. */
  started: boolean;
  /** The step on show, as its index in `plan` (0 before the start, and while held at the title). */
  index: number;
  /** Held at the title: scoring is open in the track or an award waits on the host. */
  held: boolean;
  /** The host's override: the board shows during the ceremony. */
  boardShown: boolean;
  plan: HostCeremonyStep[];
}

export interface HostJudge {
  id: number;
  key: string;
  name: string;
  affiliation: string | null;
  tracks: string[];
  /** 签字确认 per track key: when. */
  signOffs: Record<string, string>;
  /** Entry ids the judge is recused from. */
  recusals: number[];
}

/**
 * Whether a judge's pad is with us: connected now (on any server process), when it was last seen,
 * and the unsent work it reported (a queued submission, changes not yet saved to the server).
 * Not a database fact: each process knows its own connections and they tell each other.
 */
export interface JudgePresence {
  judgeId: number;
  connected: boolean;
  /** When the last pad of the judge disconnected; null while connected, or not seen since the server started. */
  lastSeen: string | null;
  /** Entries with a submission waiting on the phone (the pad's last report). */
  queued: number[];
  /** Entries with changes on the phone not yet saved to the server. */
  unsaved: number[];
  /** When the pad last reported (null: never). */
  reportedAt: string | null;
}

export type HostAlert =
  | { kind: 'boundaryTie'; track: string; entryIds: number[]; above: string | null; below: string | null }
  | { kind: 'missingSheets'; track: string; entryId: number; judgeIds: number[] }
  | { kind: 'outlier'; track: string; entryId: number; judgeId: number; total: number; othersMedian: number }
  | { kind: 'criterionOutlier'; track: string; entryId: number; judgeId: number; key: string; value: number; othersMedian: number }
  /** A sheet arrived after its entry closed: the host counts it (reopening the entry) or keeps it out. */
  | { kind: 'lateSheet'; track: string; entryId: number; judgeId: number; late: HostLateSheet }
  /** An award on fewer judges than the minimum panel waits for the host's confirmation. */
  | { kind: 'shortPanel'; track: string; entryId: number; counted: number; expected: number; minAwardPanel: number };

/** The host's view. Alerts are derived from it by server/domain/alerts.ts (on the console). */
export interface HostView {
  seq: number;
  contest: ContestInfo;
  tracks: HostTrack[];
  judges: HostJudge[];
  display: DisplayView;
  ceremony: CeremonyView | null;
  /** Pads' presence, with its own version (it is not in the audit record's order). */
  presence: { seq: number; judges: JudgePresence[] };
}

export interface JudgeSheetView {
  scores: Record<string, number>;
  bonus: Record<string, number>;
  comment: string;
  submittedAt: string | null;
  submitCount: number;
}

/** What became of the judge's sheet that arrived after the entry closed. */
export interface JudgeLateSheet {
  receivedAt: string;
  status: LateStatus;
  /** The host's reason. */
  note: string | null;
}

export interface JudgeEntry extends EntryPublic {
  recused: boolean;
  /** The newest of the judge's sheets that arrived after the entry closed, if any. */
  late: JudgeLateSheet | null;
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
  /** When the judge signed this track off (签字确认), or null. */
  signedOffAt: string | null;
}

export interface JudgeView {
  seq: number;
  contest: ContestInfo;
  judge: { id: number; name: string; affiliation: string | null };
  tracks: JudgeTrack[];
}

/** Id of the `<script type="application/json">` that carries a page's first data inline. */
export const INITIAL_DATA_ID = 'podium-initial';

/**
 * What a judge's page carries inline (server/routes/pages.ts), so the pad can render before its
 * socket connects: the judge's view, or the news that the link is not valid.
 */
export type InitialJudgeData = { ok: true; token: string; view: JudgeView } | { ok: false; token: string; code: 'unauthorized' };
