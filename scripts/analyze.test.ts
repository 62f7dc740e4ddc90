import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeTrack, relabelAnalysis } from '../server/domain/analysis/analyze';
import { parseContestFile } from '../server/protocol/contestFile';
import { trackRulesOf } from '../server/domain/rules';
import { main } from './analyze';
import { generateSheets } from './generate-sheets';
import { main as results } from './results';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(resolve(ROOT, path), 'utf8');
const PANEL = 'test/fixtures/analysis/panel';

function run(args: string[], files: Record<string, string> = {}, cli = main) {
  let out = '';
  let err = '';
  const code = cli(args, { out: (t) => (out += t), err: (t) => (err += t), readFile: (p) => files[p] ?? read(p) });
  return { code, out, err };
}

const panel = (...extra: string[]) => ['--contest', `${PANEL}/contest.json`, '--sheets', `${PANEL}/sheets.csv`, ...extra];

describe('analyze CLI: usage and bad input', () => {
  it('refuses bad usage with exit code 2', () => {
    expect(run(['--contest', 'c.json']).code).toBe(2);
    expect(run(panel('--format', 'csv')).err).toContain('--format must be one of table, json');
    expect(run(panel('--resamples', 'many')).code).toBe(2);
    expect(run(panel('--resamples', '200000')).err).toContain('resamples must be a whole number from 0 to 100000');
    expect(run(panel('--outliers', 'zscore')).err).toContain('--outliers must be mad or share');
    expect(run(panel('--nope')).code).toBe(2);
    expect(run(['--help']).out).toContain('usage: npm run analyze');
  });

  it('reads the files exactly as npm run results does, all or nothing', () => {
    const bad = ['--contest', 'test/fixtures/scoring/trimmed/contest.json', '--sheets', 'test/fixtures/scoring/bad-rows/sheets.csv'];
    const analysis = run(bad);
    const ranking = run(bad, {}, results);
    expect(analysis.code).toBe(1);
    expect(analysis.out).toBe('');
    expect(analysis.err.split('\n').slice(0, -2)).toEqual(ranking.err.split('\n').slice(0, -2));
    expect(analysis.err).toMatch(/\n12 problems; no analysis computed\.\n$/);
    expect(run(panel('--track', 'nope')).err).toContain('the contest has no track "nope"');
  });
});

describe('analyze CLI: output', () => {
  it('json: each track with entry codes and judge keys, the options it used', () => {
    const { code, out, err } = run(panel('--format', 'json'));
    expect(err).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(out);
    const a = json.tracks[0].analysis;
    expect(json.tracks[0].key).toBe('main');
    expect(a.options).toMatchObject({ seed: 'podium', resamples: 1000, outliers: { rule: 'mad' } });
    expect(a.judges.map((j: { judgeId: string }) => j.judgeId)).toEqual(['J1', 'J2', 'J3', 'J4', 'J5', 'J6']);
    expect(a.judges.find((j: { judgeId: string }) => j.judgeId === 'J6').severity.call).toBe('lenient');
    expect(a.outliers.map((o: { entryId: string; judgeId: string; key: string | null }) => [o.entryId, o.judgeId, o.key])).toEqual([
      ['A04', 'J3', null],
      ['A04', 'J3', 'pitch'],
    ]);
    expect(a.agreement.block.leftOutEntries).toEqual(['A05']);
    expect(a.policies.changed).toEqual(['A04', 'A05']);
  });

  it('is reproducible from --seed, and --resamples 0 skips the bootstrap', () => {
    const a = run(panel('--format', 'json', '--seed', 'x', '--resamples', '300')).out;
    expect(run(panel('--format', 'json', '--seed', 'x', '--resamples', '300')).out).toBe(a);
    expect(run(panel('--format', 'json', '--seed', 'y', '--resamples', '300')).out).not.toBe(a);
    const none = JSON.parse(run(panel('--format', 'json', '--resamples', '0')).out).tracks[0].analysis;
    expect(none.entries.every((e: { bootstrap: unknown }) => e.bootstrap === null)).toBe(true);
    expect(none.robustness.fragile).toEqual([]);
  });

  it('--outliers share applies the 15 % rule instead', () => {
    const share = JSON.parse(run(panel('--format', 'json', '--outliers', 'share', '--resamples', '0')).out).tracks[0].analysis;
    expect(share.options.outliers.rule).toBe('share');
    // J3's total 69 is 11.5 points from the others' 80.5: below 15 % of full marks, so only the
    // pitch (11 points, above 15 % of 20) is flagged.
    expect(share.outliers.map((o: { key: string | null }) => o.key)).toEqual(['pitch']);
  });

  it('gives the same JSON as the server would from its own ids (the export and the CLI agree)', () => {
    // The server's ids are database ids, not positions in the file: give every entry and judge
    // another id, analyse, relabel with codes and keys, and compare with the CLI's JSON.
    const parsed = parseContestFile(JSON.parse(read(`${PANEL}/contest.json`)));
    if (!parsed.ok) throw new Error('fixture must parse');
    const contest = parsed.contest;
    const track = contest.tracks[0]!;
    const entryId = new Map(contest.entries.map((e, i) => [e.code, 1000 + 7 * i]));
    const judgeId = new Map(contest.judges.map((j, i) => [j.key, 50 + 3 * i]));
    const rows = read(`${PANEL}/sheets.csv`).trim().split('\n').slice(1).map((l) => l.split(','));
    const analysis = analyzeTrack({
      rules: trackRulesOf(track),
      entries: contest.entries.map((e) => entryId.get(e.code)!),
      judges: contest.judges.map((j) => judgeId.get(j.key)!),
      sheets: rows.map(([j, e, design, build, pitch]) => ({
        judgeId: judgeId.get(j!)!,
        entryId: entryId.get(e!)!,
        values: { scores: { design: Math.round(Number(design) * 100), build: Math.round(Number(build) * 100), pitch: Math.round(Number(pitch) * 100) }, bonus: {} },
      })),
      recusals: contest.recusals.map((r) => ({ judgeId: judgeId.get(r.judge)!, entryId: entryId.get(r.entry)! })),
      manualDecisions: [],
    });
    const codeOf = new Map([...entryId].map(([code, id]) => [id, code]));
    const keyOf = new Map([...judgeId].map(([key, id]) => [id, key]));
    const labelled = relabelAnalysis(analysis, (id) => codeOf.get(id)!, (id) => keyOf.get(id)!);
    expect(JSON.parse(run(panel('--format', 'json')).out).tracks[0].analysis).toEqual(JSON.parse(JSON.stringify(labelled)));
  });

  it('table: agreement, judges, robustness, policies and outliers for every track of the demo contest', () => {
    const contest = parseContestFile(JSON.parse(read('scripts/demo-contest.json')));
    if (!contest.ok) throw new Error('demo must parse');
    const sheets = generateSheets(contest.contest, '7');
    const { code, out, err } = run(['--contest', 'scripts/demo-contest.json', '--sheets', 's.csv', '--resamples', '100'], { 's.csv': sheets });
    expect(err).toBe('');
    expect(code).toBe(0);
    for (const heading of ['政府赛道 (gov)', '开放赛道 (open)']) expect(out).toContain(heading);
    expect(out.match(/^agreement over /gm)).toHaveLength(2);
    expect(out.match(/^ {2}Kendall's W +\d\.\d\d +[a-z ]+ agreement on the order/gm)).toHaveLength(2);
    expect(out.match(/^ {2}judge +sheets +recused +missing +mean +sd +severity +call +spearman +flags$/gm)).toHaveLength(2);
    // J6 is recused from G01 in the demo contest: G01 leaves the complete block of the gov track.
    expect(out).toContain('agreement over 9 entries × 7 judges (left out for missing scores: G01)');
  });

  it('runs as `npm run analyze` in a real process', () => {
    const dir = mkdtempSync(join(tmpdir(), 'podium-analyze-'));
    try {
      const contest = parseContestFile(JSON.parse(read('scripts/demo-contest.json')));
      if (!contest.ok) throw new Error('demo must parse');
      const file = join(dir, 'sheets.csv');
      writeFileSync(file, generateSheets(contest.contest, '3'));
      const args = ['--contest', 'scripts/demo-contest.json', '--sheets', file, '--resamples', '50', '--format', 'json'];
      const res = spawnSync('npm', ['run', '--silent', 'analyze', '--', ...args], { cwd: ROOT, encoding: 'utf8' });
      expect(res.stderr).toBe('');
      expect(res.status).toBe(0);
      expect(res.stdout).toBe(run(args, { [file]: readFileSync(file, 'utf8') }).out);
      const bad = spawnSync('npm', ['run', '--silent', 'analyze', '--', '--contest', 'scripts/demo-contest.json', '--sheets', 'test/fixtures/scoring/bad-rows/sheets.csv'], { cwd: ROOT, encoding: 'utf8' });
      expect(bad.status).toBe(1);
      expect(bad.stdout).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
