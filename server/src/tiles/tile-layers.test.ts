import { TILE_LAYER_NAMES } from '@skywater/core/tiles/tile-layer-names';
import { describe, expect, it } from 'vitest';
import { TILE_LAYERS } from './tile-layers';

describe('tile layers of the server', () => {
  it('publish exactly the layers core declares, each once', () => {
    expect(TILE_LAYERS.map((layer) => layer.name).sort()).toEqual([...TILE_LAYER_NAMES].sort());
  });
});
