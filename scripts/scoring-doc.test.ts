/**
 * docs/scoring.md's worked examples are tests: each embedded fixture must be the file byte for
 * byte, and each command must print exactly the output block under it. The doc cannot drift.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from './results';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(resolve(ROOT, path), 'utf8');
const DOC = read('docs/scoring.md');

const fixtures = [...DOC.matchAll(/<!-- fixture: (\S+) -->\n```\w*\n([\s\S]*?)```\n/g)].map((m) => ({ path: m[1]!, text: m[2]! }));
const examples = [
  ...DOC.matchAll(/<!-- example: (\S+) -->[\s\S]*?<!-- command -->\n```sh\nnpm run results -- (.+)\n```\n\n<!-- output -->\n```text\n([\s\S]*?)```\n/g),
].map((m) => ({ name: m[1]!, args: m[2]!.split(' '), output: m[3]! }));

function run(args: string[]) {
  let out = '';
  let err = '';
  const code = main(args, { out: (t) => (out += t), err: (t) => (err += t), readFile: read });
  return { code, out, err };
}

describe('docs/scoring.md', () => {
  it('has the required worked examples, each with its command and output', () => {
    expect(examples.map((e) => e.name)).toEqual(expect.arrayContaining(['trimmed', 'recusal', 'criterion-tie', 'boundary-tie', 'short-panel', 'short-panel-confirmed']));
    expect(DOC.match(/<!-- example: /g)).toHaveLength(examples.length);
    expect(DOC.match(/<!-- command -->/g)).toHaveLength(examples.length);
  });

  it('embeds every sheets file it runs', () => {
    const embedded = new Set(fixtures.map((f) => f.path));
    for (const e of examples) {
      const sheets = e.args[e.args.indexOf('--sheets') + 1]!;
      expect(embedded).toContain(sheets);
      const manual = e.args.indexOf('--manual');
      if (manual >= 0) expect(embedded).toContain(e.args[manual + 1]);
    }
  });

  it.each(fixtures.map((f) => [f.path, f]))('embeds %s exactly', (_, f) => {
    expect(f.text).toBe(read(f.path));
  });

  it.each(examples.map((e) => [e.name, e]))('example %s prints what the doc shows', (_, e) => {
    const { code, out, err } = run(e.args);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toBe(e.output);
  });

  it('the figures the prose relies on are the ones printed', () => {
    const output = (name: string) => examples.find((e) => e.name === name)!.output;
    expect(output('trimmed')).toMatch(/E01 +final 86\.10[\s\S]*430\.50 \/ 5 = 86\.10/);
    expect(output('trimmed')).toContain('untrimmed mean 85.857142…');
    expect(output('recusal')).toContain('342.50 / 4 = 85.625 → 85.63');
    expect(output('recusal')).toContain('J6 recused');
    expect(output('recusal')).toContain('335.50 / 4 = 83.875 → 83.88');
    expect(output('criterion-tie')).toContain('tie with T01 broken by criterion (build)');
    expect(output('criterion-tie')).toContain('build 34.60');
    expect(output('criterion-tie')).toContain('build 33.20');
    expect(output('boundary-tie')).toContain('U02, U03 share rank 2 across 二等奖 / 三等奖');
    expect(output('boundary-tie-resolved')).toMatch(/2 +U03 .* 84\.00 +5\/5 +二等奖/);
    expect(output('zscore')).toContain('J2 75.00 (adjusted 92.84)');
    expect(output('zscore')).toContain('= 85.114556… → 85.11');
    expect(output('recusal')).toMatch(/R02 .* 83\.88 +4\/4 +\* +provisional: 二等奖 on 4 judges, fewer than 5/);
    expect(output('short-panel')).toMatch(/1 +S02 .* 89\.00 +3\/7 +\* +provisional: 一等奖 on 3 judges/);
    expect(output('short-panel')).toMatch(/— +S03 .* 无成绩 +0\/7/);
    expect(output('short-panel')).toContain('mean (3 counted of 7, fewer than 5, so not trimmed)');
    expect(output('short-panel-confirmed')).toMatch(/1 +S02 .* 89\.00 +3\/7 +一等奖/);
  });
});
