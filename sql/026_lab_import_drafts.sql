-- A lab import's dry run, kept so that the real import commits it without a second upload:
-- the file's identity, the outcome of its per-row checks (rows, refused rows, report lines) and
-- the rows that passed, as COPY text a chunk at a time. Bound to the user who checked the file
-- and to the file's hash; it expires, and commits at most once (used_at).
create table lab_import_drafts (
  token uuid primary key,
  user_id bigint references users (id) on delete cascade,
  file_sha256 text not null check (file_sha256 ~ '^[0-9a-f]{64}$'),
  file_name text not null,
  format text not null check (format in ('csv', 'xlsx', 'phes-odm')),
  file_bytes bigint,
  mode text not null check (mode in ('all_or_nothing', 'valid_only')),
  -- Per-row outcome of the checks: counts, the first report lines, the header's column names.
  checked jsonb not null,
  -- Reply fields of the route that made the draft (e.g. a PHES-ODM file's unmapped rows).
  reply_extras jsonb not null default '{}',
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);

create index lab_import_drafts_expires_at on lab_import_drafts (expires_at);

create table lab_import_draft_chunks (
  token uuid not null references lab_import_drafts (token) on delete cascade,
  seq integer not null,
  rows integer not null check (rows > 0),
  copy_text bytea not null,
  primary key (token, seq)
);
