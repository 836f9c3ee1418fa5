#!/usr/bin/env bash
# Eigen's own GEMM kernels against OpenBLAS through EIGEN_USE_BLAS: the same source (bench/gemm_paths/gemm_paths.cpp)
# built twice, one thread each, on the shapes the library multiplies. Needs libopenblas-dev (installs it).
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! dpkg-query -W -f='${Status}' libopenblas-dev 2>/dev/null | grep -q "install ok installed"; then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libopenblas-dev
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
flags=(-O3 -march=native -std=c++20 -DEIGEN_DONT_PARALLELIZE -I/usr/include/eigen3)
g++ "${flags[@]}" bench/gemm_paths/gemm_paths.cpp -o "$out/eigen"
g++ "${flags[@]}" -DEIGEN_USE_BLAS bench/gemm_paths/gemm_paths.cpp -o "$out/openblas" -lopenblas
for repeat in 1 2; do
  echo "== Eigen kernels (repeat $repeat)"; "$out/eigen"
  echo "== OpenBLAS via EIGEN_USE_BLAS, 1 thread (repeat $repeat)"; OPENBLAS_NUM_THREADS=1 "$out/openblas"
done
