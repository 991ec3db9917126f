#!/usr/bin/env bash
# A hot standby of the local PostgreSQL server, on the same machine: `pg_basebackup -R` (streaming
# replication through a physical slot) into DIR/data, then a postgres on 127.0.0.1:PORT reading it.
# For tests only: the primary must let 127.0.0.1 replicate without a password; the script adds
# `host replication all 127.0.0.1/32 trust` to the primary's pg_hba.conf when no replication line
# covers it, and reloads the primary.
#
#   start-pg-replica.sh DIR PORT [PRIMARY_PORT]   # starts, waits until the standby answers
#   start-pg-replica.sh --stop DIR                 # stops it, drops its slot, removes DIR
#
# Run as root, the standby runs as the `postgres` user (postgres refuses root).
set -euo pipefail

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
primary_sql() {
  psql -h 127.0.0.1 -p "$primary_port" -U postgres -d postgres -XAtqc "$1"
}

if [ "${1:-}" = "--stop" ]; then
  dir=$2
  [ -d "$dir" ] || exit 0
  primary_port=$(cat "$dir/primary-port" 2>/dev/null || echo 5432)
  bin=$(cat "$dir/bindir" 2>/dev/null || true)
  if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
    as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  # A slot nobody reads keeps the primary's WAL forever: always drop it.
  if [ -f "$dir/slot" ]; then
    primary_sql "select pg_drop_replication_slot(slot_name) from pg_replication_slots
                 where slot_name = '$(cat "$dir/slot")' and not active" >/dev/null || true
  fi
  rm -rf "$dir"
  exit 0
fi

dir=$1 port=$2 primary_port=${3:-5432}
slot="skywater_test_replica_$port"
major=$(( $(primary_sql "show server_version_num") / 10000 ))
bin=/usr/lib/postgresql/$major/bin
[ -x "$bin/pg_basebackup" ] || bin=$(pg_config --bindir)

# Replication connections match only `replication` lines in pg_hba.conf, never `all`.
hba=$(primary_sql "show hba_file")
if ! grep -Eq '^\s*host\s+replication\s+all\s+127\.0\.0\.1/32\s+trust' "$hba"; then
  echo "host replication all 127.0.0.1/32 trust" >>"$hba"
  primary_sql "select pg_reload_conf()" >/dev/null
fi
# A slot left by an earlier run on the same port that was not stopped.
primary_sql "select pg_drop_replication_slot(slot_name) from pg_replication_slots
             where slot_name = '$slot' and not active" >/dev/null

rm -rf "$dir"
mkdir -p "$dir"
echo "$primary_port" >"$dir/primary-port"
echo "$bin" >"$dir/bindir"
[ "$(id -u)" = 0 ] && chown postgres: "$dir"
as_postgres "$bin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$dir/data" \
  -R -X stream -C -S "$slot" -c fast
echo "$slot" >"$dir/slot"

# Debian keeps the configuration outside the data directory: the standby gets its own. A hot
# standby needs max_connections (and the other limits) at least the primary's.
as_postgres tee "$dir/data/postgresql.conf" >/dev/null <<CONF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = $(primary_sql "show max_connections")
max_worker_processes = $(primary_sql "show max_worker_processes")
max_wal_senders = $(primary_sql "show max_wal_senders")
max_prepared_transactions = $(primary_sql "show max_prepared_transactions")
max_locks_per_transaction = $(primary_sql "show max_locks_per_transaction")
hot_standby = on
# Queries on the standby hold back the primary's vacuum instead of being cancelled by it.
hot_standby_feedback = on
timezone = 'Etc/UTC'
log_timezone = 'Etc/UTC'
CONF
as_postgres tee "$dir/data/pg_hba.conf" >/dev/null <<HBA
local all all trust
host all all 127.0.0.1/32 trust
HBA
as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/standby.log" -w -t 120 start >/dev/null

for _ in $(seq 1 120); do
  if [ "$(psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -XAtqc 'select pg_is_in_recovery()' 2>/dev/null)" = t ]; then
    echo "Hot standby of 127.0.0.1:$primary_port streaming on 127.0.0.1:$port ($dir)"
    exit 0
  fi
  sleep 1
done
echo "the standby on port $port did not answer; see $dir/standby.log" >&2
exit 1
