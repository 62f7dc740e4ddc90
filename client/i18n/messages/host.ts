/** Words of the host screen. */
export default {
  'zh-CN': {},
  en: {},
};
