/** Turning server answers and sheet problems into the judge's language (by code, never by message). */
import { formatPointsCompact } from '../../../server/domain/format';
import type { SheetProblem } from '../../../server/domain/sheet';
import type { OutboxFailure } from '../../composables/outboxCore';

export type Translate = (key: string, params?: Record<string, unknown>) => string;

/** A sheet problem next to its criterion: "at most 20", "must be a multiple of 0.5" ... */
export function problemText(t: Translate, problem: SheetProblem): string {
  switch (problem.code) {
    case 'missing':
      return t('judge.problems.missing');
    case 'unknown_key':
      return t('judge.problems.unknown_key');
    case 'not_integer':
      return t('judge.problems.not_integer');
    case 'out_of_range':
      return problem.value < problem.min ? t('judge.problems.below') : t('judge.problems.above', { max: formatPointsCompact(problem.max) });
    case 'off_step':
      return t('judge.problems.off_step', { step: formatPointsCompact(problem.step) });
  }
}

/** True for the pad's own "no answer" failures (timeouts, offline). */
export function isNoAnswer(failure: OutboxFailure): boolean {
  return failure.code === 'internal' && (failure.message === 'timeout' || failure.message === 'offline');
}

/** A refusal in the judge's language, by its stable code. */
export function failureText(t: Translate, failure: OutboxFailure): string {
  if (isNoAnswer(failure)) return t('common.errors.timeout');
  if (failure.code === 'invalid_payload') return t('common.errors.invalid_payload', { message: failure.message });
  if (failure.code === 'scoring_not_open' && (failure.details as { state?: unknown } | undefined)?.state === 'closed') return t('judge.errors.closed');
  return t(`common.errors.${failure.code}`);
}

/** The sheet problems a `sheet_invalid` refusal carries in `details`, checked (it is outside input). */
export function problemsOf(failure: OutboxFailure | null): SheetProblem[] {
  if (!failure || failure.code !== 'sheet_invalid' || !Array.isArray(failure.details)) return [];
  return failure.details.filter(
    (p): p is SheetProblem => typeof p === 'object' && p !== null && typeof (p as { key?: unknown }).key === 'string' && typeof (p as { code?: unknown }).code === 'string',
  );
}
