import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { type Language, rememberLanguage, rememberedLanguage } from './language';
import { zhCN } from './zh-CN';

/** Starts i18next with both languages bundled (nothing is fetched) and the remembered choice. */
export function startI18n(): typeof i18next {
  const language = rememberedLanguage(globalThis.localStorage);
  void i18next.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng: language,
    fallbackLng: 'zh-CN',
    // React escapes text itself.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = language;
  return i18next;
}

/** Switches the interface language and remembers it on this browser. */
export async function switchLanguage(language: Language): Promise<void> {
  await i18next.changeLanguage(language);
  rememberLanguage(globalThis.localStorage, language);
  document.documentElement.lang = language;
}
