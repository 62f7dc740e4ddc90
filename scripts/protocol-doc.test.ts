import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../server/protocol/errors';
import { COMMANDS } from '../server/protocol/registry';
import { PROTOCOL_DOC_PATH, renderProtocolDoc } from './protocol-doc';

describe('docs/protocol.md', () => {
  it('is exactly what server/protocol generates (run `npm run docs:protocol` after changing the protocol)', () => {
    expect(readFileSync(PROTOCOL_DOC_PATH, 'utf8')).toBe(renderProtocolDoc());
  });

  it('documents every command and every error code', () => {
    const doc = renderProtocolDoc();
    for (const name of Object.keys(COMMANDS)) expect(doc).toContain(`### \`${name}\``);
    for (const code of ERROR_CODES) expect(doc).toContain(`| \`${code}\` |`);
  });
});
