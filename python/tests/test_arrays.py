"""The row convention, zero copy at the boundary, and arrays of other dtypes and layouts."""

import numpy as np

import hopfield
from hopfield import _core


def test_c_contiguous_float64_is_viewed_in_place():
    patterns = np.random.default_rng(1).standard_normal((7, 30))
    assert _core._items_address(patterns) == patterns.ctypes.data


def test_other_dtypes_and_layouts_are_converted():
    patterns = np.random.default_rng(2).standard_normal((7, 30))
    for other in (patterns.astype(np.float32), np.asfortranarray(patterns), patterns[:, ::2]):
        assert _core._items_address(other) != other.ctypes.data


def test_converted_arrays_give_the_same_results():
    rng = np.random.default_rng(3)
    patterns = rng.choice([-1.0, 1.0], size=(5, 40))
    reference = hopfield.ClassicalHopfield.hebb(patterns).weights
    for other in (
        patterns.astype(np.int8),
        patterns.astype(np.float32),
        np.asfortranarray(patterns),
        np.repeat(patterns, 2, axis=1)[:, ::2],
        patterns.tolist(),
    ):
        np.testing.assert_array_equal(hopfield.ClassicalHopfield.hebb(other).weights, reference)


def test_results_own_their_memory_without_a_copy():
    patterns = np.random.default_rng(4).standard_normal((6, 10))
    network = hopfield.ModernHopfield(patterns, 1.0)
    updated = network.update(patterns)
    assert updated.shape == (6, 10) and updated.flags.c_contiguous
    assert updated.base is not None  # the library's matrix, handed over, not copied into a new buffer
    assert network.update(patterns[0]).shape == (10,)


def test_row_convention_matches_the_library_columns():
    patterns = hopfield.random_binary_patterns(4, 50, seed=1)
    assert patterns.shape == (4, 50)
    first_three = hopfield.random_binary_patterns(3, 50, seed=1)
    np.testing.assert_array_equal(patterns[:3], first_three)  # pattern k is drawn from derive_seed(seed, k)
