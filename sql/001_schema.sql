-- Skywater's first schema: places, wastewater results, drone survey, alerts, accounts, audit.
-- Geometry is stored in WGS84 (SRID 4326) with GiST indexes; areas are measured on the
-- ellipsoid (geography), never in Web Mercator. CHECK constraints hold what may never be stored.
-- Later changes come as new migrations: never edit this file once applied.

create extension if not exists postgis;

-- Small facts about this installation (e.g. that the demo data was loaded).
create table app_state (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);

-- Accounts --------------------------------------------------------------------------------

create table users (
  id bigint generated always as identity primary key,
  username text not null unique check (username ~ '^[a-z0-9_.-]{2,64}$'),
  display_name text,
  password_hash text not null,
  roles text[] not null default '{}'
    check (roles <@ array['lab', 'analyst', 'pilot', 'admin']::text[]),
  disabled boolean not null default false,
  failed_logins integer not null default 0 check (failed_logins >= 0),
  locked_until timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Server-side sessions: logout and disabling an account take effect at once.
create table sessions (
  token_sha256 text primary key,
  user_id bigint not null references users (id),
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  check (expires_at > created_at)
);
create index sessions_user_idx on sessions (user_id);

-- Append-only: one row per write, with who, what, before and after.
create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_id bigint references users (id),
  actor_name text,
  action text not null,
  entity text not null,
  entity_id text,
  before jsonb,
  after jsonb,
  request_id text
);
create index audit_log_entity_idx on audit_log (entity, entity_id);
create index audit_log_at_idx on audit_log (at);

create function audit_log_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end $$;
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function audit_log_refuse_change();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_refuse_change();

-- Places -----------------------------------------------------------------------------------

create table survey_areas (
  id bigint generated always as identity primary key,
  name text not null unique,
  city text not null,
  geom geometry(MultiPolygon, 4326) not null check (st_isvalid(geom)),
  area_km2 double precision not null check (area_km2 > 0),
  -- Side of the coverage grid's cells, metres, in the area's metric CRS.
  grid_cell_m integer not null default 250 check (grid_cell_m between 10 and 5000),
  metric_srid integer not null default 32649,
  max_gsd_cm double precision not null default 10 check (max_gsd_cm > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index survey_areas_geom_idx on survey_areas using gist (geom);

-- Administrative boundaries for the basemap and for area aggregates.
create table districts (
  id bigint generated always as identity primary key,
  city text not null,
  name text not null,
  geom geometry(MultiPolygon, 4326) not null,
  source text not null,
  unique (city, name)
);
create index districts_geom_idx on districts using gist (geom);

create table sites (
  id bigint generated always as identity primary key,
  code text not null unique check (length(code) between 1 and 64),
  name text not null,
  kind text not null check (kind in ('wwtp', 'sewer', 'venue', 'hotel', 'residential', 'other')),
  geom geometry(Point, 4326) not null
    check (st_x(geom) between -180 and 180 and st_y(geom) between -90 and 90),
  catchment geometry(MultiPolygon, 4326),
  population_served integer check (population_served >= 0),
  area_id bigint references survey_areas (id),
  district text,
  -- Venue- and hotel-level sites are visible only to analysts and admins.
  restricted boolean not null default false,
  created_at timestamptz not null default now()
);
create index sites_geom_idx on sites using gist (geom);
create index sites_area_idx on sites (area_id);

create table rounds (
  id bigint generated always as identity primary key,
  name text not null unique,
  starts_on date not null,
  ends_on date not null,
  check (ends_on >= starts_on)
);

-- Wastewater -------------------------------------------------------------------------------

create table analytes (
  code text primary key check (code ~ '^[A-Z0-9-]{2,16}$'),
  name_en text not null,
  name_zh text not null,
  aliases text[] not null default '{}',
  residue text not null,
  parent_drug text,
  molar_mass_drug_g_per_mol double precision check (molar_mass_drug_g_per_mol > 0),
  molar_mass_residue_g_per_mol double precision check (molar_mass_residue_g_per_mol > 0),
  excreted_fraction double precision check (excreted_fraction > 0 and excreted_fraction <= 1),
  correction_factor double precision check (correction_factor > 0),
  source text,
  provisional boolean not null default false,
  updated_at timestamptz not null default now()
);

create table import_batches (
  id bigint generated always as identity primary key,
  file_sha256 text not null unique check (file_sha256 ~ '^[0-9a-f]{64}$'),
  file_name text not null,
  format text not null check (format in ('csv', 'xlsx', 'phes-odm', 'demo')),
  status text not null check (status in ('imported', 'partial')),
  rows_total integer not null check (rows_total >= 0),
  rows_imported integer not null check (rows_imported >= 0 and rows_imported <= rows_total),
  uploaded_by bigint references users (id),
  created_at timestamptz not null default now()
);

create table samples (
  id bigint generated always as identity primary key,
  site_id bigint not null references sites (id),
  round_id bigint not null references rounds (id),
  lab_sample_id text not null,
  collected_start timestamptz not null,
  collected_end timestamptz not null,
  collection_type text not null
    check (collection_type in ('composite_flow', 'composite_time', 'composite_volume', 'grab')),
  flow_m3_per_day double precision check (flow_m3_per_day >= 0),
  population integer check (population >= 0),
  batch_id bigint references import_batches (id),
  created_at timestamptz not null default now(),
  check (collected_end >= collected_start),
  unique (site_id, round_id, lab_sample_id)
);
create index samples_round_idx on samples (round_id);

create table measurements (
  id bigint generated always as identity primary key,
  sample_id bigint not null references samples (id),
  analyte_code text not null references analytes (code),
  replicate integer not null default 1 check (replicate >= 1),
  -- The qualifier is kept apart from the value: never a 0 for "not detected".
  qualifier text not null check (qualifier in ('=', '<LOD', '<LOQ', '>ULOQ', 'ND')),
  value_ng_l double precision check (value_ng_l >= 0),
  lod_ng_l double precision check (lod_ng_l >= 0),
  loq_ng_l double precision check (loq_ng_l >= 0),
  method text,
  lab text,
  instrument text,
  recovery_pct double precision check (recovery_pct >= 0 and recovery_pct <= 1000),
  batch_id bigint references import_batches (id),
  revised boolean not null default false,
  created_at timestamptz not null default now(),
  check (qualifier <> '=' or value_ng_l is not null),
  check (qualifier not in ('ND', '<LOD', '<LOQ') or value_ng_l is null),
  unique (sample_id, analyte_code, replicate)
);
create index measurements_analyte_idx on measurements (analyte_code);

-- Drone survey -----------------------------------------------------------------------------

create table cameras (
  id bigint generated always as identity primary key,
  model text not null unique,
  name text not null,
  exif_models text[] not null default '{}',
  sensor_width_mm double precision not null check (sensor_width_mm > 0),
  sensor_height_mm double precision not null check (sensor_height_mm > 0),
  focal_length_mm double precision not null check (focal_length_mm > 0),
  image_width_px integer not null check (image_width_px > 0),
  image_height_px integer not null check (image_height_px > 0),
  builtin boolean not null default false
);

create table flights (
  id bigint generated always as identity primary key,
  area_id bigint references survey_areas (id),
  camera_model text references cameras (model),
  team text,
  pilot text,
  -- M carries the time of each point (epoch seconds) where the log has it, Z the height.
  track geometry(MultiLineStringZM, 4326) not null,
  point_count integer not null check (point_count >= 1),
  distance_m double precision not null check (distance_m >= 0),
  duration_s double precision check (duration_s >= 0),
  max_height_m double precision,
  started_at timestamptz,
  ended_at timestamptz,
  outside_areas boolean not null default false,
  log_format text not null check (log_format in ('gpx', 'kml', 'kmz', 'csv', 'geojson')),
  log_sha256 text not null unique check (log_sha256 ~ '^[0-9a-f]{64}$'),
  log_file_name text not null,
  created_by bigint references users (id),
  created_at timestamptz not null default now(),
  check (ended_at is null or started_at is null or ended_at >= started_at)
);
create index flights_track_idx on flights using gist (track);
create index flights_area_idx on flights (area_id);

create table images (
  id bigint generated always as identity primary key,
  flight_id bigint not null references flights (id),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  original_name text not null,
  storage_key text not null unique,
  status text not null default 'pending' check (status in ('pending', 'done', 'failed')),
  error text,
  captured_at timestamptz,
  position geometry(Point, 4326)
    check (position is null or (st_x(position) between -180 and 180 and st_y(position) between -90 and 90)),
  absolute_altitude_m double precision,
  relative_altitude_m double precision,
  height_above_ground_m double precision check (height_above_ground_m is null or height_above_ground_m > 0),
  gimbal_pitch_deg double precision check (gimbal_pitch_deg is null or gimbal_pitch_deg between -180 and 180),
  gimbal_yaw_deg double precision,
  flight_yaw_deg double precision,
  rtk_flag integer,
  gsd_cm double precision check (gsd_cm is null or gsd_cm > 0),
  footprint geometry(Polygon, 4326),
  qc_flags text[] not null default '{}',
  created_at timestamptz not null default now(),
  processed_at timestamptz,
  unique (flight_id, sha256)
);
create index images_footprint_idx on images using gist (footprint);
create index images_sha256_idx on images (sha256);

-- A fixed metric grid over each area; a new image touches only its cells.
create table coverage_cells (
  area_id bigint not null references survey_areas (id),
  ix integer not null,
  iy integer not null,
  geom geometry(Polygon, 4326) not null,
  cell_km2 double precision not null check (cell_km2 > 0),
  covered geometry(MultiPolygon, 4326),
  covered_km2 double precision not null default 0 check (covered_km2 >= 0),
  first_seen_at timestamptz,
  last_seen_at timestamptz,
  best_gsd_cm double precision,
  look_count integer not null default 0 check (look_count >= 0),
  primary key (area_id, ix, iy)
);
create index coverage_cells_geom_idx on coverage_cells using gist (geom);

create table findings (
  id bigint generated always as identity primary key,
  area_id bigint references survey_areas (id),
  geom geometry(Geometry, 4326) not null
    check (geometrytype(geom) in ('POINT', 'POLYGON', 'MULTIPOLYGON') and st_isvalid(geom)),
  crop text not null check (crop in ('opium_poppy', 'cannabis', 'other')),
  confidence double precision not null check (confidence between 0 and 1),
  source text not null check (source in ('analyst', 'model')),
  status text not null default 'suspected'
    check (status in ('suspected', 'verified', 'rejected', 'eradicated', 'resurveyed')),
  evidence jsonb not null default '[]',
  note text,
  created_by bigint references users (id),
  created_at timestamptz not null default now()
);
create index findings_geom_idx on findings using gist (geom);

-- The chain of a finding: nothing in it is ever deleted.
create table finding_events (
  id bigint generated always as identity primary key,
  finding_id bigint not null references findings (id),
  kind text not null check (kind in ('verification', 'eradication', 'rejection', 'resurvey', 'note')),
  at timestamptz not null,
  team text,
  outcome text,
  detail jsonb not null default '{}',
  actor_id bigint references users (id),
  created_at timestamptz not null default now()
);
create index finding_events_finding_idx on finding_events (finding_id);

-- Alerts -----------------------------------------------------------------------------------

create table alerts (
  id bigint generated always as identity primary key,
  kind text not null,
  -- One live alert per condition: the same job run twice finds it and adds nothing.
  condition_key text not null,
  site_id bigint references sites (id),
  analyte_code text references analytes (code),
  round_id bigint references rounds (id),
  severity text not null check (severity in ('low', 'medium', 'high')),
  status text not null default 'open' check (status in ('open', 'acknowledged', 'escalated', 'dismissed')),
  detail jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index alerts_one_live_per_condition on alerts (condition_key) where status <> 'dismissed';
create index alerts_status_idx on alerts (status, created_at);

create table alert_events (
  id bigint generated always as identity primary key,
  alert_id bigint not null references alerts (id),
  action text not null check (action in ('acknowledge', 'escalate', 'dismiss', 'note', 'reopen')),
  reason text not null check (length(reason) between 1 and 2000),
  actor_id bigint references users (id),
  at timestamptz not null default now()
);
create index alert_events_alert_idx on alert_events (alert_id);

-- Transactional outbox: jobs written with the data they concern, relayed to Redis after
-- commit, so a Redis outage delays work but loses none.
create table outbox (
  id bigint generated always as identity primary key,
  queue text not null,
  job_name text not null,
  job_id text not null,
  -- Coalesces jobs for the same thing (e.g. one scoring job per series while one waits).
  dedup_id text,
  payload jsonb not null,
  created_at timestamptz not null default now(),
  relayed_at timestamptz,
  attempts integer not null default 0,
  last_error text
);
create index outbox_pending_idx on outbox (id) where relayed_at is null;
create unique index outbox_pending_job on outbox (queue, job_id) where relayed_at is null;
