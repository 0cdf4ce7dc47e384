#!/usr/bin/env bash
# Starts Nchan (nginx, one worker) on 127.0.0.1:8081 in the background; prints the worker's pid, which is
# what `sinal-bench --server-pid` measures. Stop it with: kill $(cat /tmp/sinal-bench-nchan/nginx.pid)
set -euo pipefail
prefix=/tmp/sinal-bench-nchan
mkdir -p "$prefix/tmp"
cp "$(dirname "$0")/nchan/nginx.conf" "$prefix/nginx.conf"
if [ -s "$prefix/nginx.pid" ] && kill -0 "$(cat "$prefix/nginx.pid")" 2>/dev/null; then
  kill "$(cat "$prefix/nginx.pid")"; sleep 1
fi
(ulimit -n 20000; setsid nginx -p "$prefix" -c "$prefix/nginx.conf" >"$prefix/stdout.log" 2>&1 &)
for _ in $(seq 50); do [ -s "$prefix/nginx.pid" ] && break; sleep 0.1; done
master=$(cat "$prefix/nginx.pid")
for _ in $(seq 50); do worker=$(pgrep -P "$master" || true); [ -n "$worker" ] && break; sleep 0.1; done
echo "$worker"
