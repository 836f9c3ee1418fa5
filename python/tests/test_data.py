"""Generators, corruption and data sets."""

import gzip

import numpy as np
import pytest

import hopfield


def test_generators_are_seeded_and_shaped():
    a = hopfield.random_binary_patterns(6, 100, seed=42)
    assert a.shape == (6, 100) and set(np.unique(a)) == {-1.0, 1.0}
    np.testing.assert_array_equal(a, hopfield.random_binary_patterns(6, 100, seed=42))
    assert not np.array_equal(a, hopfield.random_binary_patterns(6, 100, seed=43))
    biased = hopfield.random_binary_patterns(50, 200, seed=1, bias=0.5)
    assert 0.4 < biased.mean() < 0.6  # mean bias, 10 000 entries: standard error 0.009
    gaussian = hopfield.gaussian_patterns(200, 100, seed=3)
    assert abs(gaussian.mean()) < 0.02 and abs(gaussian.std() - 1.0) < 0.02


def test_flip_exactly_flips_that_many_bits_per_row():
    patterns = hopfield.random_binary_patterns(8, 100, seed=1)
    probes = hopfield.flip_exactly(patterns, 25, seed=2)
    np.testing.assert_array_equal((probes != patterns).sum(axis=1), [25] * 8)
    np.testing.assert_array_equal(probes, hopfield.flip_exactly(patterns, 25, seed=2))
    one = hopfield.flip_exactly(patterns[0], 25, seed=2)
    np.testing.assert_array_equal(one, probes[0])  # row k draws from derive_seed(seed, k)


def test_flip_with_probability_and_gaussian_noise():
    patterns = hopfield.random_binary_patterns(20, 500, seed=1)
    flipped = hopfield.flip_with_probability(patterns, 0.2, seed=2)
    assert 0.18 < (flipped != patterns).mean() < 0.22
    noisy = hopfield.add_gaussian_noise(patterns, 0.3, seed=3)
    assert abs((noisy - patterns).std() - 0.3) < 0.01
    with pytest.raises(ValueError, match="probability"):
        hopfield.flip_with_probability(patterns, 1.5, seed=2)


def test_load_mnist_sample_equals_the_files(sample_digits):
    images, labels = hopfield.datasets.load_mnist(data=sample_digits)
    assert images.dtype == np.uint8 and images.shape == (400, 28, 28)
    assert labels.dtype == np.uint8 and labels.shape == (400,)
    raw = np.frombuffer(gzip.decompress((sample_digits / "mnist-images-idx3-ubyte.gz").read_bytes()), np.uint8)
    np.testing.assert_array_equal(images.reshape(-1), raw[16:])
    np.testing.assert_array_equal(np.bincount(labels), [40] * 10)
    limited, _ = hopfield.datasets.load_mnist(data=sample_digits, limit=5)
    np.testing.assert_array_equal(limited, images[:5])


def test_read_idx_gives_the_dimensions(sample_digits):
    labels = hopfield.datasets.read_idx(sample_digits / "mnist-labels-idx1-ubyte.gz")
    assert labels.shape == (400,) and labels.dtype == np.uint8
    images = hopfield.datasets.read_idx(str(sample_digits / "mnist-images-idx3-ubyte.gz"))
    assert images.shape == (400, 28, 28)


def test_missing_data_set_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError, match="mnist"):
        hopfield.datasets.load_mnist(data=tmp_path)
    with pytest.raises(ValueError, match="split"):
        hopfield.datasets.load_fashion_mnist(split="validation")
