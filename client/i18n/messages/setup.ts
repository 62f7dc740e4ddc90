/** Words of the setup screen. */
export default {
  'zh-CN': {},
  en: {},
};
