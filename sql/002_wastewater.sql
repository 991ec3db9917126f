-- Wastewater results: correction and analyte histories, import reports, the
-- upper limit of a result above the calibrated range, where a sample's population came from.
-- Runs on PostgreSQL 15 + PostGIS 3.3 and on PGlite (PostgreSQL 18).

-- Import batches -----------------------------------------------------------------------------

-- A batch is recorded only when something was committed: `imported` (whole file) or `partial`
-- (valid-only mode with rows refused). Dry runs, rejected and duplicate uploads write nothing.
alter table import_batches
  add column mode text not null default 'all_or_nothing'
    check (mode in ('all_or_nothing', 'valid_only')),
  add column rows_rejected integer not null default 0 check (rows_rejected >= 0),
  -- Rows identical to a stored result: not an error, not written again (idempotent).
  add column rows_unchanged integer not null default 0 check (rows_unchanged >= 0),
  add column file_bytes bigint check (file_bytes >= 0),
  add column uploaded_by_name text,
  -- The validation report as answered to the uploader (errors capped), for the lab to look back.
  add column report jsonb not null default '{}'::jsonb,
  add column finished_at timestamptz,
  add constraint import_batches_rows_add_up
    check (rows_imported + rows_rejected + rows_unchanged <= rows_total);
create index import_batches_created_idx on import_batches (created_at);
-- A file is "already imported" only when it went in whole: a partial (valid-only) batch does not
-- block the same file from being uploaded again once its refused rows can pass (e.g. after the
-- missing site is created); its rows already stored then count as unchanged.
alter table import_batches drop constraint import_batches_file_sha256_key;
create unique index import_batches_whole_file_once on import_batches (file_sha256) where status = 'imported';
create index import_batches_sha256_idx on import_batches (file_sha256);

-- Samples ------------------------------------------------------------------------------------

alter table samples
  -- Where `population` came from: the lab's file, the site's record, or a chemical marker.
  add column population_source text
    check (population_source in ('lab_file', 'site_record', 'chemical_marker'));
create index samples_site_idx on samples (site_id, round_id);

-- Measurements -------------------------------------------------------------------------------

alter table measurements
  -- For `>ULOQ`: the top of the calibrated range (the true value is above it), ng/L.
  add column uloq_ng_l double precision check (uloq_ng_l >= 0),
  add column revised_at timestamptz,
  add constraint measurements_revised_has_time check (not revised or revised_at is not null);
create index measurements_batch_idx on measurements (batch_id);

-- Every correction of a stored result: old and new value and qualifier, why, who, when.
-- Append-only, like the audit log: a correction never silently overwrites (docs/design.md §3).
create table measurement_revisions (
  id bigint generated always as identity primary key,
  measurement_id bigint not null references measurements (id),
  old_qualifier text not null check (old_qualifier in ('=', '<LOD', '<LOQ', '>ULOQ', 'ND')),
  old_value_ng_l double precision check (old_value_ng_l >= 0),
  old_loq_ng_l double precision check (old_loq_ng_l >= 0),
  old_uloq_ng_l double precision check (old_uloq_ng_l >= 0),
  new_qualifier text not null check (new_qualifier in ('=', '<LOD', '<LOQ', '>ULOQ', 'ND')),
  new_value_ng_l double precision check (new_value_ng_l >= 0),
  new_loq_ng_l double precision check (new_loq_ng_l >= 0),
  new_uloq_ng_l double precision check (new_uloq_ng_l >= 0),
  -- The value and unit as the corrector wrote them.
  entered_value text,
  entered_unit text,
  reason text not null check (length(btrim(reason)) between 1 and 2000),
  actor_id bigint references users (id),
  actor_name text not null,
  at timestamptz not null default now(),
  request_id text,
  check (new_qualifier <> '=' or new_value_ng_l is not null),
  check (new_qualifier not in ('ND', '<LOD', '<LOQ') or new_value_ng_l is null)
);
create index measurement_revisions_measurement_idx on measurement_revisions (measurement_id, id);

-- Analytes -----------------------------------------------------------------------------------

-- Every admin edit of the catalogue (factor, provisional flag, source...): before, after, why.
create table analyte_revisions (
  id bigint generated always as identity primary key,
  analyte_code text not null references analytes (code),
  before jsonb not null,
  after jsonb not null,
  reason text not null check (length(btrim(reason)) between 1 and 2000),
  actor_id bigint references users (id),
  actor_name text not null,
  at timestamptz not null default now(),
  request_id text
);
create index analyte_revisions_code_idx on analyte_revisions (analyte_code, id);

create function wastewater_history_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'insufficient_privilege';
end $$;
create trigger measurement_revisions_append_only before update or delete on measurement_revisions
  for each row execute function wastewater_history_refuse_change();
create trigger analyte_revisions_append_only before update or delete on analyte_revisions
  for each row execute function wastewater_history_refuse_change();
