import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseContestFile, type ContestDefinition } from '../server/protocol/contestFile';
import { parsePoints } from '../server/domain/format';
import { prng } from '../server/domain/random';
import { generateSheets, main } from './generate-sheets';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const demoText = readFileSync(resolve(ROOT, 'scripts/demo-contest.json'), 'utf8');
const parsed = parseContestFile(JSON.parse(demoText));
if (!parsed.ok) throw new Error('the demo contest must parse');
const demo: ContestDefinition = parsed.contest;

describe('generate-sheets', () => {
  it('is deterministic per seed, and seeds differ', () => {
    expect(generateSheets(demo, '42')).toBe(generateSheets(demo, '42'));
    expect(generateSheets(demo, '42')).not.toBe(generateSheets(demo, '43'));
    const a = prng('x');
    const b = prng('x');
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });

  it('writes one row per judge of the track and entry, minus recusals, on the rubric', () => {
    const rows = parse(generateSheets(demo, 'demo'), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(10 * 7 + 10 * 7 - 1); // J6 is recused from G01
    for (const row of rows) {
      const entry = demo.entries.find((e) => e.code === row.entry)!;
      const track = demo.tracks.find((t) => t.key === entry.track)!;
      for (const c of track.criteria) {
        const v = parsePoints(row[c.key]!)!;
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(c.max);
        expect(v % c.step).toBe(0);
      }
      for (const b of track.bonus) {
        if (row[b.key] === '') continue;
        const v = parsePoints(row[b.key]!)!;
        expect(v).toBeLessThanOrEqual(b.max);
        expect(v % b.step).toBe(0);
      }
      if (track.bonus.length === 0) expect(row.dataModel).toBe('');
    }
  });

  it('main writes to --out or stdout and checks the contest', () => {
    const written: Record<string, string> = {};
    let out = '';
    let err = '';
    const io = {
      out: (t: string) => (out += t),
      err: (t: string) => (err += t),
      readFile: (p: string) => (p === 'demo.json' ? demoText : '{"name":"x","tracks":[]}'),
      writeFile: (p: string, t: string) => (written[p] = t),
    };
    expect(main(['--contest', 'demo.json', '--seed', '5', '--out', 'o.csv'], io)).toBe(0);
    expect(written['o.csv']).toBe(generateSheets(demo, '5'));
    expect(out).toBe('');
    expect(main(['--contest', 'demo.json'], io)).toBe(0);
    expect(out).toBe(generateSheets(demo, '1'));
    expect(main(['--contest', 'bad.json'], io)).toBe(1);
    expect(err).toContain('bad.json: tracks: a contest needs at least one track');
    expect(main([], io)).toBe(2);
  });
});
