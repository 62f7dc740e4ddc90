/**
 * What the /setup editor shares: sending an editor command and turning its refusal into what the
 * host reads (the contest file's problems by field, a locked rubric with its count, a refusal
 * that keeps scored work with its reason, else the error's text), and the contest file's
 * localized text as two inputs (Chinese, optional English).
 */
import type { ComposerTranslation } from 'vue-i18n';
import type { Localized } from '../../../server/protocol/contestFile';
import type { CodedProblem } from '../../composables/problemText';
import { failureText } from '../host/failure';

export type EditorProblem = CodedProblem & { path: string };

/** A refusal as the editor shows it: a sentence, and the part's problems when there are some. */
export interface EditorFailure {
  text: string;
  problems: EditorProblem[];
}

interface Refusal {
  code: string;
  message: string;
  details?: unknown;
  timeout?: boolean;
}

export function editorFailure(t: ComposerTranslation, answer: Refusal): EditorFailure {
  const details = (answer.details ?? {}) as { reason?: string; count?: number; judges?: string[]; sheets?: number };
  if (answer.code === 'contest_invalid' && Array.isArray(answer.details)) {
    const problems = answer.details as EditorProblem[];
    return { text: t('setup.editor.problems', { n: problems.length }), problems };
  }
  if (answer.code === 'rubric_locked') return { text: t('setup.editor.rubricLocked', { n: details.sheets ?? 0 }), problems: [] };
  if (answer.code === 'invalid_state' && details.reason) {
    const key = `setup.editor.refused.${details.reason}`;
    return { text: t(key, { count: details.count ?? 0, judges: (details.judges ?? []).join('、') }), problems: [] };
  }
  return { text: failureText(t, answer), problems: [] };
}

/** A path inside a part (`criteria[1].max`) in words: 评分项 2 · 满分. */
export function pathText(t: ComposerTranslation, te: (key: string) => boolean, path: string): string {
  if (path === '(file)') return t('setup.editor.paths.whole');
  return path
    .split('.')
    .map((segment) => {
      const [, name, index] = /^([A-Za-z]+)(?:\[(\d+)\])?$/.exec(segment) ?? [];
      if (!name) return segment;
      const key = `setup.editor.paths.${name}`;
      if (!te(key)) return segment;
      return index === undefined ? t(key, { n: '' }).trim() : t(key, { n: Number(index) + 1 });
    })
    .join(' · ');
}

/** Two inputs' worth of localized text back to the contest file's form (English only when given). */
export function localized(zh: string, en: string): Localized | string {
  return en.trim() ? { zh, en: en.trim() } : zh;
}
