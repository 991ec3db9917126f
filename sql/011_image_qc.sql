-- Image QC and the metadata of real cameras: which photos count in coverage, and why not.
-- Runs on PostgreSQL 15 + PostGIS 3.3 and on PGlite.

alter table images
  -- A flagged photo stays visible; these say whether it counts in coverage ("the union of the
  -- area's accepted footprints" is the union over coverage_excluded = false) and which QC flags
  -- keep it out (core/src/survey/image-qc.ts, COVERAGE_EXCLUDING_FLAGS).
  add column coverage_excluded boolean not null default false,
  add column coverage_exclusion_reasons text[] not null default '{}',
  -- Metadata read from the drone XMP (APP1 segment or Exif tag 0x02BC) beside what 001 stores.
  add column position_source text check (position_source in ('exif', 'xmp')),
  add column gimbal_roll_deg double precision check (gimbal_roll_deg is null or gimbal_roll_deg between -180 and 180),
  add column flight_pitch_deg double precision check (flight_pitch_deg is null or flight_pitch_deg between -180 and 180),
  add column flight_roll_deg double precision check (flight_roll_deg is null or flight_roll_deg between -180 and 180),
  add column rtk_std_lon_m double precision check (rtk_std_lon_m is null or rtk_std_lon_m >= 0),
  add column rtk_std_lat_m double precision check (rtk_std_lat_m is null or rtk_std_lat_m >= 0),
  add column rtk_std_hgt_m double precision check (rtk_std_hgt_m is null or rtk_std_hgt_m >= 0),
  -- QC measurements behind the flags: Laplacian variance and mean luma of the 256 px greyscale
  -- thumbnail, sun elevation at capture.
  add column sharpness_laplacian_var double precision check (sharpness_laplacian_var is null or sharpness_laplacian_var >= 0),
  add column mean_luma double precision check (mean_luma is null or mean_luma between 0 and 255),
  add column sun_elevation_deg double precision check (sun_elevation_deg is null or sun_elevation_deg between -90 and 90);

-- Photos already flagged as byte-for-byte duplicates were never added to coverage.
update images set coverage_excluded = true, coverage_exclusion_reasons = '{duplicate}'
where 'duplicate' = any (qc_flags);

-- The hovering check looks up the photos of a flight taken within seconds of each other.
create index images_flight_captured_idx on images (flight_id, captured_at);

-- The one definition of an accepted footprint (010) now reads the QC exclusion.
create or replace function coverage_accepts(i images) returns boolean
language sql immutable parallel safe as $$
  select i.status = 'done' and i.footprint is not null and not i.coverage_excluded
$$;
