-- Each site's value for a round and an analyte, as the sites tile draws it, kept by the lab's
-- writes. A z8 sites tile over the province holds ~1,700 sites; looking each one's value up in
-- samples and then measurements cost two index probes a site on cold pages (4,446 buffers for
-- one tile). Drawn from this table, the tile reads one index range: the round × analyte's rows.

-- The result the tile shows for (site, round, analyte): among the round's samples of the site,
-- the latest collected (then the lowest replicate) result quantified or below the LOQ whose
-- numbers are plausible (the readers' filter, core/src/wastewater/plausible-measurement-sql.ts),
-- as its daily mass C·Q·10⁻³ (below-LOQ as LOQ/2; null when the sample has no flow) and the
-- sample's population (null: the site's, which the tile reads from the site, so a change of a
-- site's population needs nothing here). mg/day/1000 inhabitants = mass ÷ (population / 1000).
create table site_round_loads (
  site_id bigint not null,
  round_id bigint not null,
  -- Byte order: a refresh sorts and indexes its rows by code, a third cheaper than in the
  -- database's collation (a 10,000-result chunk of an import: 96-153 ms of refresh, 141-248 before).
  analyte_code text collate "C" not null,
  mass_mg_per_day double precision,
  population integer,
  -- What a tile reads: one round × analyte, by site, without visiting the table once vacuumed.
  primary key (round_id, analyte_code, site_id) include (mass_mg_per_day, population)
);
-- What a refresh deletes: a site's round, every analyte.
create index site_round_loads_site_idx on site_round_loads (site_id, round_id);

-- Recomputes the rows of the given (site, round) pairs (parallel arrays) from their samples and
-- measurements as they are now. Rows are written in the tile's order (round, analyte, site), so
-- a round's rows for one analyte sit on few pages. Ties (same end of collection and replicate)
-- go to the first stored result.
create function refresh_site_round_loads(changed_site bigint[], changed_round bigint[])
returns void
language sql as $$
  delete from site_round_loads l
  using unnest(changed_site, changed_round) c(site_id, round_id)
  where l.site_id = c.site_id and l.round_id = c.round_id;
  insert into site_round_loads (site_id, round_id, analyte_code, mass_mg_per_day, population)
  select distinct on (sm.round_id, m.analyte_code collate "C", sm.site_id) sm.site_id, sm.round_id, m.analyte_code,
         (case m.qualifier when '=' then m.value_ng_l when '<LOQ' then m.loq_ng_l / 2 end)
           * sm.flow_m3_per_day * 1e-3,
         sm.population
  from (select distinct site_id, round_id from unnest(changed_site, changed_round) c(site_id, round_id)) c
  join samples sm on sm.site_id = c.site_id and sm.round_id = c.round_id
  join measurements m on m.sample_id = sm.id
  where m.qualifier in ('=', '<LOQ') and (coalesce(m.value_ng_l, 0) <= 100000000 and coalesce(m.loq_ng_l, 0) <= 100000000
    and coalesce(m.lod_ng_l, 0) <= 100000000 and coalesce(m.uloq_ng_l, 0) <= 100000000
    and coalesce(sm.flow_m3_per_day, 0) <= 10000000)
  order by sm.round_id, m.analyte_code collate "C", sm.site_id, sm.collected_end desc, m.replicate, m.id;
$$;

-- Writers of the same pairs take turns: each refresh reads what the others committed before it
-- (lab imports already take turns; a correction beside an import must not leave the older value).
create function refresh_site_round_loads_in_turn(changed_site bigint[], changed_round bigint[])
returns void
language plpgsql as $$
begin
  if changed_site is null or cardinality(changed_site) = 0 then
    return;
  end if;
  perform pg_advisory_xact_lock(hashtext('skywater:site-round-loads'));
  perform refresh_site_round_loads(changed_site, changed_round);
end
$$;

-- Statement triggers with the changed rows (transition tables): a lab file of a whole round costs
-- one refresh. Only results that can be drawn (quantified or below the LOQ) move a value.
create function measurements_site_round_loads_inserted() returns trigger
language plpgsql as $$
begin
  perform refresh_site_round_loads_in_turn(array_agg(sm.site_id), array_agg(sm.round_id))
  from (select distinct sample_id from new_measurements where qualifier in ('=', '<LOQ')) n
  join samples sm on sm.id = n.sample_id;
  return null;
end
$$;

-- A sample deleted in the same statement is refreshed by the samples' trigger.
create function measurements_site_round_loads_deleted() returns trigger
language plpgsql as $$
begin
  perform refresh_site_round_loads_in_turn(array_agg(sm.site_id), array_agg(sm.round_id))
  from (select distinct sample_id from old_measurements where qualifier in ('=', '<LOQ')) o
  join samples sm on sm.id = o.sample_id;
  return null;
end
$$;

create function measurements_site_round_loads_updated() returns trigger
language plpgsql as $$
begin
  perform refresh_site_round_loads_in_turn(array_agg(sm.site_id), array_agg(sm.round_id))
  from (select o.sample_id from old_measurements o join new_measurements n on n.id = o.id
        where (o.qualifier in ('=', '<LOQ') or n.qualifier in ('=', '<LOQ'))
          and (o.sample_id, o.analyte_code, o.replicate, o.qualifier, o.value_ng_l, o.lod_ng_l, o.loq_ng_l, o.uloq_ng_l)
              is distinct from (n.sample_id, n.analyte_code, n.replicate, n.qualifier, n.value_ng_l, n.lod_ng_l,
                                n.loq_ng_l, n.uloq_ng_l)
        union
        select n.sample_id from old_measurements o join new_measurements n on n.id = o.id
        where n.sample_id <> o.sample_id and n.qualifier in ('=', '<LOQ')) c
  join samples sm on sm.id = c.sample_id;
  return null;
end
$$;

-- A new sample has no results yet (results inserted beside it fire the measurements' trigger).
create function samples_site_round_loads_deleted() returns trigger
language plpgsql as $$
begin
  perform refresh_site_round_loads_in_turn(array_agg(site_id), array_agg(round_id))
  from (select distinct site_id, round_id from old_samples) o;
  return null;
end
$$;

-- Both pairs of a sample moved to another site or round.
create function samples_site_round_loads_updated() returns trigger
language plpgsql as $$
begin
  perform refresh_site_round_loads_in_turn(array_agg(p.site_id), array_agg(p.round_id))
  from (select o.site_id, o.round_id, n.site_id as new_site_id, n.round_id as new_round_id
        from old_samples o join new_samples n on n.id = o.id
        where (o.site_id, o.round_id, o.collected_end, o.flow_m3_per_day, o.population)
              is distinct from (n.site_id, n.round_id, n.collected_end, n.flow_m3_per_day, n.population)) c
  cross join lateral (values (c.site_id, c.round_id), (c.new_site_id, c.new_round_id)) p(site_id, round_id);
  return null;
end
$$;

create function site_round_loads_emptied() returns trigger
language plpgsql as $$
begin
  delete from site_round_loads;
  return null;
end
$$;

create trigger measurements_site_round_loads_insert after insert on measurements
  referencing new table as new_measurements for each statement execute function measurements_site_round_loads_inserted();
create trigger measurements_site_round_loads_delete after delete on measurements
  referencing old table as old_measurements for each statement execute function measurements_site_round_loads_deleted();
create trigger measurements_site_round_loads_update after update on measurements
  referencing old table as old_measurements new table as new_measurements
  for each statement execute function measurements_site_round_loads_updated();
create trigger samples_site_round_loads_delete after delete on samples
  referencing old table as old_samples for each statement execute function samples_site_round_loads_deleted();
create trigger samples_site_round_loads_update after update on samples
  referencing old table as old_samples new table as new_samples
  for each statement execute function samples_site_round_loads_updated();
-- Samples cannot be truncated without their measurements.
create trigger measurements_site_round_loads_truncate after truncate on measurements
  for each statement execute function site_round_loads_emptied();

-- The sites tile reads it: a change drops those tiles (sql/025).
create trigger site_round_loads_tile_data_changed after insert or update or delete or truncate on site_round_loads
  for each statement execute function notify_tile_data_change();

-- Every round's values there are, once.
select refresh_site_round_loads(array_agg(site_id), array_agg(round_id))
from (select distinct site_id, round_id from samples) p;
analyze site_round_loads;
