/**
 * zh-CN by default, en on request (the choice is remembered on the device). Messages live in one
 * file per screen under messages/, each with both languages side by side.
 */
import { createI18n } from 'vue-i18n';
import type { Localized } from '../../server/protocol/contestFile';
import ceremony from './messages/ceremony';
import common from './messages/common';
import host from './messages/host';
import judge from './messages/judge';
import screen from './messages/screen';
import setup from './messages/setup';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const STORAGE_KEY = 'podium.locale';

function initialLocale(): Locale {
  const fromUrl = new URLSearchParams(globalThis.location?.search ?? '').get('lang');
  if (fromUrl === 'en' || fromUrl === 'zh-CN') return fromUrl;
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  return saved === 'en' ? 'en' : 'zh-CN';
}

const modules = { common, host, judge, screen, ceremony, setup };
function messagesFor(locale: Locale) {
  return Object.fromEntries(Object.entries(modules).map(([name, m]) => [name, m[locale]]));
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': messagesFor('zh-CN'), en: messagesFor('en') },
});

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}

/** Contest text in the current language (English falls back to Chinese where none is given). */
export function loc(text: Localized | null | undefined): string {
  if (!text) return '';
  return i18n.global.locale.value === 'en' ? (text.en ?? text.zh) : text.zh;
}
