import fs from 'node:fs';
import path from 'node:path';
import type { FeatureCollection, MultiPolygon } from 'geojson';
import type { Db } from '@skywater/core/db/db';
import { buildAreaGrid } from '@skywater/core/survey/coverage/area-grid';
import { cellShareKm2Sql } from '@skywater/core/survey/coverage/cell-update';
import { OVERLAY_GRID_DEG as GRID } from '@skywater/core/survey/coverage/overlay-grid';
import { SAMPLES_DATA_DIR } from '../../server/src/demo/load-demo';

/**
 * A synthetic province on one database, at the scale a province runs, generated in SQL on the server through
 * the schema's real tables (their triggers and indexes are the product's): Hainan's 19 cities and
 * counties under the province office, 40 survey areas of 500 km² (20,000 km²), 2,000,000 nadir
 * photo footprints, 5,000 sites sampled in 12 province-wide rounds for 20 analytes (1,200,000
 * measurements), findings, open alerts and the basemap's district boundaries. `scale` multiplies
 * the areas' size, the photos, the sites and the findings (1 = the full province); the offices,
 * areas, rounds and analytes stay.
 *
 * Photos: a Phantom 4 RTK at 100 m (150 × 100 m on the ground, 2.74 cm/px) flown along east-west
 * lines 80 m apart, one photo every 119 m (≈ 20 % side and forward overlap, as the coverage
 * bench), lines in serpentine order over each area (a 16-sided polygon in UTM 49N), 500 photos a
 * flight, 8 flights a day from 09:00. Each area holds 50,000 of its ≈ 52,500 line positions: the
 * last lines are left unflown (gaps). The coverage trigger is set aside during the bulk insert (as
 * for a migration of old imagery): the product's coverage update would take hours over 2,000,000
 * footprints on this machine (it intersects each footprint with each cell it touches). Instead each
 * area's grid is built by the product (`buildAreaGrid`) and its cells' cover, per local day, is
 * filled from the lattice: the photos overlapping a cell by arithmetic, the cover as the cell
 * within the union of the day's line runs (one rectangle per line and day, since the footprints
 * along a line overlap). The bench compares an area's grid with the plain union of its footprints.
 */
export const PROVINCE_OFFICES = [
  ['haikou', '海口市', 'Haikou', 'city'],
  ['sanya', '三亚市', 'Sanya', 'city'],
  ['sansha', '三沙市', 'Sansha', 'city'],
  ['danzhou', '儋州市', 'Danzhou', 'city'],
  ['wuzhishan', '五指山市', 'Wuzhishan', 'city'],
  ['qionghai', '琼海市', 'Qionghai', 'city'],
  ['wenchang', '文昌市', 'Wenchang', 'city'],
  ['wanning', '万宁市', 'Wanning', 'city'],
  ['dongfang', '东方市', 'Dongfang', 'city'],
  ['dingan', '定安县', "Ding'an", 'county'],
  ['tunchang', '屯昌县', 'Tunchang', 'county'],
  ['chengmai', '澄迈县', 'Chengmai', 'county'],
  ['lingao', '临高县', 'Lingao', 'county'],
  ['baisha', '白沙黎族自治县', 'Baisha', 'county'],
  ['changjiang', '昌江黎族自治县', 'Changjiang', 'county'],
  ['ledong', '乐东黎族自治县', 'Ledong', 'county'],
  ['lingshui', '陵水黎族自治县', 'Lingshui', 'county'],
  ['baoting', '保亭黎族苗族自治县', 'Baoting', 'county'],
  ['qiongzhong', '琼中黎族苗族自治县', 'Qiongzhong', 'county'],
] as const;

export const AREAS = 40;
export const ROUNDS = 12;
export const ANALYTES = 20;
export const PHOTOS_PER_FLIGHT = 500;
/** One photo's footprint (m, across × along the line) and the spacing of photos and lines. */
const FOOTPRINT_W_M = 150;
const FOOTPRINT_H_M = 100;
const PHOTO_STEP_M = 119;
const LINE_STEP_M = 80;
/** The coverage grid's cell (survey_areas.grid_cell_m's default), in the areas' UTM 49N. */
const CELL_M = 250;
/** The local day a photo counts for, as the coverage update reckons it (cell-update.ts). */
const localDay = (at: string) => `(${at} at time zone 'Asia/Shanghai')::date`;
/** Area of a regular 16-gon of circumradius r: 8 r² sin(π/8). */
const SIXTEEN_GON = 8 * Math.sin(Math.PI / 8);

export interface ProvinceSize {
  scale: number;
  areaKm2: number;
  flightsPerArea: number;
  sites: number;
  findings: number;
}

export function provinceSize(scale: number): ProvinceSize {
  return {
    scale,
    areaKm2: 500 * scale,
    flightsPerArea: Math.max(1, Math.round(100 * scale)),
    sites: Math.max(AREAS, Math.round(5000 * scale)),
    findings: Math.max(AREAS, Math.round(4000 * scale)),
  };
}

export interface GeneratedProvince {
  size: ProvinceSize;
  counts: Record<string, number>;
  /** Seconds per generation step. */
  seconds: Record<string, number>;
  roundIds: number[];
  analyteCodes: string[];
}

export async function generateProvince(db: Db, scale: number): Promise<GeneratedProvince> {
  const size = provinceSize(scale);
  const seconds: Record<string, number> = {};
  const step = async (name: string, work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    seconds[name] = (performance.now() - started) / 1000;
  };
  const radiusM = Math.sqrt((size.areaKm2 * 1e6) / SIXTEEN_GON);
  const photosPerArea = size.flightsPerArea * PHOTOS_PER_FLIGHT;

  await step('offices, districts, areas', async () => {
    const offices = PROVINCE_OFFICES.map(([code, zh, en, kind]) => `('${code}', '${zh}', '${en.replace("'", "''")}', '${kind}')`);
    await db.exec(`
      insert into offices (code, name_zh, name_en, kind, parent_id)
      select v.code, v.name_zh, v.name_en, v.kind, root_office_id()
      from (values ${offices.join(', ')}) v(code, name_zh, name_en, kind);`);
    const districts = JSON.parse(
      fs.readFileSync(path.join(SAMPLES_DATA_DIR, 'districts.geojson'), 'utf8'),
    ) as FeatureCollection<MultiPolygon, { city: string; name: string }>;
    for (const d of districts.features)
      await db.query(
        `insert into districts (city, name, geom, source) values ($1, $2, st_setsrid(st_geomfromgeojson($3), 4326), $4)`,
        [d.properties.city, d.properties.name, JSON.stringify(d.geometry), 'samples/data/districts.geojson'],
      );
    // 40 areas on an 8 × 5 lattice over the island's extent, the offices' in turn.
    await db.exec(`
      insert into survey_areas (name, city, geom, area_km2, metric_srid, office_id)
      select '测区 ' || lpad(k::text, 2, '0') || ' / area ' || k, o.name_zh, g, st_area(g::geography) / 1e6, 32649, o.id
      from generate_series(0, ${AREAS - 1}) k
      cross join lateral (select st_transform(st_setsrid(st_point(108.75 + (k % 8 + 0.5) * 2.1 / 8,
                                                                  18.35 + (k / 8 + 0.5) * 1.6 / 5), 4326), 32649) as centre) c
      cross join lateral (select st_multi(st_transform(st_buffer(c.centre, ${radiusM}, 'quad_segs=4'), 4326)) as g) a
      join (select id, name_zh, row_number() over (order by id) - 1 as n from offices where parent_id is not null) o
        on o.n = k % ${PROVINCE_OFFICES.length};
      insert into campaigns (name, cadence) values ('全省月度监测 / province monthly', 'monthly');
      analyze survey_areas;`);
  });

  await step('flights and photos', async () => {
    // Photo centres: each area's line positions inside it, lines in serpentine order.
    await db.transaction(async (tx) => {
      await tx.exec(`
      create temporary table province_centres on commit drop as
      select a.id as area_id, a.office_id, p.n - 1 as n, p.x, p.y
      from survey_areas a
      cross join lateral (select st_transform(a.geom, 32649) as g) m
      cross join lateral (
        select row_number() over (order by iy, case when iy % 2 = 0 then ix else -ix end) as n, x, y
        from generate_series(0, ceil((st_xmax(m.g) - st_xmin(m.g)) / ${PHOTO_STEP_M})::int) ix
        cross join generate_series(0, ceil((st_ymax(m.g) - st_ymin(m.g)) / ${LINE_STEP_M})::int) iy
        cross join lateral (select st_xmin(m.g) + ix * ${PHOTO_STEP_M}.0 as x, st_ymin(m.g) + iy * ${LINE_STEP_M}.0 as y) c
        where st_intersects(m.g, st_setsrid(st_makepoint(c.x, c.y), 32649))) p
      where p.n <= ${photosPerArea};
        create temporary table province_photos on commit drop as
        select c.area_id, c.office_id, c.n, c.n / ${PHOTOS_PER_FLIGHT} as flight_no,
               st_transform(st_setsrid(st_makepoint(c.x, c.y), 32649), 4326) as position,
               st_transform(st_makeenvelope(c.x - ${FOOTPRINT_W_M / 2}, c.y - ${FOOTPRINT_H_M / 2},
                                            c.x + ${FOOTPRINT_W_M / 2}, c.y + ${FOOTPRINT_H_M / 2}, 32649), 4326) as footprint,
               timestamptz '2025-03-03 09:00+08' + (c.n / ${PHOTOS_PER_FLIGHT} / 8) * interval '1 day'
                 + (c.n / ${PHOTOS_PER_FLIGHT} % 8) * interval '40 min' + (c.n % ${PHOTOS_PER_FLIGHT}) * interval '3 s' as captured_at
        from province_centres c;
        insert into flights (area_id, office_id, camera_model, team, pilot, track, point_count, distance_m, duration_s,
                             max_height_m, started_at, ended_at, log_format, log_sha256, log_file_name)
        select area_id, min(office_id), 'phantom-4-rtk', '测绘队 ' || area_id, '飞手 ' || (flight_no % 7 + 1),
               st_multi(st_makeline(array_agg(st_makepoint(st_x(position), st_y(position), 100,
                                                           extract(epoch from captured_at)) order by n))),
               count(*), (count(*) - 1) * ${PHOTO_STEP_M}, extract(epoch from max(captured_at) - min(captured_at)), 100,
               min(captured_at), max(captured_at), 'gpx',
               md5('flight-' || area_id || '-' || flight_no) || md5('log-' || area_id || '-' || flight_no),
               'area' || area_id || '-flight' || flight_no || '.gpx'
        from province_photos group by area_id, flight_no
        order by area_id, flight_no;
        alter table images disable trigger images_coverage_change;
        insert into images (flight_id, office_id, sha256, original_name, storage_key, status, captured_at, position,
                            height_above_ground_m, gsd_cm, footprint, camera_model, image_width_px, image_height_px,
                            processed_at, size_bytes)
        select f.id, p.office_id, md5('photo-' || p.area_id || '-' || p.n) || md5('sha-' || p.area_id || '-' || p.n),
               'DJI_' || lpad((p.n % ${PHOTOS_PER_FLIGHT})::text, 4, '0') || '.JPG',
               'images/' || f.id || '/' || md5(p.area_id || '-' || p.n) || '.jpg', 'done', p.captured_at, p.position,
               100, 2.74, p.footprint, 'phantom-4-rtk', 5472, 3648, p.captured_at + interval '1 hour', 8400000
        from province_photos p
        join flights f on f.log_sha256 = md5('flight-' || p.area_id || '-' || p.flight_no) || md5('log-' || p.area_id || '-' || p.flight_no)
        order by f.id, p.n;
        alter table images enable trigger images_coverage_change;
        analyze flights;
        analyze images;`);
    });
  });

  await step('coverage grids', async () => {
    // The product's grid (250 m cells in UTM 49N, clipped to the area), then each cell's cover.
    const { rows } = await db.query<{ id: number }>(`select id from survey_areas order by id`);
    for (const { id } of rows) await db.transaction((tx) => buildAreaGrid(tx, Number(id)));
    await db.transaction((tx) =>
      tx.exec(`
      -- Per cell and local day, the photos whose footprint overlaps the cell's square, found by
      -- arithmetic on the lattice (footprint and cell are both axis-aligned in UTM 49N).
      create temporary table province_cell_photos on commit drop as
      select f.area_id, ix, iy, ${localDay('i.captured_at')} as day, count(*)::int as look_count,
             sum(i.id)::bigint as image_id_sum, min(i.captured_at) as first_seen_at, max(i.captured_at) as last_seen_at,
             min(i.gsd_cm) as best_gsd_cm
      from images i join flights f on f.id = i.flight_id
      cross join lateral (select st_x(p) as x, st_y(p) as y from st_transform(i.position, 32649) p) m
      cross join lateral generate_series(floor((m.x - ${FOOTPRINT_W_M / 2}) / ${CELL_M})::int,
                                         ceil((m.x + ${FOOTPRINT_W_M / 2}) / ${CELL_M})::int - 1) ix
      cross join lateral generate_series(floor((m.y - ${FOOTPRINT_H_M / 2}) / ${CELL_M})::int,
                                         ceil((m.y + ${FOOTPRINT_H_M / 2}) / ${CELL_M})::int - 1) iy
      group by 1, 2, 3, 4;
      -- What each day's photos covered: the union of their lines' runs (overlapping footprints
      -- along a line make one rectangle), densified as the footprints' corners are.
      create temporary table province_day_cover on commit drop as
      select area_id, day, st_union(st_transform(st_segmentize(
               st_makeenvelope(x0 - ${FOOTPRINT_W_M / 2}, y - ${FOOTPRINT_H_M / 2}, x1 + ${FOOTPRINT_W_M / 2},
                               y + ${FOOTPRINT_H_M / 2}, 32649), ${PHOTO_STEP_M}), 4326)) as covered
      from (select f.area_id, ${localDay('i.captured_at')} as day, round(st_y(p)) as y, min(st_x(p)) as x0, max(st_x(p)) as x1
            from images i join flights f on f.id = i.flight_id cross join lateral st_transform(i.position, 32649) p
            group by 1, 2, 3) runs
      group by area_id, day;
      insert into coverage_cell_days (area_id, ix, iy, day, covered, covered_km2, first_seen_at, last_seen_at,
                                      best_gsd_cm, look_count)
      select c.area_id, c.ix, c.iy, s.day, st_multi(piece), ${cellShareKm2Sql('piece')}, s.first_seen_at,
             s.last_seen_at, s.best_gsd_cm, s.look_count
      from province_cell_photos s
      join coverage_cells c on c.area_id = s.area_id and c.ix = s.ix and c.iy = s.iy
      join province_day_cover d on d.area_id = s.area_id and d.day = s.day
      cross join lateral (select case when st_coveredby(c.geom, d.covered) then c.geom
                                      else st_collectionextract(st_intersection(c.geom, d.covered, ${GRID}), 3) end as piece) x
      where not st_isempty(piece) and st_area(piece) > 0;
      update coverage_cells c
      set covered = m.covered, covered_km2 = ${cellShareKm2Sql('m.covered')}, first_seen_at = m.first_seen_at,
          last_seen_at = m.last_seen_at, best_gsd_cm = m.best_gsd_cm, look_count = m.look_count,
          image_id_sum = m.image_id_sum, updated_at = now()
      from (select d.area_id, d.ix, d.iy,
                   case when count(*) = 1 then (array_agg(d.covered))[1]
                        else st_multi(st_collectionextract(st_union(d.covered, ${GRID}), 3)) end as covered,
                   min(d.first_seen_at) as first_seen_at, max(d.last_seen_at) as last_seen_at,
                   min(d.best_gsd_cm) as best_gsd_cm, sum(d.look_count)::int as look_count,
                   sum(s.image_id_sum)::bigint as image_id_sum
            from coverage_cell_days d
            join province_cell_photos s on s.area_id = d.area_id and s.ix = d.ix and s.iy = d.iy and s.day = d.day
            group by d.area_id, d.ix, d.iy) m
      where c.area_id = m.area_id and c.ix = m.ix and c.iy = m.iy;
      analyze coverage_cells;
      analyze coverage_cell_days;`),
    );
  });

  await step('findings', async () => {
    // Suspected plots of 10-40 m across where the photos were taken, in every status.
    await db.exec(`
      insert into findings (area_id, office_id, geom, crop, confidence, source, status, created_at)
      select i.area_id, i.office_id,
             st_transform(st_buffer(st_transform(i.position, 32649), 5 + (k % 16), 'quad_segs=2'), 4326),
             (array['opium_poppy', 'cannabis', 'other'])[k % 3 + 1], 0.5 + (k % 50) / 100.0,
             (array['analyst', 'model'])[k % 2 + 1],
             (array['suspected', 'suspected', 'verified', 'rejected', 'eradicated', 'resurveyed'])[k % 6 + 1],
             i.captured_at + interval '2 days'
      from generate_series(1, ${size.findings}) k
      cross join lateral (select f.area_id, im.office_id, im.position, im.captured_at
                          from images im join flights f on f.id = im.flight_id
                          where im.id = (select min(id) from images) + (k * 7919) % (select count(*) from images)) i;
      analyze findings;`);
  });

  await step('sites, samples, measurements', async () => {
    const { rows } = await db.query<{ code: string }>(
      `select code from analytes order by code = 'METH' desc, priority desc, code limit ${ANALYTES}`,
    );
    if (rows.length < ANALYTES) throw new Error(`only ${rows.length} analytes seeded`);
    const codes = rows.map((r) => `'${r.code}'`).join(', ');
    await db.exec(`
      insert into rounds (name, starts_on, ends_on, campaign_id)
      select '2025 年第 ' || g || ' 轮 / 2025 round ' || g, date '2025-01-06' + (g - 1) * 28, date '2025-01-06' + (g - 1) * 28 + 6,
             (select id from campaigns where name = '全省月度监测 / province monthly')
      from generate_series(1, ${ROUNDS}) g;
      -- Sites within 1.4 radii of their area's centre: a plant in ten, sewers, venues (restricted), homes.
      insert into sites (code, name, kind, geom, population_served, area_id, office_id, restricted)
      select 'P' || lpad(k::text, 5, '0'), '站点 ' || k, kind, st_transform(st_setsrid(st_point(
               st_x(c) + ${radiusM * 1.4} * sqrt(r1) * cos(2 * pi() * r2),
               st_y(c) + ${radiusM * 1.4} * sqrt(r1) * sin(2 * pi() * r2)), 32649), 4326),
             case kind when 'wwtp' then 20000 + (k * 7907) % 480000 else 500 + (k * 7907) % 20000 end,
             a.id, a.office_id, kind in ('venue', 'hotel')
      from generate_series(1, ${size.sites}) k
      cross join lateral (select (array['wwtp', 'sewer', 'sewer', 'sewer', 'sewer', 'venue', 'venue', 'hotel', 'residential', 'other'])[k % 10 + 1] as kind,
                                 ((k * 0.6180339887) % 1) as r1, ((k * 0.7548776662) % 1) as r2) x
      join survey_areas a on a.id = (select min(id) from survey_areas) + k % ${AREAS}
      cross join lateral (select st_centroid(st_transform(a.geom, 32649)) as c) m;
      insert into samples (site_id, round_id, lab_sample_id, collected_start, collected_end, collection_type, flow_m3_per_day)
      select s.id, r.id, s.code || '-' || r.id, r.starts_on, r.starts_on + 1, 'composite_time',
             s.population_served * (0.2 + random() * 0.1)
      from sites s cross join rounds r;
      insert into measurements (sample_id, analyte_code, qualifier, value_ng_l, lod_ng_l, loq_ng_l)
      select sample_id, code, case when v < 1 then '<LOQ' else '=' end, case when v < 1 then null else v end, 0.3, 1
      from (select sa.id as sample_id, a.code, round((exp(random() * 5.5 - 0.6))::numeric, 1)::float8 as v
            from samples sa cross join analytes a where a.code in (${codes})) x
      order by sample_id, code;
      -- One site in twenty with an open alert of the latest round.
      insert into alerts (kind, condition_key, site_id, analyte_code, round_id, severity, status, detail)
      select 'spike', 'bench-spike:' || s.id, s.id, 'METH', (select max(id) from rounds),
             (array['low', 'medium', 'high'])[s.id % 3 + 1], 'open', '{}'::jsonb
      from sites s where s.id % 20 = 0;
      analyze;`);
    const rounds = await db.query<{ id: number }>(`select id from rounds order by starts_on`);
    return { roundIds: rounds.rows.map((r) => Number(r.id)), codes: rows.map((r) => r.code) };
  });

  const { rows: counted } = await db.query<Record<string, number>>(`select
      (select count(*)::int from offices) as offices, (select count(*)::int from survey_areas) as areas,
      (select round(sum(area_km2))::int from survey_areas) as "area km²",
      (select round(sum(covered_km2))::int from coverage_cells) as "covered km²",
      (select count(*)::int from coverage_cells) as cells, (select count(*)::int from flights) as flights,
      (select count(*)::int from images) as photos, (select count(*)::int from findings) as findings,
      (select count(*)::int from sites) as sites, (select count(*)::int from rounds) as rounds,
      (select count(*)::int from measurements) as measurements`);
  const { rows: rounds } = await db.query<{ id: number }>(`select id from rounds order by starts_on`);
  const { rows: analytes } = await db.query<{ code: string }>(
    `select distinct analyte_code as code from measurements order by 1`,
  );
  return {
    size,
    counts: counted[0]!,
    seconds,
    roundIds: rounds.map((r) => Number(r.id)),
    analyteCodes: analytes.map((a) => a.code),
  };
}
