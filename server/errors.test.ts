import { describe, expect, it } from 'vitest';
import { CommandError, toFailure } from './errors';

describe('toFailure', () => {
  it('passes typed refusals through, answers a lost database unavailable, and hides anything else as internal', () => {
    expect(toFailure(new CommandError('not_found', 'No entry 9.'))).toEqual({ ok: false, code: 'not_found', message: 'No entry 9.' });
    const lost = new Error('Failed query: select 1', { cause: Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }) });
    expect(toFailure(lost)).toMatchObject({ ok: false, code: 'unavailable', message: expect.stringContaining('nothing was changed') });
    const bug = new Error('Failed query: insert into sheets ... duplicate key');
    expect(toFailure(bug)).toEqual({ ok: false, code: 'internal', message: expect.not.stringContaining('sheets') });
  });
});
