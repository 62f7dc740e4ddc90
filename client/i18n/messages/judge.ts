/** Words of the judge screen. */
export default {
  'zh-CN': {},
  en: {},
};
