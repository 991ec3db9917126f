import { describe, expect, it } from 'vitest';
import { rememberLanguage, rememberedLanguage } from './language';

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  const values = new Map<string, string>();
  return { getItem: (key) => values.get(key) ?? null, setItem: (key, value) => void values.set(key, value) };
}

describe('remembered language', () => {
  it('is Chinese on a first visit', () => {
    expect(rememberedLanguage(memoryStorage())).toBe('zh-CN');
  });

  it('is the language chosen last time', () => {
    const storage = memoryStorage();
    rememberLanguage(storage, 'en');
    expect(rememberedLanguage(storage)).toBe('en');
  });

  it('falls back to Chinese when storage holds something unknown or refuses access', () => {
    expect(rememberedLanguage({ getItem: () => 'fr' })).toBe('zh-CN');
    expect(
      rememberedLanguage({
        getItem: () => {
          throw new Error('SecurityError');
        },
      }),
    ).toBe('zh-CN');
  });
});
