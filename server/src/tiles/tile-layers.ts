import { coverageLayer } from './layers/coverage-layer';
import { districtsLayer } from './layers/districts-layer';
import { findingsLayer } from './layers/findings-layer';
import { flightsLayer } from './layers/flights-layer';
import { footprintsLayer } from './layers/footprints-layer';
import { gapsLayer } from './layers/gaps-layer';
import { hotspotsLayer } from './layers/hotspots';
import { sitesLayer } from './layers/sites-layer';
import type { TileLayer } from './tile-layer';

/** Every vector-tile layer, by URL name. A new layer adds its file and one line here. */
export const TILE_LAYERS: readonly TileLayer[] = [
  sitesLayer,
  coverageLayer,
  footprintsLayer,
  flightsLayer,
  findingsLayer,
  gapsLayer,
  hotspotsLayer,
  districtsLayer,
];

export function findTileLayer(name: string): TileLayer | undefined {
  return TILE_LAYERS.find((layer) => layer.name === name);
}
