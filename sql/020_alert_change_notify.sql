-- The live alert streams follow the alerts table through NOTIFY instead of reading it every
-- 1.5 s: each statement that adds or changes alerts tells every server process, at commit, which
-- alerts it touched. The payload is their ids, comma-separated; when they would not fit in a
-- notification (8,000 bytes) it is empty, which means "read what changed since you last looked".
create function notify_alert_change() returns trigger
language plpgsql as $$
declare
  ids text;
begin
  select string_agg(id::text, ',') into ids from changed_alerts;
  if ids is null then
    return null;
  end if;
  perform pg_notify('skywater_alerts', case when length(ids) <= 7900 then ids else '' end);
  return null;
end
$$;

-- One trigger per event: a trigger with transition tables may name one event only.
create trigger alerts_inserted_notify after insert on alerts
  referencing new table as changed_alerts
  for each statement execute function notify_alert_change();
create trigger alerts_updated_notify after update on alerts
  referencing new table as changed_alerts
  for each statement execute function notify_alert_change();
