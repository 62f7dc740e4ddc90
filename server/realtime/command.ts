/**
 * Wraps a command as a socket listener: parse the payload with its schema, run the command, ack
 * the outcome, then broadcast what changed. Nothing escapes unhandled; every call logs one line.
 */
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { BroadcastScope, CommandResult } from '../commands/run';
import { parsePayload, toFailure } from '../errors';
import type { Ack } from '../protocol/errors';
import type { Actor } from '../protocol/events';
import { COMMANDS, type CommandName } from '../protocol/registry';

export interface ListenerDeps {
  logger: Logger;
  broadcast: (scope: BroadcastScope) => void;
}

export function commandListener<E extends CommandName, R>(
  deps: ListenerDeps,
  actor: Actor,
  action: E,
  run: (input: z.output<(typeof COMMANDS)[E]['schema']>) => Promise<CommandResult<R>>,
) {
  type Input = z.output<(typeof COMMANDS)[E]['schema']>;
  const schema: z.ZodType<Input> = COMMANDS[action].schema as unknown as z.ZodType<Input>;
  return async (payload: unknown, ack: unknown): Promise<void> => {
    const reply = typeof ack === 'function' ? (ack as (a: Ack<R>) => void) : () => {};
    const started = performance.now();
    try {
      const result = await run(parsePayload(schema, payload));
      reply({ ok: true, data: result.data });
      deps.broadcast(result.scope);
      deps.logger.info({ actor, action, outcome: 'ok', ms: Math.round(performance.now() - started) }, action);
    } catch (error) {
      const failure = toFailure(error);
      reply(failure);
      const log = failure.code === 'internal' ? deps.logger.error.bind(deps.logger) : deps.logger.info.bind(deps.logger);
      log({ actor, action, outcome: failure.code, ms: Math.round(performance.now() - started), ...(failure.code === 'internal' ? { err: error } : { reason: failure.message }) }, action);
    }
  };
}

/** The answer to a command the caller's role may not send. */
export function forbiddenListener(role: string, action: string) {
  return (...args: unknown[]): void => {
    const ack = args.findLast((a) => typeof a === 'function') as ((a: Ack<never>) => void) | undefined;
    ack?.({ ok: false, code: 'forbidden', message: `A ${role} may not send ${action}.` });
  };
}
