"""Ctrl-C stops a model's long recall: SIGINT sent to a process in the middle of one raises KeyboardInterrupt
there within about a second, and the recall returns nothing. Functional bounds, generous on purpose (a busy
machine); the speed of a recall is the benchmarks' business."""

import signal
import subprocess
import sys
import time

import pytest

from conftest import REPOSITORY

CHILD = """
import signal, sys, time
import numpy as np
import hopfield

received = []

def interrupt(number, frame):
    received.append(time.monotonic())
    raise KeyboardInterrupt

signal.signal(signal.SIGINT, interrupt)
rng = np.random.default_rng(1)
{setup}
result = None
print("ready", flush=True)
try:
    result = {call}
    print("finished", flush=True)
except KeyboardInterrupt:
    print("interrupted", time.monotonic() - received[0], result is None, flush=True)
"""

# Each recall takes seconds or more uninterrupted on one thread; a block of probes well under a second.
RECALLS = {
    "ClassicalHopfield": (
        "network = hopfield.ClassicalHopfield.hebb(hopfield.random_binary_patterns(100, 1000, seed=1))\n"
        "probes = hopfield.random_binary_patterns(20000, 1000, seed=2)",
        "network.recall(probes, max_sweeps=100, threads=1)",
    ),
    "DenseAssociativeMemory": (
        "network = hopfield.DenseAssociativeMemory(hopfield.random_binary_patterns(400, 500, seed=1), degree=3)\n"
        "probes = hopfield.random_binary_patterns(20000, 500, seed=2)",
        "network.recall(probes, max_sweeps=100, threads=1)",
    ),
    "maxcut.solve": (
        f"graph = hopfield.maxcut.read_gset({str(REPOSITORY / 'data' / 'gset' / 'G1.txt')!r})",
        "hopfield.maxcut.solve(graph, restarts=10**6, threads=1)",
    ),
    "ModernHopfield": (
        "network = hopfield.ModernHopfield(rng.standard_normal((20000, 64)), 0.1)\n"
        "probes = rng.standard_normal((64 * 400, 64))",
        "network.recall(probes, max_steps=3, tolerance=0.0, threads=1)",
    ),
}


@pytest.mark.parametrize("model", sorted(RECALLS))
def test_sigint_stops_a_long_recall(model):
    setup, call = RECALLS[model]
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(setup=setup, call=call)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout.readline().strip() == "ready"
        time.sleep(0.5)
        child.send_signal(signal.SIGINT)
        output, _ = child.communicate(timeout=30)
    finally:
        child.kill()
    words = output.split()
    assert words[0] == "interrupted", f"{model}: the recall was not interrupted: {output!r}"
    assert float(words[1]) < 2.0, f"{model}: KeyboardInterrupt came {words[1]} s after SIGINT"
    assert words[2] == "True"  # no result
