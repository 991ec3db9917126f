#!/usr/bin/env bash
# A single-node Ceph cluster serving S3, from Debian's packages (ceph-mon, ceph-osd, radosgw):
# one monitor, one OSD on memstore (objects in memory, capped at 1 GiB: no disk to prepare),
# and the RADOS Gateway on 127.0.0.1:PORT with one S3 user. For tests only: no authentication
# between the daemons (auth none), one copy of each object.
#
#   start-radosgw.sh DIR PORT ACCESS_KEY SECRET_KEY   # starts, waits until S3 answers
#   start-radosgw.sh --stop DIR                        # stops the three daemons, removes DIR
#
# Ports: the monitor listens on PORT+1 (msgr2 only).
set -euo pipefail

if [ "${1:-}" = "--stop" ]; then
  dir=$2
  for pidfile in "$dir"/run/*.pid; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  sleep 1
  for pidfile in "$dir"/run/*.pid; do
    [ -f "$pidfile" ] && kill -9 "$(cat "$pidfile")" 2>/dev/null || true
  done
  rm -rf "$dir"
  exit 0
fi

dir=$1 port=$2 access_key=$3 secret_key=$4
mon_port=$((port + 1))
for tool in ceph-mon ceph-osd radosgw radosgw-admin monmaptool ceph-authtool ceph; do
  command -v "$tool" >/dev/null || {
    echo "$tool is not installed: apt-get install ceph-mon ceph-osd radosgw" >&2
    exit 1
  }
done

rm -rf "$dir"
mkdir -p "$dir"/{mon,osd,run,log,rgw}
fsid=$(cat /proc/sys/kernel/random/uuid)
# crc on every connection: "secure" needs cephx, which is off here.
cat >"$dir/ceph.conf" <<CONF
[global]
fsid = $fsid
mon_host = v2:127.0.0.1:$mon_port
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
ms_bind_msgr1 = false
ms_mon_client_mode = crc
ms_client_mode = crc
ms_mon_service_mode = crc
ms_service_mode = crc
ms_cluster_mode = crc
ms_mon_cluster_mode = crc
run_dir = $dir/run
pid_file = $dir/run/\$name.pid
admin_socket = $dir/run/\$name.asok
log_file = $dir/log/\$name.log
osd_pool_default_size = 1
osd_pool_default_min_size = 1
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_pool_default_pg_autoscale_mode = off
mon_allow_pool_size_one = true
mon_warn_on_pool_no_redundancy = false
osd_crush_chooseleaf_type = 0
client_mount_timeout = 30
[mon.a]
mon_data = $dir/mon
[osd.0]
osd_data = $dir/osd
osd_objectstore = memstore
memstore_device_bytes = 1073741824
[client.rgw]
rgw_frontends = beast endpoint=127.0.0.1:$port
rgw_data = $dir/rgw
rgw_dns_name = 127.0.0.1
CONF
export CEPH_CONF="$dir/ceph.conf"

ceph-authtool --create-keyring "$dir/mon.keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
monmaptool --create --fsid "$fsid" --addv a "[v2:127.0.0.1:$mon_port]" "$dir/monmap" >/dev/null
ceph-mon -i a --mkfs --monmap "$dir/monmap" --keyring "$dir/mon.keyring" 2>>"$dir/log/setup.log"
ceph-mon -i a 2>>"$dir/log/setup.log"
ceph --connect-timeout 30 osd create >/dev/null
ceph-osd -i 0 --mkfs 2>>"$dir/log/setup.log"
ceph-osd -i 0 2>>"$dir/log/setup.log"
radosgw -n client.rgw 2>>"$dir/log/setup.log"

# The gateway creates its pools on its first start; it answers S3 once they are up.
for _ in $(seq 1 120); do
  curl -s -m 2 -o /dev/null "http://127.0.0.1:$port/" && break
  sleep 1
done
curl -s -m 5 -o /dev/null "http://127.0.0.1:$port/" || {
  echo "radosgw did not answer on 127.0.0.1:$port (logs in $dir/log)" >&2
  exit 1
}
radosgw-admin user create --uid=skywater-test --display-name="Skywater tests" \
  --access-key="$access_key" --secret-key="$secret_key" >/dev/null
echo "Ceph RGW (radosgw $(radosgw --version | awk '{print $3}')) serving S3 at http://127.0.0.1:$port"
