-- Server processes keep the vector tiles they have made in memory (server/src/tiles/tile-cache.ts).
-- Every statement that changes a table a tile layer reads tells every process, at commit, through
-- NOTIFY, which table it was (the payload: schema.table, so processes on another schema of the same
-- database ignore it): the tiles of the layers that read it are made again on their next request.
-- NOTIFY folds equal payloads within a transaction, so a batch costs one.
create function notify_tile_data_change() returns trigger
language plpgsql as $$
begin
  perform pg_notify('skywater_tile_data', tg_table_schema || '.' || tg_table_name);
  return null;
end
$$;

do $$
declare
  t text;
begin
  foreach t in array array['sites', 'rounds', 'samples', 'measurements', 'survey_areas', 'coverage_cells',
                           'flights', 'images', 'findings', 'hotspot_results', 'emerging_hotspots', 'districts']
  loop
    execute format('create trigger %I after insert or update or delete or truncate on %I
                      for each statement execute function notify_tile_data_change()',
                   t || '_tile_data_changed', t);
  end loop;
end
$$;

-- A session that ends names itself (its token's hash) to the processes, which forget that one
-- session instead of every one they hold: a sign-out, or the oldest session beyond an account's cap,
-- no longer sends every other person's next request to the database. More than fit in one
-- notification, or the table emptied, still says "forget all": schema.table, as an account's change
-- now does too, so processes on another schema of the same database can ignore it.
create function notify_sessions_ended() returns trigger
language plpgsql as $$
declare
  hashes text;
begin
  select string_agg(token_sha256, ',') into hashes from ended_sessions;
  if hashes is null then
    return null;
  end if;
  perform pg_notify('skywater_sessions', case when length(hashes) <= 7900 then 'ended:' || hashes else tg_table_schema || '.sessions' end);
  return null;
end
$$;

drop trigger sessions_ended on sessions;
create trigger sessions_deleted_notify after delete on sessions
  referencing old table as ended_sessions
  for each statement execute function notify_sessions_ended();
create trigger sessions_truncated_notify after truncate on sessions
  for each statement execute function notify_session_change();

create or replace function notify_session_change() returns trigger
language plpgsql as $$
begin
  perform pg_notify('skywater_sessions', tg_table_schema || '.' || tg_table_name);
  return null;
end
$$;
