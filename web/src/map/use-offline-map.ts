import {
  AttributionControl,
  Map as MapLibreMap,
  NavigationControl,
  prewarm,
  ScaleControl,
  setWorkerUrl,
} from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
// The worker ships as a file of our own build: MapLibre must not look for it elsewhere.
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { type RefObject, useEffect, useEffectEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { localIdeographFontFamily } from '../basemap/basemap-layers';
import { type MapControlLabels, maplibreLocale, relabelMapControls } from './control-labels';
import { type LayerVisibility, tileLayerNames, type TileLayerName } from './layer-catalogue';
import { mapAttribution } from './map-attribution';
import { watchIdle } from './map-ready';
import { buildOfflineStyle, hainanBounds, type OfflineStyleOptions, tileSourceId } from './style';

setWorkerUrl(new URL(maplibreWorkerUrl, window.location.href).href);
// Start MapLibre's worker now (fetching and compiling its ~0.5 MB script), while the map screen
// renders and its data arrives, rather than when the first map is created.
prewarm();

/** What the map starts with besides the layer visibility: the wastewater filter, data already loaded. */
export type InitialMapContent = Pick<OfflineStyleOptions, 'filter' | 'areas' | 'sites' | 'basemap'>;

export interface OfflineMapState {
  /** The map once its style has loaded (sources can be filled), else null. */
  map: MapLibreMap | null;
  /** WebGL missing or the map failed to start. */
  failed: boolean;
  /** Tile layers whose tiles failed (5xx, network). MapLibre itself draws a 404 tile as empty. */
  failedTileLayers: ReadonlySet<TileLayerName>;
}

function controlLabels(t: TFunction): MapControlLabels {
  return {
    canvas: t('map.canvasLabel'),
    zoomIn: t('map.controls.zoomIn'),
    zoomOut: t('map.controls.zoomOut'),
    attribution: t('map.controls.attribution'),
  };
}

/** MapLibre's own width (CSS px) at or under which its attribution is compact. */
const compactAttributionMaxWidthPx = 640;

/**
 * On a narrow map (a phone), the attribution starts as MapLibre's compact "i" button: MapLibre
 * opens a compact attribution at first and folds it only after the first drag, so on a phone its
 * line would cover the bottom of the map until then. A tap on the button opens it.
 */
function startCompactWhenNarrow(map: MapLibreMap): void {
  if (map.getContainer().clientWidth > compactAttributionMaxWidthPx) return;
  map.getContainer().querySelector('.maplibregl-ctrl-attrib')?.classList.remove('maplibregl-compact-show');
}

function tileLayerOfSource(sourceId: unknown): TileLayerName | undefined {
  return tileLayerNames.find((layer) => tileSourceId(layer) === sourceId);
}

/**
 * Creates the offline MapLibre map in `container`, framed on Hainan, once `initial` is given (not
 * null): a screen that knows what its first view shows (the round of the wastewater tiles) waits
 * for it rather than load tiles it would replace at once. A tile layer the server does not serve
 * yet (404) just stays empty; other tile errors are recorded per layer for the panel.
 */
export function useOfflineMap(
  container: RefObject<HTMLDivElement | null>,
  initialVisibility: LayerVisibility,
  initial: InitialMapContent | null = {},
  /** The shown basemap pack's attribution, given in the map's one attribution line. */
  packAttribution: string | null = null,
): OfflineMapState {
  const { t } = useTranslation();
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const [failed, setFailed] = useState(false);
  const [failedTileLayers, setFailedTileLayers] = useState<ReadonlySet<TileLayerName>>(new Set());
  // Read when the map is created, not a reason to create it again.
  const firstContent = useRef(initial);
  firstContent.current ??= initial;
  const canStart = initial !== null;

  // Read when the map is created: later visibility and language changes are applied to the map,
  // not by creating it again.
  const creationSettings = useEffectEvent(() => ({ visibility: initialVisibility, t }));

  useEffect(() => {
    const element = container.current;
    if (!element || !canStart) return;
    const { visibility, t } = creationSettings();
    let created: MapLibreMap;
    // For the benchmark's breakdown: what comes before is the wait for the first content.
    performance.mark('map-creating');
    try {
      created = new MapLibreMap({
        container: element,
        style: buildOfflineStyle({
          origin: window.location.origin,
          visibility,
          ...firstContent.current,
        }),
        bounds: [
          [hainanBounds[0], hainanBounds[1]],
          [hainanBounds[2], hainanBounds[3]],
        ],
        fitBoundsOptions: { padding: 16 },
        maxBounds: [
          [hainanBounds[0] - 3, hainanBounds[1] - 3],
          [hainanBounds[2] + 3, hainanBounds[3] + 3],
        ],
        attributionControl: false,
        maplibreLogo: false,
        // Basemap labels are drawn from local fonts (the style has no glyphs URL): Chinese in these.
        localIdeographFontFamily,
        // Labels appear at once: a fade keeps the map repainting (each frame a full draw in
        // software WebGL) for 300 ms after every placement, and the map is not idle (ready) until it ends.
        fadeDuration: 0,
        dragRotate: false,
        pitchWithRotate: false,
        locale: maplibreLocale({
          ...controlLabels(t),
          resetBearing: t('map.controls.resetBearing'),
          closePopup: t('map.controls.closePopup'),
        }),
      });
    } catch {
      setFailed(true);
      return;
    }
    performance.mark('map-created');
    watchIdle(created);
    created.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    created.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-right');

    created.on('error', (event) => {
      const layer = tileLayerOfSource((event as { sourceId?: unknown }).sourceId);
      if (layer) {
        setFailedTileLayers((current) => (current.has(layer) ? current : new Set([...current, layer])));
        return;
      }
      console.warn('map:', event.error?.message ?? event);
    });
    created.once('load', () => {
      // For the benchmark's breakdown of `map-ready`: the style and its first tiles loaded and drawn.
      performance.mark('map-style-loaded');
      setMap(created);
    });

    return () => {
      setMap(null);
      if (window.__skywaterMap === created) delete window.__skywaterMap;
      created.remove();
    };
  }, [container, canStart]);

  useEffect(() => {
    if (!map) return;
    // The one attribution line, in the current language and for the pack shown (MapLibre has no
    // setter: a new control, after the scale bar in the same corner as before).
    const attribution = new AttributionControl({
      compact: true,
      customAttribution: mapAttribution(t('map.attribution'), packAttribution),
    });
    map.addControl(attribution, 'bottom-right');
    startCompactWhenNarrow(map);
    relabelMapControls(map, controlLabels(t));
    return () => {
      // Gone already when the map itself was removed (unmount).
      if (map.hasControl(attribution)) map.removeControl(attribution);
    };
  }, [map, t, packAttribution]);

  return { map, failed, failedTileLayers };
}
