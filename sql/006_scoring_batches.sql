-- Hot spot rounds and the emerging step as separate jobs.
-- Runs on PostgreSQL 15 + PostGIS 3.3 and on PGlite (PostgreSQL 18).
--
-- A `score-round` job writes one round's Gi* results and takes the next generation number; the
-- `score-emerging` job classifies every site's Gi* series and raises the hot spot alerts of the
-- rounds whose generation it has not covered yet. The counter is one row, updated as the last
-- statement of a round's transaction: its row lock orders the commits, so a generation read
-- from a committed counter covers every round with a generation at or below it.

create table hotspot_generation (
  id smallint primary key default 1 check (id = 1),
  -- The last generation a round took.
  generation bigint not null default 0,
  -- The last generation the emerging step covered (every round at or below it classified and alerted).
  done_generation bigint not null default 0,
  updated_at timestamptz not null default now()
);
insert into hotspot_generation (id) values (1);

-- The generation at which each round's hot spots were last written.
create table hotspot_round_state (
  round_id bigint primary key references rounds (id),
  generation bigint not null,
  scored_at timestamptz not null default now()
);
create index hotspot_round_state_generation_idx on hotspot_round_state (generation);

-- hotspot_results is derived data (rewritten from the measurements by every score-round job):
-- 852,000 rows for 1,000 sites × 71 analytes × 12 rounds. Its three row-by-row foreign keys
-- cost more than the insert itself (EXPLAIN ANALYZE of one round, 71,000 rows: insert 2.4 s,
-- foreign key triggers 2.8 s). One statement-level check per insert or update, set-wise, refuses
-- the same orphan rows (SQLSTATE 23503) for 0.25 s. What it gives up: deleting a round, site or
-- analyte is no longer refused while results refer to it (nothing in the application deletes
-- those; their results are recomputed, and readers join them to sites and rounds).
alter table hotspot_results
  drop constraint hotspot_results_round_id_fkey,
  drop constraint hotspot_results_analyte_code_fkey,
  drop constraint hotspot_results_site_id_fkey;

create function hotspot_results_check_references() returns trigger language plpgsql as $$
begin
  if exists (select 1 from written w left join rounds r on r.id = w.round_id where r.id is null)
     or exists (select 1 from written w left join sites s on s.id = w.site_id where s.id is null)
     or exists (select 1 from written w left join analytes a on a.code = w.analyte_code where a.code is null) then
    raise exception 'hotspot_results: a row refers to a round, site or analyte that does not exist'
      using errcode = 'foreign_key_violation';
  end if;
  return null;
end $$;

create trigger hotspot_results_references_on_insert after insert on hotspot_results
  referencing new table as written for each statement execute function hotspot_results_check_references();
create trigger hotspot_results_references_on_update after update on hotspot_results
  referencing new table as written for each statement execute function hotspot_results_check_references();
