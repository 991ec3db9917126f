import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useState } from 'react';
import { type BasemapPack, fetchBasemaps } from '../api/basemaps-api';
import { loadedOr, useLoadable } from '../app/use-loadable';
import { basemapLayerPrefix, basemapSourceId, basemapStyle } from './basemap-layers';
import { type BaseLayerChoice, chosenBaseLayer, rememberBaseLayer } from './base-layer-choice';

/** The outline map's layer the basemap's fills and lines go under (boundaries stay on top). */
const basemapBelowLayer = 'districts-outline';

const loadPacks = (signal: AbortSignal) => fetchBasemaps(signal);

export interface BaseLayerState {
  packs: BasemapPack[];
  /** The pack shown, or null for the district outlines alone. */
  shown: BasemapPack | null;
  choose(choice: BaseLayerChoice): void;
}

/**
 * The installed basemap packs and the one shown as the map's base layer (remembered on this
 * browser): its source and layers are put on the map under the district outlines, its names on
 * top, and taken off again when another is chosen. With no pack installed (or the list not
 * readable) the map stays as it was: the district outlines.
 */
export function useBaseLayer(map: MapLibreMap | null): BaseLayerState {
  const packsState = useLoadable(loadPacks);
  const packs = loadedOr(packsState.state, []);
  const [choice, setChoice] = useState<BaseLayerChoice | undefined>(undefined);
  const shownName = choice === undefined ? chosenBaseLayer(globalThis.localStorage, packs) : choice;
  const shown = packs.find((pack) => pack.name === shownName) ?? null;

  useEffect(() => {
    if (!map || !shown) return;
    const style = basemapStyle(shown, window.location.origin);
    map.addSource(basemapSourceId, style.source);
    const below = map.getLayer(basemapBelowLayer) ? basemapBelowLayer : undefined;
    for (const layer of style.base) map.addLayer(layer, below);
    for (const layer of style.labels) map.addLayer(layer);
    return () => {
      // The map may be gone already (the screen unmounted).
      if (!map.getStyle()) return;
      for (const layer of map.getStyle().layers)
        if (layer.id.startsWith(basemapLayerPrefix)) map.removeLayer(layer.id);
      if (map.getSource(basemapSourceId)) map.removeSource(basemapSourceId);
    };
  }, [map, shown]);

  return {
    packs,
    shown,
    choose(next) {
      setChoice(next);
      rememberBaseLayer(globalThis.localStorage, next);
    },
  };
}
