import { describe, expect, it } from 'vitest';
import type { BasemapPack } from '../api/basemaps-api';
import { chosenBaseLayer, rememberBaseLayer } from './base-layer-choice';

function pack(name: string, kind: BasemapPack['kind']): BasemapPack {
  return { name, kind } as BasemapPack;
}

function memoryStorage() {
  const values = new Map<string, string>();
  return { getItem: (key: string) => values.get(key) ?? null, setItem: (key: string, value: string) => values.set(key, value) };
}

describe('chosenBaseLayer', () => {
  const packs = [pack('imagery-2025', 'raster'), pack('hainan-osm', 'vector')];

  it('shows the outlines when no pack is installed', () => {
    expect(chosenBaseLayer(memoryStorage(), [])).toBeNull();
  });

  it('takes the first vector pack when nothing was chosen on this browser', () => {
    expect(chosenBaseLayer(memoryStorage(), packs)).toBe('hainan-osm');
    expect(chosenBaseLayer(undefined, [pack('imagery-2025', 'raster')])).toBe('imagery-2025');
  });

  it('remembers a pack, and the outlines, while the pack is installed', () => {
    const storage = memoryStorage();
    rememberBaseLayer(storage, 'imagery-2025');
    expect(chosenBaseLayer(storage, packs)).toBe('imagery-2025');
    rememberBaseLayer(storage, null);
    expect(chosenBaseLayer(storage, packs)).toBeNull();
    rememberBaseLayer(storage, 'removed-since');
    expect(chosenBaseLayer(storage, packs)).toBe('hainan-osm');
  });

  it('falls back to the default when storage is spoiled', () => {
    const storage = { getItem: () => '{not json' };
    expect(chosenBaseLayer(storage, packs)).toBe('hainan-osm');
  });
});
