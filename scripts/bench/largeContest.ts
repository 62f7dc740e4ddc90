/**
 * A large contest for benchmarks and tests of the hot path, generated from a seed: by default 5
 * tracks × 200 entries × 15 judges per track (75 judges, each scoring one track: five halls at
 * once), with the demo's rubric, bonus item, tiers and timings. Same seed, same file.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { prng } from '../../server/domain/random';

export interface LargeContestSize {
  tracks: number;
  /** Entries per track. */
  entries: number;
  /** Judges per track. */
  judges: number;
}

export const LARGE: LargeContestSize = { tracks: 5, entries: 200, judges: 15 };

const demo = JSON.parse(readFileSync(fileURLToPath(new URL('../demo-contest.json', import.meta.url)), 'utf8')) as {
  tracks: Record<string, unknown>[];
};

const UNITS = ['应急管理局', '消防救援支队', '气象局', '水务局', '交通运输局', '燃气集团', '地铁集团', '科技大学', '智慧城市研究院', '安全技术公司'];
const DISTRICTS = ['福田区', '罗湖区', '南山区', '宝安区', '龙岗区', '龙华区', '坪山区', '光明区', '盐田区', '大鹏新区'];
const MODELS = ['风险画像模型', '预警研判模型', '智能识别模型', '调度优化模型', '隐患排查模型', '态势感知模型'];
const TOPICS = ['城市内涝', '危化品运输', '高层消防', '燃气管网', '地质灾害', '人员密集场所', '台风防御', '森林防火'];

/** A contest file (docs/contest-format.md) of the given size. */
export function largeContest(size: LargeContestSize = LARGE, seed = 'large'): Record<string, unknown> {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const template = demo.tracks[0]!;
  const tracks = Array.from({ length: size.tracks }, (_, t) => ({
    ...template,
    key: `t${t + 1}`,
    name: { zh: `第${t + 1}赛道`, en: `Track ${t + 1}` },
  }));
  const judges = Array.from({ length: size.tracks * size.judges }, (_, j) => ({
    key: `J${j + 1}`,
    name: `评委${String(j + 1).padStart(3, '0')}`,
    affiliation: `${pick(DISTRICTS)}${pick(UNITS)}`,
    tracks: [tracks[Math.floor(j / size.judges)]!.key],
  }));
  const entries = tracks.flatMap((t, ti) =>
    Array.from({ length: size.entries }, (_, e) => ({
      code: `${String.fromCharCode(65 + ti)}${String(e + 1).padStart(3, '0')}`,
      track: t.key,
      unit: `${pick(DISTRICTS)}${pick(UNITS)}`,
      model: `${pick(TOPICS)}${pick(MODELS)}`,
      contact: `联系人 0755-${String(1000 + Math.floor(random() * 9000))}`,
    })),
  );
  return { format: 'podium.contest/1', name: { zh: '大规模压力测试赛', en: 'Load test contest' }, tracks, judges, entries, recusals: [] };
}
