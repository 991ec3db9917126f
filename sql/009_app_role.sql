-- The role the application connects as in production (docker-compose: server and workers;
-- the one-shot migrate service keeps the owner's account). It reads and writes the data but
-- owns nothing, so it cannot disable the append-only triggers or drop a table, and it holds
-- no UPDATE, DELETE or TRUNCATE on the append-only tables: the audit log, the revision
-- histories and the findings chain cannot be rewritten through it. `npm run migrate` with
-- APP_DB_PASSWORD set lets it log in (docker-compose does this).
-- A role is cluster-wide: created here if the migrating account may create roles (otherwise a
-- database administrator runs `create role skywater_app nologin` and migrates again), then
-- granted on this schema.
create function grant_app_role() returns void
language plpgsql as $$
begin
  if not exists (select from pg_roles where rolname = 'skywater_app')
     and exists (select from pg_roles where rolname = current_user and (rolsuper or rolcreaterole)) then
    begin
      create role skywater_app nologin;
    exception when duplicate_object or unique_violation then
      null; -- another schema's migration created it at the same moment
    end;
  end if;
  if not exists (select from pg_roles where rolname = 'skywater_app') then
    return;
  end if;
  execute format('grant usage on schema %I to skywater_app', current_schema());
  execute format('grant select, insert, update, delete on all tables in schema %I to skywater_app', current_schema());
  execute format('grant usage, select on all sequences in schema %I to skywater_app', current_schema());
  revoke update, delete on audit_log, measurement_revisions, analyte_revisions, finding_events from skywater_app;
  revoke delete on findings from skywater_app;
  -- Tables and sequences later migrations create (as this account) get the same grants.
  execute format('alter default privileges in schema %I grant select, insert, update, delete on tables to skywater_app', current_schema());
  execute format('alter default privileges in schema %I grant usage, select on sequences to skywater_app', current_schema());
end
$$;

select grant_app_role();
