import type { Role } from '@skywater/core/auth/roles';
import type { TileLayerName } from '@skywater/core/tiles/tile-layer-names';

/** What a layer's SQL may depend on besides the tile. */
export interface TileLayerContext {
  z: number;
  /** The request's query string (e.g. `analyte`, `roundId`), unvalidated strings. */
  query: Record<string, unknown>;
  /** Analysts and admins see restricted (venue, hotel) sites. */
  seesRestrictedSites: boolean;
  /** Whose findings the reader sees: null = every one, else only those this user recorded. */
  findingsRecordedBy: number | null;
  /**
   * The offices whose objects the tile may draw (the session's visible ones); undefined or null
   * only for the deployment's own renders (basemap packs), which draw no office's data.
   */
  officeIds?: number[] | null;
  /** Adds a bound parameter and returns its placeholder (`$4`, `$5`...). */
  param(value: unknown): string;
}

/** `and <column> = any(...)` for the tile's offices, or nothing when the render is not a session's. */
export function officeFilterSql(ctx: TileLayerContext, column: string): string {
  if (!ctx.officeIds) return '';
  return ` and ${column} = any(${ctx.param(ctx.officeIds)}::bigint[])`;
}

/**
 * One vector-tile layer: a SQL query per tile. The query runs with a CTE `tile` in scope whose
 * column `env4326` is the tile's envelope transformed to WGS84 (so the GiST index on the
 * geometry column is used, never a transform of the column); it selects `geom` (SRID 4326) and
 * exactly the `properties` columns (numbers, text or booleans) and the `featureId` column if any.
 * The renderer adds the row
 * LIMIT and encodes: ST_AsMVT on a PostgreSQL server, geojson-vt + vt-pbf on embedded PGlite.
 * Adding a layer = one file exporting a TileLayer + one line in `tile-layers.ts`.
 */
export interface TileLayer<Name extends string = TileLayerName> {
  /**
   * URL name and the source-layer name inside the tile; a `/tiles` layer's minimum zoom is
   * TILE_LAYER_MIN_ZOOM's. Other names are layers cut into a basemap pack, never served there.
   */
  name: Name;
  properties: readonly string[];
  /**
   * A column carried as each feature's MVT id (a non-negative integer; MapLibre gives it as
   * `feature.id`) rather than as a property. For a layer of many features each with its own id:
   * ST_AsMVT spends ~4 µs a feature on a property whose every value is new (a z13 footprints tile
   * of 2,300 photos: 21 ms of CPU with the id as the feature's id, 31-37 ms as a property).
   */
  featureId?: string;
  /**
   * Every table the layer's SQL reads: a change to one (sql/025 notifies it) drops the layer's
   * cached tiles (tile-cache.ts). Each needs the `_tile_data_changed` trigger.
   */
  tables: readonly string[];
  /** Roles that may read the layer (default: any logged-in user); others get 403. */
  access?: readonly Role[];
  sql(ctx: TileLayerContext): string;
}

/**
 * The ids of the survey areas a tile draws (not archived, of the tile's offices), as an array
 * computed once per tile: rows of the cells and their overviews are kept by `area_id =
 * any(...)`, not by a join that probes the areas once per row (a z11 tile has thousands).
 */
export function drawnAreaIdsSql(ctx: TileLayerContext): string {
  return `array(select a.id from survey_areas a where a.archived_at is null${officeFilterSql(ctx, 'a.office_id')})`;
}
