#!/usr/bin/env bash
# Serves the explorer on http://127.0.0.1:PORT/ (default 8000), building it first if web/dist is missing.
#   bash scripts/explore.sh [PORT]        # --rebuild as the first argument forces a build
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "--rebuild" ]]; then
  shift
  rm -rf web/dist
fi
port=${1:-8000}
[[ -f web/dist/index.html ]] || bash scripts/build_explorer.sh
echo "explorer: http://127.0.0.1:${port}/  (Ctrl-C stops it)"
exec /usr/bin/python3 -m http.server "$port" --bind 127.0.0.1 --directory web/dist
