"""The Python module's cost over the C++ library, and the module against PyTorch.

1. Overhead of a tiny call: ModernHopfield.energy on one 8-dimensional state, and ClassicalHopfield.energy on
   one 16-unit state, timed with timeit (best of repeats, per call), beside a Python function that does nothing.
2. Modern one-step retrieval at d = 64, p = 10^5, B = 1024 (the fused single-precision kernel, no final-energy
   pass) called from Python, the C++ benchmark BM_ModernStepFused on the same sizes in the same run (when
   --bench points at hopfield_bench), and torch X·softmax(β XᵀQ) in float32 on the same arrays with
   torch.set_num_threads(threads).

Usage (Debian's Python; the module from a build folder configured with -DHOPFIELD_PYTHON=ON):
  PYTHONPATH=build/python OMP_NUM_THREADS=2 /usr/bin/python3 bench/compare/python_overhead.py \
      --bench build-bench/bench/hopfield_bench --threads 2 --repeats 5
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import timeit

import numpy as np

import hopfield


def per_call_microseconds(call, number=20000, repeat=5):
    return min(timeit.repeat(call, number=number, repeat=repeat)) / number * 1e6


def tiny_calls():
    modern = hopfield.ModernHopfield(np.eye(8), 1.0)
    state8 = np.ones(8)
    classical = hopfield.ClassicalHopfield.hebb(hopfield.random_binary_patterns(2, 16, seed=1))
    state16 = np.ones(16)

    def nothing(x):
        return x

    print("# tiny calls (best of 5 x 20 000, microseconds per call)")
    print(f"python function doing nothing       {per_call_microseconds(lambda: nothing(state8)):8.2f} us")
    print(f"ModernHopfield.energy (d = 8)      {per_call_microseconds(lambda: modern.energy(state8)):8.2f} us")
    print(f"ClassicalHopfield.energy (N = 16)  {per_call_microseconds(lambda: classical.energy(state16)):8.2f} us")
    print(f"ModernHopfield.dimension (property) {per_call_microseconds(lambda: modern.dimension):8.2f} us")


def cxx_benchmark_ms(bench, threads):
    if not bench:
        return None
    environment = dict(os.environ, OMP_NUM_THREADS=str(threads))
    output = subprocess.run(
        [bench, "--benchmark_filter=BM_ModernStepFused/d:64/p:100000/B:1024/$", "--benchmark_repetitions=1"],
        check=True, capture_output=True, text=True, env=environment,
    ).stdout
    match = re.search(r"BM_ModernStepFused/d:64/p:100000/B:1024\S*\s+([\d.]+) ms", output)
    return float(match.group(1)) if match else None


def retrieval(threads, repeats, bench):
    d, p, batch = 64, 100_000, 1024
    beta = 1.0 / np.sqrt(d)
    patterns = hopfield.gaussian_patterns(p, d, seed=1)  # the C++ benchmark's draws, bit for bit
    probes = hopfield.add_gaussian_noise(patterns[np.arange(batch) % p], 0.3, seed=2)
    memory = hopfield.ModernHopfield(patterns, beta)

    def from_python():
        memory.recall(probes, max_steps=1, path="fused", final_energy=False, threads=threads)

    rows = []
    python_ms = []
    cxx_ms = []
    torch_ms = []
    try:
        import torch

        torch.set_num_threads(threads)
        x = torch.from_numpy(patterns.T.astype(np.float32).copy())  # d x p
        q = torch.from_numpy(probes.T.astype(np.float32).copy())  # d x B

        def from_torch():
            x @ torch.softmax(beta * (x.T @ q), dim=0)

    except ImportError:
        from_torch = None
    from_python()
    for _ in range(repeats):  # interleaved, so the three see the same machine load
        python_ms.append(min(timeit.repeat(from_python, number=1, repeat=3)) * 1e3)
        measured = cxx_benchmark_ms(bench, threads)
        if measured is not None:
            cxx_ms.append(measured)
        if from_torch:
            torch_ms.append(min(timeit.repeat(from_torch, number=1, repeat=2)) * 1e3)
    print(f"# modern one-step retrieval d = {d}, p = {p}, B = {batch}, {threads} threads, medians of {repeats}")
    print(f"python  hopfield.ModernHopfield.recall   {statistics.median(python_ms):8.1f} ms  {python_ms}")
    if cxx_ms:
        ratio = statistics.median(python_ms) / statistics.median(cxx_ms)
        print(f"c++     BM_ModernStepFused               {statistics.median(cxx_ms):8.1f} ms  (python/c++ {ratio:.3f})")
    if torch_ms:
        speedup = statistics.median(torch_ms) / statistics.median(python_ms)
        print(f"torch   X @ softmax(beta X.T @ Q)        {statistics.median(torch_ms):8.1f} ms  (python is {speedup:.2f}x faster)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", help="path of hopfield_bench (build with -DHOPFIELD_BUILD_BENCH=ON)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=5)
    arguments = parser.parse_args()
    print(f"# load average at start: {os.getloadavg()}")
    tiny_calls()
    retrieval(arguments.threads, arguments.repeats, arguments.bench)
    print(f"# load average at end: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
