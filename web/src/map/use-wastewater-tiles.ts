import type { Map as MapLibreMap, VectorTileSource } from 'maplibre-gl';
import { useEffect } from 'react';
import { wastewaterTileLayers } from './layer-catalogue';
import { type TileFilter, tileSourceId, tileUrlTemplate } from './style';

/**
 * Points the wastewater tile sources at the chosen analyte and round (MapLibre refetches their
 * tiles); a source already on that URL (the map was created with it) is left alone.
 */
export function useWastewaterTiles(map: MapLibreMap | null, filter: TileFilter): void {
  const { analyte, roundId } = filter;
  useEffect(() => {
    if (!map) return;
    for (const layer of wastewaterTileLayers) {
      const source = map.getSource<VectorTileSource>(tileSourceId(layer));
      const url = tileUrlTemplate(window.location.origin, layer, { analyte, roundId });
      if (source && source.tiles?.[0] !== url) source.setTiles([url]);
    }
  }, [map, analyte, roundId]);
}
