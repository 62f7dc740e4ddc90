import { describe, expect, it } from 'vitest';
import { ICC_BANDS, NOT_COMPUTED, W_BANDS } from '../../server/domain/analysis/agreement';
import { AGGREGATION_POLICIES } from '../../server/protocol/contestFile';
import { ERROR_CODES } from '../../server/protocol/errors';
import analysis from './messages/analysis';
import ceremony from './messages/ceremony';
import common from './messages/common';
import host from './messages/host';
import judge from './messages/judge';
import live from './messages/live';
import screen from './messages/screen';
import print from './messages/print';
import problems from './messages/problems';
import setup from './messages/setup';
import { CONTEST_PROBLEMS, JSON_REASONS, PEOPLE_PROBLEMS } from '../../server/protocol/problems';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree): string[] {
  return Object.values(tree).flatMap((v) => (typeof v === 'string' ? [v] : leaves(v)));
}

function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
}

const modules = { analysis, ceremony, common, host, judge, live, screen, setup, problems, print } as Record<string, { 'zh-CN': Tree; en: Tree }>;

describe('messages', () => {
  for (const [name, messages] of Object.entries(modules)) {
    it(`${name}: every text exists in zh-CN and en`, () => {
      expect(keys(messages.en).sort()).toEqual(keys(messages['zh-CN']).sort());
      for (const text of [...leaves(messages.en), ...leaves(messages['zh-CN'])]) expect(text.trim()).not.toBe('');
    });
  }

  it('reads every band of the analysis, every reason it gives, every policy it compares', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const m = analysis[locale];
      for (const band of W_BANDS) expect(m.reading.w).toHaveProperty(band);
      for (const band of ICC_BANDS) expect(m.reading.icc).toHaveProperty(band);
      for (const reason of NOT_COMPUTED) expect(m.reasons).toHaveProperty(reason);
      for (const policy of AGGREGATION_POLICIES) expect(m.policies).toHaveProperty(policy);
    }
    expect(analysis['zh-CN'].reading.w.strong).toBe('评委排序高度一致');
  });

  it('translates every error code the server can answer', () => {
    for (const code of ERROR_CODES) {
      expect(common['zh-CN'].errors).toHaveProperty(code);
      expect(common.en.errors).toHaveProperty(code);
    }
  });

  it('says every file problem the server can report, and every JSON reason, in both languages', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      expect(Object.keys(problems[locale].contest).sort()).toEqual(Object.keys(CONTEST_PROBLEMS).sort());
      expect(Object.keys(problems[locale].json).sort()).toEqual(Object.keys(JSON_REASONS).sort());
      expect(Object.keys(problems[locale].people).sort()).toEqual(Object.keys(PEOPLE_PROBLEMS).sort());
    }
  });
});
