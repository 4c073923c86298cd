#!/usr/bin/env bash
# Installs what is missing, builds the model's JS API and serves the model
# playground (a bare page on the JS API, for developers) on
# http://127.0.0.1:${PORT:-8081}/ (Ctrl-C to stop). The app is scripts/serve.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build-jsapi.sh
cp bench/index.html bench/playground.mjs bench/playground.css target/jsapi/
port=${PORT:-8081}
echo "Serving on http://127.0.0.1:$port/"
exec python3 -m http.server "$port" --bind 127.0.0.1 --directory target/jsapi
