import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useMemo, useState } from 'react';
import type { BasemapPack } from '../api/basemaps-api';
import { loadedOr, useLoadable } from '../app/use-loadable';
import { useLanguage } from '../i18n/use-language';
import { loadMapData } from '../map/map-data';
import {
  basemapBelowLayer,
  basemapLayerPrefix,
  basemapSourceId,
  type BasemapStyle,
  basemapStyle,
  labelLanguageState,
} from './basemap-layers';
import { type BaseLayerChoice, chosenBaseLayer, rememberBaseLayer } from './base-layer-choice';

// The list may be the one the app preloaded with the map screen's data (`map-data.ts`).
const loadPacks = (signal: AbortSignal) => loadMapData('basemaps', signal);

export interface BaseLayerState {
  packs: BasemapPack[];
  /** The pack shown, or null for the district outlines alone. */
  shown: BasemapPack | null;
  /** False while the list of packs is loading: what is shown is not known yet. */
  settled: boolean;
  choose(choice: BaseLayerChoice): void;
}

/**
 * The installed basemap packs and the one to show as the map's base layer (remembered on this
 * browser). Known before the map is made, so that a screen can put the pack in the map's first
 * style (`buildOfflineStyle`'s `basemap`) and its tiles come with the first view's.
 */
export function useBaseLayerChoice(): BaseLayerState {
  const packsState = useLoadable(loadPacks);
  const packs = loadedOr(packsState.state, []);
  const [choice, setChoice] = useState<BaseLayerChoice | undefined>(undefined);
  const shownName = choice === undefined ? chosenBaseLayer(globalThis.localStorage, packs) : choice;
  const shown = packs.find((pack) => pack.name === shownName) ?? null;
  return {
    packs,
    shown,
    settled: packsState.state.status !== 'loading',
    choose(next) {
      setChoice(next);
      rememberBaseLayer(globalThis.localStorage, next);
    },
  };
}

/**
 * What a map screen with no other first content starts with: the chosen pack in its first style,
 * or null while the list of packs is loading (the map waits for it rather than draw twice).
 */
export function useFirstStyleBasemap(state: BaseLayerState): { basemap: BasemapStyle | null } | null {
  const { settled, shown } = state;
  return useMemo(
    () => (settled ? { basemap: shown ? basemapStyle(shown, window.location.origin) : null } : null),
    [settled, shown],
  );
}

/** The pack whose tiles the map's basemap source reads, if it has one. */
function packOnMap(map: MapLibreMap): string | null {
  const source = map.getSource(basemapSourceId) as { tiles?: string[] } | undefined;
  return source?.tiles?.[0] ?? null;
}

/**
 * Keeps `shown` on `map`: its source and layers under the district outlines, its names on top,
 * taken off again when another is chosen. A pack already in the map's style (put there when the
 * map was made) is left as it is. With no pack (none installed, or the list not readable) the map
 * stays as it was: the district outlines.
 */
export function useBaseLayerOnMap(map: MapLibreMap | null, shown: BasemapPack | null): void {
  const language = useLanguage();
  // The pack's names in the interface language (`labelName` reads it from the global state).
  useEffect(() => {
    map?.setGlobalStateProperty(labelLanguageState, language);
  }, [map, language]);
  useEffect(() => {
    if (!map || !shown) return;
    const style = basemapStyle(shown, window.location.origin);
    const tileUrl = (style.source as { tiles?: string[] }).tiles?.[0] ?? null;
    if (packOnMap(map) !== tileUrl) {
      const below = map.getLayer(basemapBelowLayer) ? basemapBelowLayer : undefined;
      map.addSource(basemapSourceId, style.source);
      for (const layer of style.base) map.addLayer(layer, below);
      for (const layer of style.labels) map.addLayer(layer);
    }
    return () => {
      // The map may be gone already (the screen unmounted).
      if (!map.getStyle()) return;
      for (const layer of map.getStyle().layers)
        if (layer.id.startsWith(basemapLayerPrefix)) map.removeLayer(layer.id);
      if (map.getSource(basemapSourceId)) map.removeSource(basemapSourceId);
    };
  }, [map, shown]);
}
