-- Uncertainty components an admin sets over the shipped defaults
-- (core/src/wastewater/uncertainty-components.ts): one RSD per component × scope × key, each with
-- its source. Key: '' for a default, else the analyte code, site id, collection type or factor
-- status. Every change (set or removed, with the reason) is kept in the revisions below.
create table uncertainty_components (
  id bigint generated always as identity primary key,
  component text not null
    check (component in ('analytical', 'sampling', 'flow', 'population', 'stability', 'excretion')),
  scope text not null check (scope in ('default', 'analyte', 'site', 'collection_type', 'factor')),
  scope_key text not null default '',
  rsd double precision not null check (rsd >= 0 and rsd <= 2),
  source text not null check (length(btrim(source)) between 1 and 2000),
  updated_at timestamptz not null default now(),
  unique (component, scope, scope_key)
);

create table uncertainty_component_revisions (
  id bigint generated always as identity primary key,
  component text not null,
  scope text not null,
  scope_key text not null,
  before jsonb,
  after jsonb,
  reason text not null check (length(btrim(reason)) between 1 and 2000),
  actor_id bigint references users (id),
  actor_name text not null,
  at timestamptz not null default now(),
  request_id text
);
create index uncertainty_component_revisions_scope_idx
  on uncertainty_component_revisions (component, scope, scope_key, id);
create trigger uncertainty_component_revisions_append_only before update or delete on uncertainty_component_revisions
  for each row execute function wastewater_history_refuse_change();
