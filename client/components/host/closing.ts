/** What closing an entry will mean, in the host's words (the server's consequence, server/domain/closing.ts). */
import type { CloseConsequence } from '../../../server/domain/closing';

type Translate = (key: string, values?: Record<string, unknown>) => string;

export function consequenceLines(t: Translate, c: CloseConsequence): string[] {
  if (c.noScore) return [t('host.close.noScore', { expected: c.expected })];
  const lines: string[] = [];
  if (c.fallback?.from === 'trimmed') lines.push(t('host.close.fallback', { counted: c.counted, minPanel: c.fallback.minPanel }));
  else if (c.counted < c.expected) lines.push(t('host.close.partial', { counted: c.counted, expected: c.expected }));
  if (c.awardHeld) lines.push(t('host.close.awardHeld', { min: c.awardHeld.minAwardPanel }));
  return lines;
}
