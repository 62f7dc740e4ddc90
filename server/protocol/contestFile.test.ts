import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeProblems, parseContestFile, type ContestDefinition } from './contestFile';

const demo = JSON.parse(readFileSync(new URL('../../scripts/demo-contest.json', import.meta.url), 'utf8')) as Record<string, unknown>;

function parsed(input: unknown): ContestDefinition {
  const result = parseContestFile(input);
  if (!result.ok) throw new Error(describeProblems(result.problems));
  return result.contest;
}

const minimal = {
  name: '测试赛',
  tracks: [{ key: 't', name: '赛道', criteria: [{ key: 'a', label: '甲', max: 10 }], awards: [{ key: 'first', name: '一等奖', count: 1 }] }],
};

describe('contest file', () => {
  it('accepts the demo contest and normalises points to hundredths', () => {
    const contest = parsed(demo);
    expect(contest.tracks.map((t) => t.key)).toEqual(['gov', 'open']);
    for (const track of contest.tracks) {
      expect(track.criteria.reduce((sum, c) => sum + c.max, 0)).toBe(100_00);
      expect(track.criteria.every((c) => c.step === 50)).toBe(true);
    }
    expect(contest.tracks[0]!.bonus).toEqual([expect.objectContaining({ key: 'dataModel', max: 500, step: 100 })]);
    expect(contest.tracks[0]!.awards.map((a) => [a.name.zh, a.count])).toEqual([['一等奖', 1], ['二等奖', 2], ['三等奖', 3], ['优胜奖', 3]]);
    expect(contest.judges).toHaveLength(7);
    expect(contest.entries.filter((e) => e.track === 'gov')).toHaveLength(10);
    expect(contest.entries.filter((e) => e.track === 'open')).toHaveLength(10);
  });

  it('fills the defaults: trimmed mean, tie-break chain, timings, reveal, codes and judge keys', () => {
    const contest = parsed({ ...minimal, judges: [{ name: '甲', tracks: ['t'] }], entries: [{ track: 't', unit: 'u', model: 'm' }] });
    const track = contest.tracks[0]!;
    expect(track.aggregation).toEqual({ policy: 'trimmed', trim: 1, minPanel: 5, bonus: 'inTotal' });
    expect(track.tieBreaks.map((r) => r.rule)).toEqual(['criteriaByWeight', 'untrimmedMean', 'manual']);
    expect(track.timings.presentation.seconds).toBe(480);
    expect(track.reveal).toBe('live');
    // The board shows places and scores, no tiers: the ceremony keeps its suspense.
    expect([track.boardShowsAwards, track.stageShowsTotals, track.minAwardPanel]).toEqual([false, false, undefined]);
    expect(track.criteria[0]!.step).toBe(100);
    expect(contest.entries[0]!.code).toBe('t-01');
    expect(contest.judges[0]!.key).toBe('J1');
  });

  it('refuses a file with five different errors with five messages naming their paths', () => {
    const result = parseContestFile({
      name: 'x',
      tracks: [
        {
          key: 'gov',
          name: '政府赛道',
          criteria: [
            { key: 'a', label: 'A', max: 10 },
            { key: 'b', label: 'B', max: 20 },
            { key: 'c', label: 'C', max: 10 },
            { key: 'd', label: 'D', max: -5 },
          ],
          awards: [{ key: 'first', name: '一等奖', count: 1.5 }],
          reveal: 'sometimes',
        },
      ],
      judges: [{ name: '', tracks: ['gov'] }],
      entries: [{ track: 'gov', unit: '单位', model: 42 }],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      { path: 'tracks[0].criteria[3].max', code: 'positive', params: {}, message: 'must be a positive number' },
      { path: 'tracks[0].awards[0].count', code: 'whole', params: {}, message: 'must be a whole number' },
      { path: 'tracks[0].reveal', code: 'one_of', params: { options: 'live, rank-only, hidden' }, message: 'must be one of live, rank-only, hidden' },
      { path: 'judges[0].name', code: 'not_empty', params: {}, message: 'must not be empty' },
      { path: 'entries[0].model', code: 'text', params: {}, message: 'must be text' },
    ]);
  });

  it('checks references between valid parts', () => {
    const result = parseContestFile({
      ...minimal,
      tracks: [{ ...minimal.tracks[0], criteria: [{ key: 'a', label: 'A', max: 10, step: 3 }], tieBreaks: [{ rule: 'criterion', key: 'zz' }] }],
      judges: [{ name: '甲', tracks: ['nope'] }, { key: 'J1', name: '乙', tracks: ['t'] }],
      entries: [{ track: 'other', unit: 'u', model: 'm' }],
      recusals: [{ judge: 'J9', entry: 'x-01' }],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.path)).toEqual([
      'tracks[0].criteria[0].step',
      'tracks[0].tieBreaks[0].key',
      'judges[1].key',
      'judges[0].tracks[0]',
      'entries[0].track',
      'recusals[0].judge',
      'recusals[0].entry',
    ]);
  });

  it('refuses points with more than two decimals and a trimmed panel too small to trim', () => {
    const result = parseContestFile({
      ...minimal,
      tracks: [{ ...minimal.tracks[0], criteria: [{ key: 'a', label: 'A', max: 10, step: 0.125 }], aggregation: { policy: 'trimmed', trim: 2, minPanel: 4 } }],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(describeProblems(result.problems)).toBe(
      'tracks[0].criteria[0].step: step may have at most two decimals\ntracks[0].aggregation.minPanel: must be at least 5 so that a judge remains after dropping 2 high and 2 low',
    );
  });

  it('accepts the minimal example of docs/contest-format.md', () => {
    const doc = readFileSync(new URL('../../docs/contest-format.md', import.meta.url), 'utf8');
    const example = doc.slice(doc.indexOf('## A minimal file')).match(/```json\n([\s\S]*?)```/);
    const contest = parsed(JSON.parse(example![1]!));
    expect(contest.tracks[0]!.criteria.map((c) => c.max)).toEqual([6000, 4000]);
  });

  it('refuses text PostgreSQL cannot store (control characters, broken UTF-16), by path', () => {
    const result = parseContestFile({ ...minimal, name: 'ok\u0000', entries: [{ track: 't', unit: 'u\uD800', model: 'm' }] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map(({ path, code, message }) => ({ path, code, message }))).toEqual([
      { path: 'name', code: 'plain_text', message: 'must be plain text (no control characters)' },
      { path: 'entries[0].unit', code: 'plain_text', message: 'must be plain text (no control characters)' },
    ]);
  });

  it('lists seven mistakes of different kinds, shapes and references, in one answer', () => {
    // Shapes: a negative max, an unknown reveal policy, an empty name, a model that is not text.
    // References: a step that does not divide its max, a judge's and an entry's unknown track.
    const file = JSON.parse(readFileSync(new URL('../../test/fixtures/contests/seven-mistakes.json', import.meta.url), 'utf8')) as unknown;
    const result = parseContestFile(file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.path, p.code, p.params])).toEqual([
      ['tracks[0].criteria[0].max', 'positive', {}],
      ['tracks[0].reveal', 'one_of', { options: 'live, rank-only, hidden' }],
      ['judges[0].name', 'not_empty', {}],
      ['entries[0].model', 'text', {}],
      ['tracks[0].criteria[1].step', 'step_not_divisor', {}],
      ['judges[1].tracks[0]', 'unknown_track', { value: 'nope' }],
      ['entries[1].track', 'unknown_track', { value: 'other' }],
    ]);
  });

  it('does not call a name unknown when what it names is itself unreadable', () => {
    // The only track has no valid key: nothing can be said about the judges' and entries' tracks.
    const result = parseContestFile({ ...minimal, tracks: [{ ...minimal.tracks[0], key: '9x' }], judges: [{ name: '甲', tracks: ['t'] }], entries: [{ track: 't', unit: 'u', model: 'm' }] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.path, p.code])).toEqual([['tracks[0].key', 'key']]);
  });

  it('reports a missing field as required and a wrong type by its kind', () => {
    const result = parseContestFile({ tracks: 'gov', subtitle: 7 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.path, p.code, p.message])).toEqual([
      ['name', 'required', 'is required'],
      ['subtitle', 'localized', 'must be text, or { "zh": text, "en": text }'],
      ['tracks', 'wrong_type', 'must be a list'],
    ]);
  });

  it('takes a minimum panel for an award: a whole number of judges, at least 1', () => {
    const track = (extra: Record<string, unknown>) => ({ ...minimal, tracks: [{ ...minimal.tracks[0], ...extra }] });
    expect(parsed(track({ minAwardPanel: 3, boardShowsAwards: true, stageShowsTotals: true })).tracks[0]).toMatchObject({ minAwardPanel: 3, boardShowsAwards: true, stageShowsTotals: true });
    for (const bad of [0, 2.5, '3']) {
      const result = parseContestFile(track({ minAwardPanel: bad }));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems.map((p) => p.path)).toEqual(['tracks[0].minAwardPanel']);
    }
  });
});
