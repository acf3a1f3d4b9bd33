// The current language as reactive state, and t() to look strings up.
import { en, zh, type StringKey } from './strings';

export type Language = 'en' | 'zh';
export const LANGUAGES: readonly Language[] = ['zh', 'en'];

const tables: Record<Language, Record<StringKey, string>> = { en, zh };

/** Chinese for browsers that ask for it first, English otherwise. */
export function browserLanguage(): Language {
  const preferred = typeof navigator !== 'undefined' ? navigator.languages ?? [navigator.language] : [];
  return preferred[0]?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export const locale = $state<{ language: Language }>({ language: browserLanguage() });

/** The string for key in the current language, with {placeholders} filled. */
export function t(key: StringKey, params: Record<string, string | number> = {}): string {
  const template = tables[locale.language][key];
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
}
