/**
 * Problems found in a file someone uploaded (a contest file, a people sheet), each with a stable
 * `code` and its `params`, so that a screen can say it in the reader's language (the client's
 * i18n has `problems.<code>` in zh-CN and en), plus `message`: the English text the CLI and the
 * server log print. One catalog for both languages' shape of each problem: the English here, the
 * client's words in client/i18n/messages/problems.ts (a test keeps the two in step).
 */

export type ProblemParams = Record<string, string | number>;

type Catalog = Record<string, (p: ProblemParams) => string>;

/** What can be wrong with a contest file, with its English text. */
export const CONTEST_PROBLEMS = {
  required: () => 'is required',
  wrong_type: (p) => `must be ${TYPE_NAMES[String(p.expected)] ?? String(p.expected)}`,
  invalid: (p) => String(p.detail ?? 'is not valid'),
  not_empty: () => 'must not be empty',
  text: () => 'must be text',
  localized: () => 'must be text, or { "zh": text, "en": text }',
  plain_text: () => 'must be plain text (no control characters)',
  positive: () => 'must be a positive number',
  two_decimals: (p) => (p.field ? `${p.field} may have at most two decimals` : 'may have at most two decimals'),
  key: () => 'must be a key of letters, digits, - or _ (start with a letter, at most 32)',
  whole: () => 'must be a whole number',
  at_least: (p) => `must be at least ${p.min}`,
  not_negative: () => 'must not be negative',
  whole_seconds: () => 'must be whole seconds',
  at_least_one_second: () => 'must be at least 1 second',
  one_of: (p) => `must be one of ${p.options}`,
  format: (p) => `must be "${p.options}"`,
  token: () => 'must be 16 to 64 letters, digits, - or _ (it is a secret link)',
  need_track: () => 'a contest needs at least one track',
  need_criterion: () => 'a track needs at least one criterion',
  need_award: () => 'a track needs at least one award tier',
  judge_needs_track: () => 'a judge needs at least one track',
  min_panel: (p) => `must be at least ${p.min} so that a judge remains after dropping ${p.trim} high and ${p.trim} low`,
  duplicate_track: () => 'is used by another track',
  duplicate_item: () => 'is used by another criterion or bonus item of this track',
  duplicate_award: () => 'is used by another award tier',
  duplicate_judge: () => 'is used by another judge',
  duplicate_token: () => 'is used by another judge',
  duplicate_entry: () => 'is used by another entry',
  duplicate_order: (p) => `is used by another entry of track "${p.track}"`,
  step_above_max: () => 'must not be larger than max',
  step_not_divisor: () => 'must divide max evenly',
  tiebreak_unknown_criterion: (p) => `names no criterion of track "${p.track}"`,
  manual_not_last: () => 'manual must be the last tie-break',
  warning_not_shorter: () => 'must be shorter than the phase',
  unknown_track: (p) => `names no track ("${p.value}")`,
  unknown_judge: (p) => `names no judge ("${p.value}")`,
  unknown_entry: (p) => `names no entry ("${p.value}")`,
  json_syntax: (p) => `not valid JSON at line ${p.line}, column ${p.column}: ${JSON_REASONS[String(p.reason)] ?? String(p.reason)}`,
} satisfies Catalog;

export type ContestProblemCode = keyof typeof CONTEST_PROBLEMS;

const TYPE_NAMES: Record<string, string> = {
  object: 'an object', array: 'a list', string: 'text', number: 'a number', boolean: 'true or false',
};

/** Why a JSON text does not parse, by the name jsonc-parser gives the first error (the client's English too). */
export const JSON_REASONS: Record<string, string> = {
  ValueExpected: 'a value is expected here',
  CommaExpected: 'a comma is expected here',
  ColonExpected: 'a colon is expected here',
  PropertyNameExpected: 'a name in double quotes is expected here (no comma after the last item)',
  CloseBraceExpected: 'a closing brace is expected here',
  CloseBracketExpected: 'a closing bracket is expected here',
  EndOfFileExpected: 'the file should end here',
  InvalidSymbol: 'this character is not allowed here',
  InvalidCharacter: 'a character is not allowed inside this text',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'this text is not closed with a double quote',
  UnexpectedEndOfComment: 'comments are not allowed in JSON',
  UnexpectedEndOfNumber: 'this number is not complete',
  InvalidUnicode: 'this Unicode escape is not valid',
  InvalidEscapeCharacter: 'this escape is not valid',
};

/** One problem with a contest file, located by its path in the document. */
export interface FileProblem {
  path: string;
  code: ContestProblemCode;
  params: ProblemParams;
  /** English, for the CLI and logs. */
  message: string;
}

export function contestProblem(path: string, code: ContestProblemCode, params: ProblemParams = {}): FileProblem {
  return { path, code, params, message: CONTEST_PROBLEMS[code](params) };
}

export function isContestProblemCode(code: string): code is ContestProblemCode {
  return Object.hasOwn(CONTEST_PROBLEMS, code);
}
