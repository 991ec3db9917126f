-- Drone survey: flights' coordinate system, image processing results and derived
-- copies, the coverage grid's per-day pieces and the queue of footprints to add, the findings'
-- append-only chain. Runs on PostgreSQL 15 + PostGIS 3.3 and on PGlite (PostgreSQL 18).

-- Flights -------------------------------------------------------------------------------------

alter table flights
  -- What the uploaded coordinates were in: GCJ-02 points are converted to WGS84 on import.
  add column coordinate_system text not null default 'wgs84'
    check (coordinate_system in ('wgs84', 'gcj02')),
  add column height_reference text not null default 'unknown'
    check (height_reference in ('above_sea_level', 'above_takeoff', 'unknown')),
  add column segment_count integer not null default 1 check (segment_count >= 1),
  add column created_by_name text;

-- Images --------------------------------------------------------------------------------------

alter table images
  add column size_bytes bigint check (size_bytes >= 0),
  add column camera_model text,
  add column image_width_px integer check (image_width_px > 0),
  add column image_height_px integer check (image_height_px > 0),
  -- Ground corners [[lon, lat] × 4]: top-left, top-right, bottom-right, bottom-left of the photo,
  -- for placing the preview on the map (null when the footprint was cut at the horizon).
  add column corners jsonb,
  add column thumbnail_key text,
  add column preview_key text;
create index images_flight_idx on images (flight_id, status);

-- Coverage ------------------------------------------------------------------------------------

-- Each cell is the grid square clipped to the area, which may split it in several parts.
alter table coverage_cells
  alter column geom type geometry(MultiPolygon, 4326) using st_multi(geom),
  add column updated_at timestamptz not null default now();

-- The grid is created once per area (lazily, by the first coverage update or request).
alter table survey_areas add column grid_created_at timestamptz;

-- What each day's photos covered of a cell: the union of footprint ∩ cell per local day
-- (Asia/Shanghai). The cell's own `covered` is the union of its days; date ranges and the
-- coverage-over-time series are unions of a few days per cell, never of raw footprints.
create table coverage_cell_days (
  area_id bigint not null,
  ix integer not null,
  iy integer not null,
  day date not null,
  covered geometry(MultiPolygon, 4326) not null,
  covered_km2 double precision not null check (covered_km2 >= 0),
  first_seen_at timestamptz not null,
  last_seen_at timestamptz not null,
  best_gsd_cm double precision,
  look_count integer not null check (look_count >= 1),
  primary key (area_id, ix, iy, day),
  foreign key (area_id, ix, iy) references coverage_cells (area_id, ix, iy)
);
create index coverage_cell_days_area_day_idx on coverage_cell_days (area_id, day);

-- Footprints waiting to be added to an area's cells. The image job inserts (idempotent), the
-- coverage job takes them out in the transaction that recomputes the cells they touch.
create table coverage_pending (
  area_id bigint not null references survey_areas (id),
  image_id bigint not null references images (id),
  queued_at timestamptz not null default now(),
  primary key (area_id, image_id)
);

-- Findings ------------------------------------------------------------------------------------

alter table findings
  add column updated_at timestamptz not null default now(),
  add column created_by_name text;

alter table finding_events
  add column actor_name text,
  add column from_status text,
  add column to_status text;

-- Nothing in a finding's chain is ever deleted or rewritten (docs/design.md §5).
create function survey_history_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'insufficient_privilege';
end $$;
create trigger finding_events_append_only before update or delete on finding_events
  for each row execute function survey_history_refuse_change();
create function findings_refuse_delete() returns trigger language plpgsql as $$
begin
  raise exception 'findings are never deleted' using errcode = 'insufficient_privilege';
end $$;
create trigger findings_no_delete before delete on findings
  for each row execute function findings_refuse_delete();
