/**
 * Measures for the browser tests of the big screens (/screen, /ceremony): whether the stage fills
 * the window, whether anything scrolls, how tall the text is as rendered, and whether the board's
 * bars are drawn over a baseline. Everything is read from the page as Chromium laid it out.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** One text element as rendered: em size and ink height (tallest glyph of its text), window px. */
export interface TextMeasure {
  what: string;
  text: string;
  fontPx: number;
  inkPx: number;
  /** Its box in the window. */
  box: { x: number; y: number; width: number; height: number };
}

/**
 * Every visible element matching each selector, measured: its computed font size times the
 * stage's scale, and the ink height of its own text in that font (canvas measureText, the
 * actual bounding box of the glyphs), times the scale. The figures are window px, the pixels of
 * a screenshot of that window.
 */
export async function measureTexts(page: Page, groups: Record<string, string>): Promise<TextMeasure[]> {
  return page.evaluate((selectors) => {
    const frame = document.querySelector<HTMLElement>('[data-testid=stage-frame]');
    if (!frame) throw new Error('no stage on this page');
    const scale = frame.getBoundingClientRect().width / frame.offsetWidth;
    const ctx = document.createElement('canvas').getContext('2d')!;
    const out: { what: string; text: string; fontPx: number; inkPx: number; box: { x: number; y: number; width: number; height: number } }[] = [];
    for (const [what, selector] of Object.entries(selectors)) {
      for (const el of document.querySelectorAll<HTMLElement>(selector)) {
        const box = el.getBoundingClientRect();
        const text = (el.textContent ?? '').trim();
        if (box.width === 0 || box.height === 0 || text === '') continue;
        const style = getComputedStyle(el);
        ctx.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const m = ctx.measureText(text);
        out.push({
          what,
          text,
          fontPx: parseFloat(style.fontSize) * scale,
          inkPx: (m.actualBoundingBoxAscent + m.actualBoundingBoxDescent) * scale,
          box: { x: box.x, y: box.y, width: box.width, height: box.height },
        });
      }
    }
    return out;
  }, groups);
}

/** The smallest measure by ink height. */
export function smallest(measures: readonly TextMeasure[]): TextMeasure {
  if (measures.length === 0) throw new Error('nothing measured');
  return measures.reduce((a, b) => (b.inkPx < a.inkPx ? b : a));
}

/** Pairs of measured texts whose boxes overlap (text drawn over text), as "a / b". */
export function overlapping(measures: readonly TextMeasure[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < measures.length; i++) {
    for (let j = i + 1; j < measures.length; j++) {
      const a = measures[i]!.box;
      const b = measures[j]!.box;
      const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
      const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
      if (w > 1 && h > 1) found.push(`${measures[i]!.what} "${measures[i]!.text}" / ${measures[j]!.what} "${measures[j]!.text}"`);
    }
  }
  return found;
}

/** The stage's box in the window, and the window. */
export async function stageBox(page: Page): Promise<{ x: number; y: number; width: number; height: number; windowWidth: number; windowHeight: number }> {
  return page.evaluate(() => {
    const r = document.querySelector('[data-testid=stage-frame]')!.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height, windowWidth: window.innerWidth, windowHeight: window.innerHeight };
  });
}

/** Scroll extents of the document: none may exceed the window, nor may a scroll bar take room. */
export async function scrollExtents(page: Page): Promise<{ overflowX: number; overflowY: number; scrollBar: boolean }> {
  return page.evaluate(() => {
    const d = document.documentElement;
    const b = document.body;
    return {
      overflowX: Math.max(d.scrollWidth, b.scrollWidth) - window.innerWidth,
      overflowY: Math.max(d.scrollHeight, b.scrollHeight) - window.innerHeight,
      scrollBar: d.clientWidth !== window.innerWidth || d.clientHeight !== window.innerHeight,
    };
  });
}

/**
 * The board's bars as drawn on the chart's canvas: whether the baseline (a light vertical line at
 * the plot's left edge) is there between every two rows, where no bar covers it, and whether a
 * label is drawn under it in the axis strip.
 */
export async function baselineDrawn(page: Page): Promise<{ rows: number; lineAt: number; labelled: boolean }> {
  return page.evaluate(() => {
    const chart = document.querySelector<HTMLElement>('[data-testid=board-chart]')!;
    // The plot's left edge in the canvas, CSS px: where the bars start.
    const left = Number(chart.dataset.plotLeft);
    const canvas = chart.querySelector('canvas')!;
    const rows = document.querySelectorAll('[data-testid=board-row]');
    const rowHeight = (rows[0] as HTMLElement).offsetHeight;
    const ratio = canvas.width / canvas.offsetWidth;
    const ctx = canvas.getContext('2d')!;
    const light = (x: number, y: number, w = 1, h = 1) => {
      const data = ctx.getImageData(Math.round(x * ratio) - Math.floor(w / 2), Math.round(y * ratio), w, h).data;
      for (let i = 0; i < data.length; i += 4) if (data[i]! > 150 && data[i + 1]! > 150 && data[i + 2]! > 150) return true;
      return false;
    };
    let lineAt = 0;
    for (let k = 1; k < rows.length; k++) if (light(left, k * rowHeight, 5)) lineAt += 1;
    // Under the plot: the axis strip, where the baseline's value is written.
    const plot = rows.length * rowHeight;
    const labelled = light(left, plot + (canvas.offsetHeight - plot) / 2, Math.round(24 * ratio), Math.round(((canvas.offsetHeight - plot) / 2) * ratio));
    return { rows: rows.length - 1, lineAt, labelled };
  });
}

/** Every element matching `inner` lies inside the box of `outer` (nothing cut off at its edges). */
export async function allInside(page: Page, inner: string, outer: string): Promise<void> {
  const box = (await page.locator(outer).first().boundingBox())!;
  for (const el of await page.locator(inner).all()) {
    const b = (await el.boundingBox())!;
    expect(b.x).toBeGreaterThanOrEqual(box.x - 1);
    expect(b.y).toBeGreaterThanOrEqual(box.y - 1);
    expect(b.x + b.width).toBeLessThanOrEqual(box.x + box.width + 1);
    expect(b.y + b.height).toBeLessThanOrEqual(box.y + box.height + 1);
  }
}
