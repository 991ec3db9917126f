#!/usr/bin/env bash
# A Redis Cluster of three masters and no replicas on 127.0.0.1:PORT, PORT+1, PORT+2, each
# `redis-server --cluster-enabled yes` with an append-only file in DIR, so a master that is
# restarted keeps its keys, as production BullMQ wants. fsync once a second (Redis' default for
# AOF): with fsync on every write, adding a job took twice as long on this shared machine and the
# outbox backlog of the demo data outlasted the tests' timeouts. For tests only.
#
#   start-redis-cluster.sh DIR PORT   # starts, creates the cluster, waits until every slot is served
#   start-redis-cluster.sh --restart DIR NODE_PORT  # shuts one node down (AOF kept) and starts it again
#   start-redis-cluster.sh --stop DIR # stops the three servers, removes DIR
#
# Prints the nodes as REDIS_CLUSTER_NODES wants them: 127.0.0.1:PORT,127.0.0.1:PORT+1,...
set -euo pipefail

start_node() { # DIR PORT
  redis-server --port "$2" --bind 127.0.0.1 --daemonize yes --dir "$1/$2" \
    --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 5000 \
    --appendonly yes --appendfsync everysec --save "" --maxmemory-policy noeviction \
    --logfile "$1/$2/redis.log" --pidfile "$1/$2/redis.pid"
  for _ in $(seq 1 100); do
    redis-cli -p "$2" ping 2>/dev/null | grep -q PONG && return 0
    sleep 0.1
  done
  echo "redis-server on port $2 did not start; see $1/$2/redis.log" >&2
  return 1
}

if [ "${1:-}" = "--restart" ]; then
  dir=$2 p=$3
  redis-cli -p "$p" shutdown >/dev/null 2>&1 || true
  while redis-cli -p "$p" ping >/dev/null 2>&1; do sleep 0.1; done
  start_node "$dir" "$p"
  for _ in $(seq 1 200); do
    redis-cli -p "$p" cluster info | grep -q 'cluster_state:ok' && exit 0
    sleep 0.1
  done
  echo "the cluster did not return to cluster_state:ok after restarting $p" >&2
  exit 1
fi

if [ "${1:-}" = "--stop" ]; then
  dir=$2
  for portfile in "$dir"/*/port; do
    [ -f "$portfile" ] && redis-cli -p "$(cat "$portfile")" shutdown nosave >/dev/null 2>&1 || true
  done
  rm -rf "$dir"
  exit 0
fi

dir=$1 port=$2
ports=("$port" $((port + 1)) $((port + 2)))
rm -rf "$dir"
for p in "${ports[@]}"; do
  mkdir -p "$dir/$p"
  echo "$p" >"$dir/$p/port"
  start_node "$dir" "$p"
done
redis-cli --cluster create "${ports[@]/#/127.0.0.1:}" --cluster-replicas 0 --cluster-yes >"$dir/create.log"
for _ in $(seq 1 100); do
  if redis-cli -p "$port" cluster info | grep -q 'cluster_state:ok'; then
    nodes=("${ports[@]/#/127.0.0.1:}")
    (IFS=,; echo "${nodes[*]}")
    exit 0
  fi
  sleep 0.1
done
echo "the cluster on ports ${ports[*]} did not reach cluster_state:ok; see $dir" >&2
exit 1
