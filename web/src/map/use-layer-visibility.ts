import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useState } from 'react';
import { type LayerGroupId, layerGroups, type LayerVisibility } from './layer-catalogue';
import { rememberedLayerVisibility, rememberLayerVisibility } from './layer-choice';

/**
 * The layer groups shown: this browser's last choice (the defaults at first). A switch is
 * remembered only when made, so a group nobody touched follows the app's default.
 */
export function useLayerVisibility() {
  const [visibility, setVisibility] = useState<LayerVisibility>(() =>
    rememberedLayerVisibility(globalThis.localStorage),
  );
  const toggle = (group: LayerGroupId, visible: boolean) => {
    const next = { ...visibility, [group]: visible };
    setVisibility(next);
    rememberLayerVisibility(globalThis.localStorage, next);
  };
  return { visibility, toggle };
}

/**
 * Shows and hides the map's layers as the groups are switched. Only layers whose visibility
 * changes are touched: MapLibre restyles and redraws the whole map on every `setLayoutProperty`,
 * even to the value a layer has, and the map made with this visibility in its style would draw
 * its first view a second time (one more full frame in software WebGL before it is ready).
 */
export function useLayerVisibilityOnMap(map: MapLibreMap | null, visibility: LayerVisibility): void {
  useEffect(() => {
    if (!map) return;
    for (const group of layerGroups) {
      const wanted = visibility[group.id] ? 'visible' : 'none';
      for (const layerId of group.layerIds)
        if ((map.getLayoutProperty(layerId, 'visibility') ?? 'visible') !== wanted)
          map.setLayoutProperty(layerId, 'visibility', wanted);
    }
  }, [map, visibility]);
}
