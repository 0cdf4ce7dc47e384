#!/usr/bin/env bash
# Three Sinal nodes on Redis and PostgreSQL behind nginx, all on loopback: http://127.0.0.1:28080/.
# Needs redis-server, PostgreSQL (database "test") and nginx running or installed; build the jar first
# (mvn -B -q package -DskipTests). Stop with: deploy/local-cluster.sh stop
set -euo pipefail
cd "$(dirname "$0")/.."
run=/tmp/sinal-cluster
if [ "${1:-}" = stop ]; then
  nginx -c "$PWD/deploy/nginx.conf" -s stop 2>/dev/null || true
  for pid in "$run"/*.pid; do [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null || true; done
  exit 0
fi
mkdir -p "$run/shared"
export SINAL_REDIS_URL=${SINAL_REDIS_URL:-redis://127.0.0.1:6379}
export SINAL_DB_URL=${SINAL_DB_URL:-jdbc:postgresql://127.0.0.1:5432/test}
export SINAL_DB_USER=${SINAL_DB_USER:-postgres}
# nginx passes the client's Host: the nodes must know every name it is reached by. 127.0.0.1 and
# localhost need none; add e.g. SINAL_ALLOWED_HOSTS=rt.example.com when serving a real name.
export SINAL_ALLOWED_HOSTS=${SINAL_ALLOWED_HOSTS:-}
# Every node must share these; generate them once.
[ -f "$run/secrets" ] || printf 'SINAL_API_KEY=%s\nSINAL_JWT_SECRET=%s\nSINAL_PIX_WEBHOOK_SECRET=%s\n' \
  "$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')" "$(head -c 32 /dev/urandom | base64 | tr '+/' '-_')" \
  "$(head -c 32 /dev/urandom | base64 | tr '+/' '-_')" > "$run/secrets"
set -a; . "$run/secrets"; set +a
for n in 1 2 3; do
  # The data directory is shared: uploaded files must be visible to every node.
  java -jar "${SINAL_JAR:-target/sinal.jar}" --host 127.0.0.1 --port "2808$n" --data-dir "$run/shared" > "$run/node$n.log" 2>&1 &
  echo $! > "$run/node$n.pid"
done
for n in 1 2 3; do
  for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:2808$n/health/ready" >/dev/null && break; sleep 0.5; done
done
nginx -c "$PWD/deploy/nginx.conf"
echo "cluster up: http://127.0.0.1:28080/  (API key in $run/secrets)"
