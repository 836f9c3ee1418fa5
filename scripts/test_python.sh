#!/usr/bin/env bash
# Runs the Python module's tests (python/tests, pytest) against a build folder configured with
# -DHOPFIELD_PYTHON=ON: the module in BUILD_DIR/python, the command-line tool BUILD_DIR/hopfield (the tests
# compare their JSON). Uses Debian's /usr/bin/python3, where numpy and pytest live.
#   bash scripts/test_python.sh build
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(cd "${1:?usage: scripts/test_python.sh BUILD_DIR}" && pwd)
if [[ ! -d "$build/python/hopfield" ]]; then
  echo "test_python: $build/python/hopfield is missing; configure with -DHOPFIELD_PYTHON=ON and build" >&2
  exit 1
fi
export PYTHONPATH="$build/python${PYTHONPATH:+:$PYTHONPATH}"
export HOPFIELD_BUILD_DIR="$build"
export PYTHONDONTWRITEBYTECODE=1
/usr/bin/python3 -m pytest -q -p no:cacheprovider python/tests
