-- Server processes keep the sessions they have checked in memory for a few seconds (a lookup on
-- every request would cost each request a round trip). Whatever ends a session or changes what
-- it may do (logout, expiry pruning, an account disabled, its roles or password changed) tells
-- every process at commit, through NOTIFY, to forget what it holds.
create function notify_session_change() returns trigger
language plpgsql as $$
begin
  perform pg_notify('skywater_sessions', tg_table_name);
  return null;
end
$$;

create trigger sessions_ended after delete or truncate on sessions
  for each statement execute function notify_session_change();
create trigger users_session_rights_changed
  after update of username, display_name, roles, disabled, password_hash or delete or truncate
  on users for each statement execute function notify_session_change();
