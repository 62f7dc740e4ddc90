/**
 * Stable error codes of every command answer. Clients translate them by code (i18n key
 * `errors.<code>`); `message` is an English explanation safe to show to anyone.
 */
export const ERRORS = {
  invalid_payload: 'The payload does not match the command\'s schema; `field` names the first bad field.',
  unauthorized: 'No valid credentials (host key, judge token).',
  forbidden: 'The caller\'s role may not send this command.',
  not_found: 'An id or key names nothing in this contest.',
  invalid_state: 'The entry or stage is not in a state that allows this step; the message says which state is needed.',
  scoring_not_open: 'The entry is not open for scoring (not yet presenting, or closed).',
  wrong_track: 'The entry belongs to a track the judge does not score.',
  recused: 'The judge is recused from this entry.',
  sheet_invalid: 'The sheet breaks the rubric; `details` lists every problem (`{ code, key, ... }`).',
  confirmation_required: 'An irreversible step needs an explicit confirmation and a reason.',
  awards_provisional: 'Awards are provisional (an unresolved tie at a boundary) and cannot be revealed yet.',
  signed_off: 'The judge has signed off; their sheets are locked.',
  contest_invalid: 'A contest file, or a part of the contest sent by the editor (the contest\'s name and date, a track, a judge, an entry), is invalid; `details` lists every problem as `{ path, code, params, message }`, the path inside the file or the part (broken JSON: code `json_syntax` with line and column).',
  rubric_locked: 'The track\'s rubric (its criteria and bonus items, their order, maxima and steps) cannot change once a sheet exists for the track; `details.sheets` says how many. Labels and descriptions can still be corrected.',
  people_invalid: 'A people sheet (entries or judges, Excel or CSV) is invalid; `details` lists every problem as `{ row, column, code, params, message }`; nothing was imported.',
  backup_invalid: 'A backup file is not one Podium made, was changed after it was made (its audit chain does not verify), or comes from a newer Podium; nothing was restored.',
  rate_limited: 'Too many messages from this connection or address, or too many wrong keys or links from this address; nothing was changed. `details.retryAfterMs` says when to send it again.',
  unavailable: 'The database is unreachable for the moment (a restart, a failover); nothing was changed. Send it again shortly.',
  internal: 'Something failed on the server; nothing was changed.',
} as const;

export type ErrorCode = keyof typeof ERRORS;
export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

export interface CommandFailure {
  ok: false;
  code: ErrorCode;
  message: string;
  field?: string;
  details?: unknown;
}

export type Ack<T> = { ok: true; data: T } | CommandFailure;
