import { z } from 'zod';
import { isPlainText } from './plainText';

/** A string schema that refuses control characters and broken UTF-16 with a clear message. */
export function text() {
  return z.string({ error: 'must be text' }).refine(isPlainText, 'must be plain text (no control characters)');
}
