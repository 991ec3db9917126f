import { TILE_LAYER_MIN_ZOOM } from '@skywater/core/tiles/tile-layer-names';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import GeoJSONVT from 'geojson-vt';
import { fromGeojsonVt } from 'vt-pbf';
import type { Db } from '@skywater/core/db/db';
import type { TileLayer, TileLayerContext } from './tile-layer';

export const TILE_EXTENT = 4096;
export const TILE_BUFFER = 64;
/** Most features one tile carries (the rest are left out rather than a tile of many MB). */
export const TILE_ROW_LIMIT = 10_000;

export interface TileAddress {
  z: number;
  x: number;
  y: number;
}

const quote = (column: string) => `"${column.replace(/"/g, '""')}"`;

type TileContext = Omit<TileLayerContext, 'param' | 'z'>;

/** The layer's rows for the tile (`features`) under the `tile` CTE, with their parameters. */
function tileFeatures(layer: TileLayer<string>, tile: TileAddress, ctx: TileContext) {
  const params: unknown[] = [tile.z, tile.x, tile.y];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const layerSql = layer.sql({ ...ctx, z: tile.z, param });
  const cte = `with tile as (select st_tileenvelope($1, $2, $3) as env3857,
                          st_transform(st_tileenvelope($1, $2, $3), 4326) as env4326),
    features as (select * from (${layerSql}) layer_rows limit ${TILE_ROW_LIMIT})`;
  return { cte, params };
}

/**
 * What the tile's rows depend on besides the data: the layer, the tile, and its query text and
 * parameters (the request's query string and the reader's scoping, as the layer reads them).
 */
export function tileQueryKey(layer: TileLayer<string>, tile: TileAddress, ctx: TileContext): string {
  const { cte, params } = tileFeatures(layer, tile, ctx);
  return JSON.stringify([layer.name, layer.properties, layer.featureId, cte, params]);
}

/**
 * The one query that makes the tile on a PostgreSQL server (ST_AsMVT over ST_AsMVTGeom): one
 * row, column `mvt`. Exported for the tile benchmark, which times it bare in psql. `offset 0`
 * keeps the subquery from being pulled up: pulled up, its `geom is not null` filter and
 * ST_AsMVT's input each called ST_AsMVTGeom, every feature cut twice (a z13 footprints tile of
 * 2,287 photos: 27-28 ms warm, 20-22 ms with it; the same bytes).
 */
export function serverTileQuery(
  layer: TileLayer<string>,
  tile: TileAddress,
  ctx: TileContext,
): { text: string; params: unknown[] } {
  const { cte, params } = tileFeatures(layer, tile, ctx);
  const columns = [...layer.properties, ...(layer.featureId ? [layer.featureId] : [])]
    .map((p) => `features.${quote(p)}`)
    .join(', ');
  const featureIdArgument = layer.featureId ? `, ${literal(layer.featureId)}` : '';
  return {
    text: `${cte}
       select st_asmvt(m, ${literal(layer.name)}, ${TILE_EXTENT}, 'geom'${featureIdArgument}) as mvt from (
         select st_asmvtgeom(st_simplify(st_transform(features.geom, 3857), tile.unit), tile.env3857,
                  ${TILE_EXTENT}, ${TILE_BUFFER}, true) as geom,
                ${columns}
         from features cross join ${tileWithUnit('env3857')}
         offset 0) m
       where m.geom is not null`,
    params,
  };
}

/**
 * Renders one layer's tile. PostgreSQL server: `serverTileQuery`, ST_AsMVT in one query.
 * Embedded PGlite (PostGIS built without protobuf): the same rows as GeoJSON clipped to the
 * buffered tile, cut and encoded with geojson-vt + vt-pbf, with the same layer name, extent
 * and buffer. An empty tile is a zero-length body.
 */
export async function renderTile(
  db: Db,
  layer: TileLayer<string>,
  tile: TileAddress,
  ctx: TileContext,
): Promise<Buffer> {
  if (tile.z < ((TILE_LAYER_MIN_ZOOM as Record<string, number>)[layer.name] ?? 0)) return Buffer.alloc(0);
  if (db.backend === 'server') {
    const query = serverTileQuery(layer, tile, ctx);
    const { rows } = await db.query<{ mvt: Buffer | null }>(query.text, query.params);
    return Buffer.from(rows[0]?.mvt ?? Buffer.alloc(0));
  }
  const { cte: tileCte, params } = tileFeatures(layer, tile, ctx);
  const { rows } = await db.query<{
    geometry: Geometry | null;
    properties: Record<string, unknown>;
    id: number | string | null;
  }>(
    `${tileCte}
     select st_asgeojson(case when geometrytype(features.geom) = 'POINT' then features.geom
              else st_simplify(st_clipbybox2d(features.geom, st_expand(tile.env4326, tile.unit * ${TILE_BUFFER * 2})),
                tile.unit) end, 9)::json as geometry,
            json_build_object(${layer.properties.map((p) => `${literal(p)}, ${`features.${quote(p)}`}`).join(', ')}) as properties,
            ${layer.featureId ? `features.${quote(layer.featureId)}` : 'null'} as id
     from features cross join ${tileWithUnit('env4326')}`,
    params,
  );
  const collection: FeatureCollection = {
    type: 'FeatureCollection',
    features: rows
      .filter((r) => r.geometry && !isEmptyGeometry(r.geometry))
      .map(
        (r): Feature => ({
          type: 'Feature',
          geometry: r.geometry!,
          properties: r.properties,
          ...(r.id === null ? {} : { id: Number(r.id) }),
        }),
      ),
  };
  if (collection.features.length === 0) return Buffer.alloc(0);
  const index = new GeoJSONVT(collection, {
    maxZoom: Math.max(tile.z, 1),
    indexMaxZoom: 0,
    extent: TILE_EXTENT,
    buffer: TILE_BUFFER,
    // The SQL has simplified to one tile pixel already. geojson-vt applies a tolerance only below
    // maxZoom, so only to a zoom-0 tile (maxZoom is at least 1), where it would drop the lines and
    // rings shorter than it that ST_AsMVT keeps; none keeps zoom 0 cut as every other zoom is.
    tolerance: 0,
  });
  const cut = index.getTile(tile.z, tile.x, tile.y);
  if (!cut || cut.features.length === 0) return Buffer.alloc(0);
  return Buffer.from(fromGeojsonVt({ [layer.name]: cut }, { version: 2, extent: TILE_EXTENT }));
}

/**
 * The `tile` CTE with `unit`, one tile pixel in the units of `envelope` (a 4096th of its width):
 * lines and polygons are simplified to it before encoding, as geojson-vt does (ST_AsMVTGeom only
 * snaps to it), so a zoomed-out tile carries the vertices it can show, not every one.
 */
function tileWithUnit(envelope: 'env3857' | 'env4326'): string {
  return `(select *, (st_xmax(${envelope}) - st_xmin(${envelope})) / ${TILE_EXTENT} as unit from tile) tile`;
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function isEmptyGeometry(geometry: Geometry): boolean {
  return (
    'coordinates' in geometry && Array.isArray(geometry.coordinates) && geometry.coordinates.length === 0
  );
}
