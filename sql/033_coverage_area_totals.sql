-- Per-area coverage totals, so the province comparison reads 40 rows instead of summing 330,000
-- cells (0.7-1 s at full scale, most of it heap visits: cells are rewritten by every coverage
-- update, so their pages are seldom all-visible for an index-only scan).
--   coverage_area_totals: an area's covered km² to date, the sum of its cells' covered_km2;
--   coverage_area_days:   an area's km² flown per local day, the sum of its cells' day cover.
-- Kept by statement triggers adding each statement's change (new rows minus old rows), so a
-- coverage update costs the rows it writes, never a pass over the area.
create table coverage_area_totals (
  area_id bigint primary key references survey_areas (id) on delete cascade,
  covered_km2 double precision not null default 0
);

create table coverage_area_days (
  area_id bigint not null references survey_areas (id) on delete cascade,
  day date not null,
  flown_km2 double precision not null default 0,
  primary key (area_id, day)
);

insert into coverage_area_totals (area_id, covered_km2)
select area_id, sum(covered_km2) from coverage_cells group by area_id;

insert into coverage_area_days (area_id, day, flown_km2)
select area_id, day, sum(covered_km2) from coverage_cell_days group by area_id, day;

-- Each function is one of three statement triggers of its table; the transition tables they
-- declare: new rows for inserts and updates, old rows for updates and deletes (plpgsql plans a
-- statement only when its branch runs, so a branch never names a table its trigger lacks).
create function coverage_area_totals_apply() returns trigger language plpgsql as $$
begin
  if tg_op <> 'DELETE' then
    insert into coverage_area_totals as t (area_id, covered_km2)
    select area_id, sum(covered_km2) from new_cells group by area_id
    on conflict (area_id) do update set covered_km2 = t.covered_km2 + excluded.covered_km2;
  end if;
  if tg_op <> 'INSERT' then
    insert into coverage_area_totals as t (area_id, covered_km2)
    select area_id, -sum(covered_km2) from old_cells group by area_id
    on conflict (area_id) do update set covered_km2 = t.covered_km2 + excluded.covered_km2;
  end if;
  return null;
end $$;

create trigger coverage_area_totals_insert after insert on coverage_cells
  referencing new table as new_cells for each statement execute function coverage_area_totals_apply();
create trigger coverage_area_totals_update after update on coverage_cells
  referencing old table as old_cells new table as new_cells
  for each statement execute function coverage_area_totals_apply();
create trigger coverage_area_totals_delete after delete on coverage_cells
  referencing old table as old_cells for each statement execute function coverage_area_totals_apply();

create function coverage_area_days_apply() returns trigger language plpgsql as $$
begin
  if tg_op <> 'DELETE' then
    insert into coverage_area_days as t (area_id, day, flown_km2)
    select area_id, day, sum(covered_km2) from new_days group by area_id, day
    on conflict (area_id, day) do update set flown_km2 = t.flown_km2 + excluded.flown_km2;
  end if;
  if tg_op <> 'INSERT' then
    insert into coverage_area_days as t (area_id, day, flown_km2)
    select area_id, day, -sum(covered_km2) from old_days group by area_id, day
    on conflict (area_id, day) do update set flown_km2 = t.flown_km2 + excluded.flown_km2;
  end if;
  return null;
end $$;

create trigger coverage_area_days_insert after insert on coverage_cell_days
  referencing new table as new_days for each statement execute function coverage_area_days_apply();
create trigger coverage_area_days_update after update on coverage_cell_days
  referencing old table as old_days new table as new_days
  for each statement execute function coverage_area_days_apply();
create trigger coverage_area_days_delete after delete on coverage_cell_days
  referencing old table as old_days for each statement execute function coverage_area_days_apply();
