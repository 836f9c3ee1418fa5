"""hopfield.nn: PyTorch Hopfield layers (Hopfield, HopfieldPooling, HopfieldLayer) on the library's fused
softmax-retrieval kernels, trainable with autograd. See docs/torch-layers.md."""
from . import functional
from .functional import retrieval_path, set_num_threads, use_torch_path
from .modules import Hopfield, HopfieldLayer, HopfieldPooling

__all__ = ["Hopfield", "HopfieldPooling", "HopfieldLayer", "functional", "retrieval_path", "set_num_threads",
           "use_torch_path"]
