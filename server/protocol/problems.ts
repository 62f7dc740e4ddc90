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

/** What can be wrong with a people sheet (entries or judges, from Excel or CSV). */
export const PEOPLE_PROBLEMS = {
  file_type: () => 'is not an Excel workbook (.xlsx) or a CSV file (an old .xls? save it as .xlsx)',
  file_unreadable: (p) => `cannot be read (${p.detail})`,
  encoding: () => 'is neither UTF-8 nor GBK text: save it as CSV UTF-8 or as .xlsx',
  csv_syntax: (p) => `is not valid CSV here (${p.detail})`,
  too_large: (p) => `is larger than ${p.max} MB`,
  no_header: () => 'has no header row',
  no_rows: () => 'has no rows under the header',
  too_many_rows: (p) => `has more than ${p.max} rows`,
  missing_column: (p) => `the header has no "${p.column}" column`,
  duplicate_column: () => 'appears twice in the header',
  required: () => 'is empty',
  too_long: (p) => `is longer than ${p.max} characters`,
  control_chars: () => 'contains control characters',
  cell_error: (p) => `holds a formula error (${p.value})`,
  unknown_track: (p) => `"${p.value}" is not a track of the contest (tracks: ${p.known})`,
  bad_code: (p) => `"${p.value}" is not a code of letters, digits, - or _ starting with a letter (at most 32)`,
  bad_order: (p) => `"${p.value}" is not a whole number from 1`,
  duplicate_in_file: (p) => `"${p.value}" is also on row ${p.firstRow}`,
  duplicate_in_contest: (p) => `"${p.value}" is already in the contest`,
} satisfies Catalog;

export type PeopleProblemCode = keyof typeof PEOPLE_PROBLEMS;

/** One problem with a people sheet: row and column as the user sees them in Excel. */
export interface PeopleProblem {
  /** Row number in the sheet (the header is row 1 in a template); null for the whole file. */
  row: number | null;
  /** The column's header as the user wrote it (or the expected name of a missing column). */
  column: string | null;
  code: PeopleProblemCode;
  params: ProblemParams;
  /** English, for logs and tests. */
  message: string;
}

export function peopleProblem(row: number | null, column: string | null, code: PeopleProblemCode, params: ProblemParams = {}): PeopleProblem {
  return { row, column, code, params, message: PEOPLE_PROBLEMS[code](params) };
}
