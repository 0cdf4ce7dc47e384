#!/usr/bin/env bash
# Starts the uWebSockets.js server on 127.0.0.1:8083 in the background (replacing one this script
# started before) and prints its pid, which is what `sinal-bench --server-pid` measures.
set -euo pipefail
dir="$(cd "$(dirname "$0")/uws" && pwd)"
[ -d "$dir/node_modules/@trufflesuite/uws-js-unofficial" ] || { echo "run bench/install.sh first" >&2; exit 1; }
log=/tmp/sinal-bench-uws.log
if [ -s /tmp/sinal-bench-uws.pid ] && kill -0 "$(cat /tmp/sinal-bench-uws.pid)" 2>/dev/null; then
  kill "$(cat /tmp/sinal-bench-uws.pid)"; sleep 1
fi
: >"$log"
(ulimit -n 20000; cd "$dir"; setsid node server.js 8083 127.0.0.1 >"$log" 2>&1 & echo $! >/tmp/sinal-bench-uws.pid)
for _ in $(seq 50); do grep -q 'broadcast on' "$log" && break; sleep 0.1; done
grep -q 'broadcast on' "$log" || { cat "$log" >&2; exit 1; }
cat /tmp/sinal-bench-uws.pid
