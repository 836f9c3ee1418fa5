#!/usr/bin/env bash
# Builds the explorer into web/dist, a static folder that works from any static host (relative URLs):
# the library compiled to WebAssembly by emscripten (web/CMakeLists.txt), then the TypeScript front end by
# vite. Installs the front end's npm packages from web/package-lock.json (npm install) when they are missing or
# older than the lock file.
#   bash scripts/build_explorer.sh
set -euo pipefail
cd "$(dirname "$0")/../web"
jobs=$(nproc 2>/dev/null || echo 2)
export NODE_PATH=/usr/share/nodejs  # Debian's emscripten finds its acorn there (needed from -O2 on)

echo "== WebAssembly core (emscripten)"
emcmake cmake -S . -B build-wasm -G Ninja -DCMAKE_BUILD_TYPE=Release -DEigen3_DIR=/usr/share/eigen3/cmake \
  -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node >/dev/null
cmake --build build-wasm -j "$jobs"
mkdir -p src/wasm
cp build-wasm/hopfield_core.mjs build-wasm/hopfield_core.wasm src/wasm/
cp src/core/hopfield_core.d.mts src/wasm/hopfield_core.d.mts

if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  # npm install, not npm ci: it installs the versions the lock file pins just the same, but npm ci refuses this
  # lock because vite lists a Windows-only optional package that npm leaves out of lock files on Linux.
  echo "== npm install (web/package-lock.json)"
  npm install --no-audit --no-fund
fi

echo "== front end (tsc, vite)"
npx tsc --noEmit
npx vite build --logLevel warn
echo "explorer built: web/dist (serve it with: bash scripts/explore.sh)"
