/**
 * How the analysis service schedules its work, on a real model (a contest written to PGlite and
 * loaded) fed with effects as the live layer feeds it, and a runner the test answers by hand (with
 * the real `analyzeTrack`), so the order of the passes can be seen one by one: the quick pass
 * first, then the bootstrap; never two at once; never a bootstrap of results that changed; a
 * failure reported and not retried until the results change.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../db/open';
import { analyzeTrack, type AnalysisInput, type AnalysisOptionsInput, type TrackAnalysis } from '../domain/analysis/analyze';
import type { AnalysisStatus } from '../protocol/analysis';
import { parseContestFile } from '../protocol/contestFile';
import type { Effect } from '../store/effects';
import { importContest } from '../store/importContest';
import { ContestModel, type ModelChanges } from '../store/model';
import { loadSnapshot } from '../store/snapshot';
import { AnalysisService } from './service';

const SMALL = fileURLToPath(new URL('../../test/fixtures/contests/host-small.json', import.meta.url));

interface Job {
  phase: 'quick' | 'full';
  input: AnalysisInput;
  resolve: (value: { analysis: TrackAnalysis; ms: number }) => void;
  reject: (error: Error) => void;
}

let database: OpenDatabase;
let contestId: number;
afterAll(async () => database?.close());

/** The live layer's part: a model, effects applied in seq order, listeners told. */
class Feed {
  readonly listeners: ((changes: ModelChanges, model: ContestModel) => void)[] = [];
  constructor(public model: ContestModel) {}
  get contestId() {
    return this.model.contestId;
  }
  onChange(listener: (changes: ModelChanges, model: ContestModel) => void) {
    this.listeners.push(listener);
  }
  apply(effects: Effect[]) {
    const changes = this.model.apply(this.model.seq + 1, effects);
    for (const l of this.listeners) l(changes, this.model);
  }
}

let feed: Feed;
let service: AnalysisService;
let jobs: Job[];
let statuses: AnalysisStatus[];

beforeEach(async () => {
  if (!database) {
    database = await openDatabase({ kind: 'pglite', dataDir: null });
    const parsed = parseContestFile(JSON.parse(readFileSync(SMALL, 'utf8')));
    if (!parsed.ok) throw new Error('fixture must parse');
    contestId = await importContest(database.db, parsed.contest, 0);
  }
  feed = new Feed(new ContestModel(await loadSnapshot(database.db, contestId)));
  jobs = [];
  statuses = [];
  const run = (input: AnalysisInput, options: AnalysisOptionsInput) =>
    new Promise<{ analysis: TrackAnalysis; ms: number }>((resolve, reject) => jobs.push({ phase: options.resamples === 0 ? 'quick' : 'full', input, resolve, reject }));
  service = new AnalysisService({ live: feed, run, logger: pino({ level: 'silent' }), settleMs: 0 });
  service.onStatus((s) => statuses.push(s));
});

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
/** Answers the oldest job with the real analysis. */
async function finish(): Promise<Job> {
  const job = jobs.shift()!;
  job.resolve({ analysis: analyzeTrack(job.input, job.phase === 'quick' ? { resamples: 0 } : { resamples: 20 }), ms: 1 });
  await tick();
  return job;
}

let sheetIds = 1000;
/** Four sheets on an entry of hallA (totals in hundredths, split over its two criteria), and the entry closed. */
function scoreAndClose(code: string, totals: number[]): void {
  const model = feed.model;
  const track = model.trackOfKey('hallA')!;
  const entry = model.trackEntries(track.id).find((e) => e.code === code)!;
  const judges = model.trackJudgeIds(track.id);
  feed.apply([
    ...totals.map((total, i): Effect => ({
      kind: 'sheet', id: sheetIds++, entryId: entry.id, judgeId: judges[i]!, scores: { idea: Math.floor(total / 200) * 100, delivery: total - Math.floor(total / 200) * 100 },
      bonus: {}, comment: '', submittedAt: 1, submitCount: 1, draft: null, draftSavedAt: null,
    })),
    { kind: 'entry', id: entry.id, state: 'closed', position: entry.position, closedAt: 1 },
  ]);
}

describe('the analysis service', () => {
  it('computes nothing until asked; then the quick pass, then the bootstrap, one at a time', async () => {
    scoreAndClose('A01', [8000, 8100, 7900, 8000]);
    expect(jobs).toHaveLength(0);
    const first = service.get('hallA');
    expect(first).toMatchObject({ track: 'hallA', version: null, phase: null, computing: 'quick', analysis: null });
    service.get('hallA');
    expect(jobs.map((j) => j.phase)).toEqual(['quick']);
    await finish();
    expect(jobs.map((j) => j.phase)).toEqual(['full']);
    expect(service.get('hallA')).toMatchObject({ phase: 'quick', computing: 'full' });
    await finish();
    expect(jobs).toHaveLength(0);
    const done = service.get('hallA');
    expect(done).toMatchObject({ phase: 'full', computing: null, version: done.latest });
    expect(done.analysis!.entries).toHaveLength(1);
    expect(statuses.map((s) => [s.phase, s.computing])).toEqual([[null, 'quick'], ['quick', 'full'], ['quick', 'full'], ['full', null]]);
  });

  it('lets a bootstrap of changed results finish, then starts over with a quick pass of the new results', async () => {
    scoreAndClose('A01', [8000, 8100, 7900, 8000]);
    service.get('hallA');
    await finish();
    expect(jobs.map((j) => j.phase)).toEqual(['full']);
    const running = feed.model.resultsVersion(feed.model.trackOfKey('hallA')!.id);

    scoreAndClose('A02', [7000, 7200, 6900, 7000]);
    await tick();
    // Out of date, announced at once; the running bootstrap is not doubled.
    expect(statuses.at(-1)).toMatchObject({ version: running, computing: 'quick' });
    expect(statuses.at(-1)!.latest).toBeGreaterThan(running);
    expect(jobs).toHaveLength(1);
    await finish();
    expect(jobs.map((j) => j.phase)).toEqual(['quick']);
    expect(jobs[0]!.input.entries).toHaveLength(2);
    await finish();
    await finish();
    expect(service.get('hallA')).toMatchObject({ phase: 'full', computing: null });
    expect(service.get('hallA').analysis!.entries).toHaveLength(2);
  });

  it('runs every quick pass before a bootstrap, and resolves a waiting export with the full analysis', async () => {
    scoreAndClose('A01', [8000, 8100, 7900, 8000]);
    service.get('hallA');
    const full = service.full(feed.model.trackOfKey('hallB')!.id);
    expect(jobs.map((j) => j.phase)).toEqual(['quick']);
    await finish();
    // hallB's quick pass goes before hallA's bootstrap.
    expect(jobs.map((j) => [j.phase, j.input.rules.aggregation.policy])).toEqual([['quick', 'mean']]);
    await finish();
    expect(jobs.map((j) => [j.phase, j.input.rules.aggregation.policy])).toEqual([['full', 'trimmed']]);
    await finish();
    expect(jobs.map((j) => [j.phase, j.input.rules.aggregation.policy])).toEqual([['full', 'mean']]);
    await finish();
    expect((await full).options.resamples).toBe(20);
  });

  it('reports a failure, rejects the export, and tries again only when the results change', async () => {
    scoreAndClose('A01', [8000, 8100, 7900, 8000]);
    const full = service.full(feed.model.trackOfKey('hallA')!.id);
    jobs.shift()!.reject(new Error('boom'));
    await expect(full).rejects.toThrow('boom');
    expect(service.get('hallA')).toMatchObject({ failed: 'boom', computing: null });
    expect(jobs).toHaveLength(0);
    await expect(service.full(feed.model.trackOfKey('hallA')!.id)).rejects.toThrow('boom');
    expect(jobs).toHaveLength(0);
    scoreAndClose('A02', [7000, 7200, 6900, 7000]);
    await tick();
    expect(jobs.map((j) => j.phase)).toEqual(['quick']);
    expect(service.get('hallA')).toMatchObject({ failed: null, computing: 'quick' });
  });
});
