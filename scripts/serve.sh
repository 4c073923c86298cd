#!/usr/bin/env bash
# Installs whatever is missing, builds the app for release and serves it on
# http://127.0.0.1:${PORT:-8080}/ (Ctrl-C to stop). dist/ is plain static
# files: copy it to any web server, or open it from a folder in a workshop.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build-app.sh
port=${PORT:-8080}
echo "High Needs Explorer on http://127.0.0.1:$port/"
exec python3 -m http.server "$port" --bind 127.0.0.1 --directory dist
