#!/usr/bin/env bash
# Every scenario of docs/benchmarks.md, Sinal next to Nchan and Node ws, in one run on this machine.
#   bench/install.sh && mvn -B -q package -DskipTests && bench/run-all.sh [out-dir]
# JAVA_HOME / SINAL_JAVA_OPTS pick the server's JDK and flags (see start-sinal.sh); the load generator
# runs on the `java` on PATH. Each JSON report is kept; report.html puts the fan-out runs side by side.
set -euo pipefail
# The key bench/start-sinal.sh gives the server, for the load tool to publish with.
export SINAL_API_KEY="${SINAL_API_KEY:-bench-key-for-loopback-runs-0123456789}"
here="$(cd "$(dirname "$0")" && pwd)"
jar="${SINAL_JAR:-$here/../target/sinal.jar}"
bench_jar="${SINAL_BENCH_JAR:-$here/../bench/target/sinal-bench.jar}"
out="${1:-/tmp/sinal-bench-results}"
mkdir -p "$out"
bench() { java -jar "$bench_jar" "$@"; }
sinal() { SINAL_JAR="$jar" "$here/start-sinal.sh"; }
echo "load before: $(uptime)" | tee "$out/conditions.txt"

# 1. Idle memory per connection at 15,000 connections, each transport, on a fresh server with its heap
# touched up front (so the RSS delta is what lives outside the heap; the heap is read after a full GC).
# The second run on the same server is the marginal cost, without one-time JIT and pool growth.
for t in ws sse longpoll; do
  pid=$(SINAL_HEAP=512m SINAL_JAVA_OPTS="-XX:+AlwaysPreTouch ${SINAL_JAVA_OPTS:-}" sinal)
  for run in cold warm; do
    bench --transport "$t" --subscribers 15000 --messages 0 --ramp 3000 --idle 10 --server-pid "$pid" \
      --api-key "$SINAL_API_KEY" --json "$out/idle-sinal-$t-$run.json" --html "$out/idle-sinal-$t-$run.html" >/dev/null
    sleep 5
  done
done
nchan=$("$here/start-nchan.sh")
bench --target nchan --url http://127.0.0.1:8081 --subscribers 15000 --messages 0 --ramp 3000 --idle 10 \
  --server-pid "$nchan" --json "$out/idle-nchan-ws.json" --html "$out/idle-nchan-ws.html" >/dev/null
node=$("$here/start-node-ws.sh")
bench --target node-ws --url http://127.0.0.1:8082 --subscribers 15000 --messages 0 --ramp 3000 --idle 10 \
  --server-pid "$node" --json "$out/idle-node-ws.json" --html "$out/idle-node-ws.html" >/dev/null

# The JIT compiles the hot paths during a server's first fan-out; a long-running node is past that. So
# every scenario below runs twice against every server alike: once to warm up (kept as <name>-cold.json)
# and once measured (<name>.json).
measure() {
  local name=$1; shift
  bench "$@" --json "$out/$name-cold.json" --html "$out/$name-cold.html" >/dev/null
  bench "$@" --json "$out/$name.json" --html "$out/$name.html" >/dev/null
}
pid=$(sinal)
sinal_args="--server-pid $pid --api-key $SINAL_API_KEY"
nchan_args="--target nchan --url http://127.0.0.1:8081 --server-pid $nchan"
node_args="--target node-ws --url http://127.0.0.1:8082 --server-pid $node"

# 2. Fan-out: 15,000 subscribers on one channel, 100 messages at 50/s.
fan="--subscribers 15000 --messages 100 --rate 50 --ramp 3000 --idle 3 --no-heap"
measure fanout-sinal $fan $sinal_args
measure fanout-nchan $fan $nchan_args
measure fanout-node-ws $fan $node_args
bench $fan $sinal_args --json "$out/fanout-sinal-again.json" \
  --html "$out/fanout.html" --compare-with "$out/fanout-nchan.json,$out/fanout-node-ws.json" >/dev/null

# 3. Moderate load: 3,000 subscribers, 20 messages/s; neither side saturated.
mod="--subscribers 3000 --messages 200 --rate 20 --idle 2 --no-heap"
measure moderate-sinal $mod $sinal_args
measure moderate-nchan $mod $nchan_args

# 4. Many channels of one subscriber each: 2,000 channels, 20 rounds at 2/s (Nchan takes one POST per channel).
many="--subscribers 2000 --channels 2000 --messages 20 --rate 2 --idle 2 --no-heap"
measure channels-sinal $many $sinal_args
measure channels-nchan $many $nchan_args

# 5. The four transports on one scenario: 1,000 subscribers, one channel, 60 messages at 10/s.
four="--subscribers 1000 --messages 60 --rate 10 --idle 2 --no-heap --poll-interval 2000"
for t in poll longpoll sse ws; do
  measure "transport-$t" $four --transport "$t" $sinal_args
done
bench $four --transport ws $sinal_args --json "$out/transport-ws-again.json" --html "$out/transports.html" \
  --compare-with "$out/transport-poll.json,$out/transport-longpoll.json,$out/transport-sse.json" >/dev/null

echo "load after: $(uptime)" | tee -a "$out/conditions.txt"
kill "$pid" "$node" "$(cat /tmp/sinal-bench-nchan/nginx.pid)" 2>/dev/null || true
python3 "$here/summary.py" "$out"
