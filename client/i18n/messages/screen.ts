/** Words of the screen screen. */
export default {
  'zh-CN': {},
  en: {},
};
