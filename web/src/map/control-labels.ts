import type { Map as MapLibreMap } from 'maplibre-gl';

export interface MapControlLabels {
  canvas: string;
  zoomIn: string;
  zoomOut: string;
  attribution: string;
}

/** The MapLibre `locale` entries for these labels, used when the map is created. */
export function maplibreLocale(
  labels: MapControlLabels & { resetBearing: string; closePopup: string },
): Record<string, string> {
  return {
    'Map.Title': labels.canvas,
    'NavigationControl.ZoomIn': labels.zoomIn,
    'NavigationControl.ZoomOut': labels.zoomOut,
    'NavigationControl.ResetBearing': labels.resetBearing,
    'AttributionControl.ToggleAttribution': labels.attribution,
    'Popup.Close': labels.closePopup,
  };
}

/**
 * Relabels a live map's canvas and controls after a language switch: MapLibre reads its
 * `locale` only when it builds them, and rebuilding the map would throw its tiles away.
 */
export function relabelMapControls(map: MapLibreMap, labels: MapControlLabels): void {
  map.getCanvas().setAttribute('aria-label', labels.canvas);
  const container = map.getContainer();
  const relabel = (selector: string, text: string) => {
    for (const element of container.querySelectorAll(selector)) {
      element.setAttribute('title', text);
      element.setAttribute('aria-label', text);
    }
  };
  relabel('.maplibregl-ctrl-zoom-in', labels.zoomIn);
  relabel('.maplibregl-ctrl-zoom-out', labels.zoomOut);
  relabel('.maplibregl-ctrl-attrib-button', labels.attribution);
}
