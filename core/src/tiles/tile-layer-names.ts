/**
 * The vector-tile layers the server publishes (`/tiles/<name>/{z}/{x}/{y}.pbf`) and the zoom
 * from which each has content: below it every tile is empty (layers too heavy to draw zoomed
 * out), so the web style does not ask for them. Declared once for the server's layers and the
 * web's sources.
 */
export const TILE_LAYER_MIN_ZOOM = {
  sites: 0,
  coverage: 8,
  // A dense survey holds ~100 photos a km²: a z11 tile (~340 km² here) would hold ~34,000, over the
  // renderer's 10,000 rows; a z12 tile ~8,500. Below z12 a footprint is a few pixels anyway.
  footprints: 12,
  flights: 0,
  findings: 0,
  gaps: 10,
  hotspots: 0,
  districts: 0,
} as const satisfies Record<string, number>;

export type TileLayerName = keyof typeof TILE_LAYER_MIN_ZOOM;
export const TILE_LAYER_NAMES = Object.keys(TILE_LAYER_MIN_ZOOM) as TileLayerName[];
