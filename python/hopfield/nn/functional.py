"""Softmax retrieval for the hopfield.nn layers: the fused CPU kernels, or plain torch operations.

Shapes: a batch of G independent memories (one per batch element and head). ``queries`` (G, B, d_k),
``keys`` (G, p, d_k), ``values`` (G, p, d_v), ``beta`` (G,); the result is (G, B, d_v)::

    out[g] = softmax(beta[g] * queries[g] @ keys[g].T, dim=-1) @ values[g]

Which path runs (:func:`retrieval_path`):

- **fused** — CPU tensors of dtype float32 or float64, no mask, no dropout on the association matrix, and the
  fused path not switched off. float32 runs the library's fused single-precision kernels (forward: streaming
  online softmax; backward: scores recomputed block by block from the saved log-sum-exp). float64 runs the
  same blocked algorithm in double precision, exact enough for ``torch.autograd.gradcheck``. Neither pass
  forms the (B, p) association matrix.
- **torch** — everything else (CUDA or other devices, other dtypes, masks, dropout while training, or
  :func:`use_torch_path` / ``HOPFIELD_NN_PATH=torch``): the same formula in plain torch operations on the
  tensors' device, which forms the association matrix.
"""
from __future__ import annotations

import contextlib
import math
import os
from typing import Optional

import torch
from torch import Tensor

try:
    from .. import _nn
except ImportError:  # the extension is not built: every call takes the torch path
    _nn = None

_settings = {"force_torch": os.environ.get("HOPFIELD_NN_PATH", "") == "torch", "threads": 0}


def set_num_threads(threads: int) -> None:
    """Threads of the fused kernels (0: the OpenMP default). Results do not depend on it."""
    if not isinstance(threads, int) or threads < 0:
        raise ValueError(f"threads = {threads!r}: expected an integer >= 0 (0: the OpenMP default)")
    _settings["threads"] = threads


@contextlib.contextmanager
def use_torch_path(enabled: bool = True):
    """Within this context every retrieval runs through plain torch operations (as on a CUDA device)."""
    previous = _settings["force_torch"]
    _settings["force_torch"] = enabled
    try:
        yield
    finally:
        _settings["force_torch"] = previous


def retrieval_path(*tensors: Tensor, masked: bool = False, dropout: bool = False) -> str:
    """``"fused"`` or ``"torch"``: the path a retrieval on these tensors takes (see the module docstring)."""
    if _nn is None or _settings["force_torch"] or masked or dropout:
        return "torch"
    dtype = tensors[0].dtype
    if dtype not in (torch.float32, torch.float64):
        return "torch"
    if any(t.device.type != "cpu" or t.dtype != dtype for t in tensors):
        return "torch"
    return "fused"


def _as_array(t: Tensor):
    return t.detach().contiguous().numpy()


class _FusedRetrieval(torch.autograd.Function):
    """out = softmax(beta q kᵀ) v by the library's kernels; the backward recomputes the scores."""

    @staticmethod
    def forward(ctx, queries, keys, values, beta):
        out, lse = _nn.retrieve(_as_array(queries), _as_array(keys), _as_array(values), _as_array(beta),
                                _settings["threads"])
        out, lse = torch.from_numpy(out), torch.from_numpy(lse)
        ctx.save_for_backward(queries, keys, values, beta, out, lse)
        ctx.mark_non_differentiable(lse)
        return out, lse

    @staticmethod
    def backward(ctx, out_grad, _lse_grad):
        queries, keys, values, beta, out, lse = ctx.saved_tensors
        dq, dk, dv, dbeta = _nn.retrieve_backward(
            _as_array(queries), _as_array(keys), _as_array(values), _as_array(beta), out.numpy(), lse.numpy(),
            _as_array(out_grad), _settings["threads"])
        return torch.from_numpy(dq), torch.from_numpy(dk), torch.from_numpy(dv), torch.from_numpy(dbeta)


def association_scores(queries: Tensor, keys: Tensor, beta: Tensor, key_padding_mask: Optional[Tensor] = None,
                       association_mask: Optional[Tensor] = None) -> Tensor:
    """The raw association matrix beta q kᵀ (G, B, p), masked entries −inf (plain torch).

    key_padding_mask: (G, p) bool, True hides a stored pattern. association_mask: (B, p) or (G, B, p), bool
    (True hides the pair) or float (added to the scores)."""
    scores = torch.bmm(queries, keys.transpose(1, 2)) * beta.view(-1, 1, 1)
    if association_mask is not None:
        mask = association_mask if association_mask.dim() == 3 else association_mask.unsqueeze(0)
        if mask.dtype == torch.bool:
            scores = scores.masked_fill(mask, float("-inf"))
        else:
            scores = scores + mask.to(scores.dtype)
    if key_padding_mask is not None:
        scores = scores.masked_fill(key_padding_mask.unsqueeze(1), float("-inf"))
    return scores


def retrieve(queries: Tensor, keys: Tensor, values: Tensor, beta: Tensor, *,
             key_padding_mask: Optional[Tensor] = None, association_mask: Optional[Tensor] = None,
             dropout: float = 0.0, training: bool = False) -> Tensor:
    """softmax(beta q kᵀ) v for G memories at once (shapes in the module docstring)."""
    _check_shapes(queries, keys, values, beta)
    masked = key_padding_mask is not None or association_mask is not None
    dropping = dropout > 0.0 and training
    if retrieval_path(queries, keys, values, beta, masked=masked, dropout=dropping) == "fused":
        return _FusedRetrieval.apply(queries, keys, values, beta.to(queries.dtype))[0]
    weights = torch.softmax(association_scores(queries, keys, beta, key_padding_mask, association_mask), dim=-1)
    if dropping:
        weights = torch.nn.functional.dropout(weights, p=dropout, training=True)
    return torch.bmm(weights, values)


def log_sum_exp(queries: Tensor, keys: Tensor, beta: Tensor) -> Tensor:
    """log Σ_i exp(beta q·k_i) per query (G, B): by the fused kernel (not differentiable there) when its
    path applies and no gradient is needed, else by torch.logsumexp."""
    needs_grad = torch.is_grad_enabled() and any(t.requires_grad for t in (queries, keys, beta))
    if not needs_grad and retrieval_path(queries, keys, beta) == "fused":
        no_values = torch.zeros(keys.shape[0], keys.shape[1], 1, dtype=keys.dtype)
        return _FusedRetrieval.apply(queries, keys, no_values, beta.to(queries.dtype))[1]
    return torch.logsumexp(association_scores(queries, keys, beta), dim=-1)


def energy(states: Tensor, keys: Tensor, beta: Tensor) -> Tensor:
    """The log-sum-exp energy of each state (G, B) against its memory (Ramsauer et al. 2021, "Hopfield
    Networks is All You Need"):  E(ξ) = −lse(β, Xᵀξ) + ½ ξᵀξ + β⁻¹ log p + ½ M²,  lse(β, z) = β⁻¹ log Σ e^{β z},
    M the largest norm of a stored pattern."""
    beta_column = beta.view(-1, 1).to(states.dtype)
    count = keys.shape[1]
    largest = keys.norm(dim=-1).max(dim=-1).values.view(-1, 1)
    return (-log_sum_exp(states, keys, beta) / beta_column + 0.5 * (states * states).sum(-1)
            + math.log(count) / beta_column + 0.5 * largest * largest)


def _check_shapes(queries: Tensor, keys: Tensor, values: Tensor, beta: Tensor) -> None:
    if queries.dim() != 3 or keys.dim() != 3 or values.dim() != 3:
        raise ValueError(f"queries, keys and values: {queries.dim()}, {keys.dim()} and {values.dim()} dimensions;"
                         " expected 3 each (memories, items, features)")
    if keys.shape[1] == 0:
        raise ValueError("keys: no stored patterns; expected at least one")
    if queries.shape[0] != keys.shape[0] or values.shape[0] != keys.shape[0] or beta.shape != (keys.shape[0],):
        raise ValueError(f"queries {tuple(queries.shape)}, keys {tuple(keys.shape)}, values {tuple(values.shape)}"
                         f", beta {tuple(beta.shape)}: expected the same number of memories G first"
                         " and beta of shape (G,)")
    if queries.shape[2] != keys.shape[2] or values.shape[1] != keys.shape[1]:
        raise ValueError(f"queries {tuple(queries.shape)}, keys {tuple(keys.shape)}, values {tuple(values.shape)}"
                         ": expected queries and keys of the same width and as many values as keys")
