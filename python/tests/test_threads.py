"""Long calls release the GIL, and Ctrl-C (KeyboardInterrupt) stops a run within about a second."""

import _thread
import threading
import time

import numpy as np
import pytest

import hopfield


def longest_pause_while_alive(thread):
    """The longest time this thread could not run while `thread` was alive."""
    last = time.perf_counter()
    longest = 0.0
    while thread.is_alive():
        now = time.perf_counter()
        longest = max(longest, now - last)
        last = now
    return longest


def test_a_long_recall_lets_another_thread_run():
    rng = np.random.default_rng(1)
    network = hopfield.ModernHopfield(rng.standard_normal((10000, 64)), 0.125)
    probes = rng.standard_normal((1000, 64))
    started = threading.Event()
    took = []

    def recall():
        started.wait()  # until the main thread measures
        begin = time.perf_counter()
        network.recall(probes, max_steps=6, tolerance=0.0, threads=1)
        took.append(time.perf_counter() - begin)

    worker = threading.Thread(target=recall)
    worker.start()
    started.set()
    longest = longest_pause_while_alive(worker)
    worker.join()
    # Holding the GIL, the recall would stop this thread for its whole duration.
    assert took[0] > 0.1 and longest < took[0] / 2


def test_an_experiment_lets_another_thread_run():
    started = threading.Event()
    took = []

    def run():
        started.wait()
        begin = time.perf_counter()
        hopfield.experiments.run("classical-capacity", trials=40, progress=False, threads=1)
        took.append(time.perf_counter() - begin)

    worker = threading.Thread(target=run)
    worker.start()
    started.set()
    longest = longest_pause_while_alive(worker)
    worker.join()
    assert took[0] > 0.1 and longest < took[0] / 2


def test_keyboard_interrupt_stops_a_long_experiment_quickly():
    # 300 trials at N = 1000 (tens of seconds on two cores), interrupted after half a second: the run stops at
    # the next trial that ends (each takes milliseconds).
    timer = threading.Timer(0.5, _thread.interrupt_main)
    begin = time.perf_counter()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        hopfield.experiments.run(
            "classical-capacity", neurons=1000, patterns="100,120,140", trials=100, probes=100, progress=False
        )
    assert time.perf_counter() - begin < 3.0
    timer.join()


def test_progress_is_reported_to_a_callable():
    seen = []
    hopfield.experiments.run("classical-capacity", trials=3, progress=lambda *args: seen.append(args))
    assert seen, "a run reports at least its end"
    task, done, total = seen[-1]
    assert task == "classical-capacity" and done == total > 0
