import { describe, expect, it } from 'vitest';
import { axisFor, BOARD_FRAME, BOARD_SIZES, boardLayout, type BoardLayout } from './boardLayout';
import { screenLayout } from './screenLayout';

const fits = (l: BoardLayout, height: number) => {
  const cells = l.compact + (l.hidden > 0 ? 1 : 0);
  const compact = cells > 0 ? BOARD_SIZES.gap + Math.ceil(cells / BOARD_SIZES.compactColumns) * BOARD_SIZES.compactRow : 0;
  return l.full * l.rowHeight + compact <= height;
};

describe('boardLayout', () => {
  it('gives every entry a full row while they fit, no taller than the maximum', () => {
    expect(boardLayout(0, 732)).toMatchObject({ full: 0, compact: 0, hidden: 0 });
    expect(boardLayout(3, 732)).toEqual({ full: 3, rowHeight: 104, compact: 0, hidden: 0 });
    expect(boardLayout(10, 732)).toEqual({ full: 10, rowHeight: 73, compact: 0, hidden: 0 });
    expect(boardLayout(14, 732)).toEqual({ full: 14, rowHeight: 52, compact: 0, hidden: 0 });
  });

  it('keeps the top places full and puts the rest compactly when there are many', () => {
    const l = boardLayout(18, 732);
    expect(l).toEqual({ full: 10, rowHeight: 50, compact: 8, hidden: 0 });
    expect(fits(l, 732)).toBe(true);
  });

  it('counts what does not fit at all, and always fits the height', () => {
    for (const height of [508, 732]) {
      for (const count of [1, 5, 12, 13, 20, 40, 80, 200]) {
        const l = boardLayout(count, height);
        expect(l.full + l.compact + l.hidden).toBe(count);
        expect(fits(l, height)).toBe(true);
      }
    }
    expect(boardLayout(200, 732).hidden).toBeGreaterThan(0);
  });
});

describe('screenLayout', () => {
  it('puts the stage beside the board at 16:9, and above it at 16:10, 3:2 and 4:3', () => {
    expect(screenLayout(1920)).toMatchObject({ mode: 'side', panel: 576, clock: 142, board: { width: 1208, height: 880 } });
    expect(screenLayout(1728)).toMatchObject({ mode: 'band', board: { width: 1656, height: 650 } });
    expect(screenLayout(1620).mode).toBe('band');
    expect(screenLayout(1440)).toMatchObject({ mode: 'band', board: { width: 1368, height: 650 } });
  });

  it('leaves every layout room for ten entries in full rows', () => {
    for (const width of [1440, 1620, 1728, 1920]) {
      const { board } = screenLayout(width);
      const rows = board.height - 2 * BOARD_FRAME.padding - BOARD_FRAME.header - BOARD_FRAME.axis;
      expect(boardLayout(10, rows)).toMatchObject({ full: 10, compact: 0 });
    }
  });
});

describe('axisFor', () => {
  it('starts below the lowest score on a whole 10, never below 0, with a handful of ticks', () => {
    expect(axisFor([8000, 9200])).toEqual({ min: 7000, max: 10000, step: 1000 });
    expect(axisFor([8800])).toEqual({ min: 7000, max: 9000, step: 500 });
    expect(axisFor([3000, 9900])).toEqual({ min: 2000, max: 10000, step: 2000 });
    expect(axisFor([500])).toEqual({ min: 0, max: 1000, step: 500 });
    expect(axisFor([])).toEqual({ min: 0, max: 10000, step: 2000 });
  });
});
