import type { Map as MapLibreMap } from 'maplibre-gl';

declare global {
  interface Window {
    /** The live map, for the browser tests and the benchmark (set once it is ready). */
    __skywaterMap?: MapLibreMap;
  }
}

/** The performance mark the benchmark reads: style loaded and the first view drawn. */
export const mapReadyMark = 'map-ready';

/** Maps that have gone idle (everything asked for loaded and drawn) and changed nothing since. */
const idleMaps = new WeakSet<MapLibreMap>();

/**
 * Follows whether `map` is idle: call it right after creating the map, so the idle that follows
 * the style's `load` (the first complete frame) is seen even before the screen asks. Any loading
 * (a tile, `setData`) or style change since clears it.
 */
export function watchIdle(map: MapLibreMap): void {
  map.on('idle', () => idleMaps.add(map));
  map.on('dataloading', () => idleMaps.delete(map));
  map.on('styledata', () => idleMaps.delete(map));
}

/**
 * Marks the map ready once it is idle (every tile and source asked for by the current view
 * loaded and drawn): sets `window.__skywaterMap` and the `map-ready` performance mark, then calls
 * `onReady`. Call it once the style has loaded and the first data has been handed to the map.
 * When the map is idle already and nothing has been loaded or restyled since (its first data was
 * in the style), that is now; else at its next idle.
 */
export function markMapReadyWhenIdle(map: MapLibreMap, onReady: () => void = () => {}): void {
  const ready = () => {
    window.__skywaterMap = map;
    if (performance.getEntriesByName(mapReadyMark).length === 0) performance.mark(mapReadyMark);
    onReady();
  };
  if (idleMaps.has(map) && map.loaded() && !map.isMoving()) {
    ready();
    return;
  }
  map.once('idle', ready);
  // An idle event only follows a frame: ask for one in case the map has nothing left to draw.
  map.triggerRepaint();
}
