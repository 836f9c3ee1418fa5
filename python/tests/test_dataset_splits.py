"""load_mnist(split=...) and load_fashion_mnist(split=...) against IDX files written here, and the clear error
when a split's file is missing."""

import gzip
import os
import pathlib
import struct

import numpy as np
import pytest

import hopfield


def write_idx(path, array, compress=False):
    array = np.ascontiguousarray(array, dtype=np.uint8)
    header = bytes([0, 0, 0x08, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    payload = header + array.tobytes()
    path.write_bytes(gzip.compress(payload) if compress else payload)


def write_split(folder, stem, count, seed, compress=False):
    rng = np.random.default_rng(seed)
    images = rng.integers(0, 256, size=(count, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, size=count, dtype=np.uint8)
    folder.mkdir(parents=True, exist_ok=True)
    suffix = ".gz" if compress else ""
    write_idx(folder / f"{stem}-images-idx3-ubyte{suffix}", images, compress)
    write_idx(folder / f"{stem}-labels-idx1-ubyte{suffix}", labels, compress)
    return images, labels


def test_mnist_splits_read_their_own_files(tmp_path):
    train = write_split(tmp_path / "mnist", "train", 6, seed=1, compress=True)
    test = write_split(tmp_path / "mnist", "t10k", 4, seed=2)
    for split, expected in (("train", train), ("test", test), ("t10k", test)):
        images, labels = hopfield.datasets.load_mnist(split, data=tmp_path)
        np.testing.assert_array_equal(images, expected[0])
        np.testing.assert_array_equal(labels, expected[1])
    limited, _ = hopfield.datasets.load_mnist(split="train", data=tmp_path, limit=2)
    np.testing.assert_array_equal(limited, train[0][:2])


def test_a_missing_split_names_its_file(tmp_path):
    write_split(tmp_path, "t10k", 3, seed=3)  # directly in the folder: found there too
    assert hopfield.datasets.load_mnist(split="test", data=tmp_path)[0].shape == (3, 28, 28)
    with pytest.raises(FileNotFoundError, match="train-images-idx3-ubyte"):
        hopfield.datasets.load_mnist(split="train", data=tmp_path)
    os.remove(tmp_path / "t10k-labels-idx1-ubyte")
    with pytest.raises(FileNotFoundError, match="t10k-labels-idx1-ubyte"):
        hopfield.datasets.load_mnist(split="test", data=tmp_path)


def test_the_one_set_without_a_split_says_how_to_read_it(sample_digits):
    assert hopfield.datasets.load_mnist(data=sample_digits)[0].shape == (400, 28, 28)
    with pytest.raises(FileNotFoundError, match="t10k-images-idx3-ubyte.*without split"):
        hopfield.datasets.load_mnist(split="test", data=sample_digits)


def test_the_fetched_data_has_no_split():
    folder = os.environ.get("HOPFIELD_DATA")
    if not folder or not (pathlib.Path(folder) / "mnist" / "mnist-images-idx3-ubyte").exists():
        pytest.skip("HOPFIELD_DATA does not hold the fetched MNIST digits")
    assert hopfield.datasets.load_mnist(limit=10)[0].shape == (10, 28, 28)
    with pytest.raises(FileNotFoundError, match="train-images-idx3-ubyte"):
        hopfield.datasets.load_mnist(split="train")


def test_bad_splits_are_value_errors(tmp_path):
    for load in (hopfield.datasets.load_mnist, hopfield.datasets.load_fashion_mnist):
        with pytest.raises(ValueError, match="split: expected 'train' or 'test'"):
            load(split="validation", data=tmp_path)


def test_fashion_mnist_splits(tmp_path):
    train = write_split(tmp_path / "fashion-mnist", "train", 5, seed=4)
    test = write_split(tmp_path / "fashion-mnist", "t10k", 2, seed=5, compress=True)
    for split, expected in (("train", train), ("test", test), ("t10k", test)):
        images, labels = hopfield.datasets.load_fashion_mnist(split, data=tmp_path)
        np.testing.assert_array_equal(images, expected[0])
        np.testing.assert_array_equal(labels, expected[1])
    os.remove(tmp_path / "fashion-mnist" / "train-images-idx3-ubyte")
    with pytest.raises(FileNotFoundError, match="train-images-idx3-ubyte"):
        hopfield.datasets.load_fashion_mnist("train", data=tmp_path)
