#!/usr/bin/env bash
# Fan-out on one node in memory against two nodes on Redis (subscribers on node A, publications through
# node B), same scenario, one run each. Needs redis-server on 127.0.0.1:6379 and a built jar
# (mvn -B -q package -DskipTests). Reports go to /tmp/sinal-cluster-bench/<setup>-<subscribers>-<rate>.json.
#   bench/cluster-compare.sh [subscribers] [messages] [rate]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="${SINAL_JAR:-$root/target/sinal.jar}"
bench_jar="${SINAL_BENCH_JAR:-$root/bench/target/sinal-bench.jar}"
subs="${1:-3000}"; messages="${2:-200}"; rate="${3:-20}"
out=/tmp/sinal-cluster-bench; mkdir -p "$out"
rm -rf "$out"/data-*   # no history restored from an earlier run
prefix="bench-$(date +%s):"
key="${SINAL_API_KEY:-bench-key-for-loopback-runs-0123456789}"   # public, loopback only; the server wants 32 characters or more

start() { # port, extra args...; prints the pid
  local port=$1; shift
  (ulimit -n 20000
   SINAL_API_KEY="$key" setsid java -Xms512m -Xmx512m -jar "$jar" --host 127.0.0.1 --port "$port" \
     --data-dir "$out/data-$port" --namespace bench:history=100 --jwt-secret cluster-bench-secret-0123456789abcdef "$@" \
     >"$out/node-$port.log" 2>&1 & echo $!)
}
ready() { for _ in $(seq 100); do grep -q 'listening on' "$out/node-$1.log" 2>/dev/null && return; sleep 0.2; done; echo "node $1 did not start" >&2; exit 1; }
bench() { # name, subscriber url, publish url, server pid; a first run warms the JIT up, the second is measured
  for run in -cold ""; do
    java -jar "$bench_jar" --url "$2" --publish-url "$3" --subscribers "$subs" --messages "$messages" --rate "$rate" \
      --idle 2 --no-heap --server-pid "$4" --api-key "$key" --json "$out/$1-$subs-$rate$run.json" --html "$out/$1-$subs-$rate$run.html" | tail -25
  done
}

echo "== one node, in memory"
a=$(start 8091); ready 8091
bench memory http://127.0.0.1:8091 http://127.0.0.1:8091 "$a"
kill "$a"; sleep 2

echo "== two nodes on Redis: subscribers on A (8091), publisher through B (8092)"
a=$(start 8091 --redis-url redis://127.0.0.1:6379 --redis-prefix "$prefix"); ready 8091
b=$(start 8092 --redis-url redis://127.0.0.1:6379 --redis-prefix "$prefix"); ready 8092
bench redis-two-nodes http://127.0.0.1:8091 http://127.0.0.1:8092 "$a"
kill "$a" "$b"
redis-cli -h 127.0.0.1 --scan --pattern "${prefix}*" | xargs -r redis-cli -h 127.0.0.1 del >/dev/null
