import type { Map as MapLibreMap, VectorTileSource } from 'maplibre-gl';
import { useEffect } from 'react';
import { wastewaterTileLayers } from './layer-catalogue';
import { type TileFilter, tileSourceId, tileUrlTemplate } from './style';

/** Points the wastewater tile sources at the chosen analyte and round (MapLibre refetches their tiles). */
export function useWastewaterTiles(map: MapLibreMap | null, filter: TileFilter): void {
  const { analyte, roundId } = filter;
  useEffect(() => {
    if (!map) return;
    for (const layer of wastewaterTileLayers) {
      map
        .getSource<VectorTileSource>(tileSourceId(layer))
        ?.setTiles([tileUrlTemplate(window.location.origin, layer, { analyte, roundId })]);
    }
  }, [map, analyte, roundId]);
}
