#!/usr/bin/env bash
# The main job: installs what is needed, fetches the data, builds, and reproduces every table of the two
# write-ups (see README.md) beside the write-ups' figures. Writes out/results.json, out/csv/, out/images/
# (PNG grids) and out/figures/ (matplotlib). Runs from the repository root, so ./data is the data folder
# unless HOPFIELD_DATA says otherwise.
#   bash scripts/reproduce.sh [extra arguments for 'hopfield reproduce', e.g. --seed 7]
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

bash scripts/setup.sh
bash scripts/fetch_data.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$jobs" --target hopfield_cli
mkdir -p out
./build/hopfield reproduce --json out/results.json --csv out/csv --images out/images "$@"
/usr/bin/python3 scripts/plot_figures.py out/results.json out/figures
