"""Arrays reach the library's kernels without a copy, shown by the peak memory of a call on a large array.

Each case runs in a fresh interpreter: the array is made in place (no temporary that would raise the peak
first), then the call; the growth of the process's peak resident memory (VmHWM of /proc/self/status: the
peak of this program image alone, where ru_maxrss would carry over the peak of the pytest process that
started it) is compared with the array's size. A copy of the input anywhere on the way (binding or library)
adds the array's size again.
"""

import subprocess
import sys
import textwrap

import numpy as np
import pytest

import hopfield

SCRIPT = """
import numpy as np
import hopfield

def peak_mb():
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024

{setup}
before = peak_mb()
{call}
print(peak_mb() - before, array.nbytes / 2**20)
"""

# (setup making `array` in place, the call, the output's size in units of the array's size)
CASES = {
    # float64 states, the modern network's per-call inputs; outputs: a few labels, or the states' shape.
    "ModernHopfield.classify_fixed_points": (
        "network = hopfield.ModernHopfield(np.eye(2, 1000), 4.0)\n"
        "array = np.empty((12500, 1000)); np.random.default_rng(1).standard_normal(out=array)",
        "network.classify_fixed_points(array)",
        0.0,
    ),
    "ModernHopfield.update": (
        "network = hopfield.ModernHopfield(np.eye(2, 1000), 4.0)\n"
        "array = np.empty((12500, 1000)); np.random.default_rng(1).standard_normal(out=array)",
        "network.update(array)",
        1.0,
    ),
    "ModernHopfield.recall": (
        "network = hopfield.ModernHopfield(np.eye(2, 1000), 4.0)\n"
        "array = np.empty((12500, 1000)); np.random.default_rng(1).standard_normal(out=array)",
        "network.recall(array, max_steps=1, precision='double', threads=1)",
        1.0,
    ),
    # float32 probes of the modern network, read in place; the result's states are float64 (twice the size).
    "ModernHopfield.recall float32": (
        "network = hopfield.ModernHopfield(np.eye(2, 1000), 4.0)\n"
        "array = np.empty((12500, 1000), np.float32)\n"
        "np.random.default_rng(1).standard_normal(out=array, dtype=np.float32)",
        "network.recall(array, max_steps=1, threads=1)",
        2.0,
    ),
    # ±1 probes of the binary models: the result's states have the probes' shape.
    "ClassicalHopfield.recall": (
        "patterns = hopfield.random_binary_patterns(2, 100, seed=1)\n"
        "network = hopfield.ClassicalHopfield.hebb(patterns)\n"
        "array = np.empty((62500, 100)); array[:] = patterns[0]",
        "network.recall(array, max_sweeps=2, threads=1)",
        1.0,
    ),
    # A factory that keeps only the weights: Gaussian patterns (the double-precision rank update).
    "ClassicalHopfield.hebb": (
        "array = np.empty((62500, 100)); np.random.default_rng(1).standard_normal(out=array)",
        "hopfield.ClassicalHopfield.hebb(array)",
        0.0,
    ),
    # Attention in float32 (the fused kernel) and float64: large queries, few keys, one value column.
    "attention float32": (
        "keys = np.eye(4, 64, dtype=np.float32); values = np.ones((4, 1), np.float32)\n"
        "array = np.empty((200000, 64), np.float32)\n"
        "np.random.default_rng(1).standard_normal(out=array, dtype=np.float32)",
        "out = hopfield.attention(array, keys, values); assert out.dtype == np.float32",
        0.0,
    ),
    "attention float64": (
        "keys = np.eye(4, 64); values = np.ones((4, 1))\n"
        "array = np.empty((100000, 64)); np.random.default_rng(1).standard_normal(out=array)",
        "out = hopfield.attention(array, keys, values); assert out.dtype == np.float64",
        0.0,
    ),
}


def peak_growth(setup, call):
    script = SCRIPT.format(setup=setup, call=call)
    output = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)], check=True, capture_output=True, text=True
    ).stdout
    growth, size = (float(word) for word in output.split())
    return growth, size


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_c_contiguous_array_is_not_copied(name):
    setup, call, output_size = CASES[name]
    growth, size = peak_growth(setup, call)
    assert size >= 40  # large beside everything else the call allocates
    # The output itself, plus half the array's size of slack: a copy of the input would add a whole one.
    assert growth < (output_size + 0.5) * size, f"{name}: peak grew by {growth:.0f} MB for a {size:.0f} MB array"
    assert growth > (output_size - 0.25) * size  # the measure sees the output (it is not blind)


def test_a_strided_array_is_converted_once():
    # The same call on every other column of a twice-wider array: one converted copy (the contiguous
    # array's size), not more.
    growth, size = peak_growth(
        "network = hopfield.ModernHopfield(np.eye(2, 1000), 4.0)\n"
        "wide = np.empty((12500, 2000)); np.random.default_rng(1).standard_normal(out=wide)\n"
        "array = wide[:, ::2]",
        "network.classify_fixed_points(array)",
    )
    assert 0.5 * size < growth < 1.5 * size


def test_float32_probes_give_the_results_of_their_float64_values():
    rng = np.random.default_rng(5)
    network = hopfield.ModernHopfield(rng.standard_normal((30, 16)), 2.0)
    probes = rng.standard_normal((100, 16)).astype(np.float32)
    for precision in ("single", "double"):
        from_float = network.recall(probes, max_steps=3, precision=precision)
        from_double = network.recall(probes.astype(np.float64), max_steps=3, precision=precision)
        np.testing.assert_array_equal(from_float.states, from_double.states)
        assert from_float.energy == from_double.energy and from_float.sweeps == from_double.sweeps
    assert network.recall(probes[0]).states.shape == (16,)
    bad = probes.copy()
    bad[3, 2] = np.nan
    with pytest.raises(ValueError, match="recall: probes: entries must be finite"):
        network.recall(bad)
    with pytest.raises(ValueError, match="dimension"):
        network.recall(probes[:, :8])
