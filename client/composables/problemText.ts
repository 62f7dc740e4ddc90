/**
 * A file problem from the server (`{ code, params, message }`) in the reader's language: the words
 * are client/i18n/messages/problems.ts, by code; a code this client does not know yet falls back
 * to the server's English message. Params that are themselves codes (a JSON reason, a type) are
 * translated too.
 */
import { useI18n } from 'vue-i18n';
import { registerMessages } from '../i18n';
import problemMessages from '../i18n/messages/problems';

export interface CodedProblem {
  code: string;
  params?: Record<string, string | number>;
  message: string;
}

/** `area` is the message group: `contest` for the contest file, `people` for the people sheets. */
export function useProblemText(area: 'contest' | 'people'): (problem: CodedProblem) => string {
  registerMessages({ problems: problemMessages });
  const { t, te } = useI18n();
  return (problem) => {
    const key = `problems.${area}.${problem.code}`;
    if (!te(key)) return problem.message;
    const params: Record<string, string | number> = { ...(problem.params ?? {}) };
    const word = (group: string, value: unknown) => (te(`problems.${group}.${String(value)}`) ? t(`problems.${group}.${String(value)}`) : String(value));
    if (params.reason !== undefined) params.reason = word('json', params.reason);
    if (params.expected !== undefined) params.expected = word('types', params.expected);
    return t(key, params);
  };
}
