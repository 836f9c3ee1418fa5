#!/usr/bin/env bash
# Two builds of hopfield_bench side by side in one run, interleaved (A, B, A, B, …) so that the machine's load
# falls on both alike: typically the default (portable, kernels chosen at run time) against a -march=native
# build. Prints each benchmark's median real time per build and the ratio.
#   bench/portable_vs_native.sh DEFAULT_BENCH NATIVE_BENCH [ROUNDS] [FILTER]
set -euo pipefail
first=$1
second=$2
rounds=${3:-3}
# The default filter: the run-time kernels (fused retrieval, packed and byte couplings, classical recall) and
# the models' Eigen work that the dense table dispatches (single and double modern steps, learning rules,
# spectrum, attention in double through multi-head attention).
filter=${4:-'BM_ModernStep/d:64/p:100000/B:1024|BM_ModernStep/d:784/p:10000/B:1024|BM_ModernStepFused/d:64/p:100000/B:1024|BM_ModernStepDense/d:64/p:10000/B:64|BM_ModernStepDouble|BM_ClassicalRecall/N:784|BM_HebbCapacityRecall/N:10000/p:2000/probes:16|BM_HebbPackedCouplingsBuild/N:10000/p:2000|BM_PseudoinverseWeights/N:784/p:300|BM_HebbWeights/N:784|BM_SymmetricSpectrum|BM_MultiHeadAttention'}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for round in $(seq 1 "$rounds"); do
  for build in first second; do
    binary=${!build}
    "$binary" --benchmark_filter="$filter" --benchmark_out="$work/$build-$round.json" \
      --benchmark_out_format=json >/dev/null 2>&1
  done
done
/usr/bin/python3 - "$work" "$rounds" "$first" "$second" <<'PY'
import json, statistics, sys, pathlib
work, rounds = pathlib.Path(sys.argv[1]), int(sys.argv[2])
times = {"first": {}, "second": {}}
context = {}
for build in times:
    for r in range(1, rounds + 1):
        data = json.load(open(work / f"{build}-{r}.json"))
        context[build] = data["context"]
        for b in data["benchmarks"]:
            times[build].setdefault(b["name"], []).append(b["real_time"] * {"ns": 1e-6, "us": 1e-3, "ms": 1, "s": 1e3}[b["time_unit"]])
print(f"# A = {sys.argv[3]}\n# B = {sys.argv[4]}\n# rounds = {rounds}, interleaved; medians in ms")
for key in ("fma_peak_gflops_all_threads", "sgemm_2048_gflops_all_threads"):
    print(f"# {key}: A {context['first'].get(key, '?')}, B {context['second'].get(key, '?')}")
print(f"{'benchmark':70} {'A (ms)':>10} {'B (ms)':>10} {'A / B':>7}")
for name, values in times["first"].items():
    a, b = statistics.median(values), statistics.median(times["second"].get(name, [float('nan')]))
    print(f"{name:70} {a:10.3f} {b:10.3f} {a / b:7.2f}")
PY
