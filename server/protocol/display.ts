/**
 * Displays: the hall's screens (`/screen`, `/ceremony`). A display may carry a name in its address
 * (`/screen?display=hall-a`); the console sets a language per name, and screens without one (or
 * without a language of their own) follow the contest's screen language.
 */

export const SCREEN_LANGUAGES = ['zh-CN', 'en'] as const;
export type ScreenLanguage = (typeof SCREEN_LANGUAGES)[number];

/** A display's name: what the host types and the address carries. */
export const DISPLAY_NAME_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

/** The language a display shows: its own, else the contest's screen language. */
export function displayLanguage(display: { language: ScreenLanguage; languages: Readonly<Record<string, ScreenLanguage>> }, name: string | null): ScreenLanguage {
  // Own keys only: a name such as `constructor` must not find something on the prototype.
  return name !== null && Object.hasOwn(display.languages, name) ? display.languages[name]! : display.language;
}
