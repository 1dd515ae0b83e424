#!/bin/bash
# Runs the same scenarios against Tern, Prosody and ejabberd on this machine, one server at a time
# on 127.0.0.1:5222 (each scenario on every server in turn, a fresh server start for each), and
# prints each figure with the ratio Tern/peer. See docs/PERFORMANCE.md.
#
#   bench/compare.sh [quick|full]              (default quick)
#   bench/compare.sh provision [quick|full]    only create the accounts (start, provision, stop each server)
#
# Environment: SERVERS="tern prosody ejabberd" (which, in order), SCENARIOS="login,one-to-one,idle,muc,offline,roster",
# WORK=/tmp/tern-bench (server state, kept between runs so accounts are created once),
# OUT=bench/results/DATE (reports), TERN_HEAP=2g, and any MODE variable below to override it.
set -euo pipefail

PROVISION_ONLY=0
if [ "${1:-}" = provision ]; then PROVISION_ONLY=1; shift; fi
MODE=${1:-quick}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-/tmp/tern-bench}
OUT=${OUT:-$ROOT/bench/results/$(date +%Y%m%d-%H%M%S)-$MODE}
SERVERS=${SERVERS:-"tern prosody ejabberd"}
SCENARIOS=${SCENARIOS:-"login,one-to-one,idle,muc,offline,roster"}
TERN_HEAP=${TERN_HEAP:-2g}
# G1's default pause goal (200 ms) lets young pauses reach 100-300 ms on 2 busy cores, which is the
# whole p99 of a latency test: ask for short pauses (see docs/PERFORMANCE.md, profile)
TERN_JVM=${TERN_JVM:-"-XX:MaxGCPauseMillis=10"}
PASSWORD=bench-secret

case "$MODE" in
  quick) : "${WARMUP:=3}" "${DURATION:=8}" "${IDLE_STEPS:=2000,10000}" "${PAIRS:=250}" "${MUC_OCCUPANTS:=200}"
         : "${OFFLINE_USERS:=200}" "${OFFLINE_MESSAGES:=20000}" "${ROSTER_SIZE:=200}" "${LOGIN_ACCOUNTS:=1000}" ;;
  full)  : "${WARMUP:=10}" "${DURATION:=30}" "${IDLE_STEPS:=10000,50000}" "${PAIRS:=500}" "${MUC_OCCUPANTS:=1000}"
         : "${OFFLINE_USERS:=1000}" "${OFFLINE_MESSAGES:=100000}" "${ROSTER_SIZE:=1000}" "${LOGIN_ACCOUNTS:=2000}" ;;
  *) echo "usage: $0 [quick|full]" >&2; exit 2 ;;
esac

log() { echo "compare: $*" >&2; }

install_packages() {
  local missing=()
  for p in prosody ejabberd lua-unbound gnuplot-nox python3 openssl; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  # the packages may start their own services on 5222: this script runs its own instances
  for s in prosody ejabberd; do
    service "$s" stop >/dev/null 2>&1 || true
  done
}

raise_limits() {
  ulimit -n "$(ulimit -Hn)" || true
  ulimit -n 1048576 2>/dev/null || true
  sysctl -qw net.ipv4.ip_local_port_range="1024 65000" 2>/dev/null || true
  sysctl -qw net.core.somaxconn=4096 2>/dev/null || true
  sysctl -qw net.ipv4.tcp_tw_reuse=1 2>/dev/null || true
  FD_LIMIT=$(ulimit -n)
  # every connection is a descriptor in the server and one in the generator: cap the idle steps
  local max=$((FD_LIMIT - 1500)) steps=() s
  IFS=, read -ra req <<< "$IDLE_STEPS"
  for s in "${req[@]}"; do
    if [ "$s" -gt "$max" ]; then
      log "idle step $s needs more than the descriptor limit ($FD_LIMIT, hard limit $(ulimit -Hn)): measuring $max instead"
      s=$max
    fi
    steps+=("$s")
  done
  IDLE_STEPS=$(IFS=,; echo "${steps[*]}")
  USERS=$(printf '%s\n' "${steps[@]}" $((2 * PAIRS)) "$MUC_OCCUPANTS" $((OFFLINE_USERS + 20)) "$LOGIN_ACCOUNTS" | sort -n | tail -1)
}

build() {
  if [ ! -f "$ROOT/bench/target/tern-bench.jar" ] || [ -n "$(find "$ROOT/bench/src" "$ROOT/server-core/src" -newer "$ROOT/bench/target/tern-bench.jar" -type f | head -1)" ]; then
    log "building (mvn package, tests skipped)"
    (cd "$ROOT" && mvn -B -q -Dmaven.test.skip=true -pl bench,server-config -am package)
  fi
  BENCH=(java -Xmx6g -XX:+UseParallelGC -jar "$ROOT/bench/target/tern-bench.jar")
}

certificate() {
  local dir=$1
  [ -f "$dir/localhost.crt" ] && openssl x509 -in "$dir/localhost.crt" -noout -text | grep -q id-ecPublicKey && return
  # EC P-256, the key type of Tern's generated certificate: the handshake costs the same everywhere
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,DNS:conference.localhost" \
    -keyout "$dir/localhost.key" -out "$dir/localhost.crt" 2>/dev/null
  cat "$dir/localhost.key" "$dir/localhost.crt" > "$dir/localhost.pem"
}

wait_port() {   # wait_port up|down
  for _ in $(seq 1 120); do
    if ss -ltn | grep -q '127.0.0.1:5222 \|:5222 '; then [ "$1" = up ] && return 0; else [ "$1" = down ] && return 0; fi
    sleep 0.5
  done
  log "port 5222 did not go $1"; return 1
}

# provisioned COUNT: whether the marker says at least COUNT accounts exist
provisioned() { [ -f "$1/provisioned" ] && [ "$(cat "$1/provisioned")" -ge "$2" ]; }

# ---- Tern
start_tern() {
  local d=$WORK/tern; mkdir -p "$d"
  sed "s|DATA_DIR|$d/data|" "$ROOT/bench/conf/tern.properties" > "$d/tern.properties"
  if ! provisioned "$d" "$USERS"; then
    log "tern: creating $USERS accounts (and the roster accounts) in the database"
    "${BENCH[@]}" tern-accounts --config "$d/tern.properties" --count "$USERS" --password "$PASSWORD" > "$d/provision.log" 2>&1
    "${BENCH[@]}" tern-accounts --config "$d/tern.properties" --prefix r --count $((ROSTER_SIZE + 1)) --password "$PASSWORD" >> "$d/provision.log" 2>&1
    echo "$USERS" > "$d/provisioned"
  fi
  TERN_SKIP_BUILD=1 TERN_JAVA_OPTS="-Xmx$TERN_HEAP $TERN_JVM -DternLogLevel=WARN" "$ROOT/tern" run --config "$d/tern.properties" > "$d/server.log" 2>&1 &
  SERVER_PID=$!
  DATA_PATHS=$d/data
  wait_port up
}
stop_tern() { kill -TERM "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; }

# ---- Prosody
start_prosody() {
  local d=$WORK/prosody; mkdir -p "$d/data"
  certificate "$d"
  sed "s|RUN_DIR|$d|g" "$ROOT/bench/servers/prosody.cfg.lua" > "$d/prosody.cfg.lua"
  prosody --config "$d/prosody.cfg.lua" -F > "$d/stdout.log" 2>&1 &
  SERVER_PID=$!
  DATA_PATHS=$d/data
  wait_port up
  register_over_xmpp "$d"
}
stop_prosody() { kill -TERM "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; }

# ---- ejabberd
EJ_ARGS=()
# ejabberdctl started by root switches to the ejabberd user with su, whose PAM session drops the
# descriptor limit to 1024; switching with setpriv keeps this shell's limit
as_ejabberd() { HOME=/var/lib/ejabberd setpriv --reuid=ejabberd --regid=ejabberd --init-groups "$@"; }
start_ejabberd() {
  local d=$WORK/ejabberd; mkdir -p "$d/etc" "$d/spool" "$d/logs"
  certificate "$d"
  sed "s|RUN_DIR|$d|g" "$ROOT/bench/servers/ejabberd.yml" > "$d/etc/ejabberd.yml"
  sed "s|RUN_DIR|$d|g" "$ROOT/bench/servers/ejabberdctl.cfg" > "$d/etc/ejabberdctl.cfg"
  chown -R ejabberd: "$d"; chmod 755 "$WORK" "$d"
  EJ_ARGS=(--config-dir "$d/etc" --spool "$d/spool" --logs "$d/logs")
  rm -f "$d/ejabberd.pid"
  as_ejabberd ejabberdctl "${EJ_ARGS[@]}" foreground > "$d/stdout.log" 2>&1 &
  EJ_WRAPPER=$!
  wait_port up
  as_ejabberd ejabberdctl "${EJ_ARGS[@]}" started >/dev/null 2>&1 || true
  SERVER_PID=$(cat "$d/ejabberd.pid" 2>/dev/null || ss -ltnp | sed -n 's/.*127.0.0.1:5222 .*beam.smp",pid=\([0-9]*\).*/\1/p' | head -1)
  DATA_PATHS=$d/spool
  register_over_xmpp "$d"
}
stop_ejabberd() { as_ejabberd ejabberdctl "${EJ_ARGS[@]}" stop >/dev/null 2>&1 || kill -TERM "$SERVER_PID"; wait "$EJ_WRAPPER" 2>/dev/null || true; }

register_over_xmpp() {
  local d=$1
  if ! provisioned "$d" "$USERS"; then
    log "$(basename "$d"): registering $USERS accounts and $((ROSTER_SIZE + 1)) roster accounts (XEP-0077)"
    "${BENCH[@]}" register --count "$USERS" --password "$PASSWORD" > "$d/provision.log" 2>&1
    "${BENCH[@]}" register --prefix r --count $((ROSTER_SIZE + 1)) --password "$PASSWORD" >> "$d/provision.log" 2>&1
    echo "$USERS" > "$d/provisioned"
  fi
}

version_of() {
  case $1 in
    tern) (cd "$ROOT" && git describe --always --dirty) ;;
    prosody) dpkg-query -W -f '${Version}' prosody ;;
    ejabberd) dpkg-query -W -f '${Version}' ejabberd ;;
  esac
}

main() {
  install_packages
  raise_limits
  build
  mkdir -p "$WORK"
  [ "$PROVISION_ONLY" = 1 ] && OUT=$WORK/provision-run
  mkdir -p "$OUT"
  if ss -ltn | grep -q ':5222 '; then log "something already listens on 5222: stop it first"; exit 1; fi
  log "mode $MODE: users $USERS, idle steps $IDLE_STEPS, reports in $OUT"
  {
    echo "mode=$MODE"; echo "date=$(date -u +%FT%TZ)"; echo "cpus=$(nproc)"; echo "mem=$(free -g | awk '/Mem:/{print $2}')G"
    echo "load_average_before=$(cut -d' ' -f1-3 /proc/loadavg)"; echo "kernel=$(uname -r)"; echo "java=$(java -version 2>&1 | head -1)"; echo "fd_limit=$FD_LIMIT"
    for s in $SERVERS; do echo "version.$s=$(version_of "$s")"; done
  } > "$OUT/machine.txt"
  if [ "$PROVISION_ONLY" = 1 ]; then
    for s in $SERVERS; do
      log "== $s: provisioning"; "start_$s"; "stop_$s"; wait_port down
    done
    return
  fi
  # one scenario at a time on every server, each on a freshly started server: the machine is shared,
  # and interleaving spreads the neighbours' load over the servers instead of onto one of them
  IFS=, read -ra scs <<< "$SCENARIOS"
  for sc in "${scs[@]}"; do
    for s in $SERVERS; do
      log "== $sc on $s"
      "start_$s"
      log "$s: pid $SERVER_PID"
      "${BENCH[@]}" run --server "$s" --scenarios "$sc" --users "$USERS" --password "$PASSWORD" \
        --warmup "$WARMUP" --duration "$DURATION" --server-pid "$SERVER_PID" --data "$DATA_PATHS" --out "$OUT" \
        --idle-steps "$IDLE_STEPS" --pairs "$PAIRS" --login-accounts "$LOGIN_ACCOUNTS" \
        --muc-occupants "$MUC_OCCUPANTS" --offline-users "$OFFLINE_USERS" --offline-messages "$OFFLINE_MESSAGES" \
        --roster-size "$ROSTER_SIZE" ${BENCH_ARGS:-} 2>&1 | tee -a "$OUT/$s.log" || log "$s: $sc failed (see $OUT/$s.log)"
      "stop_$s"
      wait_port down
    done
  done
  [ "$PROVISION_ONLY" = 1 ] || python3 "$ROOT/bench/summarize.py" "$OUT"
}

main
