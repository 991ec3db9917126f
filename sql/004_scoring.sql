-- Trend scores, hot spots, emerging hot spots and alert notes.
-- Runs on PostgreSQL 15 + PostGIS 3.3 and on PGlite (PostgreSQL 18).

-- One row per site × analyte series: the latest score, with the version of the inputs it was
-- computed from (count, highest measurement id and a hash of the values), so a job that finds
-- the same inputs writes nothing and a reader can tell which data a score describes.
create table series_scores (
  site_id bigint not null references sites (id),
  analyte_code text not null references analytes (code),
  basis text not null check (basis in ('normalised_load', 'concentration')),
  unit text not null,
  n integer not null check (n >= 0),
  quantified_n integer not null check (quantified_n >= 0 and quantified_n <= n),
  substituted_n integer not null check (substituted_n >= 0),
  s double precision not null,
  var_s double precision not null,
  z double precision not null,
  p_value double precision not null check (p_value >= 0 and p_value <= 1),
  tau double precision not null,
  sen_slope double precision,
  percent_change double precision,
  category text not null check (category in ('rising', 'falling', 'stable', 'insufficient_data')),
  method text not null check (method in ('exact', 'normal')),
  has_ties boolean not null,
  -- Spike test of the latest round (EARS-style z against the earlier rounds).
  spike_method text not null,
  spike_round_id bigint references rounds (id),
  spike_statistic double precision,
  spike_threshold double precision not null,
  spike_is_spike boolean not null,
  spike_baseline_n integer not null,
  latest_round_id bigint references rounds (id),
  inputs_version text not null,
  params jsonb not null default '{}'::jsonb,
  scored_at timestamptz not null default now(),
  primary key (site_id, analyte_code)
);
create index series_scores_category_idx on series_scores (analyte_code, category);

-- Getis-Ord Gi* of one round and analyte per site (values: ln of the scored value).
create table hotspot_results (
  round_id bigint not null references rounds (id),
  analyte_code text not null references analytes (code),
  site_id bigint not null references sites (id),
  value double precision not null,
  basis text not null check (basis in ('normalised_load', 'concentration')),
  gi_z double precision not null,
  gi_p double precision not null check (gi_p >= 0 and gi_p <= 1),
  -- −3..3: cold 99 % .. hot 99 %, after false-discovery-rate correction.
  bin smallint not null check (bin between -3 and 3),
  neighbour_count integer not null check (neighbour_count >= 0),
  own_z double precision not null,
  params jsonb not null default '{}'::jsonb,
  computed_at timestamptz not null default now(),
  primary key (round_id, analyte_code, site_id)
);
create index hotspot_results_series_idx on hotspot_results (analyte_code, site_id);

-- The emerging hot spot pattern of each site × analyte over all rounds scored so far.
create table emerging_hotspots (
  site_id bigint not null references sites (id),
  analyte_code text not null references analytes (code),
  category text not null check (category in (
    'new_hot_spot', 'consecutive_hot_spot', 'intensifying_hot_spot', 'persistent_hot_spot',
    'diminishing_hot_spot', 'sporadic_hot_spot', 'oscillating_hot_spot', 'historical_hot_spot',
    'new_cold_spot', 'consecutive_cold_spot', 'intensifying_cold_spot', 'persistent_cold_spot',
    'diminishing_cold_spot', 'sporadic_cold_spot', 'oscillating_cold_spot', 'historical_cold_spot',
    'no_pattern')),
  rounds integer not null,
  hot_rounds integer not null,
  cold_rounds integer not null,
  details jsonb not null default '{}'::jsonb,
  computed_at timestamptz not null default now(),
  primary key (site_id, analyte_code)
);
create index emerging_hotspots_category_idx on emerging_hotspots (analyte_code, category);

-- Alerts ---------------------------------------------------------------------------------------

-- Notes on an alert: who wrote what, when. Never edited or deleted.
create table alert_notes (
  id bigint generated always as identity primary key,
  alert_id bigint not null references alerts (id),
  body text not null check (length(btrim(body)) between 1 and 4000),
  author_id bigint references users (id),
  author_name text not null,
  created_at timestamptz not null default now()
);
create index alert_notes_alert_idx on alert_notes (alert_id, id);

alter table alerts
  -- Who acted last, for the list; the full story is in alert_events.
  add column owner_id bigint references users (id),
  add column owner_name text;
alter table alert_events add column actor_name text;

-- The live stream polls by updated_at; the lists filter by round, site and kind.
create index alerts_updated_idx on alerts (updated_at, id);
create index alerts_round_idx on alerts (round_id);
create index alerts_site_idx on alerts (site_id);
