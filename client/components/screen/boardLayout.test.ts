import { describe, expect, it } from 'vitest';
import { BOARD_SIZES, boardLayout } from './boardLayout';

const fits = (l: ReturnType<typeof boardLayout>, height: number) =>
  l.full * l.rowHeight + (l.compact + (l.hidden > 0 ? 1 : 0) > 0 ? BOARD_SIZES.gap + Math.ceil((l.compact + (l.hidden > 0 ? 1 : 0)) / BOARD_SIZES.compactColumns) * BOARD_SIZES.compactRow : 0) <= height;

describe('boardLayout', () => {
  it('gives every entry a full row while they fit, no taller than the maximum', () => {
    expect(boardLayout(0, 760)).toMatchObject({ full: 0, compact: 0, hidden: 0 });
    expect(boardLayout(3, 760)).toEqual({ full: 3, rowHeight: 84, compact: 0, hidden: 0 });
    expect(boardLayout(10, 760)).toEqual({ full: 10, rowHeight: 76, compact: 0, hidden: 0 });
    expect(boardLayout(12, 760)).toEqual({ full: 12, rowHeight: 63, compact: 0, hidden: 0 });
  });

  it('keeps the top places full and puts the rest compactly when there are many', () => {
    const l = boardLayout(18, 760);
    expect(l).toEqual({ full: 10, rowHeight: 60, compact: 8, hidden: 0 });
    expect(fits(l, 760)).toBe(true);
  });

  it('counts what does not fit at all, and always fits the height', () => {
    for (const count of [1, 5, 12, 13, 20, 40, 80, 200]) {
      const l = boardLayout(count, 760);
      expect(l.full + l.compact + l.hidden).toBe(count);
      expect(fits(l, 760)).toBe(true);
    }
    expect(boardLayout(200, 760).hidden).toBeGreaterThan(0);
  });
});
