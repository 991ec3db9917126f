import { describe, expect, it } from 'vitest';
import { rememberedRoles, rememberRoles } from './remembered-roles';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

describe('remembered roles', () => {
  it('gives back the roles of the last session, and none once it has ended', () => {
    const storage = memoryStorage();
    expect(rememberedRoles(storage)).toEqual([]);
    rememberRoles(storage, ['analyst', 'admin']);
    expect(rememberedRoles(storage)).toEqual(['analyst', 'admin']);
    rememberRoles(storage, null);
    expect(rememberedRoles(storage)).toEqual([]);
  });

  it('drops what is not a role, and survives a stray or refused value', () => {
    const storage = memoryStorage();
    storage.setItem('skywater.lastRoles', '["pilot","root"]');
    expect(rememberedRoles(storage)).toEqual(['pilot']);
    storage.setItem('skywater.lastRoles', '{not json');
    expect(rememberedRoles(storage)).toEqual([]);
    const refusing = {
      getItem: () => {
        throw new Error('denied');
      },
    };
    expect(rememberedRoles(refusing)).toEqual([]);
    expect(rememberedRoles(undefined)).toEqual([]);
  });
});
