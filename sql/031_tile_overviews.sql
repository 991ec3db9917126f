-- Overviews for the zoomed-out vector tiles, kept by the writes to their sources. A z8 coverage
-- tile over a surveyed province holds ~200,000 cells and a z10 gaps tile unions an area's 8,000
-- cells; a z8 flights tile carries thousands of 500-point tracks. Drawn from these instead, such a
-- tile reads a few hundred rows.

-- Blocks of side × side coverage cells of an area (block (bx, by) holds the cells with
-- floor(ix / side) = bx and floor(iy / side) = by): the sums and extremes of their cells, and the
-- block's square in the area's metric projection, clipped to the area (the union of its cells).
-- A cell is open as in the gaps (covered km² under its km²); open_km2 sums what its cells lack.
-- Blocks of 8 also keep open_geom, the union of their open cells' uncovered parts (null when none):
-- a gaps tile unions a few of those instead of hundreds of cells' differences.
create table coverage_blocks (
  area_id bigint not null references survey_areas (id),
  side_cells integer not null check (side_cells in (2, 4, 8, 16)),
  block_x integer not null,
  block_y integer not null,
  geom geometry(MultiPolygon, 4326) not null,
  cell_count integer not null,
  cell_km2 double precision not null,
  covered_km2 double precision not null,
  open_km2 double precision not null,
  look_count integer not null,
  best_gsd_cm double precision,
  last_seen_at timestamptz,
  min_ix integer not null,
  min_iy integer not null,
  open_geom geometry(MultiPolygon, 4326),
  primary key (area_id, side_cells, block_x, block_y)
);
-- One index per block size: a tile reads one size, and a shared index would find all three.
create index coverage_blocks_geom_2 on coverage_blocks using gist (geom) where side_cells = 2;
create index coverage_blocks_geom_4 on coverage_blocks using gist (geom) where side_cells = 4;
create index coverage_blocks_geom_8 on coverage_blocks using gist (geom) where side_cells = 8;
create index coverage_blocks_geom_16 on coverage_blocks using gist (geom) where side_cells = 16;

-- An area's gaps, one row per polygon: side_cells 1, exactly (the union of the blocks of 8's
-- open_geom: what a gaps tile from z12 draws); 2 and 4, at a block size, the union of its blocks
-- that are mostly open (open km² at least half the block's): what a z11 and a z10 gaps tile
-- draw (a block ~6 pixels of a 256-px tile), the gaps at the tile's resolution.
create table coverage_gap_overviews (
  area_id bigint not null references survey_areas (id),
  side_cells integer not null check (side_cells in (1, 2, 4)),
  part integer not null,
  geom geometry(Polygon, 4326) not null,
  area_m2 double precision not null,
  primary key (area_id, side_cells, part)
);
create index coverage_gap_overviews_geom on coverage_gap_overviews using gist (geom);

-- Recomputes the blocks holding the given cells (parallel arrays), then an area's gap overviews
-- where they may have moved: the exact one when a block of 8's open km² changed, one of blocks
-- when a block of that size became mostly open or stopped being (or appeared or went). One
-- statement: its parts read the blocks as they were before it.
create function refresh_coverage_overviews(changed_area bigint[], changed_ix integer[], changed_iy integer[])
returns void
language plpgsql as $$
declare
  exact_areas bigint[];
  areas_2 bigint[];
  areas_4 bigint[];
begin
  with touched as (
    select distinct c.area_id, s.side, floor(c.ix::float8 / s.side)::int as bx, floor(c.iy::float8 / s.side)::int as by
    from unnest(changed_area, changed_ix, changed_iy) c(area_id, ix, iy)
    cross join unnest(array[2, 4, 8, 16]) s(side)),
  before as (
    select t.area_id, t.side, t.bx, t.by, b.open_km2, b.cell_km2
    from touched t
    left join coverage_blocks b on b.area_id = t.area_id and b.side_cells = t.side and b.block_x = t.bx and b.block_y = t.by),
  computed as materialized (
    select t.area_id, t.side, t.bx, t.by, x.*,
           case when t.side = 8 and x.open_km2 > 0 then (
             select st_multi(st_collectionextract(st_union(
                      case when c.covered is null then c.geom else st_difference(c.geom, c.covered, 1e-10) end, 1e-10), 3))
             from coverage_cells c
             where c.area_id = t.area_id
               and c.ix >= t.bx * t.side and c.ix < (t.bx + 1) * t.side
               and c.iy >= t.by * t.side and c.iy < (t.by + 1) * t.side
               and (c.covered is null or c.covered_km2 < c.cell_km2)) end as open_geom,
           case when x.cell_count > 0 then
             st_multi(case when st_coveredby(sq.geom, a.geom) then sq.geom
                           else st_collectionextract(st_intersection(sq.geom, a.geom), 3) end) end as geom
    from touched t
    join survey_areas a on a.id = t.area_id
    cross join lateral (
      select count(*)::int as cell_count, sum(c.cell_km2) as cell_km2, sum(c.covered_km2) as covered_km2,
             sum(greatest(c.cell_km2 - c.covered_km2, 0)) as open_km2, max(c.look_count) as look_count,
             min(c.best_gsd_cm) as best_gsd_cm, max(c.last_seen_at) as last_seen_at,
             min(c.ix) as min_ix, min(c.iy) as min_iy
      from coverage_cells c
      where c.area_id = t.area_id
        and c.ix >= t.bx * t.side and c.ix < (t.bx + 1) * t.side
        and c.iy >= t.by * t.side and c.iy < (t.by + 1) * t.side) x
    cross join lateral (
      select st_transform(st_makeenvelope(t.bx::float8 * t.side * a.grid_cell_m, t.by::float8 * t.side * a.grid_cell_m,
                                          (t.bx + 1)::float8 * t.side * a.grid_cell_m,
                                          (t.by + 1)::float8 * t.side * a.grid_cell_m, a.metric_srid), 4326) as geom) sq),
  upserted as (
    insert into coverage_blocks as b (area_id, side_cells, block_x, block_y, geom, cell_count, cell_km2, covered_km2,
                                      open_km2, look_count, best_gsd_cm, last_seen_at, min_ix, min_iy, open_geom)
    select area_id, side, bx, by, geom, cell_count, cell_km2, covered_km2, open_km2, look_count, best_gsd_cm,
           last_seen_at, min_ix, min_iy, case when not st_isempty(open_geom) then open_geom end
    from computed where cell_count > 0
    on conflict (area_id, side_cells, block_x, block_y) do update
      set geom = excluded.geom, cell_count = excluded.cell_count, cell_km2 = excluded.cell_km2,
          covered_km2 = excluded.covered_km2, open_km2 = excluded.open_km2, look_count = excluded.look_count,
          best_gsd_cm = excluded.best_gsd_cm, last_seen_at = excluded.last_seen_at, min_ix = excluded.min_ix,
          min_iy = excluded.min_iy, open_geom = excluded.open_geom
    returning 1),
  removed as (
    delete from coverage_blocks b using computed c
    where c.cell_count = 0 and b.area_id = c.area_id and b.side_cells = c.side and b.block_x = c.bx and b.block_y = c.by
    returning 1),
  moved as (
    select c.area_id, c.side,
           case when c.side = 8 then f.open_km2 is distinct from (case when c.cell_count > 0 then c.open_km2 end)
                else (f.open_km2 * 2 >= f.cell_km2)
                       is distinct from (case when c.cell_count > 0 then c.open_km2 * 2 >= c.cell_km2 end) end as moved
    from computed c join before f on f.area_id = c.area_id and f.side = c.side and f.bx = c.bx and f.by = c.by)
  select array_agg(distinct area_id) filter (where side = 8 and moved),
         array_agg(distinct area_id) filter (where side = 2 and moved),
         array_agg(distinct area_id) filter (where side = 4 and moved)
  into exact_areas, areas_2, areas_4
  from moved;
  if exact_areas is not null then
    perform refresh_coverage_gap_overviews(exact_areas, 1);
  end if;
  if areas_2 is not null then
    perform refresh_coverage_gap_overviews(areas_2, 2);
  end if;
  if areas_4 is not null then
    perform refresh_coverage_gap_overviews(areas_4, 4);
  end if;
end
$$;

create function refresh_coverage_gap_overviews(areas bigint[], block_side integer)
returns void
language sql as $$
  delete from coverage_gap_overviews where area_id = any(areas) and side_cells = block_side;
  insert into coverage_gap_overviews (area_id, side_cells, part, geom, area_m2)
  select u.area_id, u.side_cells, row_number() over (partition by u.area_id, u.side_cells order by d.path), d.geom,
         st_area(d.geom::geography)
  from (select b.area_id, b.side_cells, st_union(b.geom, 1e-10) as geom
        from coverage_blocks b
        where b.area_id = any(areas) and block_side in (2, 4) and b.side_cells = block_side and b.open_km2 * 2 >= b.cell_km2
        group by b.area_id, b.side_cells
        union all
        select b.area_id, 1, st_union(b.open_geom, 1e-10)
        from coverage_blocks b
        where b.area_id = any(areas) and block_side = 1 and b.side_cells = 8 and b.open_geom is not null
        group by b.area_id) u
  cross join lateral st_dump(st_collectionextract(u.geom, 3)) d
  where not st_isempty(d.geom);
$$;

-- Statement triggers with the changed rows (transition tables): a batch of cells costs one refresh.
create function coverage_cells_inserted() returns trigger
language plpgsql as $$
begin
  perform refresh_coverage_overviews(array(select area_id from new_cells), array(select ix from new_cells),
                                     array(select iy from new_cells));
  return null;
end
$$;

create function coverage_cells_deleted() returns trigger
language plpgsql as $$
begin
  perform refresh_coverage_overviews(array(select area_id from old_cells), array(select ix from old_cells),
                                     array(select iy from old_cells));
  return null;
end
$$;

-- Only cells whose figures moved: the coverage job writes a cell's geometry and its km² in two
-- statements, the first of which changes nothing a block holds when only the cover grew.
create function coverage_cells_updated() returns trigger
language plpgsql as $$
declare
  areas bigint[];
  xs integer[];
  ys integer[];
begin
  select array_agg(n.area_id), array_agg(n.ix), array_agg(n.iy) into areas, xs, ys
  from new_cells n
  join old_cells o on o.area_id = n.area_id and o.ix = n.ix and o.iy = n.iy
  where (n.cell_km2, n.covered_km2, n.look_count, n.best_gsd_cm, n.last_seen_at)
        is distinct from (o.cell_km2, o.covered_km2, o.look_count, o.best_gsd_cm, o.last_seen_at);
  if areas is not null then
    perform refresh_coverage_overviews(areas, xs, ys);
  end if;
  return null;
end
$$;

create trigger coverage_cells_overviews_insert after insert on coverage_cells
  referencing new table as new_cells for each statement execute function coverage_cells_inserted();
create trigger coverage_cells_overviews_delete after delete on coverage_cells
  referencing old table as old_cells for each statement execute function coverage_cells_deleted();
create trigger coverage_cells_overviews_update after update on coverage_cells
  referencing old table as old_cells new table as new_cells for each statement execute function coverage_cells_updated();

-- The tiles read the overviews: a change to them drops those tiles (sql/025).
create trigger coverage_blocks_tile_data_changed after insert or update or delete or truncate on coverage_blocks
  for each statement execute function notify_tile_data_change();
create trigger coverage_gap_overviews_tile_data_changed after insert or update or delete or truncate
  on coverage_gap_overviews for each statement execute function notify_tile_data_change();

-- Every grid there is, once.
do $$
begin
  perform refresh_coverage_overviews(array_agg(area_id), array_agg(ix), array_agg(iy))
  from coverage_cells;
end
$$;
analyze coverage_blocks;
analyze coverage_gap_overviews;

-- A flight's track without heights and times, simplified to 1e-4° (≈ 11 m; under a pixel of a
-- 512-px tile up to zoom 12, 1.7e-4°): what zoomed-out flights tiles draw, thousands of tracks
-- of a few vertices instead of hundreds. Kept with the track by the database itself.
alter table flights
  add column track_overview geometry generated always as (st_simplify(st_force2d(track), 0.0001, true)) stored;
create index flights_track_overview_idx on flights using gist (track_overview);
