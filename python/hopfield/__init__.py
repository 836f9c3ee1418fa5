"""Associative memories on numpy: classical, dense and modern Hopfield networks, and attention.

Arrays hold one item (pattern, probe, state) per **row**: patterns are a ``(p, N)`` array. A C-contiguous
float64 array holds exactly the bytes of the library's column-major ``N x p`` matrix and is passed without
conversion; other arrays (float32, integers, booleans, strided slices, Fortran order) are converted once to
float64. Attention keeps float32 inputs in float32. Results come back as float64 numpy arrays in the same
row convention; they take over the library's matrices without a copy.

Errors: a bad argument, shape or value raises ``ValueError``, a file that cannot be read ``OSError``
(a data set not found ``FileNotFoundError``), each with the library's message.

Submodules: :mod:`hopfield.experiments` (the registry of experiments, the same numbers as the ``hopfield``
command-line tool), :mod:`hopfield.datasets` (MNIST, Fashion-MNIST, IDX files) and :mod:`hopfield.maxcut`
(MAX-CUT as Hopfield energy minimisation, the G-set graphs). The PyTorch layers live in
``hopfield.nn`` (imported on demand; PyTorch is optional).
"""

from hopfield._core import (
    ClassicalHopfield,
    DenseAssociativeMemory,
    ModernHopfield,
    MultiHeadAttention,
    RecallResult,
    add_gaussian_noise,
    attention,
    flip_exactly,
    flip_with_probability,
    gaussian_patterns,
    random_binary_patterns,
)
from hopfield import datasets, experiments, maxcut

__all__ = [
    "ClassicalHopfield",
    "DenseAssociativeMemory",
    "ModernHopfield",
    "MultiHeadAttention",
    "RecallResult",
    "add_gaussian_noise",
    "attention",
    "datasets",
    "experiments",
    "maxcut",
    "flip_exactly",
    "flip_with_probability",
    "gaussian_patterns",
    "random_binary_patterns",
]

__version__ = "0.1.0"
