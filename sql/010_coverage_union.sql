-- Coverage as the union of an area's accepted footprints (docs/survey.md, "Coverage").
-- Which photos count is written once, in coverage_accepts(); every change to a photo that
-- could change what it covers is recorded by a trigger on images, so no code path (processing,
-- reprocessing, QC flags set later, a photo failed after the fact) can leave the grid stale.

-- The one definition of an accepted footprint. A column such as a QC exclusion added later is
-- tested here and nowhere else.
create function coverage_accepts(i images) returns boolean
language sql immutable parallel safe as $$
  select i.status = 'done' and i.footprint is not null and not ('duplicate' = any(i.qc_flags))
$$;

-- The accepted footprints with the time each saw the ground: its capture time, else its
-- flight's start, else its upload.
create view coverage_footprints as
  select i.id as image_id, i.flight_id, i.footprint, i.gsd_cm,
         coalesce(i.captured_at, f.started_at, i.created_at) as seen_at
  from images i join flights f on f.id = i.flight_id
  where coverage_accepts(i);

-- A pending change now carries the footprint(s) whose cells must be redone (the old and the
-- new one collected when a footprint moved) and whether anything was taken away: a pure
-- addition is unioned into its cells; a removal or change recomputes them from the footprints.
alter table coverage_pending
  add column footprint geometry(Geometry, 4326),
  add column recompute boolean not null default true;

-- The key of an area's coverage lock (an advisory lock). The coverage job holds it
-- exclusively while it changes the area's cells; a photo change takes it shared until its
-- transaction ends, so the photos a running update sees cannot change under it.
create function coverage_lock_key(area_id bigint) returns bigint
language sql immutable parallel safe as $$
  select hashtext('skywater:coverage:' || area_id::text)::bigint
$$;

create function coverage_record_change() returns trigger language plpgsql as $$
declare
  was_counted boolean := tg_op <> 'INSERT' and coverage_accepts(old);
  is_counted boolean := tg_op <> 'DELETE' and coverage_accepts(new);
  changed geometry;
  touched bigint;
begin
  if not was_counted and not is_counted then return null; end if;
  if was_counted and is_counted
     and st_asbinary(old.footprint) = st_asbinary(new.footprint)
     and old.captured_at is not distinct from new.captured_at
     and old.gsd_cm is not distinct from new.gsd_cm
     and old.flight_id = new.flight_id then
    return null;
  end if;
  changed := case when was_counted and is_counted then st_collect(old.footprint, new.footprint)
                  when was_counted then old.footprint else new.footprint end;
  -- In id order, as every transaction does, so two photo changes cannot deadlock.
  -- Each footprint is tested on its own: the two collected may overlap (invalid for GEOS).
  for touched in select a.id from survey_areas a
                 where (was_counted and a.geom && old.footprint and st_intersects(a.geom, old.footprint))
                    or (is_counted and a.geom && new.footprint and st_intersects(a.geom, new.footprint))
                 order by a.id loop
    perform pg_advisory_xact_lock_shared(coverage_lock_key(touched));
  end loop;
  with areas as (
    insert into coverage_pending as p (area_id, image_id, footprint, recompute)
    select a.id, coalesce(new.id, old.id), changed, was_counted
    from survey_areas a
    where (was_counted and a.geom && old.footprint and st_intersects(a.geom, old.footprint))
       or (is_counted and a.geom && new.footprint and st_intersects(a.geom, new.footprint))
    on conflict (area_id, image_id) do update
      set footprint = case when p.footprint is null then excluded.footprint
                           else st_collect(p.footprint, excluded.footprint) end,
          recompute = true
    returning p.area_id
  )
  -- The area's coverage job, through the outbox (the same row enqueueInTransaction writes): one
  -- row per area until relayed, however many photos changed.
  insert into outbox (queue, job_name, job_id, dedup_id, payload)
  select distinct 'coverage', 'update-coverage', 'coverage-area-' || area_id, 'coverage-area-' || area_id,
         jsonb_build_object('areaId', area_id)
  from areas
  on conflict (queue, job_id) where relayed_at is null do nothing;
  return null;
end $$;

create trigger images_coverage_change after insert or update or delete on images
  for each row execute function coverage_record_change();

-- How the cell's cover was made, so the sweep can find a cell that disagrees with the
-- footprints touching it: the number and the sum of the ids of the photos in it.
alter table coverage_cells add column image_id_sum bigint not null default 0;

-- A deleted photo is a change too: its pending row outlives it.
alter table coverage_pending drop constraint coverage_pending_image_id_fkey;

-- Every geometry column has its GiST index (the pending changes are looked up by place too).
create index coverage_pending_footprint_idx on coverage_pending using gist (footprint);
