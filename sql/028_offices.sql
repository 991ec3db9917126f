-- Offices: one deployment serves a province's offices in a tree (the province, its cities and
-- counties, their districts). Each account belongs to one office; each area, site, sampling
-- campaign, round, import batch, flight, image, finding, alert and audit entry belongs to one.
-- A user sees their office's data and its sub-offices' (docs/design.md, "Offices").
--
-- What carries its own column and what derives it through a join:
--   own column  users, survey_areas, sites, campaigns, rounds, import_batches, flights, images,
--               findings, alerts, audit_log
--   derived     samples and measurements (from their site), coverage cells and gaps (from their
--               area), finding and alert events (from their finding or alert), terrain DEMs and
--               basemaps (shared reference data of the deployment), bulletins (built on demand
--               from the rounds, sites and alerts they collect).
-- A row written without an office takes it from its parent where one is natural (a site from its
-- area, a round from its campaign, an image from its flight, an alert from its site, an import
-- batch or an audit entry from its user), else the province (the tree's root).

create table offices (
  id bigint generated always as identity primary key,
  code text not null unique check (code ~ '^[a-z][a-z0-9-]{1,39}$'),
  name_zh text not null check (length(btrim(name_zh)) between 1 and 100),
  name_en text not null check (length(btrim(name_en)) between 1 and 100),
  kind text not null check (kind in ('province', 'city', 'county', 'district')),
  parent_id bigint references offices (id),
  -- Where the office's sites and areas may lie; none: anywhere.
  territory geometry(MultiPolygon, 4326) check (territory is null or st_isvalid(territory)),
  created_at timestamptz not null default now(),
  check ((parent_id is null) = (kind = 'province')),
  check (parent_id is null or parent_id <> id)
);
create index offices_parent_idx on offices (parent_id);
-- One root: the province.
create unique index offices_one_root on offices ((true)) where parent_id is null;

-- An existing single-office installation becomes the province's one office.
insert into offices (code, name_zh, name_en, kind) values ('hainan', '海南省', 'Hainan Province', 'province');

create function root_office_id() returns bigint language sql stable as
  $$ select id from offices where parent_id is null order by id limit 1 $$;

-- An office and every office below it.
create function office_subtree(root bigint) returns setof bigint language sql stable as $$
  with recursive tree(id) as (
    select id from offices where id = root
    union all
    select o.id from offices o join tree t on o.parent_id = t.id
  )
  select id from tree
$$;

-- Existing rows join the province: a constant default fills them without rewriting (or updating,
-- which the append-only audit log refuses), then the default goes and the trigger below decides.
do $$
declare
  root bigint := root_office_id();
  t text;
begin
  foreach t in array array['users', 'survey_areas', 'sites', 'campaigns', 'rounds', 'import_batches',
                           'flights', 'images', 'findings', 'alerts', 'audit_log'] loop
    execute format('alter table %I add column office_id bigint not null default %s references offices (id)', t, root);
    execute format('alter table %I alter column office_id drop default', t);
    execute format('create index %I on %I (office_id)', t || '_office_idx', t);
  end loop;
end $$;

-- The office of a row written without one: from its natural parent, else the province.
create function derive_office_id() returns trigger language plpgsql as $$
begin
  if new.office_id is not null then
    return new;
  end if;
  case tg_table_name
    when 'sites', 'campaigns', 'findings' then
      select office_id into new.office_id from survey_areas where id = new.area_id;
    when 'flights' then
      select office_id into new.office_id from survey_areas where id = new.area_id;
      if new.office_id is null then
        select office_id into new.office_id from users where id = new.created_by;
      end if;
    when 'rounds' then
      select office_id into new.office_id from campaigns where id = new.campaign_id;
    when 'images' then
      select office_id into new.office_id from flights where id = new.flight_id;
    when 'alerts' then
      select office_id into new.office_id from sites where id = new.site_id;
      if new.office_id is null then
        select office_id into new.office_id from rounds where id = new.round_id;
      end if;
    when 'import_batches' then
      select office_id into new.office_id from users where id = new.uploaded_by;
    when 'audit_log' then
      select office_id into new.office_id from users where id = new.actor_id;
    else
      null;
  end case;
  new.office_id := coalesce(new.office_id, root_office_id());
  return new;
end $$;

do $$
declare
  t text;
begin
  foreach t in array array['users', 'survey_areas', 'sites', 'campaigns', 'rounds', 'import_batches',
                           'flights', 'images', 'findings', 'alerts', 'audit_log'] loop
    execute format('create trigger %I before insert on %I for each row execute function derive_office_id()',
                   t || '_office', t);
  end loop;
end $$;

-- Moving an account to another office ends its sessions: access follows the office at once.
create function end_sessions_on_office_move() returns trigger language plpgsql as $$
begin
  if new.office_id is distinct from old.office_id then
    delete from sessions where user_id = new.id;
  end if;
  return new;
end $$;
create trigger users_office_move after update of office_id on users
  for each row execute function end_sessions_on_office_move();

-- A session's visible offices are read with it: an office added, moved or removed tells every
-- server process to forget the sessions it holds (sql/008's channel).
create trigger offices_changed after insert or update or delete on offices
  for each statement execute function notify_session_change();

select grant_app_role();
