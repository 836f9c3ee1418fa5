#!/usr/bin/env bash
# Installs the peers (Debian's python3-torch and python3-numpy on OpenBLAS), builds our benchmarks, and runs the
# side-by-side comparison. Arguments go to compare.py (e.g. --repeats 7 --cases classical).
set -euo pipefail
cd "$(dirname "$0")/../.."
packages=(python3-torch python3-numpy libopenblas0-pthread)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
bash scripts/setup.sh
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DHOPFIELD_BUILD_BENCH=ON -DHOPFIELD_BUILD_TESTS=OFF >/dev/null
cmake --build build-bench --target hopfield_bench
/usr/bin/python3 bench/compare/compare.py "$@"
