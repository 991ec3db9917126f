-- Plausibility, priority substances and sample corrections.

-- Numbers a lab cannot have measured never enter the store again (the parsers refuse them; this
-- is the last line). NOT VALID: a store that already holds such a value keeps serving it, the
-- readers skip it (isfinite guards), and a correction can replace it.
-- In PostgreSQL NaN sorts above every number, so `< 'Infinity'` refuses NaN too.
alter table measurements add constraint measurements_values_finite check (
  value_ng_l < 'Infinity'::float8 and lod_ng_l < 'Infinity'::float8 and loq_ng_l < 'Infinity'::float8
  and uloq_ng_l < 'Infinity'::float8 and recovery_pct < 'Infinity'::float8
) not valid;
alter table samples add constraint samples_flow_finite check (flow_m3_per_day < 'Infinity'::float8) not valid;

-- Priority substances: any first quantified result at a site is a high alert, first measurement
-- included. Admin-editable (PATCH /api/analytes/:code, kept in analyte_revisions).
alter table analytes add column priority boolean not null default false;
update analytes set priority = true
 where code in ('ETO', 'ETO-ACID', 'FENT', 'NORFENT', 'MEPH', 'MCAT')
    or code ~ '^(ISOTONITAZENE|METONITAZENE|PROTONITAZENE|ETONITAZENE|NITAZENE)';

-- Bounds an admin sets over the defaults (core/src/wastewater/plausibility-bounds.ts); one row per
-- quantity × analyte × site kind (null = any), each with its source. Edits kept in the audit log.
create table plausibility_bounds (
  id bigint generated always as identity primary key,
  quantity text not null check (quantity in ('concentration', 'flow', 'population', 'recovery')),
  analyte_code text references analytes (code),
  site_kind text check (site_kind in ('wwtp', 'sewer', 'venue', 'hotel', 'residential', 'other')),
  hard_min double precision not null check (hard_min >= 0 and hard_min < 'Infinity'::float8),
  hard_min_exclusive boolean not null default false,
  hard_max double precision not null check (hard_max > hard_min and hard_max < 'Infinity'::float8),
  soft_min double precision check (soft_min >= hard_min and soft_min < 'Infinity'::float8),
  soft_max double precision check (soft_max <= hard_max and soft_max < 'Infinity'::float8),
  source text not null check (length(btrim(source)) between 1 and 2000),
  updated_at timestamptz not null default now()
);
create unique index plausibility_bounds_scope_idx
  on plausibility_bounds (quantity, coalesce(analyte_code, ''), coalesce(site_kind, ''));

-- Every correction of a sample's flow or population: old and new, why, who, when. Append-only.
create table sample_revisions (
  id bigint generated always as identity primary key,
  sample_id bigint not null references samples (id),
  old_flow_m3_per_day double precision,
  old_population integer,
  new_flow_m3_per_day double precision check (new_flow_m3_per_day > 0 and new_flow_m3_per_day < 'Infinity'::float8),
  new_population integer check (new_population > 0),
  reason text not null check (length(btrim(reason)) between 1 and 2000),
  actor_id bigint references users (id),
  actor_name text not null,
  at timestamptz not null default now(),
  request_id text
);
create index sample_revisions_sample_idx on sample_revisions (sample_id, id);
create trigger sample_revisions_append_only before update or delete on sample_revisions
  for each row execute function wastewater_history_refuse_change();
alter table samples add column revised boolean not null default false;

-- Alert triage: who is to look at an alert (set by an analyst), kept apart from the last actor.
alter table alerts
  add column assignee_id bigint references users (id),
  add column assignee_name text;
alter table alert_events drop constraint alert_events_action_check;
alter table alert_events add constraint alert_events_action_check
  check (action in ('acknowledge', 'escalate', 'dismiss', 'note', 'reopen', 'assign'));
-- The site's signals list and the inbox filter by tier (low = signals).
create index alerts_site_severity_idx on alerts (site_id, severity) where status <> 'dismissed';

-- Sampling campaigns: a city (an area) runs its own rounds; a quarterly plant campaign and a
-- monthly venue campaign can run side by side. Existing rounds join one global default campaign
-- (no area); one default campaign per survey area is created for new rounds of that area.
create table campaigns (
  id bigint generated always as identity primary key,
  name text not null unique check (length(btrim(name)) between 1 and 200),
  area_id bigint references survey_areas (id),
  cadence text check (cadence in ('weekly', 'monthly', 'bimonthly', 'quarterly', 'yearly', 'ad_hoc')),
  created_at timestamptz not null default now()
);
insert into campaigns (name, cadence) values ('默认 / default', 'ad_hoc');
insert into campaigns (name, area_id, cadence)
  select a.name || ' 默认 / default', a.id, 'ad_hoc' from survey_areas a;
alter table rounds add column campaign_id bigint references campaigns (id);
create function default_campaign_id() returns bigint language sql stable as
  $$ select id from campaigns where area_id is null order by id limit 1 $$;
update rounds set campaign_id = default_campaign_id();
-- Rounds created without a campaign (older clients, the demo loader) join the global default.
alter table rounds alter column campaign_id set default default_campaign_id();
create index rounds_campaign_idx on rounds (campaign_id);

select grant_app_role();
do $$
begin
  if exists (select from pg_roles where rolname = 'skywater_app') then
    revoke update, delete on sample_revisions from skywater_app;
  end if;
end $$;
