#!/usr/bin/env bash
# Installs the Python package `hopfield` into a virtual environment, for Debian's /usr/bin/python3.
#   bash scripts/install_python.sh            # into .venv (then: .venv/bin/python -c 'import hopfield')
#   bash scripts/install_python.sh DIR        # into another venv folder
# Debian marks its Python as externally managed (PEP 668), so pip does not install into it. The venv is made
# with --system-site-packages, so it sees Debian's numpy (and pandas, tqdm, matplotlib, torch when installed),
# and pip builds the package offline from this checkout (--no-build-isolation --no-index: the build backend is
# Debian's setuptools, which runs CMake; nothing is downloaded).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv=${1:-$root/.venv}

bash "$root/scripts/setup.sh"
if [[ ! -x "$venv/bin/python" ]]; then
  /usr/bin/python3 -m venv --system-site-packages "$venv"
fi
"$venv/bin/python" -m pip install --no-build-isolation --no-index "$root"
"$venv/bin/python" -c 'import hopfield; print("hopfield", hopfield.__version__, "installed in '"$venv"'")'
