/** The interface languages, Chinese first (docs/design.md §1). */
export type Language = 'zh-CN' | 'en';

export const defaultLanguage: Language = 'zh-CN';

const storageKey = 'skywater.language';

export function isLanguage(value: unknown): value is Language {
  return value === 'zh-CN' || value === 'en';
}

/** The language the user chose last time on this browser, else Chinese. */
export function rememberedLanguage(storage: Pick<Storage, 'getItem'> | undefined): Language {
  try {
    const stored = storage?.getItem(storageKey);
    return isLanguage(stored) ? stored : defaultLanguage;
  } catch {
    // Storage can be refused (privacy settings); the default is then the right answer.
    return defaultLanguage;
  }
}

export function rememberLanguage(storage: Pick<Storage, 'setItem'> | undefined, language: Language): void {
  try {
    storage?.setItem(storageKey, language);
  } catch {
    // Not remembered across visits, but the switch still applies to this page.
  }
}
