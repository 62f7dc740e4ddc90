import { describe, expect, it } from 'vitest';
import { recusalSuggestions, sameOrganisation } from './recusals';

describe('suggested recusals', () => {
  it('match an affiliation and a unit that name the same organisation', () => {
    expect(sameOrganisation('哈尔滨工业大学（深圳）', '哈尔滨工业大学(深圳) 计算机学院')).toBe(true);
    expect(sameOrganisation('深圳大学', '深圳大学')).toBe(true);
    expect(sameOrganisation(' Shenzhen University ', 'shenzhen university')).toBe(true);
    expect(sameOrganisation('深圳大学', '南方科技大学')).toBe(false);
    // One character says nothing.
    expect(sameOrganisation('市', '市应急管理局')).toBe(false);
  });

  it('are only for the judge\'s tracks, open entries, and recusals not yet set', () => {
    const judges = [
      { id: 1, affiliation: '深圳大学', tracks: ['gov', 'open'], recusals: [12] },
      { id: 2, affiliation: null, tracks: ['gov'], recusals: [] },
      { id: 3, affiliation: '深圳大学', tracks: ['open'], recusals: [] },
    ];
    const entries = [
      { id: 10, track: 'gov', unit: '深圳大学', state: 'waiting' },
      { id: 11, track: 'gov', unit: '深圳大学', state: 'closed' },
      { id: 12, track: 'open', unit: '深圳大学', state: 'waiting' },
      { id: 13, track: 'open', unit: '深圳大学光电学院', state: 'absent' },
      { id: 14, track: 'open', unit: '市应急管理局', state: 'waiting' },
    ];
    expect(recusalSuggestions(judges, entries)).toEqual([
      { judgeId: 1, entryId: 10 },
      { judgeId: 1, entryId: 13 },
      { judgeId: 3, entryId: 12 },
      { judgeId: 3, entryId: 13 },
    ]);
  });
});
