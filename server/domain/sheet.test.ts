import { describe, expect, it } from 'vitest';
import { bonusTotal, criteriaTotal, describeSheetProblem, judgeTotal, validateSheet } from './sheet';
import { rules } from './test-support';
import type { SheetValues } from './types';

const track = rules({ bonus: [{ key: 'dataModel', max: 500, step: 100 }] });
const full = (scores: Partial<Record<'design' | 'build' | 'pitch', number>> = {}, bonus: Record<string, number> = {}): SheetValues => ({
  scores: { design: 3500, build: 3000, pitch: 1750, ...scores },
  bonus,
});

describe('validateSheet', () => {
  it('accepts a complete sheet on its steps, with or without bonus', () => {
    expect(validateSheet(track, full(), 'submit')).toEqual([]);
    expect(validateSheet(track, full({}, { dataModel: 300 }), 'submit')).toEqual([]);
    expect(validateSheet(track, full({ design: 0, build: 4000, pitch: 2000 }), 'submit')).toEqual([]);
  });

  it('lets a draft be partial but not a submission', () => {
    const partial: SheetValues = { scores: { design: 3500 }, bonus: {} };
    expect(validateSheet(track, partial, 'draft')).toEqual([]);
    expect(validateSheet(track, partial, 'submit')).toEqual([
      { code: 'missing', section: 'criteria', key: 'build' },
      { code: 'missing', section: 'criteria', key: 'pitch' },
    ]);
    // An explicitly undefined value is missing too.
    expect(validateSheet(track, { scores: { design: 3500, build: 3000, pitch: undefined as unknown as number }, bonus: {} }, 'submit')).toEqual([
      { code: 'missing', section: 'criteria', key: 'pitch' },
    ]);
  });

  it('reports values out of range with the max', () => {
    expect(validateSheet(track, full({ build: 4050 }), 'submit')).toEqual([
      { code: 'out_of_range', section: 'criteria', key: 'build', value: 4050, min: 0, max: 4000 },
    ]);
    expect(validateSheet(track, full({ pitch: -50 }), 'draft')).toEqual([
      { code: 'out_of_range', section: 'criteria', key: 'pitch', value: -50, min: 0, max: 2000 },
    ]);
  });

  it('reports values off the step with the step', () => {
    expect(validateSheet(track, full({ design: 3525 }), 'submit')).toEqual([
      { code: 'off_step', section: 'criteria', key: 'design', value: 3525, step: 50 },
    ]);
    expect(validateSheet(track, full({}, { dataModel: 250 }), 'submit')).toEqual([
      { code: 'off_step', section: 'bonus', key: 'dataModel', value: 250, step: 100 },
    ]);
  });

  it('keeps bonus items within their bounds', () => {
    expect(validateSheet(track, full({}, { dataModel: 600 }), 'submit')).toEqual([
      { code: 'out_of_range', section: 'bonus', key: 'dataModel', value: 600, min: 0, max: 500 },
    ]);
  });

  it('rejects non-integer hundredths and non-numbers', () => {
    const values = full({ design: 3500.5, build: Number.NaN, pitch: '17' as unknown as number });
    expect(validateSheet(track, values, 'submit').map((p) => [p.code, p.key])).toEqual([
      ['not_integer', 'design'],
      ['not_integer', 'build'],
      ['not_integer', 'pitch'],
    ]);
    expect(validateSheet(track, full({}, { dataModel: Number.POSITIVE_INFINITY }), 'draft')[0]).toMatchObject({ code: 'not_integer', section: 'bonus' });
  });

  it('rejects unknown keys, including a bonus key among the criteria', () => {
    const values: SheetValues = { scores: { ...full().scores, dataModel: 100, style: 500 }, bonus: { design: 100 } };
    expect(validateSheet(track, values, 'submit')).toEqual([
      { code: 'unknown_key', section: 'criteria', key: 'dataModel' },
      { code: 'unknown_key', section: 'criteria', key: 'style' },
      { code: 'unknown_key', section: 'bonus', key: 'design' },
    ]);
  });

  it('describes problems in points', () => {
    expect(describeSheetProblem({ code: 'out_of_range', section: 'criteria', key: 'feasibility', value: 2100, min: 0, max: 2000 })).toBe('21 is above the max 20');
    expect(describeSheetProblem({ code: 'out_of_range', section: 'criteria', key: 'x', value: -50, min: 0, max: 2000 })).toBe('-0.5 is below the min 0');
    expect(describeSheetProblem({ code: 'off_step', section: 'criteria', key: 'x', value: 1730, step: 50 })).toBe('17.3 is not a multiple of the step 0.5');
    expect(describeSheetProblem({ code: 'unknown_key', section: 'bonus', key: 'x' })).toBe('not a bonus item of this track');
    expect(describeSheetProblem({ code: 'missing', section: 'criteria', key: 'x' })).toBe('no score given');
    expect(describeSheetProblem({ code: 'not_integer', section: 'criteria', key: 'x', value: 1.5 })).toBe('1.5 is not a whole number of hundredths');
  });
});

describe('judgeTotal', () => {
  it('is criteria plus bonus, in hundredths', () => {
    const values = full({}, { dataModel: 300 });
    expect(criteriaTotal(track, values)).toBe(8250);
    expect(bonusTotal(track, values)).toBe(300);
    expect(judgeTotal(track, values)).toBe(8550);
  });

  it('counts what a draft has and ignores unknown keys', () => {
    expect(judgeTotal(track, { scores: { design: 3500, style: 999 }, bonus: { other: 5 } })).toBe(3500);
    expect(judgeTotal(track, { scores: {}, bonus: {} })).toBe(0);
  });

  it('is the same whatever the bonus mode (the aggregation splits it)', () => {
    const separate = rules({ ...track, aggregation: { policy: 'mean', bonus: 'separate' } });
    expect(judgeTotal(separate, full({}, { dataModel: 300 }))).toBe(8550);
  });
});
