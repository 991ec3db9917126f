-- Idempotency keys: a POST that creates something, sent again with the same Idempotency-Key by
-- the same user, gets the first answer back instead of creating it twice.
create table idempotency_keys (
  user_id bigint not null references users (id),
  key text not null check (length(key) between 8 and 200),
  method text not null,
  path text not null,
  request_sha256 text not null,
  -- null while the first request is still running
  status integer,
  body jsonb,
  created_at timestamptz not null default now(),
  primary key (user_id, key)
);
create index idempotency_keys_created_idx on idempotency_keys (created_at);

-- The audit log refuses changes through any role (trigger in 001); also take the privileges
-- away from PUBLIC so an application role granted only INSERT/SELECT cannot even try.
revoke update, delete, truncate on audit_log from public;
