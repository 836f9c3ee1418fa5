"""Bad input raises ValueError or OSError with the library's message; never a crash."""

import gzip

import numpy as np
import pytest

import hopfield


def spins(count, dimension, seed=1):
    return hopfield.random_binary_patterns(count, dimension, seed=seed)


def test_wrong_shapes():
    network = hopfield.ModernHopfield(np.ones((5, 8)), 1.0)
    with pytest.raises(ValueError, match="dimension 7"):
        network.update(np.ones((3, 7)))
    with pytest.raises(ValueError, match="dimension"):
        hopfield.ClassicalHopfield.hebb(spins(3, 20)).recall(spins(2, 21))
    with pytest.raises(ValueError, match="probes: expected shape"):
        hopfield.ClassicalHopfield.hebb(spins(3, 20)).recall(np.ones((2, 2, 20)))
    with pytest.raises(ValueError, match="weights"):
        hopfield.ClassicalHopfield.from_weights(np.ones((3, 4)))
    with pytest.raises(ValueError, match="keys"):
        hopfield.attention(np.ones((2, 4)), np.ones((3, 5)), np.ones((3, 2)))


def test_non_numeric_arrays():
    with pytest.raises(ValueError, match="patterns"):
        hopfield.ClassicalHopfield.hebb(np.array([["a", "b"]]))
    with pytest.raises(ValueError, match="patterns"):
        hopfield.ClassicalHopfield.hebb(np.ones((2, 3), dtype=complex))


def test_nan_and_inf():
    bad = np.ones((4, 6))
    bad[1, 2] = np.nan
    with pytest.raises(ValueError, match="finite|NaN"):
        hopfield.ModernHopfield(bad, 1.0)
    with pytest.raises(ValueError, match="finite|NaN"):
        hopfield.ClassicalHopfield.hebb(bad)
    infinite = np.ones((2, 6))
    infinite[0, 0] = np.inf
    with pytest.raises(ValueError):
        hopfield.ModernHopfield(np.ones((4, 6)), 1.0).recall(infinite)
    with pytest.raises(ValueError):
        hopfield.attention(infinite, np.ones((3, 6)), np.ones((3, 2)))


def test_non_binary_probes():
    with pytest.raises(ValueError, match="probes"):
        hopfield.ClassicalHopfield.hebb(spins(3, 10)).recall(np.full((1, 10), 0.5))


@pytest.mark.parametrize("beta", [0.0, -1.0, float("nan"), float("inf")])
def test_beta_must_be_positive_and_finite(beta):
    with pytest.raises(ValueError, match="beta"):
        hopfield.ModernHopfield(np.ones((3, 4)), beta)


def test_pseudoinverse_with_more_patterns_than_units_needs_a_ridge():
    patterns = spins(12, 8)
    with pytest.raises(ValueError, match="ridge|λ|singular"):
        hopfield.ClassicalHopfield.pseudoinverse(patterns)
    hopfield.ClassicalHopfield.pseudoinverse(patterns, ridge=0.1)


def test_bad_options():
    network = hopfield.ClassicalHopfield.hebb(spins(3, 10))
    with pytest.raises(ValueError, match="dynamics"):
        network.recall(spins(1, 10), dynamics="sideways")
    with pytest.raises(ValueError, match="max_sweeps"):
        network.recall(spins(1, 10), max_sweeps=0)
    with pytest.raises(ValueError, match="precision"):
        hopfield.ModernHopfield(np.ones((3, 4)), 1.0).recall(np.ones((1, 4)), precision="half")


def test_truncated_idx_file_is_an_os_error(tmp_path, sample_digits):
    whole = gzip.decompress((sample_digits / "mnist-labels-idx1-ubyte.gz").read_bytes())
    truncated = tmp_path / "truncated-idx1-ubyte"
    truncated.write_bytes(whole[: len(whole) - 10])
    with pytest.raises(OSError, match="truncated-idx1-ubyte"):
        hopfield.datasets.read_idx(truncated)
    with pytest.raises(OSError, match="does not exist"):
        hopfield.datasets.read_idx(tmp_path / "missing")
