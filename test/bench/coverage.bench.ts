import fs from 'node:fs';
import path from 'node:path';
import type { Db, Queryable } from '@skywater/core/db/db';
import { migrate } from '@skywater/core/db/migrate';
import type { FeatureCollection, MultiPolygon } from 'geojson';
import { applyPendingCoverage } from '@skywater/core/survey/coverage/cell-update';
import { SAMPLES_DATA_DIR } from '../../server/src/demo/load-demo';
import { insertArea } from '../../server/src/places/areas';
import { seedReferenceData } from '../../server/src/reference/seed-reference-data';
import { ensureBenchDatabase, freshSchema, report } from './bench-database';

/**
 * Dongfang at full scale (docs/design.md §5): 118,000 synthetic nadir footprints (Phantom 4 RTK at
 * 100 m: 150 × 100 m, flown 119 m × 80 m apart, i.e. ~20 % side and 20 % forward overlap) over
 * the 1,130 km² demo area, generated in SQL on the server; the coverage grid (250 m cells)
 * built from them. Then a new 500-image flight (a 25 × 20 block re-flown over the centre,
 * shifted 40 m) is added: the incremental update (only the cells it touches) is timed beside
 * recomputing the whole union in PostGIS, ST_Area(ST_Intersection(ST_Union(footprints), area)).
 */
const seconds = (since: number) => (performance.now() - since) / 1000;

function traceStatements(db: Db): Db {
  const timed = <T extends Queryable>(q: T): T => ({
    ...q,
    async query(sql: string, params?: readonly unknown[]) {
      const started = performance.now();
      const result = await q.query(sql, params);
      process.stdout.write(
        `  ${(performance.now() - started).toFixed(0)} ms  ${sql.replace(/\s+/g, ' ').slice(0, 70)}\n`,
      );
      return result;
    },
  });
  return { ...timed(db), transaction: (work) => db.transaction((tx) => work(timed(tx))) } as Db;
}
const BASE_IMAGES = 118_000;

await ensureBenchDatabase();
const bench = await freshSchema();
const db = bench.db;
try {
  await migrate(db);
  await seedReferenceData(db);
  const areas = JSON.parse(
    fs.readFileSync(path.join(SAMPLES_DATA_DIR, 'areas.geojson'), 'utf8'),
  ) as FeatureCollection<MultiPolygon, { name: string; city: string }>;
  const dongfang = areas.features.find((f) => f.properties.city === '东方市')!;
  const areaId = await db.transaction((tx) =>
    insertArea(tx, {
      name: dongfang.properties.name,
      city: dongfang.properties.city,
      geometry: dongfang.geometry,
    }),
  );
  let t = performance.now();
  await db.exec(`
    insert into flights (area_id, camera_model, track, point_count, distance_m, log_format, log_sha256, log_file_name)
    select ${areaId}, 'phantom-4-rtk', st_geomfromewkt('SRID=4326;MULTILINESTRING ZM ((108.7 19.1 100 NaN, 108.71 19.1 100 NaN))'),
           2, 1000, 'gpx', md5(g::text) || md5((g + 1000)::text), 'bench-' || g || '.gpx'
    from generate_series(0, ${BASE_IMAGES / 500}) g;
    create temporary table bench_centres as
    select row_number() over (order by iy, case when iy % 2 = 0 then ix else -ix end) as n, x, y
    from survey_areas a
    cross join lateral (select st_transform(a.geom, 32649) as g) m
    cross join lateral generate_series(0, ceil((st_xmax(m.g) - st_xmin(m.g)) / 119)::int) ix
    cross join lateral generate_series(0, ceil((st_ymax(m.g) - st_ymin(m.g)) / 80)::int) iy
    cross join lateral (select st_xmin(m.g) + ix * 119.0 as x, st_ymin(m.g) + iy * 80.0 as y) c
    where a.id = ${areaId} and st_intersects(m.g, st_setsrid(st_makepoint(c.x, c.y), 32649));
  `);
  const { rows: counted } = await db.query<{ n: number }>(`select count(*)::int as n from bench_centres`);
  await db.exec(`
    insert into images (flight_id, sha256, original_name, storage_key, status, captured_at, gsd_cm,
                        height_above_ground_m, footprint)
    select (select min(id) from flights) + (n - 1) / 500, md5(n::text) || md5((-n)::text), 'DJI_' || n || '.JPG',
           'images/bench/' || n || '.jpg', 'done',
           timestamptz '2025-03-01 09:00+08' + ((n - 1) / 4000) * interval '1 day' + ((n - 1) % 4000) * interval '5 s',
           2.74, 100, st_transform(st_makeenvelope(x - 75, y - 50, x + 75, y + 50, 32649), 4326)
    from bench_centres where n <= ${BASE_IMAGES};
    analyze images;
  `);
  const generateSeconds = seconds(t);
  t = performance.now();
  const initial = await applyPendingCoverage(db, areaId, 20_000);
  const initialSeconds = seconds(t);
  const { rows: grid } = await db.query<{ n: number }>(
    `select count(*)::int as n from coverage_cells where area_id = $1`,
    [areaId],
  );
  process.stdout.write(
    `generated ${BASE_IMAGES} footprints (of ${counted[0]!.n} centres) in ${generateSeconds.toFixed(1)} s; ` +
      `initial grid (${grid[0]!.n} cells) + coverage from ${initial.images} images in ${initialSeconds.toFixed(1)} s\n`,
  );

  // The new flight: 500 photos re-flown over the area's centre, shifted 40 m east.
  const flightId = (await db.query<{ id: number }>(`select max(id) as id from flights`)).rows[0]!.id;
  const { rows: added } = await db.query<{ id: number }>(
    `insert into images (flight_id, sha256, original_name, storage_key, status, captured_at, gsd_cm,
                         height_above_ground_m, footprint)
     select $2, md5('new-' || i || '-' || j) || md5('flight-' || i || '-' || j), 'NEW_' || i || '_' || j || '.JPG',
            'images/bench/new-' || i || '-' || j || '.jpg', 'done', timestamptz '2025-04-20 10:00+08' + (i * 20 + j) * interval '5 s',
            2.74, 100, st_transform(st_makeenvelope(c.x + i * 119 + 40 - 75, c.y + j * 80 - 50,
                                                    c.x + i * 119 + 40 + 75, c.y + j * 80 + 50, 32649), 4326)
     from (select st_x(p) as x, st_y(p) as y from survey_areas a
           cross join lateral (select st_transform(st_pointonsurface(a.geom), 32649) as p) q where a.id = $1) c
     cross join generate_series(0, 24) i cross join generate_series(0, 19) j
     returning id`,
    [areaId, flightId],
  );
  // The images trigger (sql/010) recorded the new footprints as pending.
  // BENCH_TRACE=1 prints each statement's time of the incremental update.
  const traced: typeof db = process.env.BENCH_TRACE === '1' ? traceStatements(db) : db;
  t = performance.now();
  const incremental = await applyPendingCoverage(traced, areaId);
  const incrementalSeconds = seconds(t);

  t = performance.now();
  const { rows: full } = await db.query<{ km2: number }>(
    `select st_area(st_intersection(st_union(i.footprint), a.geom)::geography) / 1e6 as km2
     from images i cross join survey_areas a where a.id = $1 and i.footprint is not null group by a.geom`,
    [areaId],
  );
  const fullSeconds = seconds(t);
  const { rows: cells } = await db.query<{ km2: number; area_km2: number }>(
    `select sum(covered_km2) as km2, (select area_km2 from survey_areas where id = $1) as area_km2
     from coverage_cells where area_id = $1`,
    [areaId],
  );
  report(
    `incremental coverage update, one ${added.length}-image flight over ${BASE_IMAGES.toLocaleString('en')} footprints`,
    `${incrementalSeconds.toFixed(2)} s (${incremental.cellsAdded} cells added to, ${incremental.cellsRecomputed} recomputed)`,
    'whole union recomputed in PostGIS',
    `${fullSeconds.toFixed(2)} s`,
    fullSeconds / incrementalSeconds,
    'update < 5 s, ≥ 20× faster',
  );
  const differencePct = (100 * Math.abs(cells[0]!.km2 - full[0]!.km2)) / full[0]!.km2;
  process.stdout.write(
    `  covered: grid ${cells[0]!.km2.toFixed(3)} km² vs plain union ${full[0]!.km2.toFixed(3)} km² ` +
      `(difference ${differencePct.toFixed(4)} %, goal < 0.1 %) of ${cells[0]!.area_km2.toFixed(2)} km²\n`,
  );
} finally {
  await db.close();
  // BENCH_KEEP=1 keeps the generated schema for EXPLAIN ANALYZE (drop it by hand afterwards).
  if (process.env.BENCH_KEEP === '1') process.stdout.write(`kept schema ${bench.schema}\n`);
  else await bench.drop();
}
