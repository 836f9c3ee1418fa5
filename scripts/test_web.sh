#!/usr/bin/env bash
# The explorer's tests: builds the WebAssembly core and the site (scripts/build_explorer.sh: emscripten,
# npm install, vite), runs the library's kernel tests compiled to WebAssembly under node, checks the core
# against the native library of the Release build (node --test), then drives every demo in headless chromium
# (playwright-core). Screenshots go to web/test-output/.
#   bash scripts/test_web.sh [BUILD_DIR]     # BUILD_DIR: the Release build folder (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(cd "${1:-build}" && pwd)
reference_program="$build/web/native/explorer_reference"
if [[ ! -x "$reference_program" ]]; then
  cmake --build "$build" --target explorer_reference
fi

start=$(date +%s)
bash scripts/build_explorer.sh
echo "== explorer: the library's kernel tests in WebAssembly (node)"
NODE_PATH=/usr/share/nodejs cmake --build web/build-wasm --target wasm_kernel_tests
# --no-experimental-fetch: emscripten 3.1.6's glue would otherwise fetch() the .wasm by its file path.
node --no-experimental-fetch web/build-wasm/wasm_kernel_tests.cjs --gtest_filter='Kernels.*' --gtest_brief=1
echo "== explorer: WebAssembly core against the native library"
reference=$(mktemp)
browser_tmp=$(mktemp -d)  # playwright leaves its profile and temporary files here
trap 'rm -rf "$reference" "$browser_tmp"' EXIT
"$reference_program" reference web/public/digits.bin >"$reference"
(cd web && EXPLORER_REFERENCE="$reference" node --test test/core.test.mjs)
echo "== explorer: headless chromium over every demo"
(cd web && TMPDIR="$browser_tmp" node test/browser.mjs)
echo "explorer tests passed in $(($(date +%s) - start)) s"
