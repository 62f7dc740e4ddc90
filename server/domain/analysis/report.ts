/**
 * The analysis of a whole contest as files carry it: per track, entry codes and judge keys for
 * ids (`relabelAnalysis`). `npm run analyze --format json` prints it from the exported files, the
 * server exports it (GET /api/export/analysis.json) from its own state: the two are equal.
 */
import type { Localized } from '../../protocol/contestFile';
import type { TrackAnalysis } from './analyze';

export interface TrackAnalysisReport {
  key: string;
  name: Localized;
  analysis: TrackAnalysis<string, string>;
}

export interface ContestAnalysisReport {
  contest: Localized;
  tracks: TrackAnalysisReport[];
}
