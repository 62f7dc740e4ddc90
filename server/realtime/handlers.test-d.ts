/**
 * Compile-time tests (vitest typecheck; `npm test` runs them): the handler maps are typed from the
 * protocol's registry, so a handler that answers something other than its event's answer type, or
 * that expects another payload, does not build.
 */
import { expectTypeOf, test } from 'vitest';
import type { AnswerOf, InputOf, ReadAnswerOf } from '../protocol/registry';
import {
  HOST_HANDLERS, HOST_READ_HANDLERS, JUDGE_HANDLERS, type Handler, type HostHandlers, type HostReadHandlers, type JudgeHandlers, type ReadHandler,
} from './handlers';

test('a handler that answers another type than its event promises does not build', () => {
  const wrongAnswer: HostHandlers = {
    ...HOST_HANDLERS,
    // @ts-expect-error stage:call answers null, not { surprise: 42 }
    'stage:call': async () => ({ data: { surprise: 42 }, seq: 1, effects: [] }),
  };
  expectTypeOf(wrongAnswer).toEqualTypeOf<HostHandlers>();
});

test('a handler that takes another event\'s payload does not build', () => {
  const wrongPayload: JudgeHandlers = {
    ...JUDGE_HANDLERS,
    // @ts-expect-error sheet:save's handler would receive a save payload, not a submit with a submissionId
    'sheet:save': async (_ctx, _actor, input: InputOf<'sheet:submit'>) => ({ data: { rev: input.submissionId.length, savedAt: '' }, seq: 1, effects: [] }),
  };
  expectTypeOf(wrongPayload).toEqualTypeOf<JudgeHandlers>();
});

test('every command has its handler, with the registry\'s answer type', () => {
  expectTypeOf(HOST_HANDLERS['stage:next']).toEqualTypeOf<Handler<'stage:next'>>();
  expectTypeOf<Awaited<ReturnType<(typeof JUDGE_HANDLERS)['sheet:submit']>>['data']>().toEqualTypeOf<AnswerOf<'sheet:submit'>>();
  // @ts-expect-error a map without one of the commands is not a HostHandlers
  const missing: HostHandlers = { 'stage:call': HOST_HANDLERS['stage:call'] };
  expectTypeOf(missing).toEqualTypeOf<HostHandlers>();
});

test('a read handler answers its read\'s answer type, from its parsed payload', () => {
  expectTypeOf(HOST_READ_HANDLERS['analysis:get']).toEqualTypeOf<ReadHandler<'analysis:get'>>();
  expectTypeOf<Awaited<ReturnType<HostReadHandlers['analysis:get']>>>().toEqualTypeOf<ReadAnswerOf<'analysis:get'>>();
  const wrong: HostReadHandlers = {
    // @ts-expect-error analysis:get answers the analysis status and analysis, not a number
    'analysis:get': (_ctx, input) => input.track.length,
  };
  expectTypeOf(wrong).toEqualTypeOf<HostReadHandlers>();
});
