/**
 * The analysis of every track as a file (GET /api/export/analysis.json): entry codes and judge
 * keys for ids, as `npm run analyze --format json` prints it from the exported contest.json,
 * sheets.csv and manual.json. The analyses come from the process's analysis service (computed in
 * its worker thread, shared with the console); this only labels them.
 */
import { relabelAnalysis, type TrackAnalysis } from '../domain/analysis/analyze';
import type { ContestAnalysisReport } from '../domain/analysis/report';
import type { ContestModel } from '../store/model';

export function analysisReportOf(model: ContestModel, analyses: ReadonlyMap<number, TrackAnalysis>): ContestAnalysisReport {
  const code = (id: number) => model.entry(id)!.code;
  const key = (id: number) => model.judge(id)!.key;
  return {
    contest: model.contest.name,
    tracks: model.tracks.map((t) => ({ key: t.key, name: t.name, analysis: relabelAnalysis(analyses.get(t.id)!, code, key) })),
  };
}
