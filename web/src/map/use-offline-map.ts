import { AttributionControl, Map as MapLibreMap, NavigationControl, ScaleControl, setWorkerUrl } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
// The worker ships as a file of our own build: MapLibre must not look for it elsewhere.
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { type RefObject, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type LayerVisibility, tileLayerNames, type TileLayerName } from './layer-catalogue';
import { buildOfflineStyle, hainanBounds, tileSourceId } from './style';

setWorkerUrl(new URL(maplibreWorkerUrl, window.location.href).href);

export interface OfflineMapState {
  /** The map once its style has loaded (sources can be filled), else null. */
  map: MapLibreMap | null;
  /** WebGL missing or the map failed to start. */
  failed: boolean;
  /** Tile layers the server answered with an error (e.g. 404 before it publishes them). */
  unavailableTileLayers: ReadonlySet<TileLayerName>;
}

function tileLayerOfSource(sourceId: unknown): TileLayerName | undefined {
  return tileLayerNames.find((layer) => tileSourceId(layer) === sourceId);
}

/**
 * Creates the offline MapLibre map in `container`, framed on Hainan. Tile errors are recorded
 * per layer instead of being thrown: a layer the server does not serve yet just stays empty.
 */
export function useOfflineMap(container: RefObject<HTMLDivElement | null>, initialVisibility: LayerVisibility): OfflineMapState {
  const { t } = useTranslation();
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const [failed, setFailed] = useState(false);
  const [unavailableTileLayers, setUnavailable] = useState<ReadonlySet<TileLayerName>>(new Set());

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let created: MapLibreMap;
    try {
      created = new MapLibreMap({
        container: element,
        style: buildOfflineStyle({ origin: window.location.origin, visibility: initialVisibility }),
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
        dragRotate: false,
        pitchWithRotate: false,
        locale: {
          'Map.Title': t('map.canvasLabel'),
          'NavigationControl.ZoomIn': t('map.controls.zoomIn'),
          'NavigationControl.ZoomOut': t('map.controls.zoomOut'),
          'NavigationControl.ResetBearing': t('map.controls.resetBearing'),
          'AttributionControl.ToggleAttribution': t('map.controls.attribution'),
          'Popup.Close': t('map.controls.closePopup'),
        },
      });
    } catch {
      setFailed(true);
      return;
    }
    created.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    created.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-right');
    created.addControl(new AttributionControl({ compact: true, customAttribution: t('map.attribution') }), 'bottom-right');

    created.on('error', (event) => {
      const layer = tileLayerOfSource((event as { sourceId?: unknown }).sourceId);
      if (layer) {
        setUnavailable((current) => (current.has(layer) ? current : new Set([...current, layer])));
        return;
      }
      console.warn('map:', event.error?.message ?? event);
    });
    created.once('load', () => setMap(created));

    return () => {
      setMap(null);
      if (window.__skywaterMap === created) delete window.__skywaterMap;
      created.remove();
    };
    // The map is created once per mount; visibility and language changes are applied to it
    // afterwards, not by recreating it.
  }, [container]);

  return { map, failed, unavailableTileLayers };
}
