#!/usr/bin/env bash
# Installs the build tree into a temporary prefix, then configures, builds and runs tests/package_consumer.
# With MPIRUN (a build with MPI), the consumer of hopfield::hopfield_mpi must exist and run under it.
#   check.sh BUILD_DIR [MPIRUN MPIRUN_FLAGS...]
set -euo pipefail
build=$1
shift
source_dir=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S "$source_dir" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/build" >/dev/null
"$work/build/consumer"
echo "installed package: found, linked and run"
if [[ $# -gt 0 ]]; then
  "$@" -np 2 "$work/build/consumer_mpi"
  echo "installed hopfield_mpi: found, linked and run under mpirun with 2 processes"
fi
