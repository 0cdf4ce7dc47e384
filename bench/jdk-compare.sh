#!/usr/bin/env bash
# The Sinal server on JDK 17, Temurin 25, and Temurin 25 with compact object headers: idle WebSocket
# memory at 15,000 connections (cold and warm) and the 15,000-subscriber fan-out (after one warm-up
# fan-out), each on a fresh server.
#   bench/jdk-compare.sh [out-dir]
set -euo pipefail
# The key bench/start-sinal.sh gives the server, for the load tool to publish with.
export SINAL_API_KEY="${SINAL_API_KEY:-bench-key-for-loopback-runs-0123456789}"
here="$(cd "$(dirname "$0")" && pwd)"
jar="${SINAL_JAR:-$here/../target/sinal.jar}"
bench_jar="${SINAL_BENCH_JAR:-$here/../bench/target/sinal-bench.jar}"
out="${1:-/tmp/sinal-bench-jdk}"
mkdir -p "$out"
bench() { java -jar "$bench_jar" "$@" >/dev/null; }
jdk25=/usr/lib/jvm/temurin-25-jdk-amd64
for config in "jdk17||/usr/lib/jvm/java-17-openjdk-amd64" "jdk25||$jdk25" "jdk25-coh|-XX:+UseCompactObjectHeaders|$jdk25"; do
  IFS='|' read -r name flags home <<<"$config"
  pid=$(JAVA_HOME="$home" SINAL_JAR="$jar" SINAL_HEAP=512m SINAL_JAVA_OPTS="-XX:+AlwaysPreTouch $flags" "$here/start-sinal.sh")
  for run in cold warm; do
    bench --subscribers 15000 --messages 0 --ramp 3000 --idle 10 --server-pid "$pid" --api-key "$SINAL_API_KEY" \
      --json "$out/idle-$name-$run.json" --html "$out/idle-$name-$run.html"
    sleep 5
  done
  # the first fan-out warms the JIT up (as in run-all.sh); the second is measured
  for run in -cold ""; do
    bench --subscribers 15000 --messages 100 --rate 50 --ramp 3000 --idle 3 --no-heap --server-pid "$pid" --api-key "$SINAL_API_KEY" \
      --json "$out/fanout-$name$run.json" --html "$out/fanout-$name$run.html"
  done
  kill "$pid"
  sleep 2
done
python3 - "$out" <<'PY'
import json, pathlib, sys
out = pathlib.Path(sys.argv[1])
print("| server | heap/conn cold | RSS outside heap/conn cold | heap/conn warm | RSS outside heap/conn warm | fan-out deliveries/s | CPU µs/delivery |")
print("|---|---|---|---|---|---|---|")
for name in ["jdk17", "jdk25", "jdk25-coh"]:
    c = json.loads((out / f"idle-{name}-cold.json").read_text())["server"]["perConnection"]
    w = json.loads((out / f"idle-{name}-warm.json").read_text())["server"]["perConnection"]
    f = json.loads((out / f"fanout-{name}.json").read_text())
    print(f"| {name} | {c.get('heapBytes')} B | {c.get('rssBytes')} B | {w.get('heapBytes')} B | {w.get('rssBytes')} B "
          f"| {f['deliveries']['perSecond']} | {f['server'].get('cpuMicrosPerDelivery')} |")
PY
