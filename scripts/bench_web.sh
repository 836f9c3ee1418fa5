#!/usr/bin/env bash
# The explorer's WebAssembly kernels against the native library of the Release build, on the same inputs
# (a Markdown table; BENCHMARKS.md quotes it). Builds the explorer first if needed.
#   bash scripts/bench_web.sh [BUILD_DIR] [REPEATS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(cd "${1:-build}" && pwd)
repeats=${2:-5}
[[ -f web/src/wasm/hopfield_core.wasm ]] || bash scripts/build_explorer.sh
cmake --build "$build" --target explorer_reference >/dev/null
native=$(mktemp)
trap 'rm -f "$native"' EXIT
"$build/web/native/explorer_reference" bench "$repeats" >"$native"
(cd web && node bench/bench.mjs "$native" "$repeats")
