import { describe, expect, it } from 'vitest';
import { isPlainText, toPlainText, truncateText } from './plainText';

describe('plain text', () => {
  it('accepts Chinese, emoji, tabs and line breaks; refuses NUL, other controls and broken pairs', () => {
    expect(isPlainText('思路清晰 👍\n第二行\tok')).toBe(true);
    expect(isPlainText('a\u0000b')).toBe(false);
    expect(isPlainText('bell\u0007')).toBe(false);
    expect(isPlainText('half \uD83D')).toBe(false);
    expect(isPlainText('\uDC4D alone')).toBe(false);
  });

  it('cleans pasted text and cuts it without splitting a character', () => {
    expect(toPlainText('a\u0000b\u0007c\uD83Dd')).toBe('abcd');
    expect(isPlainText(toPlainText('x\uDC4D\u0001'))).toBe(true);
    expect(truncateText('ab👍', 3)).toBe('ab');
    expect(truncateText('ab👍', 4)).toBe('ab👍');
  });
});
