/**
 * What the track analysis costs (server/domain/analysis): the demo contest's government track
 * grown to a size, plausible seeded sheets (scripts/generate-sheets.ts), then `analyzeTrack` without
 * the bootstrap (outliers, judges, W and ICC, leave-one-out, policies) and with it.
 *
 *   npx tsx scripts/bench-analysis.ts [--sizes 7x20,15x200] [--resamples 1000] [--runs 3]
 *
 * Prints milliseconds (median of the runs) and the bootstrap's cost per resample. Figures, not a
 * test: the machine is shared, so read them as orders of magnitude.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { analyzeTrack, type AnalysisInput } from '../server/domain/analysis/analyze';
import { parseContestFile, type ContestDefinition } from '../server/protocol/contestFile';
import { processIO, loadInputs } from './cli';
import { generateSheets } from './generate-sheets';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The demo contest's government track with `judges` judges and `entries` entries, as a contest file. */
export function syntheticContest(judges: number, entries: number, recusals: { judge: string; entry: string }[] = [{ judge: 'J1', entry: 'G001' }]) {
  const raw = JSON.parse(readFileSync(resolve(ROOT, 'scripts/demo-contest.json'), 'utf8')) as Record<string, unknown> & { tracks: { key: string }[] };
  return {
    ...raw,
    tracks: raw.tracks.filter((t) => t.key === 'gov'),
    judges: Array.from({ length: judges }, (_, i) => ({ key: `J${i + 1}`, name: `评委${i + 1}`, tracks: ['gov'] })),
    entries: Array.from({ length: entries }, (_, i) => ({ code: `G${String(i + 1).padStart(3, '0')}`, track: 'gov', unit: `单位${i + 1}`, model: `模型${i + 1}` })),
    recusals,
  };
}

/** That track and its seeded sheets, as the analysis takes them. */
export function syntheticTrack(judges: number, entries: number, seed = 'bench'): AnalysisInput {
  const file = syntheticContest(judges, entries);
  const parsed = parseContestFile(file);
  if (!parsed.ok) throw new Error('the synthetic contest does not parse');
  const contest: ContestDefinition = parsed.contest;
  const csv = generateSheets(contest, seed);
  const io = { ...processIO, readFile: (path: string) => (path === 'contest.json' ? JSON.stringify(file) : csv) };
  const [track] = loadInputs(io, { contest: 'contest.json', sheets: 'sheets.csv' }).tracks;
  return { ...track!.input, judges: track!.judges };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(runs: number, f: () => unknown): number {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

export function main(argv: readonly string[]): number {
  const { values } = parseArgs({
    args: [...argv],
    options: { sizes: { type: 'string', default: '7x20,15x200' }, resamples: { type: 'string', default: '1000' }, runs: { type: 'string', default: '3' } },
    strict: true,
  });
  const resamples = Number(values.resamples);
  const runs = Number(values.runs);
  console.log(`node ${process.version}, ${resamples} resamples, median of ${runs} runs`);
  console.log('judges × entries   without bootstrap   with bootstrap   per resample');
  for (const size of values.sizes.split(',')) {
    const [judges, entries] = size.split('x').map(Number) as [number, number];
    const input = syntheticTrack(judges, entries);
    const base = time(runs, () => analyzeTrack(input, { resamples: 0 }));
    const all = time(runs, () => analyzeTrack(input, { resamples }));
    const per = (all - base) / resamples;
    console.log(`${`${judges} × ${entries}`.padEnd(17)}  ${`${base.toFixed(0)} ms`.padStart(17)}  ${`${all.toFixed(0)} ms`.padStart(15)}  ${`${per.toFixed(2)} ms`.padStart(13)}`);
  }
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  process.exitCode = main(process.argv.slice(2));
}
