/** Words of the award ceremony screen (/ceremony). */
export default {
  'zh-CN': {
    title: '颁奖典礼',
    comingSoon: '颁奖典礼即将开始',
    step: '{n} / {total}',
    allWinners: '获奖名单',
    points: '{n} 分',
    winners: '{n} 名',
    noScore: '无成绩：',
  },
  en: {
    title: 'Award ceremony',
    comingSoon: 'The award ceremony is about to begin',
    step: '{n} / {total}',
    allWinners: 'All winners',
    points: '{n} pts',
    winners: '{n} winners',
    noScore: 'No score:',
  },
};
