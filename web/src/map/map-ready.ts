import type { Map as MapLibreMap } from 'maplibre-gl';

declare global {
  interface Window {
    /** The live map, for the browser tests and the benchmark (set once it is ready). */
    __skywaterMap?: MapLibreMap;
  }
}

/** The performance mark the benchmark reads: style loaded and the first view drawn. */
export const mapReadyMark = 'map-ready';

/**
 * Marks the map ready at its next idle (every tile and source asked for by the current view
 * drawn): sets `window.__skywaterMap` and the `map-ready` performance mark, then calls `onReady`.
 * Call it once the style has loaded and the first data has been handed to the map.
 */
export function markMapReadyWhenIdle(map: MapLibreMap, onReady: () => void = () => {}): void {
  map.once('idle', () => {
    window.__skywaterMap = map;
    if (performance.getEntriesByName(mapReadyMark).length === 0) performance.mark(mapReadyMark);
    onReady();
  });
  // An idle event only follows a frame: ask for one in case the map has nothing left to draw.
  map.triggerRepaint();
}
