/** What `GET /api/basemaps` says of each installed pack (docs/api-contract.md, "Basemap packs"). */
export interface BasemapPack {
  name: string;
  /** From the archive's metadata `name`, else the pack's name. */
  title: string;
  kind: 'vector' | 'raster';
  format: 'pmtiles';
  /** `mvt` for vector tiles; `png`, `jpeg`, `webp` or `avif` for imagery. */
  tileType: TileTypeName;
  /** West, south, east, north (degrees, WGS84). */
  bounds: [number, number, number, number];
  center: [number, number];
  minZoom: number;
  maxZoom: number;
  attribution: string;
  /** The vector layers the tiles hold (empty for imagery): what a style can draw. */
  vectorLayers: string[];
  sizeBytes: number;
  installedAt: string;
  /** `/basemaps/<name>/{z}/{x}/{y}`: what MapLibre asks for. */
  tileUrl: string;
  /** `/basemaps/<name>.pmtiles`: the archive itself, read by HTTP range requests. */
  archiveUrl: string;
}

export type TileTypeName = 'mvt' | 'png' | 'jpeg' | 'webp' | 'avif';
