import { TILE_LAYER_MIN_ZOOM, TILE_LAYER_NAMES } from '@skywater/core/tiles/tile-layer-names';
import { describe, expect, it } from 'vitest';
import { defaultLayerVisibility, tileLayerNames } from './layer-catalogue';
import { buildOfflineStyle, tileSourceId } from './style';

/** The web's tile sources against the one list in core, which the server's layers also follow. */
describe('tile layers of the web style', () => {
  it('name each layer core declares, once', () => {
    expect([...tileLayerNames].sort()).toEqual([...TILE_LAYER_NAMES].sort());
  });

  it('start each source at the zoom core declares for its layer', () => {
    const style = buildOfflineStyle({
      origin: 'http://127.0.0.1:8080',
      visibility: defaultLayerVisibility(),
    });
    for (const name of tileLayerNames) {
      const source = style.sources[tileSourceId(name)] as { minzoom?: number } | undefined;
      expect(source, name).toBeDefined();
      expect(source!.minzoom ?? 0, name).toBe(TILE_LAYER_MIN_ZOOM[name]);
    }
  });
});
