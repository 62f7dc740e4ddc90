/**
 * One error type for everything a command can refuse. Handlers turn it into the ack's
 * `{ ok: false, code, message, field?, details? }`; anything else that escapes becomes `internal`
 * and is logged, never shown with its stack or SQL.
 */
import type { z } from 'zod';
import { isDatabaseUnavailable } from '../db/faults';
import type { CommandFailure, ErrorCode } from './protocol/errors';

export class CommandError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { field?: string; details?: unknown } = {},
  ) {
    super(message);
    this.name = 'CommandError';
  }

  toFailure(): CommandFailure {
    return { ok: false, code: this.code, message: this.message, ...this.extra };
  }
}

export function fail(code: ErrorCode, message: string, extra?: { field?: string; details?: unknown }): never {
  throw new CommandError(code, message, extra);
}

/** `['scores', 'feasibility']` to `scores.feasibility`. */
function dotted(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/**
 * Parses a payload with its schema, or refuses with the first problem as `field: message`. A field
 * the schema does not know is named like any other bad field (`judgeId: not a field of this command`).
 */
export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  if (!first) throw new CommandError('invalid_payload', 'invalid payload');
  const unknownKey = first.code === 'unrecognized_keys' ? first.keys[0] : undefined;
  const field = dotted(unknownKey === undefined ? first.path : [...first.path, unknownKey]);
  const text = unknownKey === undefined ? first.message : 'not a field of this command';
  const message = payload === undefined ? 'a payload object is required' : `${field ? `${field}: ` : ''}${text}`;
  throw new CommandError('invalid_payload', message, field ? { field } : {});
}

/**
 * The ack for any thrown value: typed refusals pass through; a lost database connection is
 * `unavailable` (the same command succeeds once it is back); the rest is `internal`.
 */
export function toFailure(error: unknown): CommandFailure {
  if (error instanceof CommandError) return error.toFailure();
  if (isDatabaseUnavailable(error)) {
    return { ok: false, code: 'unavailable', message: 'The database is unreachable for the moment; nothing was changed. Try again shortly.' };
  }
  return { ok: false, code: 'internal', message: 'The server could not do this; nothing was changed. Try again.' };
}
