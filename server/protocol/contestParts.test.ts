import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { importContest } from '../store/importContest';
import { ContestModel } from '../store/model';
import { loadSnapshot } from '../store/snapshot';
import { buildHostView } from '../views/host';
import { parseContestFile } from './contestFile';
import { newContestFile, parseContestInfo, parseEntry, parseJudge, parseTrack, rubricStructure, trackFileOf } from './contestParts';

const demo = JSON.parse(readFileSync(new URL('../../scripts/demo-contest.json', import.meta.url), 'utf8')) as { tracks: unknown[] };

describe('parts of a contest, checked by the contest file\'s parser', () => {
  it('a track gives back what the file gives, and its problems by path inside the track', () => {
    const file = parseContestFile(demo);
    if (!file.ok) throw new Error('the demo is valid');
    expect(parseTrack(demo.tracks[0])).toEqual({ ok: true, value: file.contest.tracks[0] });
    const bad = parseTrack({ key: 'x', name: 'X', criteria: [{ key: 'a', label: 'A', max: 10, step: 4 }], awards: [], tieBreaks: [{ rule: 'criterion', key: 'zz' }] });
    expect(bad.ok ? [] : bad.problems.map((p) => [p.path, p.code])).toEqual([
      ['awards', 'need_award'],
      ['criteria[0].step', 'step_not_divisor'],
      ['tieBreaks[0].key', 'tiebreak_unknown_criterion'],
    ]);
    expect(parseTrack('gov')).toMatchObject({ ok: false, problems: [{ path: '(file)', code: 'wrong_type' }] });
  });

  it('a judge or an entry names tracks of the contest; a key or code only when given; links and order are not the editor\'s', () => {
    const context = { trackKeys: ['gov', 'open'] };
    expect(parseJudge({ name: ' 王建国 ', tracks: ['gov'] }, context)).toEqual({ ok: true, value: { name: '王建国', tracks: ['gov'], key: undefined } });
    expect(parseJudge({ key: 'J9', name: '李敏', affiliation: '深圳大学', tracks: ['open'] }, context)).toMatchObject({ ok: true, value: { key: 'J9', affiliation: '深圳大学' } });
    const judge = parseJudge({ name: '', tracks: ['city'], token: 'abcdefghijklmnopqrstuvwx' }, context);
    expect(judge.ok ? [] : judge.problems.map((p) => [p.path, p.code])).toEqual([['token', 'invalid'], ['name', 'not_empty'], ['tracks[0]', 'unknown_track']]);
    expect(parseEntry({ track: 'gov', unit: '单位', model: '模型' }, context)).toEqual({ ok: true, value: { track: 'gov', unit: '单位', model: '模型', code: undefined } });
    const entry = parseEntry({ track: 'city', code: '1x', unit: '单位', model: '模型', order: 2 }, context);
    expect(entry.ok ? [] : entry.problems.map((p) => [p.path, p.code])).toEqual([['order', 'invalid'], ['code', 'key'], ['track', 'unknown_track']]);
    expect(parseContestInfo({ name: { zh: '赛事', en: 'Contest' }, date: '2025-06-01' })).toEqual({
      ok: true, value: { name: { zh: '赛事', en: 'Contest' }, subtitle: undefined, date: '2025-06-01', venue: undefined },
    });
  });

  it('a track of the host view goes back to the file\'s form and parses to the same track', async () => {
    const file = parseContestFile(demo);
    if (!file.ok) throw new Error('the demo is valid');
    const database = await openDatabase({ kind: 'pglite', dataDir: null });
    try {
      const contestId = await importContest(database.db, file.contest);
      const view = buildHostView(new ContestModel(await loadSnapshot(database.db, contestId)));
      for (const [i, track] of view.tracks.entries()) expect(parseTrack(trackFileOf(track))).toEqual({ ok: true, value: file.contest.tracks[i] });
    } finally {
      await database.close();
    }
  });

  it('a rubric\'s structure is its items, order, maxima and steps, not its words', () => {
    const track = { criteria: [{ key: 'a', label: { zh: 'A' }, max: 1000, step: 100 }], bonus: [{ key: 'b', label: { zh: 'B' }, max: 500, step: 100 }] };
    expect(rubricStructure({ ...track, criteria: [{ ...track.criteria[0]!, label: { zh: '新名称' } }] })).toBe(rubricStructure(track));
    expect(rubricStructure({ ...track, criteria: [{ ...track.criteria[0]!, step: 50 }] })).not.toBe(rubricStructure(track));
    expect(rubricStructure({ criteria: track.bonus, bonus: track.criteria })).not.toBe(rubricStructure(track));
  });

  it('a new contest is a valid contest file with one track to edit', () => {
    const file = parseContestFile(newContestFile({ name: '新赛事', date: '2025-06-18', track: { key: 'gov', name: '政府赛道' } }));
    expect(file.ok && file.contest.tracks.map((t) => [t.key, t.criteria.length, t.awards.length])).toEqual([['gov', 1, 1]]);
  });
});
