import type { Map as MapLibreMap } from 'maplibre-gl';

declare global {
  interface Window {
    /** The live map, for the browser tests and the benchmark (set once it is ready). */
    __skywaterMap?: MapLibreMap;
  }
}

/** The performance mark the benchmark reads: style loaded and first tiles drawn. */
export const mapReadyMark = 'map-ready';

/**
 * Marks the map ready once its style has loaded and it has gone idle for the first time
 * (every tile asked for by the first view drawn), then calls `onReady`.
 */
export function markMapReadyOnFirstIdle(map: MapLibreMap, onReady: () => void): void {
  const whenIdle = () => {
    map.once('idle', () => {
      window.__skywaterMap = map;
      performance.mark(mapReadyMark);
      onReady();
    });
  };
  if (map.loaded()) whenIdle();
  else map.once('load', whenIdle);
}
