#!/usr/bin/env bash
# Installs the peers the benchmark compares Sinal with: Nchan (Debian's nginx module), a Node `ws`
# broadcast server and uWebSockets.js (npm's unofficial build of uWS 20.30 with Node 20 binaries). Run once, as root; the benchmark itself downloads nothing.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -e /usr/share/nginx/modules-available/mod-http-nchan.conf ] && [ ! -e /usr/lib/nginx/modules/ngx_nchan_module.so ]; then
  apt-get update -qq
  # Debian's postinst may try to start nginx on port 80; our own instance uses its own config and port.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light libnginx-mod-nchan >/dev/null || \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx libnginx-mod-nchan >/dev/null
  service nginx stop >/dev/null 2>&1 || true
fi
if ! command -v node >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
(cd node-ws && npm install --no-audit --no-fund --silent)
(cd uws && npm ci --no-audit --no-fund --silent)
echo "nchan: $(ls /usr/lib/nginx/modules/ngx_nchan_module.so)"
echo "node:  $(node --version), ws $(node -p "require('./node-ws/node_modules/ws/package.json').version")"
echo "uws:   $(node -p "require('./uws/node_modules/@trufflesuite/uws-js-unofficial/package.json').version")"
