/**
 * The vector-tile layers the server publishes (`/tiles/<name>/{z}/{x}/{y}.pbf`) and the zoom
 * from which each has content: below it every tile is empty (layers too heavy to draw zoomed
 * out), so the web style does not ask for them. Declared once for the server's layers and the
 * web's sources.
 */
export const TILE_LAYER_MIN_ZOOM = {
  sites: 0,
  coverage: 8,
  // A dense survey holds ~100 photos a km²: a z12 tile (~85 km² here) ~8,500 of them, each
  // 150 × 100 m, 4 × 2.5 pixels, overlapping into one blot (what the coverage layer draws); a z13
  // tile ~2,100, each footprint a distinct 8 × 5 pixels.
  footprints: 13,
  flights: 0,
  findings: 0,
  gaps: 10,
  hotspots: 0,
  districts: 0,
} as const satisfies Record<string, number>;

export type TileLayerName = keyof typeof TILE_LAYER_MIN_ZOOM;
export const TILE_LAYER_NAMES = Object.keys(TILE_LAYER_MIN_ZOOM) as TileLayerName[];
