/**
 * zh-CN by default, en on request (the choice is remembered on the device). Messages live in one
 * file per screen under messages/, each with both languages side by side. Only the common ones
 * load with the app; each screen registers its own (`registerMessages`), so they travel in that
 * screen's chunk and the judge's phone never downloads the console's words.
 */
import { createI18n } from 'vue-i18n';
import type { Localized } from '../../server/protocol/contestFile';
import { deviceStorage } from '../storage';
import common from './messages/common';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const STORAGE_KEY = 'podium.locale';

function initialLocale(): Locale {
  const fromUrl = new URLSearchParams(globalThis.location?.search ?? '').get('lang');
  if (fromUrl === 'en' || fromUrl === 'zh-CN') return fromUrl;
  const saved = deviceStorage()?.getItem(STORAGE_KEY);
  return saved === 'en' ? 'en' : 'zh-CN';
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': { common: common['zh-CN'] }, en: { common: common.en } },
});
// The page's language from the start (the served page says zh-CN): the fonts follow it (styles.css).
if (globalThis.document) document.documentElement.lang = i18n.global.locale.value;

type MessageTree = { [key: string]: string | MessageTree };
type ScreenMessages = { 'zh-CN': MessageTree; en: MessageTree };
const registered = new Set<string>();

/** Adds a screen's messages under their namespace (`t('judge.submit')`); once per namespace. */
export function registerMessages(namespaces: Record<string, ScreenMessages>): void {
  for (const [name, messages] of Object.entries(namespaces)) {
    if (registered.has(name)) continue;
    registered.add(name);
    for (const locale of LOCALES) i18n.global.mergeLocaleMessage(locale, { [name]: messages[locale] });
  }
}

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  deviceStorage()?.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}

/** Contest text in the current language (English falls back to Chinese where none is given). */
export function loc(text: Localized | null | undefined): string {
  if (!text) return '';
  return i18n.global.locale.value === 'en' ? (text.en ?? text.zh) : text.zh;
}
