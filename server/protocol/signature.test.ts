import { describe, expect, it } from 'vitest';
import { signaturePng } from '../../test/support/png';
import { pngSize, signatureBytes, signatureProblem } from './signature';

describe('a drawn signature', () => {
  it('is accepted as a PNG data URL of a sensible size', () => {
    const png = signaturePng(640, 300);
    expect(signatureProblem(png)).toBeNull();
    expect(pngSize(signatureBytes(png)!)).toEqual({ width: 640, height: 300 });
  });

  it('is refused when it is not a PNG, not base64, too small or too large', () => {
    expect(signatureProblem('data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=')).toMatch(/PNG image as a data URL/);
    expect(signatureProblem('data:image/png;base64,@@@')).toMatch(/PNG image as a data URL/);
    expect(signatureProblem(`data:image/png;base64,${btoa('GIF89a, not a PNG, but long enough to read a header from')}`)).toBe('is not a PNG image');
    expect(signatureProblem(signaturePng(30, 10))).toMatch(/between 40×20/);
    expect(signatureProblem(signaturePng(640, 300) + 'A'.repeat(200_001))).toMatch(/at most 150 KB/);
  });
});
