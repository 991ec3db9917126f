-- Server processes keep the vector tiles they have made in memory (server/src/tiles/tile-cache.ts).
-- Every statement that changes a table a tile layer reads tells every process, at commit, through
-- NOTIFY, which table it was (the payload): the tiles of the layers that read it are made again on
-- their next request. NOTIFY folds equal payloads within a transaction, so a batch costs one.
create function notify_tile_data_change() returns trigger
language plpgsql as $$
begin
  perform pg_notify('skywater_tile_data', tg_table_name);
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
