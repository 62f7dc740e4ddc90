import { describe, expect, it } from 'vitest';
import type { JudgeEntry } from '../../server/protocol/views';
import { validateSheet } from '../../server/domain/sheet';
import type { RubricView } from '../../server/protocol/views';
import { nextRev, parseLocalSheet, quickPicks, readBox, reconcile, saveState, shownInput, stepValue, totalView, type LocalSheet } from './padSheets';

function entry(extra: Partial<JudgeEntry> = {}): JudgeEntry {
  return { id: 7, code: 'G01', position: 1, unit: 'u', model: 'm', state: 'presenting', recused: false, late: null, sheet: null, draft: null, ...extra };
}

function local(extra: Partial<LocalSheet> = {}): LocalSheet {
  return { entryId: 7, scores: { a: 800 }, bonus: {}, comment: '', rev: 3, savedRev: 3, submittedRev: null, updatedAt: 1, ...extra };
}

describe('pad sheets', () => {
  it('offers common values snapped to the step, or every value for small items', () => {
    expect(quickPicks({ max: 1000, step: 50 })).toEqual([600, 700, 800, 900, 1000]);
    expect(quickPicks({ max: 2000, step: 50 })).toEqual([1200, 1400, 1600, 1800, 2000]);
    expect(quickPicks({ max: 500, step: 100 })).toEqual([0, 100, 200, 300, 400, 500]);
    expect(quickPicks({ max: 1500, step: 100 })).toEqual([900, 1000, 1200, 1300, 1500]);
  });

  it('steps within 0..max and onto the step', () => {
    const item = { max: 1000, step: 50 };
    expect(stepValue(undefined, item, 1)).toBe(50);
    expect(stepValue(undefined, item, -1)).toBeUndefined();
    expect(stepValue(950, item, 1)).toBe(1000);
    expect(stepValue(1000, item, 1)).toBe(1000);
    expect(stepValue(0, item, -1)).toBe(0);
    expect(stepValue(820, item, 1)).toBe(850);
    expect(stepValue(820, item, -1)).toBe(800);
  });

  it('reads back only well-formed sheets', () => {
    const good = local();
    expect(parseLocalSheet(JSON.stringify(good), 7)).toEqual(good);
    expect(parseLocalSheet(JSON.stringify(good), 8)).toBeNull();
    expect(parseLocalSheet('nope', 7)).toBeNull();
    expect(parseLocalSheet(JSON.stringify({ ...good, scores: { a: 8.5 } }), 7)).toBeNull();
    expect(parseLocalSheet(JSON.stringify({ ...good, rev: -1 }), 7)).toBeNull();
    expect(parseLocalSheet(JSON.stringify({ ...good, savedRev: 9 }), 7)?.savedRev).toBe(3);
  });

  it('shows unsaved work from the phone first, then the server draft, then the submitted sheet', () => {
    const draft = { scores: { a: 900 }, bonus: {}, comment: 'd', rev: 5, submittedAt: null, submitCount: 0 };
    const sheet = { scores: { a: 700 }, bonus: {}, comment: 's', submittedAt: 'x', submitCount: 1 };
    expect(shownInput(local({ rev: 6, savedRev: 3 }), entry({ draft }), false).source).toBe('local');
    expect(shownInput(local(), entry({ draft }), false)).toMatchObject({ source: 'draft', input: { comment: 'd' } });
    expect(shownInput(local({ rev: 9, savedRev: 9 }), entry({ draft }), false).source).toBe('local');
    expect(shownInput(local(), entry({ sheet }), false)).toMatchObject({ source: 'sheet', input: { comment: 's' } });
    expect(shownInput(local(), entry({ sheet }), true).source).toBe('local');
    expect(shownInput(null, entry(), false).source).toBe('empty');
  });

  it('says which promise holds', () => {
    expect(saveState(null, entry(), null)).toBe('empty');
    expect(saveState(local({ rev: 4 }), entry(), null)).toBe('local');
    expect(saveState(local(), entry(), null)).toBe('server');
    expect(saveState(local({ rev: 4 }), entry(), 'pending')).toBe('queued');
    expect(saveState(local(), entry(), 'refused')).toBe('refused');
    expect(saveState(local({ submittedRev: 3 }), entry(), null)).toBe('submitted');
    const sheet = { scores: { a: 800 }, bonus: {}, comment: '', submittedAt: 'x', submitCount: 1 };
    expect(saveState(local(), entry({ sheet }), null)).toBe('submitted');
    expect(saveState(local({ rev: 4, scores: { a: 850 } }), entry({ sheet }), null)).toBe('local');
  });

  it('reconciles with the server: a lost answer to a save, and a draft from another device', () => {
    const same = { scores: { a: 800 }, bonus: {}, comment: '', rev: 4, submittedAt: null, submitCount: 0 };
    expect(reconcile(local({ rev: 4 }), entry({ draft: same }))).toMatchObject({ rev: 4, savedRev: 4 });
    const other = { ...same, scores: { a: 100 }, rev: 6 };
    expect(reconcile(local({ rev: 4 }), entry({ draft: other }))).toMatchObject({ rev: 7, savedRev: 3 });
    expect(reconcile(local(), entry({ draft: other }))).toEqual(local());
    expect(nextRev(local(), entry({ draft: other }))).toBe(7);
    expect(nextRev(null, entry())).toBe(1);
  });
});

const RUBRIC: RubricView = {
  criteria: [
    { key: 'a', label: { zh: 'A' }, max: 1000, step: 50 },
    { key: 'b', label: { zh: 'B' }, max: 2000, step: 50 },
  ],
  bonus: [{ key: 'x', label: { zh: 'X' }, max: 500, step: 100 }],
} as RubricView;
const checkA = (value: number) => validateSheet(RUBRIC, { scores: { a: value }, bonus: {} }, 'draft').find((p) => p.key === 'a') ?? null;

describe('what a score box holds', () => {
  it('holds a value only when the rubric allows it', () => {
    expect(readBox('', checkA)).toEqual({ kind: 'empty' });
    expect(readBox('  ', checkA)).toEqual({ kind: 'empty' });
    expect(readBox('8', checkA)).toEqual({ kind: 'value', value: 800 });
    expect(readBox('8.5', checkA)).toEqual({ kind: 'value', value: 850 });
    expect(readBox('8.', checkA)).toEqual({ kind: 'value', value: 800 });
    expect(readBox('25', checkA)).toMatchObject({ kind: 'invalid', typed: 2500, problem: { code: 'out_of_range' } });
    expect(readBox('7.3', checkA)).toMatchObject({ kind: 'invalid', typed: 730, problem: { code: 'off_step' } });
    expect(readBox('-1', checkA)).toMatchObject({ kind: 'invalid', typed: -100, problem: { code: 'out_of_range' } });
    expect(readBox('abc', checkA)).toEqual({ kind: 'invalid', typed: null, problem: 'not_a_number' });
    expect(readBox('8.123', checkA)).toEqual({ kind: 'invalid', typed: null, problem: 'not_a_number' });
  });

  it('totals what is held and says what is still open', () => {
    expect(totalView(RUBRIC, { scores: {}, bonus: {}, comment: '' }, new Set())).toEqual({ total: 0, complete: false, open: 2 });
    expect(totalView(RUBRIC, { scores: { a: 800 }, bonus: {}, comment: '' }, new Set())).toEqual({ total: 800, complete: false, open: 1 });
    expect(totalView(RUBRIC, { scores: { a: 800, b: 1500 }, bonus: { x: 200 }, comment: '' }, new Set())).toEqual({ total: 2500, complete: true, open: 0 });
    // A marked box counts once, whether it is a criterion (then also without a value) or a bonus item.
    expect(totalView(RUBRIC, { scores: { a: 800 }, bonus: {}, comment: '' }, new Set(['c:b']))).toEqual({ total: 800, complete: false, open: 1 });
    expect(totalView(RUBRIC, { scores: { a: 800, b: 1500 }, bonus: {}, comment: '' }, new Set(['b:x']))).toEqual({ total: 2300, complete: false, open: 1 });
  });
});
