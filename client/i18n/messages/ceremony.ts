/** Words of the ceremony screen. */
export default {
  'zh-CN': {},
  en: {},
};
