/**
 * The results recomputed from the audit records alone: the contest as imported, then every
 * people import, change from the /setup editor (tracks and their rubrics, judges, entries),
 * submitted sheet, close, reopen, withdrawal, recusal, tie decision, late sheet counted (a sheet
 * kept as late, `sheet:late`, counts for nothing until then) and award confirmed on a short
 * panel, in the order they were accepted. Compared with the live results (which come from the tables), it shows whether the
 * tables still say what the record says: editing a sheet in the database behind Podium's back
 * breaks the comparison, and editing the record breaks the hash chain. Pure: no queries.
 */
import { computeTrackResults, type TrackResults } from '../domain/results';
import { trackRulesOf } from '../domain/rules';
import type { ManualTieDecision, SheetValues } from '../domain/types';
import type { ContestDefinition } from '../protocol/contestFile';
import type { PeopleImported } from '../protocol/people';
import type { ChainCheck, ReplayCheck } from '../protocol/rest';
import { computeAllResults } from '../views/results';
import { verifyChain, type AuditRow } from './audit';
import type { ContestState } from './state';

/** The import record's payload: the normalised contest with the ids it was given. */
type ImportedContest = Omit<ContestDefinition, 'tracks' | 'judges' | 'entries'> & {
  tracks: (ContestDefinition['tracks'][number] & { id: number })[];
  judges: (Omit<ContestDefinition['judges'][number], 'token'> & { id: number })[];
  entries: (ContestDefinition['entries'][number] & { id: number })[];
};

interface Payload {
  entryId?: number;
  judgeId?: number;
  reopened?: boolean;
  recused?: boolean;
  action?: string;
  to?: string;
  track?: string;
  entryIds?: number[];
  scores?: Record<string, number>;
  bonus?: Record<string, number>;
}

export type ReplayResult = { ok: true; results: Map<string, TrackResults> } | { ok: false; reason: string };

/** A track as its records carry it: the normalised definition with its id. */
type RecordedTrack = ContestDefinition['tracks'][number] & { id: number };
type RecordedJudge = { id: number; tracks: string[] };
type RecordedEntry = { id: number; track: string; code: string };
type DroppedRecusals = { droppedRecusals?: { judgeId: number; entryId: number }[] };

export function replayResults(records: readonly AuditRow[]): ReplayResult {
  const importRecord = records.find((r) => r.action === 'contest:import');
  if (!importRecord) return { ok: false, reason: 'no contest:import record' };
  const contest = importRecord.payload as ImportedContest;

  // The configuration as the records leave it: the import, then people from spreadsheets
  // (people:import) and the /setup editor's changes (track:*, judge:*, entry:*).
  const tracks = new Map<string, RecordedTrack>(contest.tracks.map((t) => [t.key, t]));
  const entries = new Map<number, RecordedEntry>(contest.entries.map((e) => [e.id, { id: e.id, track: e.track, code: e.code }]));
  const judges = new Map<number, RecordedJudge>(contest.judges.map((j) => [j.id, { id: j.id, tracks: j.tracks }]));
  const entryIdByCode = new Map(contest.entries.map((e) => [e.code, e.id]));
  const judgeIdByKey = new Map(contest.judges.map((j) => [j.key, j.id]));
  const recusals = new Set(contest.recusals.map((r) => `${judgeIdByKey.get(r.judge)}:${entryIdByCode.get(r.entry)}`));
  const dropRecusals = (p: DroppedRecusals) => {
    for (const r of p.droppedRecusals ?? []) recusals.delete(`${r.judgeId}:${r.entryId}`);
  };
  const closed = new Set<number>();
  const panelConfirmed = new Set<number>();
  const sheets = new Map<string, { judgeId: number; entryId: number; values: SheetValues }>();
  let decisions: { track: string; order: number[] }[] = [];
  const forgetDecisionsOf = (entryId: number) => {
    decisions = decisions.filter((d) => !d.order.includes(entryId));
  };
  const reopen = (entryId: number) => {
    closed.delete(entryId);
    panelConfirmed.delete(entryId);
    forgetDecisionsOf(entryId);
  };

  for (const record of records) {
    const p = (record.payload ?? {}) as Payload;
    switch (record.action) {
      case 'sheet:submit':
        sheets.set(`${record.actorId}:${p.entryId}`, {
          judgeId: record.actorId!,
          entryId: p.entryId!,
          values: { scores: p.scores ?? {}, bonus: p.bonus ?? {} },
        });
        break;
      case 'stage:close':
        closed.add(p.entryId!);
        break;
      case 'stage:closeMany':
        for (const id of p.entryIds ?? []) closed.add(id);
        break;
      case 'stage:reopen':
        reopen(p.entryId!);
        break;
      case 'late:count':
        // The host counted a late version: the entry reopened (if closed) and the version is the judge's sheet.
        if (p.reopened) reopen(p.entryId!);
        sheets.set(`${p.judgeId}:${p.entryId}`, { judgeId: p.judgeId!, entryId: p.entryId!, values: { scores: p.scores ?? {}, bonus: p.bonus ?? {} } });
        break;
      case 'panel:confirm':
        panelConfirmed.add(p.entryId!);
        break;
      case 'entry:status':
        if (p.action === 'withdraw') closed.delete(p.entryId!);
        if (p.action === 'restore' && p.to === 'closed') closed.add(p.entryId!);
        if (p.action === 'withdraw' || p.action === 'restore') forgetDecisionsOf(p.entryId!);
        break;
      case 'recusal:set':
        if (p.recused) recusals.add(`${p.judgeId}:${p.entryId}`);
        else recusals.delete(`${p.judgeId}:${p.entryId}`);
        break;
      case 'people:import': {
        const added = record.payload as PeopleImported;
        // Copies: the records themselves are never changed here.
        for (const e of added.entries) entries.set(e.id, { id: e.id, track: e.track, code: e.code });
        for (const j of added.judges) judges.set(j.id, { id: j.id, tracks: j.tracks });
        break;
      }
      case 'track:add':
      case 'track:edit': {
        const { track } = record.payload as { track: RecordedTrack };
        tracks.set(track.key, track);
        break;
      }
      case 'track:remove': {
        const key = (record.payload as { track: string }).track;
        tracks.delete(key);
        // Its judges no longer score it (a track added later under the same key is another one).
        for (const j of judges.values()) j.tracks = j.tracks.filter((t) => t !== key);
        break;
      }
      case 'judge:add':
      case 'judge:edit': {
        const { judge } = record.payload as { judge: RecordedJudge } & DroppedRecusals;
        judges.set(judge.id, { id: judge.id, tracks: judge.tracks });
        dropRecusals(record.payload as DroppedRecusals);
        break;
      }
      case 'judge:remove': {
        const { judgeId } = record.payload as { judgeId: number };
        judges.delete(judgeId);
        for (const key of [...recusals]) if (key.startsWith(`${judgeId}:`)) recusals.delete(key);
        break;
      }
      case 'entry:add':
      case 'entry:edit': {
        const { entry } = record.payload as { entry: RecordedEntry };
        entries.set(entry.id, { id: entry.id, track: entry.track, code: entry.code });
        dropRecusals(record.payload as DroppedRecusals);
        break;
      }
      case 'entry:remove': {
        const { entryId } = record.payload as { entryId: number };
        entries.delete(entryId);
        for (const key of [...recusals]) if (key.endsWith(`:${entryId}`)) recusals.delete(key);
        break;
      }
      case 'tie:resolve': {
        const order = p.entryIds ?? [];
        decisions = decisions.filter((d) => !(d.track === p.track && d.order.some((id) => order.includes(id))));
        decisions.push({ track: p.track!, order });
        break;
      }
    }
  }

  const codeById = new Map([...entries.values()].map((e) => [e.id, e.code]));
  const results = new Map<string, TrackResults>();
  for (const track of tracks.values()) {
    const entryIds = new Set([...entries.values()].filter((e) => e.track === track.key).map((e) => e.id));
    const judgeIds = new Set([...judges.values()].filter((j) => j.tracks.includes(track.key)).map((j) => j.id));
    const manualDecisions: ManualTieDecision[] = decisions.filter((d) => d.track === track.key).map((d) => ({ order: d.order }));
    results.set(
      track.key,
      computeTrackResults({
        rules: trackRulesOf(track),
        entries: [...entryIds].filter((id) => closed.has(id)),
        sheets: [...sheets.values()].filter((s) => entryIds.has(s.entryId) && judgeIds.has(s.judgeId)),
        recusals: [...recusals].map((key) => key.split(':').map(Number)).map(([judgeId, entryId]) => ({ judgeId: judgeId!, entryId: entryId! })).filter((r) => entryIds.has(r.entryId)),
        manualDecisions,
        panel: [...judgeIds],
        panelConfirmed: [...panelConfirmed].filter((id) => entryIds.has(id)),
        codes: codeById,
      }),
    );
  }
  return { ok: true, results };
}

/** Where two sets of results disagree (ranked entries, scores, places, awards), one line each. */
export function compareResults(live: ReadonlyMap<string, TrackResults>, replayed: ReadonlyMap<string, TrackResults>): string[] {
  const differences: string[] = [];
  const summary = (r: TrackResults | undefined) =>
    (r?.ranking ?? []).map((e) => `${e.entryId}:${e.final}:${e.rank}:${e.award ?? '-'}${e.provisional ? '?' : ''}`);
  for (const key of new Set([...live.keys(), ...replayed.keys()])) {
    const a = summary(live.get(key));
    const b = summary(replayed.get(key));
    if (a.join(' ') !== b.join(' ')) differences.push(`track ${key}: the tables give [${a.join(', ')}], the record gives [${b.join(', ')}]`);
  }
  return differences;
}

/**
 * The two checks of a contest's record: the chain (no record was edited) and the replay (the
 * tables still say what the record says: the results recomputed from the records alone are the
 * live ones). What audit.json, the backup and the restore report.
 */
export function auditChecks(state: ContestState, rows: readonly AuditRow[]): { chain: ChainCheck; replay: ReplayCheck } {
  const live = computeAllResults(state);
  const replayed = replayResults(rows);
  const differences = replayed.ok
    ? compareResults(new Map(state.tracks.map((t) => [t.key, live.get(t.id)!])), replayed.results)
    : [replayed.reason];
  return { chain: verifyChain(rows), replay: { ok: differences.length === 0, differences } };
}
