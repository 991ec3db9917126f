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

/** Shows and hides the map's layers as the groups are switched. */
export function useLayerVisibilityOnMap(map: MapLibreMap | null, visibility: LayerVisibility): void {
  useEffect(() => {
    if (!map) return;
    for (const group of layerGroups) {
      for (const layerId of group.layerIds)
        map.setLayoutProperty(layerId, 'visibility', visibility[group.id] ? 'visible' : 'none');
    }
  }, [map, visibility]);
}
