/**
 * The contest in memory, indexed (maps, not scans), as one server process sees it: loaded once
 * from the database, then kept current by applying every command's effects in `seq` order
 * (live.ts). Views and the realtime layer read it; commands read their configuration from it
 * (tracks, rubric, tiers, judges, recusals: unchanged between configuration commands, which bump
 * `configVersion`) but the live rows they decide on (an entry's state, a sheet) from the database,
 * under row locks. Results are computed per track only when something that can change them did.
 */
import { entryOutliers, type SheetOutlier } from '../domain/outliers';
import { computeTrackResults, type TrackResults, type TrackResultsInput } from '../domain/results';
import type { TrackRules } from '../domain/types';
import { dateOf, lateSheetRowOf, sheetRowOf, type Effect } from './effects';
import type {
  AwardTierRow, CeremonyRow, ContestRow, ContestState, DisplayRow, EntryRow, JudgeRow, JudgeTrackRow, LateSheetRow, RecusalRow,
  RubricItemRow, SheetRow, SignOffRow, StageRow, TieDecisionRow, TrackRow,
} from './state';

/** What a batch of effects changed, for the realtime layer to turn into patches. */
export interface ModelChanges {
  /** Entries whose state, position or closing time changed. */
  entries: Set<number>;
  /** Tracks whose running order (or set of withdrawn entries) changed. */
  orders: Set<number>;
  /** Sheets (or recusals, or late versions) changed, as `judgeId:entryId`. */
  sheets: Set<string>;
  /**
   * Entries whose counted sheets changed (a submission, a recusal): their outlier flags may have
   * changed for every judge, not only the one who submitted. Drafts never land here.
   */
  counted: Set<number>;
  stages: Set<number>;
  /** Tracks whose results may have changed. */
  results: Set<number>;
  /** Judges whose sign-off or recusals changed. */
  judges: Set<number>;
  /** Tracks whose ceremony (step, board override) changed. */
  ceremonies: Set<number>;
  drawSeeds: Set<number>;
  /** Judges whose link changed: pads still open with the old one must go. */
  relinked: Set<number>;
  display: boolean;
  /** The configuration changed wholesale: the model must be loaded again. */
  reload: boolean;
}

export function noChanges(): ModelChanges {
  return {
    entries: new Set(), orders: new Set(), sheets: new Set(), counted: new Set(), stages: new Set(), results: new Set(), judges: new Set(),
    ceremonies: new Set(), drawSeeds: new Set(), relinked: new Set(), display: false, reload: false,
  };
}

const byRunningOrder = (a: EntryRow, b: EntryRow) => a.position - b.position || a.id - b.id;
const pairKey = (judgeId: number, entryId: number) => `${judgeId}:${entryId}`;

export class ContestModel {
  readonly contestId: number;
  readonly contest: ContestRow;
  /** Seq of the last audit record applied: the version of everything here. */
  seq: number;
  /** Version of the configuration (audit_heads.config_version) as of `seq`. */
  configVersion: number;
  /** In display order. */
  readonly tracks: readonly TrackRow[];
  display: DisplayRow;

  private readonly trackById = new Map<number, TrackRow>();
  private readonly trackByKey = new Map<string, TrackRow>();
  private readonly rubricItems = new Map<number, RubricItemRow[]>();
  private readonly tiers = new Map<number, AwardTierRow[]>();
  private readonly rules = new Map<number, TrackRules>();
  private readonly entryById = new Map<number, EntryRow>();
  /** Running order per track; dropped when a position changes and rebuilt on demand. */
  private readonly orderCache = new Map<number, EntryRow[]>();
  /** By id (ascending). */
  readonly judges: readonly JudgeRow[];
  private readonly judgeById = new Map<number, JudgeRow>();
  private readonly judgeTrackIds = new Map<number, number[]>();
  private readonly trackJudges = new Map<number, number[]>();
  private readonly recusals = new Map<string, RecusalRow>();
  private readonly sheets = new Map<number, Map<number, SheetRow>>();
  private readonly stages = new Map<number, StageRow>();
  private readonly tieDecisions = new Map<number, TieDecisionRow>();
  /** Sign-offs per judge: track id → when. */
  private readonly signOffs = new Map<number, Map<number, Date>>();
  private readonly ceremonyRows = new Map<number, CeremonyRow>();
  /** Late sheet versions per `judgeId:entryId`, oldest first. */
  private readonly lateSheets = new Map<string, LateSheetRow[]>();
  private readonly resultsCache = new Map<number, TrackResults>();
  /** Per track, the seq of the last change to its results (absent: unchanged since the load). */
  private readonly resultsSeqs = new Map<number, number>();
  /** The seq this model was loaded at. */
  private readonly loadedSeq: number;
  /** Outlier flags per entry, computed once per change of its counted sheets. */
  private readonly outlierCache = new Map<number, SheetOutlier[]>();

  constructor(state: ContestState) {
    this.contestId = state.contest.id;
    this.contest = state.contest;
    this.seq = state.seq;
    this.loadedSeq = state.seq;
    this.configVersion = state.configVersion;
    this.tracks = state.tracks;
    this.display = state.display;
    for (const t of state.tracks) {
      this.trackById.set(t.id, t);
      this.trackByKey.set(t.key, t);
      this.rubricItems.set(t.id, []);
      this.tiers.set(t.id, []);
      this.trackJudges.set(t.id, []);
    }
    for (const i of state.rubricItems) this.rubricItems.get(i.trackId)?.push(i);
    for (const a of state.awardTiers) this.tiers.get(a.trackId)?.push(a);
    for (const e of state.entries) this.entryById.set(e.id, { ...e });
    // No link secrets in memory: tokens are checked against the database (a relink elsewhere
    // must cut a link off at once), so a copy here could only go stale.
    this.judges = [...state.judges].sort((a, b) => a.id - b.id).map((j) => ({ ...j, token: '' }));
    for (const j of this.judges) {
      this.judgeById.set(j.id, j);
      this.judgeTrackIds.set(j.id, []);
    }
    for (const jt of state.judgeTracks) this.addJudgeTrack(jt);
    for (const list of this.trackJudges.values()) list.sort((a, b) => a - b);
    for (const r of state.recusals) this.recusals.set(pairKey(r.judgeId, r.entryId), r);
    for (const s of state.sheets) this.putSheet(s);
    for (const s of state.stages) this.stages.set(s.trackId, s);
    for (const d of state.tieDecisions) this.tieDecisions.set(d.id, d);
    for (const so of state.signOffs) this.putSignOff(so.judgeId, so.trackId, so.signedAt);
    for (const c of state.ceremonies) this.ceremonyRows.set(c.trackId, c);
    for (const l of state.lateSheets) this.putLate(l);
  }

  private putSignOff(judgeId: number, trackId: number, at: Date | null): void {
    let forJudge = this.signOffs.get(judgeId);
    if (!forJudge) this.signOffs.set(judgeId, (forJudge = new Map()));
    if (at) forJudge.set(trackId, at);
    else forJudge.delete(trackId);
  }

  private putLate(row: LateSheetRow): void {
    const key = pairKey(row.judgeId, row.entryId);
    const list = (this.lateSheets.get(key) ?? []).filter((l) => l.id !== row.id);
    list.push(row);
    list.sort((a, b) => a.id - b.id);
    this.lateSheets.set(key, list);
  }

  private addJudgeTrack(jt: JudgeTrackRow): void {
    this.judgeTrackIds.get(jt.judgeId)?.push(jt.trackId);
    this.trackJudges.get(jt.trackId)?.push(jt.judgeId);
  }

  private putSheet(s: SheetRow): void {
    let forEntry = this.sheets.get(s.entryId);
    if (!forEntry) this.sheets.set(s.entryId, (forEntry = new Map()));
    forEntry.set(s.judgeId, s);
  }

  // ---- configuration ---------------------------------------------------------------------------

  track(id: number): TrackRow | undefined {
    return this.trackById.get(id);
  }

  trackOfKey(key: string): TrackRow | undefined {
    return this.trackByKey.get(key);
  }

  /** Criteria and bonus items of a track, in rubric order. */
  rubric(trackId: number): readonly RubricItemRow[] {
    return this.rubricItems.get(trackId) ?? [];
  }

  /** Award tiers, best first. */
  awardTiers(trackId: number): readonly AwardTierRow[] {
    return this.tiers.get(trackId) ?? [];
  }

  /** The scoring rules of a track, as the domain takes them. */
  trackRules(trackId: number): TrackRules {
    let rules = this.rules.get(trackId);
    if (!rules) {
      const track = this.trackById.get(trackId)!;
      const items = this.rubric(trackId);
      const pick = (kind: 'criterion' | 'bonus') => items.filter((i) => i.kind === kind).map((i) => ({ key: i.key, max: i.max, step: i.step }));
      rules = {
        criteria: pick('criterion'),
        bonus: pick('bonus'),
        aggregation: track.aggregation,
        tieBreaks: track.tieBreaks,
        awards: this.awardTiers(trackId).map((a) => ({ key: a.key, count: a.count })),
        minAwardScore: track.minAwardScore ?? undefined,
        minAwardPanel: track.minAwardPanel ?? undefined,
      };
      this.rules.set(trackId, rules);
    }
    return rules;
  }

  judge(id: number): JudgeRow | undefined {
    return this.judgeById.get(id);
  }

  /** Tracks the judge scores, in display order. */
  tracksOfJudge(judgeId: number): TrackRow[] {
    const ids = new Set(this.judgeTrackIds.get(judgeId) ?? []);
    return this.tracks.filter((t) => ids.has(t.id));
  }

  /** Judges who score a track, by id. */
  trackJudgeIds(trackId: number): readonly number[] {
    return this.trackJudges.get(trackId) ?? [];
  }

  scoresTrack(judgeId: number, trackId: number): boolean {
    return (this.judgeTrackIds.get(judgeId) ?? []).includes(trackId);
  }

  isRecused(judgeId: number, entryId: number): boolean {
    return this.recusals.has(pairKey(judgeId, entryId));
  }

  recusalsOfJudge(judgeId: number): number[] {
    const out: number[] = [];
    for (const r of this.recusals.values()) if (r.judgeId === judgeId) out.push(r.entryId);
    return out;
  }

  /** Judges expected to score an entry: assigned to its track and not recused. */
  eligibleJudgeIds(entryId: number): number[] {
    const entry = this.entryById.get(entryId);
    if (!entry) return [];
    return this.trackJudgeIds(entry.trackId).filter((j) => !this.isRecused(j, entryId));
  }

  // ---- live state ------------------------------------------------------------------------------

  entry(id: number): EntryRow | undefined {
    return this.entryById.get(id);
  }

  /** A track's entries in running order. */
  trackEntries(trackId: number): readonly EntryRow[] {
    let list = this.orderCache.get(trackId);
    if (!list) {
      list = [...this.entryById.values()].filter((e) => e.trackId === trackId).sort(byRunningOrder);
      this.orderCache.set(trackId, list);
    }
    return list;
  }

  sheet(judgeId: number, entryId: number): SheetRow | undefined {
    return this.sheets.get(entryId)?.get(judgeId);
  }

  sheetsOfEntry(entryId: number): Iterable<SheetRow> {
    return this.sheets.get(entryId)?.values() ?? [];
  }

  stage(trackId: number): StageRow {
    return this.stages.get(trackId) ?? { trackId, entryId: null, clock: null };
  }

  /** When the judge signed off the track (签字确认), or null. */
  signedOff(judgeId: number, trackId: number): Date | null {
    return this.signOffs.get(judgeId)?.get(trackId) ?? null;
  }

  /** The judge's sign-offs, by track id. */
  signOffsOf(judgeId: number): ReadonlyMap<number, Date> {
    return this.signOffs.get(judgeId) ?? new Map();
  }

  /** The track's ceremony, once the host has started it. */
  ceremony(trackId: number): CeremonyRow | undefined {
    return this.ceremonyRows.get(trackId);
  }

  /** The newest late version of a judge's sheet for an entry (what the host decides on). */
  lateSheet(judgeId: number, entryId: number): LateSheetRow | undefined {
    return this.lateSheets.get(pairKey(judgeId, entryId))?.at(-1);
  }

  /** Every late version of a judge's sheet for an entry, oldest first. */
  lateSheetsOf(judgeId: number, entryId: number): readonly LateSheetRow[] {
    return this.lateSheets.get(pairKey(judgeId, entryId)) ?? [];
  }

  tieDecisionsOf(trackId: number): TieDecisionRow[] {
    return [...this.tieDecisions.values()].filter((d) => d.trackId === trackId).sort((a, b) => a.id - b.id);
  }

  /** The track's results, computed once per change that can affect them. */
  results(trackId: number): TrackResults {
    let results = this.resultsCache.get(trackId);
    if (!results) {
      results = computeTrackResults(this.resultsInput(trackId));
      this.resultsCache.set(trackId, results);
    }
    return results;
  }

  /**
   * The version of a track's results: the seq of the change that last changed them (or of the
   * load). It only grows, also across reloads, so a result kept under it can be told stale.
   */
  resultsVersion(trackId: number): number {
    return this.resultsSeqs.get(trackId) ?? this.loadedSeq;
  }

  /**
   * Values far from the other judges' on an entry's counted sheets (submitted by the track's
   * judges, recused judges left out), for the total and each criterion: the rule of
   * docs/analysis.md, the same function and order (judges by id) as the track analysis, so the
   * flags the host sees as sheets arrive are the analysis's flags once the entry closes. Computed
   * once per submission or recusal on the entry, never on a draft.
   */
  entryOutliers(entryId: number): readonly SheetOutlier[] {
    let flags = this.outlierCache.get(entryId);
    if (!flags) {
      const entry = this.entryById.get(entryId);
      flags = entry
        ? entryOutliers(
            this.trackRules(entry.trackId),
            this.trackJudgeIds(entry.trackId).flatMap((judgeId) => {
              const s = this.sheet(judgeId, entryId);
              if (!s || s.submittedAt === null || s.scores === null || this.isRecused(judgeId, entryId)) return [];
              return [{ judgeId, values: { scores: s.scores, bonus: s.bonus ?? {} } }];
            }),
          )
        : [];
      this.outlierCache.set(entryId, flags);
    }
    return flags;
  }

  /** What the scoring rules take for a track, from this model's rows. */
  resultsInput(trackId: number): TrackResultsInput {
    const entries = this.trackEntries(trackId);
    return trackResultsInput(this, trackId, {
      entries,
      sheets: entries.flatMap((e) => [...this.sheetsOfEntry(e.id)]),
      tieDecisions: this.tieDecisionsOf(trackId),
    });
  }

  // ---- changes ---------------------------------------------------------------------------------

  /** Applies one command's effects (already committed), recording what they changed. */
  apply(seq: number, effects: readonly Effect[], changes: ModelChanges = noChanges()): ModelChanges {
    for (const effect of effects) this.applyOne(effect, changes);
    this.seq = seq;
    for (const trackId of changes.results) {
      this.resultsCache.delete(trackId);
      this.resultsSeqs.set(trackId, seq);
    }
    for (const entryId of changes.counted) this.outlierCache.delete(entryId);
    return changes;
  }

  private applyOne(effect: Effect, changes: ModelChanges): void {
    switch (effect.kind) {
      case 'entry': {
        const entry = this.entryById.get(effect.id);
        if (!entry) return;
        const wasClosed = entry.state === 'closed';
        const confirmed = effect.panelConfirmed ?? null;
        if ((entry.panelConfirmedAt?.getTime() ?? null) !== (confirmed?.at ?? null)) changes.results.add(entry.trackId);
        entry.closeReason = effect.closeReason ?? null;
        entry.panelConfirmedAt = confirmed ? new Date(confirmed.at) : null;
        entry.panelConfirmReason = confirmed?.reason ?? null;
        if (entry.position !== effect.position || (entry.state === 'withdrawn') !== (effect.state === 'withdrawn')) {
          this.orderCache.delete(entry.trackId);
          changes.orders.add(entry.trackId);
        }
        entry.state = effect.state;
        entry.position = effect.position;
        entry.closedAt = dateOf(effect.closedAt);
        changes.entries.add(entry.id);
        changes.stages.add(entry.trackId);
        if (wasClosed !== (effect.state === 'closed')) changes.results.add(entry.trackId);
        return;
      }
      case 'stage':
        this.stages.set(effect.trackId, { trackId: effect.trackId, entryId: effect.entryId, clock: effect.clock });
        changes.stages.add(effect.trackId);
        return;
      case 'sheet': {
        const entry = this.entryById.get(effect.entryId);
        if (!entry) return;
        // Every submission counts one more; a draft leaves the count (and what counts) alone.
        const submitted = (this.sheet(effect.judgeId, effect.entryId)?.submitCount ?? 0) !== effect.submitCount;
        this.putSheet(sheetRowOf(effect));
        changes.sheets.add(pairKey(effect.judgeId, effect.entryId));
        if (submitted) changes.counted.add(entry.id);
        changes.stages.add(entry.trackId);
        if (entry.state === 'closed') changes.results.add(entry.trackId);
        return;
      }
      case 'recusal': {
        const entry = this.entryById.get(effect.entryId);
        if (!entry) return;
        const key = pairKey(effect.judgeId, effect.entryId);
        if (effect.recusal) this.recusals.set(key, { judgeId: effect.judgeId, entryId: effect.entryId, reason: effect.recusal.reason, createdAt: new Date(effect.recusal.createdAt) });
        else this.recusals.delete(key);
        changes.sheets.add(key);
        changes.counted.add(entry.id);
        changes.judges.add(effect.judgeId);
        changes.stages.add(entry.trackId);
        if (entry.state === 'closed') changes.results.add(entry.trackId);
        return;
      }
      case 'tieDecision':
        if (effect.decision) {
          this.tieDecisions.set(effect.id, {
            id: effect.id, trackId: effect.trackId, entryOrder: effect.decision.entryOrder, reason: effect.decision.reason,
            decidedAt: new Date(effect.decision.decidedAt),
          });
        } else this.tieDecisions.delete(effect.id);
        changes.results.add(effect.trackId);
        return;
      case 'display':
        this.display = {
          contestId: this.contestId, screenTrackId: effect.screenTrackId, boardVisible: effect.boardVisible,
          ceremonyTrackId: effect.ceremonyTrackId, language: effect.language ?? 'zh-CN', languages: effect.languages ?? {},
        };
        changes.display = true;
        return;
      case 'ceremony':
        if (effect.ceremony) {
          this.ceremonyRows.set(effect.trackId, { trackId: effect.trackId, step: effect.ceremony.step, boardShown: effect.ceremony.boardShown, startedAt: new Date(effect.ceremony.startedAt) });
        } else this.ceremonyRows.delete(effect.trackId);
        changes.ceremonies.add(effect.trackId);
        return;
      case 'signOff':
        if (!this.judgeById.has(effect.judgeId)) return;
        this.putSignOff(effect.judgeId, effect.trackId, dateOf(effect.signedAt));
        changes.judges.add(effect.judgeId);
        return;
      case 'judge': {
        if (!this.judgeById.has(effect.id)) return;
        for (const trackId of this.judgeTrackIds.get(effect.id) ?? []) this.putSignOff(effect.id, trackId, dateOf(effect.signedOffAt));
        changes.judges.add(effect.id);
        return;
      }
      case 'lateSheet': {
        if (!this.entryById.has(effect.entryId)) return;
        this.putLate(lateSheetRowOf(effect));
        changes.sheets.add(pairKey(effect.judgeId, effect.entryId));
        return;
      }
      case 'judgeLink':
        changes.relinked.add(effect.id);
        return;
      case 'drawSeed': {
        const track = this.trackById.get(effect.trackId);
        if (!track) return;
        track.drawSeed = effect.drawSeed;
        changes.drawSeeds.add(track.id);
        return;
      }
      case 'config':
        this.configVersion = effect.version;
        return;
      case 'reload':
        changes.reload = true;
        return;
    }
  }

  /** The model as arrays, in the order a fresh load gives (for exports and comparisons). */
  toState(): ContestState {
    const sheets: SheetRow[] = [];
    for (const forEntry of this.sheets.values()) sheets.push(...forEntry.values());
    return {
      contest: this.contest,
      tracks: [...this.tracks],
      rubricItems: this.tracks.flatMap((t) => this.rubric(t.id)),
      awardTiers: this.tracks.flatMap((t) => this.awardTiers(t.id)),
      entries: [...this.entryById.values()].sort((a, b) => a.trackId - b.trackId || byRunningOrder(a, b)).map((e) => ({ ...e })),
      judges: this.judges.map((j) => ({ ...j })),
      judgeTracks: this.judges.flatMap((j) => (this.judgeTrackIds.get(j.id) ?? []).map((trackId) => ({ judgeId: j.id, trackId }))),
      recusals: [...this.recusals.values()],
      sheets: sheets.sort((a, b) => a.id - b.id),
      stages: [...this.stages.values()],
      tieDecisions: [...this.tieDecisions.values()].sort((a, b) => a.id - b.id),
      display: { ...this.display },
      signOffs: this.judges.flatMap((j): SignOffRow[] =>
        [...this.signOffsOf(j.id)].sort(([a], [b]) => a - b).map(([trackId, signedAt]) => ({ judgeId: j.id, trackId, signedAt })),
      ),
      ceremonies: [...this.ceremonyRows.values()].sort((a, b) => a.trackId - b.trackId),
      lateSheets: [...this.lateSheets.values()].flat().sort((a, b) => a.id - b.id),
      seq: this.seq,
      configVersion: this.configVersion,
    };
  }
}

/**
 * What the scoring rules take for a track: its closed entries, the submitted sheets of its judges,
 * its recusals and the host's tie decisions. The live rows come from the caller (this model's, or
 * rows a command read under lock), the configuration from the model.
 */
export function trackResultsInput(
  model: ContestModel,
  trackId: number,
  live: { entries: readonly EntryRow[]; sheets: readonly SheetRow[]; tieDecisions: readonly TieDecisionRow[] },
): TrackResultsInput {
  const judgeIds = model.trackJudgeIds(trackId);
  const judgeSet = new Set(judgeIds);
  const entryIds = new Set(live.entries.map((e) => e.id));
  return {
    rules: model.trackRules(trackId),
    entries: live.entries.filter((e) => e.state === 'closed').map((e) => e.id),
    sheets: live.sheets
      .filter((s) => entryIds.has(s.entryId) && judgeSet.has(s.judgeId) && s.submittedAt !== null && s.scores !== null)
      .map((s) => ({ judgeId: s.judgeId, entryId: s.entryId, values: { scores: s.scores!, bonus: s.bonus ?? {} } })),
    recusals: live.entries.flatMap((e) => judgeIds.filter((j) => model.isRecused(j, e.id)).map((judgeId) => ({ judgeId, entryId: e.id }))),
    manualDecisions: live.tieDecisions.map((d) => ({ order: d.entryOrder })),
    panel: judgeIds,
    panelConfirmed: live.entries.filter((e) => e.panelConfirmedAt !== null).map((e) => e.id),
    // Entries sharing a place are listed by code, which the exported file carries too.
    codes: new Map(live.entries.map((e) => [e.id, e.code])),
  };
}
