import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseContestText } from './contestJson';

const demo = readFileSync(new URL('../../scripts/demo-contest.json', import.meta.url), 'utf8');

function problemsOf(text: string) {
  const result = parseContestText(text);
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

describe('contest file text', () => {
  it('accepts the demo contest, with or without a byte-order mark', () => {
    expect(parseContestText(demo).ok).toBe(true);
    expect(parseContestText(`\uFEFF${demo}`).ok).toBe(true);
  });

  it('reports broken JSON by line and column, with the offending line', () => {
    // A value deleted deep in the file, as a hand edit does: `"unit": ,`
    const lines = demo.split('\n');
    const at = lines.findIndex((l) => l.includes('"unit"'));
    lines[at] = lines[at]!.replace(/"unit": "[^"]*"/, '"unit": ');
    const [problem, ...rest] = problemsOf(lines.join('\n'));
    expect(rest).toEqual([]);
    const column = lines[at]!.indexOf('"unit": ') + '"unit": '.length + 1;
    expect(problem).toMatchObject({ path: '(file)', code: 'json_syntax', params: { line: at + 1, column, reason: 'ValueExpected', excerpt: lines[at] } });
    expect(problem!.message).toBe(`not valid JSON at line ${at + 1}, column ${column}: a value is expected here`);
  });

  it('names a trailing comma, a missing comma and an unfinished file', () => {
    expect(problemsOf('{\n  "a": 1,\n}')[0]!.params).toMatchObject({ line: 3, column: 1, reason: 'PropertyNameExpected' });
    expect(problemsOf('{\n  "a": 1\n  "b": 2\n}')[0]!.params).toMatchObject({ line: 3, column: 3, reason: 'CommaExpected' });
    expect(problemsOf('{\n  "a": [1, 2')[0]!.params).toMatchObject({ line: 2, column: 13, reason: 'CloseBracketExpected' });
    expect(problemsOf('')[0]!.params).toMatchObject({ line: 1, column: 1, reason: 'ValueExpected' });
  });

  it('keeps the excerpt of a long line around the error', () => {
    const line = `{"name": "x", "tracks": [${'1, '.repeat(200)}}`;
    const [problem] = problemsOf(line);
    expect(String(problem!.params.excerpt).length).toBeLessThanOrEqual(120);
    const { excerpt, excerptColumn } = problem!.params as { excerpt: string; excerptColumn: number };
    expect(excerpt[excerptColumn - 1]).toBe('}');
  });
});
