/**
 * docs/analysis.md's worked example is a test, as docs/scoring.md's are: the embedded sheets must be
 * the fixture byte for byte, the command must print exactly the block under it, and the figures the
 * prose relies on must be the ones computed.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultResamples } from '../server/domain/analysis/analyze';
import { main } from './analyze';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(resolve(ROOT, path), 'utf8');
const DOC = read('docs/analysis.md');

const fixtures = [...DOC.matchAll(/<!-- fixture: (\S+) -->\n```\w*\n([\s\S]*?)```\n/g)].map((m) => ({ path: m[1]!, text: m[2]! }));
const examples = [...DOC.matchAll(/<!-- command -->\n```sh\nnpm run analyze -- (.+)\n```\n\n<!-- output -->\n```text\n([\s\S]*?)```\n/g)].map((m) => ({
  args: m[1]!.split(' '),
  output: m[2]!,
}));

function run(args: string[]) {
  let out = '';
  let err = '';
  const code = main(args, { out: (t) => (out += t), err: (t) => (err += t), readFile: read });
  return { code, out, err };
}

describe('docs/analysis.md', () => {
  it('has one worked example, with its fixture, command and output', () => {
    expect(examples).toHaveLength(1);
    expect(DOC.match(/<!-- command -->/g)).toHaveLength(1);
    expect(fixtures.map((f) => f.path)).toEqual(['test/fixtures/analysis/panel/sheets.csv']);
    expect(examples[0]!.args).toContain(fixtures[0]!.path);
  });

  it('embeds the sheets exactly', () => {
    expect(fixtures[0]!.text).toBe(read(fixtures[0]!.path));
  });

  it('prints what the doc shows, byte for byte', () => {
    const { code, out, err } = run(examples[0]!.args);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toBe(examples[0]!.output);
  });

  it('the figures the prose relies on are the ones computed', () => {
    const json = JSON.parse(run([...examples[0]!.args, '--format', 'json']).out).tracks[0].analysis;
    const judge = (key: string) => json.judges.find((j: { judgeId: string }) => j.judgeId === key);
    expect(judge('J6').severity).toEqual({ mean: 734, stdError: 45, entries: 6, call: 'lenient' });
    expect(judge('J6').agreement.rho.toFixed(2)).toBe('0.93');
    expect(judge('J3').severity).toMatchObject({ mean: -332, stdError: 188, call: null });
    expect(json.outliers[0]).toMatchObject({ entryId: 'A04', judgeId: 'J3', key: null, value: 6900, othersMedian: 8050, limit: 800 });
    expect(json.outliers[1]).toMatchObject({ key: 'pitch', value: 500, othersMedian: 1600, limit: 500 });
    expect(json.agreement.block).toMatchObject({ leftOutEntries: ['A05'], leftOutJudges: [] });
    expect(json.agreement.kendallW.w.toFixed(2)).toBe('0.93');
    expect([json.agreement.icc.single.toFixed(2), json.agreement.icc.average.toFixed(2)]).toEqual(['0.78', '0.95']);
    const entry = (code: string) => json.entries.find((e: { entryId: string }) => e.entryId === code);
    expect(Math.round(entry('A03').bootstrap.holds * 100)).toBe(77);
    expect(Math.round(entry('A04').bootstrap.holds * 100)).toBe(58);
    expect(entry('A03').final - entry('A02').final).toBe(38);
    expect(entry('A04').leaveOneOut.changes.map((c: { judgeId: string }) => c.judgeId)).toEqual(['J1', 'J3', 'J4', 'J5']);
    expect(json.policies.changed).toEqual(['A04', 'A05']);
    // The sheets the prose quotes: J5's A03 against A02, J6's A05, J3's A04.
    const total = (judge: string, entry: string) => {
      const row = read(fixtures[0]!.path).split('\n').find((l) => l.startsWith(`${judge},${entry},`))!;
      return row.split(',').slice(2).reduce((s, v) => s + Number(v), 0);
    };
    expect(total('J5', 'A03') - total('J5', 'A02')).toBe(2.5);
    expect([total('J6', 'A05'), total('J3', 'A04')]).toEqual([86, 69]);
  });

  it('states the default resamples and their standard errors as the code has them', () => {
    expect(DOC).toContain('1000 up to 200 judge × entry cells (7 judges and 28 entries)');
    expect([defaultResamples(7, 28), defaultResamples(7, 29), defaultResamples(15, 200)]).toEqual([1000, 900, 200]);
    expect((Math.sqrt((0.8 * 0.2) / 1000) * 100).toFixed(1)).toBe('1.3');
    expect((Math.sqrt((0.8 * 0.2) / 200) * 100).toFixed(1)).toBe('2.8');
  });
});
