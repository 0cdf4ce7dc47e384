#!/usr/bin/env bash
# Starts a Sinal server for benchmarking on 127.0.0.1:8080 in the background and prints its pid.
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 SINAL_JAVA_OPTS="-XX:+UseCompactObjectHeaders" bench/start-sinal.sh
# The heap is fixed (SINAL_HEAP, default 512m) so RSS deltas are comparable; the API key is SINAL_API_KEY,
# default "bench-key-for-loopback-runs-0123456789" (the server refuses keys under 32 characters; this one is public, fit
# for loopback only), and the namespace `bench` has no presence, as `sinal-bench` expects. GC pauses go
# to /tmp/sinal-bench-gc.log, for `sinal-bench --server-gc-log`.
# --max-connections is 40000 unless SINAL_MAX_CONNECTIONS says otherwise: the open-file limit below
# bounds the connections, not the heap-derived default (6,144 on a 96 MiB heap, docs/configuration.md).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="${SINAL_JAR:-$root/target/sinal.jar}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
data=/tmp/sinal-bench-data
if [ -s /tmp/sinal-bench-sinal.pid ] && kill -0 "$(cat /tmp/sinal-bench-sinal.pid)" 2>/dev/null; then
  old="$(cat /tmp/sinal-bench-sinal.pid)"; kill "$old"
  # a graceful stop drains for up to --drain-timeout; the next server needs the H2 file it holds
  for _ in $(seq 150); do kill -0 "$old" 2>/dev/null || break; sleep 0.1; done
fi
# Every server starts empty: a clean stop snapshots the in-memory history into the data directory,
# and a server restored from earlier runs would carry their channels (once 170 MB of live heap).
rm -rf "$data"; mkdir -p "$data"
heap="${SINAL_HEAP:-512m}"
(ulimit -n 20000
 SINAL_API_KEY="${SINAL_API_KEY:-bench-key-for-loopback-runs-0123456789}" SINAL_MAX_CONNECTIONS="${SINAL_MAX_CONNECTIONS:-40000}" setsid "$java" -Xms"$heap" -Xmx"$heap" -Xlog:gc:file=/tmp/sinal-bench-gc.log ${SINAL_JAVA_OPTS:-} -jar "$jar" \
   --host 127.0.0.1 --port 8080 --data-dir "$data" --namespace bench:history=100 "$@" \
   >/tmp/sinal-bench-sinal.log 2>&1 & echo $! >/tmp/sinal-bench-sinal.pid)
for _ in $(seq 100); do grep -q 'listening on' /tmp/sinal-bench-sinal.log 2>/dev/null && break; sleep 0.1; done
cat /tmp/sinal-bench-sinal.pid
