/**
 * Writes a plausible, random-but-seeded sheets CSV for a contest file: for demos, and to feed
 * `npm run results` on the demo contest. Same contest and seed, same bytes.
 *
 *   npx tsx scripts/generate-sheets.ts --contest scripts/demo-contest.json [--seed 1] [--out sheets.csv]
 *
 * Each entry gets a hidden quality, each judge a personal leniency; every criterion is
 * quality + leniency + noise, on the criterion's step. Bonus items go to the better entries.
 * Recused judges write no sheet for the entry they are recused from.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { describeProblems, parseContestFile, type ContestDefinition, type CriterionDefinition } from '../server/protocol/contestFile';
import { formatPointsCompact } from '../server/domain/format';
import { prng } from '../server/domain/random';

export interface GenerateIO {
  out(text: string): void;
  err(text: string): void;
  readFile(path: string): string;
  writeFile(path: string, text: string): void;
}

const processIO: GenerateIO = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  readFile: (path) => readFileSync(path, 'utf8'),
  writeFile: (path, text) => writeFileSync(path, text),
};

const USAGE = 'usage: npx tsx scripts/generate-sheets.ts --contest contest.json [--seed <text or number>] [--out sheets.csv]';

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** A value on the item's step, from a fraction of its max. */
function onStep(item: CriterionDefinition, fraction: number): number {
  const steps = item.max / item.step;
  return clamp(Math.round(fraction * steps), 0, steps) * item.step;
}

/** The sheets CSV text for a contest (header: judge,entry,<criterion keys>,<bonus keys>). */
export function generateSheets(contest: ContestDefinition, seed: string): string {
  const random = prng(seed);
  const criterionKeys = [...new Set(contest.tracks.flatMap((t) => t.criteria.map((c) => c.key)))];
  const bonusKeys = [...new Set(contest.tracks.flatMap((t) => t.bonus.map((b) => b.key)))].filter((k) => !criterionKeys.includes(k));
  const columns = [...criterionKeys, ...bonusKeys];
  const lines = [['judge', 'entry', ...columns].join(',')];

  const leniency = new Map(contest.judges.map((j) => [j.key, (random() - 0.5) * 0.12]));
  const recused = new Set(contest.recusals.map((r) => `${r.judge} ${r.entry}`));
  for (const entry of contest.entries) {
    const track = contest.tracks.find((t) => t.key === entry.track)!;
    const quality = 0.55 + random() * 0.4;
    const earnsBonus = random() < quality - 0.3;
    for (const judge of contest.judges) {
      if (!judge.tracks.includes(track.key) || recused.has(`${judge.key} ${entry.code}`)) continue;
      const cells = new Map<string, string>();
      for (const c of track.criteria) {
        const fraction = clamp(quality + leniency.get(judge.key)! + (random() - 0.5) * 0.2, 0.2, 1);
        cells.set(c.key, formatPointsCompact(onStep(c, fraction)));
      }
      for (const b of track.bonus) {
        // Most judges agree on whether the work earns the bonus; an empty cell means 0.
        const gives = earnsBonus ? random() < 0.85 : random() < 0.1;
        cells.set(b.key, gives ? formatPointsCompact(onStep(b, 0.4 + random() * 0.6)) : '');
      }
      lines.push([judge.key, entry.code, ...columns.map((k) => cells.get(k) ?? '')].join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Runs the generator; returns the exit code. */
export function main(argv: readonly string[], io: GenerateIO = processIO): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { contest: { type: 'string' }, seed: { type: 'string', default: '1' }, out: { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.contest === undefined) {
    io.err(`--contest is required\n${USAGE}\n`);
    return 2;
  }
  let json: unknown;
  try {
    json = JSON.parse(io.readFile(values.contest));
  } catch (error) {
    io.err(`${values.contest}: ${(error as Error).message}\n`);
    return 1;
  }
  const parsed = parseContestFile(json);
  if (!parsed.ok) {
    io.err(`${describeProblems(parsed.problems).split('\n').map((l) => `${values.contest}: ${l}`).join('\n')}\n`);
    return 1;
  }
  const text = generateSheets(parsed.contest, values.seed);
  if (values.out === undefined) io.out(text);
  else io.writeFile(values.out, text);
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  process.exitCode = main(process.argv.slice(2));
}
