import { describe, expect, it } from 'vitest';
import { defaultLayerVisibility } from './layer-catalogue';
import { rememberedLayerVisibility, rememberLayerVisibility } from './layer-choice';

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  const items = new Map<string, string>();
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

describe('layer choice', () => {
  it('starts from the defaults, and brings back what was switched', () => {
    const storage = memoryStorage();
    expect(rememberedLayerVisibility(storage)).toEqual(defaultLayerVisibility());
    rememberLayerVisibility(storage, { ...defaultLayerVisibility(), flights: true, loadHeatmap: false });
    expect(rememberedLayerVisibility(storage)).toEqual({
      ...defaultLayerVisibility(),
      flights: true,
      loadHeatmap: false,
    });
  });

  it('takes the default for a group it has no word on, and ignores what it does not know', () => {
    const storage = memoryStorage();
    storage.setItem('skywater.map.layers', JSON.stringify({ gaps: true, sites: 'yes', retired: true }));
    expect(rememberedLayerVisibility(storage)).toEqual({ ...defaultLayerVisibility(), gaps: true });
  });

  it('falls back to the defaults when storage is spoiled or refused', () => {
    const spoiled = memoryStorage();
    spoiled.setItem('skywater.map.layers', '{not json');
    expect(rememberedLayerVisibility(spoiled)).toEqual(defaultLayerVisibility());
    const refusing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(rememberedLayerVisibility(refusing)).toEqual(defaultLayerVisibility());
    expect(() => rememberLayerVisibility(refusing, defaultLayerVisibility())).not.toThrow();
    expect(rememberedLayerVisibility(undefined)).toEqual(defaultLayerVisibility());
  });
});
