-- Hot spot rounds and the emerging step as separate jobs (issue 4, performance).
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
