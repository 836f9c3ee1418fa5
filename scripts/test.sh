#!/usr/bin/env bash
# The whole test suite: installs what the build needs; builds (Release, with the Python module and the MPI
# support) and runs every test with CTest (the MPI tests under mpirun among them); runs the Python package's
# tests (pytest, hopfield.nn included) and the explorer's (the WebAssembly build against native, then every demo
# in headless chromium); then builds the library again under AddressSanitizer + UndefinedBehaviorSanitizer and
# runs every CTest test there too.
#   bash scripts/test.sh            # both
#   bash scripts/test.sh --fast     # Release only
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
# With ccache (CMakeLists.txt uses it when installed), paths inside the checkout are hashed relative to it, so
# the sanitizer build and any later build of unchanged sources hit the cache wherever the checkout lies.
export CCACHE_BASEDIR="$PWD"

bash scripts/setup.sh

run_suite() {  # build directory, extra CMake arguments...
  local dir=$1
  shift
  cmake -S . -B "$dir" -G Ninja -DHOPFIELD_BUILD_TESTS=ON "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
  (cd "$dir" && ctest --output-on-failure -j "$jobs")
}

echo "== Release build and tests"
run_suite build -DCMAKE_BUILD_TYPE=Release -DHOPFIELD_MPI=ON -DHOPFIELD_PYTHON=ON -DPython_EXECUTABLE=/usr/bin/python3
echo "== Python module tests"
bash scripts/test_python.sh build
echo "== Explorer tests"
bash scripts/test_web.sh build  # the explorer: WebAssembly core against native, then a headless browser

if [[ "${1:-}" != "--fast" ]]; then
  echo "== AddressSanitizer + UndefinedBehaviorSanitizer build and tests"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_suite build-sanitize -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" -DHOPFIELD_SANITIZE=address,undefined \
    -DHOPFIELD_NATIVE=OFF
fi
