#!/usr/bin/python3
"""The peers: the same work written the way our users write it today, in numpy and PyTorch.

    /usr/bin/python3 bench/compare/peers.py CASE REPEATS

prints one JSON object {"case":…, "peer":…, "seconds":[…], "work":…, "blas":…} per peer and line.
Threads come from the environment (OMP_NUM_THREADS, OPENBLAS_NUM_THREADS; torch.set_num_threads follows
OMP_NUM_THREADS). compare.py runs this interleaved with our benchmark binary.
"""
import json
import os
import sys
import time

import numpy as np

THREADS = int(os.environ.get("OMP_NUM_THREADS", "1"))


def blas_name():
    """The BLAS library actually loaded (Debian switches libblas.so.3 through alternatives, so numpy's build
    information always says 'blas'): read it from this process's memory map."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line and "/" in line}
        return ", ".join(sorted(os.path.realpath(p) for p in paths)) or "none loaded"
    except OSError:
        return "unknown"


def timed(function, repeats):
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - start)
    return seconds


def emit(case, peer, seconds, work, note=""):
    print(json.dumps({"case": case, "peer": peer, "seconds": seconds, "work": work, "threads": THREADS,
                      "blas": blas_name(), "note": note}), flush=True)


# --- classical: asynchronous loop over neurons, and a vectorised synchronous recall ------------------------------
def classical_patterns(n, p, probes, rng):
    patterns = np.where(rng.random((n, p)) < 0.5, 1.0, -1.0)
    weights = patterns @ patterns.T / n
    np.fill_diagonal(weights, 0.0)
    sources = patterns[:, np.arange(probes) % p].copy()
    for k in range(probes):
        flip = rng.choice(n, n // 5, replace=False)
        sources[flip, k] *= -1
    return weights, sources


def loop_over_neurons_async(weights, probes, rng, max_sweeps=100):
    """One neuron at a time in a Python loop: the textbook asynchronous update, as a from-scratch
    implementation writes it."""
    n = weights.shape[0]
    states = probes.copy()
    for k in range(states.shape[1]):
        v = states[:, k]
        for _ in range(max_sweeps):
            changed = False
            for i in rng.permutation(n):
                h = weights[i] @ v
                new = 1.0 if h > 0 else (-1.0 if h < 0 else v[i])
                if new != v[i]:
                    v[i] = new
                    changed = True
            if not changed:
                break
    return states


def vectorised_sync(weights, probes, max_sweeps=100):
    """All probes and all neurons at once; stops when every probe is at a fixed point or in a 2-cycle.
    Ties go to +1 (the usual numpy idiom): with that rule synchronous dynamics provably end in a fixed point or
    a 2-cycle, so the loop stops early instead of running to max_sweeps."""
    states, previous = probes.copy(), None
    for _ in range(max_sweeps):
        field = weights @ states
        new = np.where(field >= 0, 1.0, -1.0)
        if np.array_equal(new, states) or (previous is not None and np.array_equal(new, previous)):
            break
        previous, states = states, new
    return states


def case_classical(repeats):
    n, p, probes = 784, 100, 1000
    rng = np.random.default_rng(1)
    weights, sources = classical_patterns(n, p, probes, rng)
    loop_probes = 20  # the Python loop is timed on 20 probes and reported per probe
    emit("classical-async-784", "numpy loop over neurons",
         [s / loop_probes for s in timed(lambda: loop_over_neurons_async(weights, sources[:, :loop_probes], rng), repeats)],
         "seconds per probe", f"timed on {loop_probes} probes")
    emit("classical-async-784", "numpy vectorised synchronous",
         [s / probes for s in timed(lambda: vectorised_sync(weights, sources), repeats)], "seconds per probe",
         f"{probes} probes at once")


# --- modern: one retrieval step X softmax(beta X^T Q) -------------------------------------------------------
def case_modern(repeats, d=64, p=100_000, batch=1024, beta=1.0):
    import torch

    torch.set_num_threads(THREADS)
    generator = torch.Generator().manual_seed(1)
    x = torch.randn(d, p, generator=generator)
    q = torch.randn(d, batch, generator=generator)

    def step():
        with torch.no_grad():
            return x @ torch.softmax(beta * (x.T @ q), dim=0)

    emit(f"modern-step-d{d}-p{p}-B{batch}", "torch", timed(step, repeats), "seconds per step",
         os.environ.get("GLIBC_TUNABLES", "default malloc"))
    xn, qn = x.numpy(), q.numpy()

    def numpy_step():
        scores = beta * (xn.T @ qn)
        scores -= scores.max(axis=0, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=0, keepdims=True)
        return xn @ scores

    emit(f"modern-step-d{d}-p{p}-B{batch}", "numpy", timed(numpy_step, repeats), "seconds per step")


CASES = {"classical": case_classical, "modern": case_modern}

if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in CASES:
        sys.exit(f"usage: peers.py {{{'|'.join(CASES)}}} REPEATS")
    CASES[sys.argv[1]](int(sys.argv[2]))
