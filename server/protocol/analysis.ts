/**
 * The track analysis as the host asks for it (`analysis:get`, a read: no audit record) and hears
 * about it (`analysis:status`). Each process computes a track's analysis off its event loop, once
 * per version of the track's results: a quick pass without the bootstrap first, then the full
 * one (docs/analysis.md). Host only: no public or judge payload carries any of it.
 *
 * The analysis itself is the domain's plain JSON (`TrackAnalysis`, ids for entries and judges);
 * its type is imported from the domain for the compiler only, nothing runs across.
 */
import { z } from 'zod';
import type { TrackAnalysis } from '../domain/analysis/analyze';
import { trackKey } from './commands';

/** `quick`: without the bootstrap (a tenth of a second); `full`: with it (seconds). */
export const ANALYSIS_PHASES = ['quick', 'full'] as const;
export type AnalysisPhase = (typeof ANALYSIS_PHASES)[number];

export const analysisRequest = z.strictObject({ track: trackKey });

const phase = z.enum(ANALYSIS_PHASES);

/** Where a track's analysis stands on this server process. */
export const analysisStatus = z.strictObject({
  track: z.string(),
  /** The version of the track's results now (the seq of their last change). */
  latest: z.number(),
  /** The results version the held analysis is of; null: none yet. Older than `latest`: being redone. */
  version: z.number().nullable(),
  /** How far the held analysis goes; null: none yet. */
  phase: phase.nullable(),
  /** The pass being computed (or about to be) for `latest`; null when the held analysis is complete and current. */
  computing: phase.nullable(),
  /** Why the analysis of `latest` could not be computed, if it could not. */
  failed: z.string().nullable(),
});

export const analysisAnswer = analysisStatus.extend({
  /** The held analysis (entry and judge ids as in the host view); null until the first pass is done. */
  analysis: z.custom<TrackAnalysis>().nullable(),
});

export type AnalysisRequest = z.infer<typeof analysisRequest>;
export type AnalysisStatus = z.infer<typeof analysisStatus>;
export type AnalysisAnswer = z.infer<typeof analysisAnswer>;
