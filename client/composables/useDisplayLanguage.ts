/**
 * The language of a hall screen (/screen, /ceremony) follows the console: each display may carry a
 * name in its address (`?display=hall-a`) for which the host sets a language; every other screen
 * takes the screens' language. Not remembered on the device: the console decides, live. A screen
 * whose address fixes its language (`?lang=en`) keeps it: that was chosen for that projector.
 */
import { computed, watch, type Ref } from 'vue';
import { useRoute } from 'vue-router';
import { DISPLAY_NAME_PATTERN, displayLanguage } from '../../server/protocol/display';
import type { DisplayView } from '../../server/protocol/views';
import { i18n } from '../i18n';

export function useDisplayLanguage(display: Ref<DisplayView | null | undefined>): Ref<string | null> {
  const route = useRoute();
  const name = computed(() => {
    const given = route.query.display;
    return typeof given === 'string' && DISPLAY_NAME_PATTERN.test(given) ? given : null;
  });
  const pinned = computed(() => route.query.lang === 'en' || route.query.lang === 'zh-CN');
  watch(
    () => (display.value && !pinned.value ? displayLanguage(display.value, name.value) : null),
    (language) => {
      if (!language) return;
      i18n.global.locale.value = language;
      if (globalThis.document) document.documentElement.lang = language;
    },
    { immediate: true },
  );
  return name;
}
