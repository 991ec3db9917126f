-- Failed logins as progressive delays rather than a lock: the time of the last counted failure,
-- so the count starts over once an account has been left alone for a while.
alter table users add column last_failed_login_at timestamptz;
