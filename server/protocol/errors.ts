/**
 * Stable error codes of every command answer. Clients translate them by code (i18n key
 * `errors.<code>`); `message` is an English explanation safe to show to anyone.
 */
export const ERROR_CODES = [
  /** The payload does not match the command's schema; `field` names the first bad field. */
  'invalid_payload',
  /** No valid credentials for this command (host key, judge token). */
  'unauthorized',
  /** The caller's role may not do this. */
  'forbidden',
  /** An id or key names nothing in this contest. */
  'not_found',
  /** The entry or stage is not in a state that allows this step. */
  'invalid_state',
  /** The entry is not open for scoring (not yet presenting, or closed). */
  'scoring_not_open',
  /** The entry belongs to a track the judge does not score. */
  'wrong_track',
  /** The judge is recused from this entry. */
  'recused',
  /** The sheet breaks the rubric (range, step, missing criterion); `details` lists each problem. */
  'sheet_invalid',
  /** An irreversible step needs an explicit confirmation and a reason. */
  'confirmation_required',
  /** Awards are provisional (an unresolved tie at a boundary) and cannot be revealed yet. */
  'awards_provisional',
  /** The judge has signed off; sheets are locked. */
  'signed_off',
  /** A contest file or import is invalid; `details` lists every problem by path. */
  'contest_invalid',
  /** Something failed on the server; nothing was changed. */
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface CommandFailure {
  ok: false;
  code: ErrorCode;
  message: string;
  field?: string;
  details?: unknown;
}

export type Ack<T> = { ok: true; data: T } | CommandFailure;
