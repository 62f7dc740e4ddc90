/** A signature drawn on a judge's pad in a real browser (the sign-off asks for one). */
import type { Page } from 'playwright-core';

/** Draws a signature with a finger: touch events through the DevTools protocol, as a phone sends them. */
export async function drawSignature(page: Page): Promise<void> {
  await page.getByTestId('signature-canvas').scrollIntoViewIfNeeded();
  const box = (await page.getByTestId('signature-canvas').boundingBox())!;
  const cdp = await page.context().newCDPSession(page);
  const strokes = [
    [[0.1, 0.6], [0.2, 0.3], [0.3, 0.7], [0.4, 0.35], [0.5, 0.65]],
    [[0.55, 0.5], [0.65, 0.3], [0.75, 0.7], [0.9, 0.4]],
  ];
  for (const stroke of strokes) {
    const points = stroke.map(([x, y]) => ({ x: box.x + box.width * x!, y: box.y + box.height * y! }));
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [points[0]!] });
    for (const p of points.slice(1)) {
      await page.waitForTimeout(30);
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [p] });
    }
    // The finger rests before it lifts: a lift at speed would start a fling, which swallows the next tap.
    await page.waitForTimeout(150);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [points.at(-1)!] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  }
  await cdp.detach();
}
