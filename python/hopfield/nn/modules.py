"""hopfield.nn.Hopfield, HopfieldPooling and HopfieldLayer: Hopfield layers on the library's kernels.

Constructor arguments, defaults, input and output shapes follow hflayers (Ramsauer et al. 2021, "Hopfield
Networks is All You Need"; the ml-jku/hopfield-layers package). docs/torch-layers.md lists the differences.
"""
from __future__ import annotations

import inspect
import math
from typing import Optional, Tuple, Union

import torch
from torch import Tensor, nn

from . import functional as F

_Input = Union[Tensor, Tuple[Tensor, Tensor, Tensor]]


def _normalisation(enabled: bool, affine: bool, size: Optional[int], eps: float, what: str) -> Optional[nn.Module]:
    if affine and not enabled:
        raise ValueError(f"normalize_{what}_affine = True needs normalize_{what} = True"
                         " (affine normalisation without normalisation has no effect)")
    if not enabled:
        return None
    if size is None:
        raise ValueError(f"normalize_{what} = True needs the size of the {what.replace('_', ' ')}"
                         " (input_size or the matching *_size argument)")
    return nn.LayerNorm(size, elementwise_affine=affine, eps=eps)


def _positive_int(value, what: str, allow_none: bool = False) -> None:
    if value is None and allow_none:
        return
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValueError(f"{what} = {value!r}: expected a positive integer")


def _hopfield_arguments(arguments: dict) -> dict:
    """The arguments of a wrapping module's constructor that :class:`Hopfield` takes (HopfieldPooling and
    HopfieldLayer spell out hflayers' signature for help() and completion, and hand these on unchanged)."""
    names = inspect.signature(Hopfield.__init__).parameters
    return {name: value for name, value in arguments.items() if name in names and name != "self"}


class Hopfield(nn.Module):
    """Hopfield association (multi-head): the state patterns (queries) retrieve from the stored patterns
    (keys) and read out the pattern projections (values),

        out = W_O · [softmax(β ξ_h K_hᵀ) V_h]_heads,   ξ_h = W_Q^h state, K_h = W_K^h stored, V_h = W_V^h proj,

    after ``update_steps_max`` Hopfield updates ξ ← softmax(β ξ Kᵀ) K of the state. Inputs are (N, L, E)
    with ``batch_first`` (else (L, N, E)); ``forward`` takes one tensor (used as stored pattern, state
    pattern and pattern projection) or the tuple (stored_pattern, state_pattern, pattern_projection).
    A stored pattern with batch size 1 is shared by every state of the batch (one memory, no copies).
    """

    def __init__(self,
                 input_size: Optional[int] = None,
                 hidden_size: Optional[int] = None,
                 output_size: Optional[int] = None,
                 pattern_size: Optional[int] = None,
                 num_heads: int = 1,
                 scaling: Optional[Union[float, Tensor]] = None,
                 update_steps_max: Optional[Union[int, Tensor]] = 0,
                 update_steps_eps: Union[float, Tensor] = 1e-4,
                 normalize_stored_pattern: bool = True,
                 normalize_stored_pattern_affine: bool = True,
                 normalize_stored_pattern_eps: float = 1e-5,
                 normalize_state_pattern: bool = True,
                 normalize_state_pattern_affine: bool = True,
                 normalize_state_pattern_eps: float = 1e-5,
                 normalize_pattern_projection: bool = True,
                 normalize_pattern_projection_affine: bool = True,
                 normalize_pattern_projection_eps: float = 1e-5,
                 normalize_hopfield_space: bool = False,
                 normalize_hopfield_space_affine: bool = False,
                 normalize_hopfield_space_eps: float = 1e-5,
                 stored_pattern_as_static: bool = False,
                 state_pattern_as_static: bool = False,
                 pattern_projection_as_static: bool = False,
                 pattern_projection_as_connected: bool = False,
                 stored_pattern_size: Optional[int] = None,
                 pattern_projection_size: Optional[int] = None,
                 batch_first: bool = True,
                 association_activation: Optional[str] = None,
                 dropout: float = 0.0,
                 input_bias: bool = True,
                 concat_bias_pattern: bool = False,
                 add_zero_association: bool = False,
                 disable_out_projection: bool = False):
        super().__init__()
        _positive_int(num_heads, "num_heads")
        for value, what in ((input_size, "input_size"), (hidden_size, "hidden_size"), (output_size, "output_size"),
                            (pattern_size, "pattern_size"), (stored_pattern_size, "stored_pattern_size"),
                            (pattern_projection_size, "pattern_projection_size")):
            _positive_int(value, what, allow_none=True)
        if not isinstance(batch_first, bool):
            raise ValueError(f"batch_first = {batch_first!r}: expected True or False")
        if isinstance(update_steps_max, Tensor) or isinstance(update_steps_eps, Tensor):
            raise ValueError("update_steps_max and update_steps_eps per head (tensors) are not supported: give one"
                             " int (or None) and one float for every head")
        if update_steps_max is not None and (not isinstance(update_steps_max, int) or update_steps_max < 0):
            raise ValueError(f"update_steps_max = {update_steps_max!r}: expected an integer >= 0 or None (until"
                             " converged)")
        if not isinstance(update_steps_eps, float) or not update_steps_eps > 0:
            raise ValueError(f"update_steps_eps = {update_steps_eps!r}: expected a positive float")
        if not 0.0 <= dropout < 1.0:
            raise ValueError(f"dropout = {dropout!r}: expected a probability in [0, 1)")
        self.association_activation = None
        if association_activation is not None:
            self.association_activation = getattr(torch, association_activation, None)
            if not isinstance(association_activation, str) or not callable(self.association_activation):
                raise ValueError(f"association_activation = {association_activation!r}: expected the name of a"
                                 " torch function, such as 'tanh' or 'relu'")
        static_only = (stored_pattern_as_static and state_pattern_as_static and pattern_projection_as_static
                       and not pattern_projection_as_connected and not normalize_hopfield_space
                       and disable_out_projection)
        if input_size is None and not static_only:
            raise ValueError("input_size = None: expected the width of the state pattern (only a layer without"
                             " any projection, every *_as_static and disable_out_projection set, can omit it)")
        stored_size = stored_pattern_size if stored_pattern_size is not None else input_size
        projection_size = pattern_projection_size if pattern_projection_size is not None else input_size
        if hidden_size is None and not static_only:
            if input_size % num_heads:
                raise ValueError(f"input_size = {input_size} with num_heads = {num_heads}: without hidden_size the"
                                 " input size must be divisible by the number of heads")
            hidden_size = input_size // num_heads
        if pattern_size is None:
            pattern_size = hidden_size
        if pattern_projection_as_connected:
            if stored_pattern_as_static:
                raise ValueError("pattern_projection_as_connected = True needs a projected stored pattern"
                                 " (stored_pattern_as_static = False)")
            if stored_size != projection_size:
                raise ValueError(f"pattern_projection_as_connected = True: stored pattern size {stored_size} and"
                                 f" pattern projection size {projection_size} must be equal")
        if concat_bias_pattern and (stored_pattern_as_static or pattern_projection_as_static):
            raise ValueError("concat_bias_pattern = True cannot add a bias pattern to a static stored pattern or"
                             " pattern projection")
        self.num_heads, self.head_dim, self.pattern_dim = num_heads, hidden_size, pattern_size
        self.stored_pattern_as_static = stored_pattern_as_static
        self.state_pattern_as_static = state_pattern_as_static
        self.pattern_projection_as_static = pattern_projection_as_static
        self.pattern_projection_as_connected = pattern_projection_as_connected
        self.dropout = dropout
        self.add_zero_association = add_zero_association
        self._input_size, self._stored_size, self._projection_size = input_size, stored_size, projection_size
        heads_width = None if hidden_size is None else num_heads * hidden_size
        values_width = None if pattern_size is None else num_heads * pattern_size
        self.norm_stored_pattern = _normalisation(normalize_stored_pattern, normalize_stored_pattern_affine,
                                                  stored_size, normalize_stored_pattern_eps, "stored_pattern")
        self.norm_state_pattern = _normalisation(normalize_state_pattern, normalize_state_pattern_affine,
                                                 input_size, normalize_state_pattern_eps, "state_pattern")
        self.norm_pattern_projection = _normalisation(
            normalize_pattern_projection, normalize_pattern_projection_affine, projection_size,
            normalize_pattern_projection_eps, "pattern_projection")
        self.norm_hopfield_space = _normalisation(normalize_hopfield_space, normalize_hopfield_space_affine,
                                                  hidden_size, normalize_hopfield_space_eps, "hopfield_space")
        self.q_proj = None if state_pattern_as_static else nn.Linear(input_size, heads_width, bias=input_bias)
        self.k_proj = None if stored_pattern_as_static else nn.Linear(stored_size, heads_width, bias=input_bias)
        value_input = heads_width if pattern_projection_as_connected else projection_size
        self.v_proj = (None if pattern_projection_as_static
                       else nn.Linear(value_input, values_width, bias=input_bias))
        self._output_size = None
        if disable_out_projection:
            self.out_proj = None
        else:
            self._output_size = output_size if output_size is not None else input_size
            self.out_proj = nn.Linear(values_width, self._output_size, bias=input_bias)
        self.bias_k = nn.Parameter(torch.empty(1, 1, heads_width)) if concat_bias_pattern else None
        self.bias_v = nn.Parameter(torch.empty(1, 1, values_width)) if concat_bias_pattern else None
        if isinstance(scaling, Tensor):
            if scaling.dim() != 1 or scaling.shape[0] != num_heads:
                raise ValueError(f"scaling: a tensor of shape {tuple(scaling.shape)}; expected ({num_heads},),"
                                 " one entry per head")
        elif scaling is not None and not (isinstance(scaling, (float, int)) and math.isfinite(scaling)):
            raise ValueError(f"scaling = {scaling!r}: expected a finite float, a tensor of one entry per head,"
                             " or None")
        if scaling is None:
            scaling = 1.0 if static_only else 1.0 / math.sqrt(hidden_size)
        # A Parameter stays trainable (dβ flows through the fused backward); a plain tensor or float is fixed.
        self.scaling = scaling if isinstance(scaling, nn.Parameter) else (
            scaling.detach().clone() if isinstance(scaling, Tensor) else float(scaling))
        self.batch_first = batch_first
        self.update_steps_max = update_steps_max
        self.update_steps_eps = update_steps_eps
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Projections N(0, 0.02²), biases 0, bias patterns N(0, 0.02²), normalisations to identity."""
        for projection in (self.q_proj, self.k_proj, self.v_proj, self.out_proj):
            if projection is not None:
                nn.init.normal_(projection.weight, mean=0.0, std=0.02)
                if projection.bias is not None:
                    nn.init.zeros_(projection.bias)
        for bias in (self.bias_k, self.bias_v):
            if bias is not None:
                nn.init.normal_(bias, mean=0.0, std=0.02)
        for norm in (self.norm_stored_pattern, self.norm_state_pattern, self.norm_pattern_projection,
                     self.norm_hopfield_space):
            if norm is not None:
                norm.reset_parameters()

    # --- sizes, as hflayers names them -----------------------------------------------------------------------
    @property
    def input_size(self) -> Optional[int]:
        return self._input_size

    @property
    def hidden_size(self) -> Optional[int]:
        return self.head_dim

    @property
    def output_size(self) -> Optional[int]:
        return self._output_size

    @property
    def pattern_size(self) -> Optional[int]:
        return self.pattern_dim

    @property
    def stored_pattern_dim(self) -> Optional[int]:
        return self._stored_size

    @property
    def state_pattern_dim(self) -> Optional[int]:
        return self._input_size

    @property
    def pattern_projection_dim(self) -> Optional[int]:
        return self._projection_size

    # --- the association ---------------------------------------------------------------------------------
    def _split(self, data: _Input):
        if isinstance(data, Tensor):
            stored, state, projection = data, data, data
        elif isinstance(data, tuple) and len(data) == 3:
            stored, state, projection = data
        else:
            raise ValueError("input: expected one tensor (stored pattern, state pattern and pattern projection"
                             " at once) or a tuple of three (stored_pattern, state_pattern, pattern_projection)")
        for tensor, what in ((stored, "stored pattern"), (state, "state pattern"), (projection, "pattern projection")):
            if not isinstance(tensor, Tensor) or tensor.dim() != 3:
                raise ValueError(f"{what}: expected a tensor of 3 dimensions "
                                 f"({'(N, L, E)' if self.batch_first else '(L, N, E)'})")
        if not self.batch_first:
            stored, state, projection = (t.transpose(0, 1) for t in (stored, state, projection))
        return stored, state, projection

    def _beta(self, like: Tensor) -> Tensor:
        if isinstance(self.scaling, Tensor):
            return self.scaling.to(dtype=like.dtype, device=like.device)
        return torch.full((self.num_heads,), self.scaling, dtype=like.dtype, device=like.device)

    def _heads(self, x: Tensor, projection: Optional[nn.Module], width: Optional[int], what: str) -> Tensor:
        """(N, S, ·) -> (N, H, S, width): projected, or the static pattern repeated for every head."""
        n, s = x.shape[0], x.shape[1]
        if projection is None:
            if width is not None and x.shape[2] != width:
                raise ValueError(f"{what}: width {x.shape[2]} as a static pattern; expected {width}")
            return x.unsqueeze(1).expand(n, self.num_heads, s, x.shape[2])
        if x.shape[2] != projection.in_features:
            raise ValueError(f"{what}: width {x.shape[2]}; expected {projection.in_features}")
        return projection(x).view(n, s, self.num_heads, -1).transpose(1, 2)

    def _patterns(self, data: _Input):
        """Queries (N, H, L, d), keys (N', H, S, d), values (N', H, S, d_v) in the Hopfield space."""
        stored, state, projection = self._split(data)
        if stored.shape[:2] != projection.shape[:2]:
            raise ValueError(f"stored pattern {tuple(stored.shape)} and pattern projection {tuple(projection.shape)}:"
                             " expected the same batch size and number of patterns")
        if stored.shape[0] not in (1, state.shape[0]):
            raise ValueError(f"stored pattern batch size {stored.shape[0]}: expected 1 (shared) or"
                             f" {state.shape[0]}, the state pattern's")
        for x, norm, what in ((stored, self.norm_stored_pattern, "stored pattern"),
                              (state, self.norm_state_pattern, "state pattern"),
                              (projection, self.norm_pattern_projection, "pattern projection")):
            if norm is not None and x.shape[2] != norm.normalized_shape[0]:
                raise ValueError(f"{what}: width {x.shape[2]}; expected {norm.normalized_shape[0]}")
        if self.norm_stored_pattern is not None:
            stored = self.norm_stored_pattern(stored)
        if self.norm_state_pattern is not None:
            state = self.norm_state_pattern(state)
        if self.norm_pattern_projection is not None:
            projection = self.norm_pattern_projection(projection)
        queries = self._heads(state, self.q_proj, self.head_dim, "state pattern")
        keys = self._heads(stored, self.k_proj, self.head_dim, "stored pattern")
        if self.pattern_projection_as_connected:
            projection = self.k_proj(projection)
        if self.pattern_projection_as_connected and self.v_proj is None:  # the key projection's heads
            values = projection.view(projection.shape[0], projection.shape[1], self.num_heads, -1).transpose(1, 2)
        else:
            values = self._heads(projection, self.v_proj, self.pattern_dim, "pattern projection")
        if self.norm_hopfield_space is not None:
            queries, keys = self.norm_hopfield_space(queries), self.norm_hopfield_space(keys)
        if queries.shape[-1] != keys.shape[-1]:
            raise ValueError(f"state pattern width {queries.shape[-1]} and stored pattern width {keys.shape[-1]}"
                             " in the Hopfield space: expected equal")
        extra_keys, extra_values = [], []
        if self.bias_k is not None:
            extra_keys.append(self.bias_k.view(1, self.num_heads, 1, -1))
            extra_values.append(self.bias_v.view(1, self.num_heads, 1, -1))
        if self.add_zero_association:
            extra_keys.append(keys.new_zeros(1, self.num_heads, 1, keys.shape[-1]))
            extra_values.append(values.new_zeros(1, self.num_heads, 1, values.shape[-1]))
        if extra_keys:
            n = keys.shape[0]
            keys = torch.cat([keys] + [e.expand(n, -1, -1, -1) for e in extra_keys], dim=2)
            values = torch.cat([values] + [e.expand(n, -1, -1, -1) for e in extra_values], dim=2)
        return queries, keys, values, len(extra_keys)

    def _masks(self, n: int, queries: int, count: int, extra: int, stored_pattern_padding_mask, association_mask):
        """The masks in the memory-batched layout: (N·H, S) and (L, S) or (N·H, L, S)."""
        padding = None
        if stored_pattern_padding_mask is not None:
            mask = stored_pattern_padding_mask
            if mask.dim() != 2 or mask.shape[0] != n or mask.shape[1] + extra != count:
                raise ValueError(f"stored_pattern_padding_mask: shape {tuple(mask.shape)}; expected ({n},"
                                 f" {count - extra}) (batch, stored patterns)")
            mask = torch.nn.functional.pad(mask.to(torch.bool), [0, extra])
            padding = mask.repeat_interleave(self.num_heads, dim=0)
        association = None
        if association_mask is not None:
            mask = association_mask
            expected = [(queries, count - extra), (n * self.num_heads, queries, count - extra)]
            if tuple(mask.shape) not in expected:
                raise ValueError(f"association_mask: shape {tuple(mask.shape)}; expected {expected[0]} or"
                                 f" {expected[1]}")
            if mask.dtype == torch.uint8:
                mask = mask.to(torch.bool)
            association = torch.nn.functional.pad(mask, [0, extra])
        return padding, association

    def _retrieve_all(self, data: _Input, stored_pattern_padding_mask=None, association_mask=None):
        """(output before the out projection (N, L, H·d_v), final states (G, L, d), keys, values, beta, masks)."""
        queries, keys, values, extra = self._patterns(data)
        n, heads, length = queries.shape[0], queries.shape[1], queries.shape[2]
        masked = stored_pattern_padding_mask is not None or association_mask is not None
        shared = keys.shape[0] == 1 and n > 1 and not masked
        beta = self._beta(queries)
        if shared:  # one memory per head; the batch's states are its queries
            states = queries.transpose(0, 1).reshape(heads, n * length, -1)
            keys, values = keys[0], values[0]
            group_beta = beta
        else:
            if keys.shape[0] == 1:
                keys, values = keys.expand(n, -1, -1, -1), values.expand(n, -1, -1, -1)
            states = queries.reshape(n * heads, length, -1)
            keys = keys.reshape(n * heads, keys.shape[2], -1)
            values = values.reshape(n * heads, values.shape[2], -1)
            group_beta = beta.repeat(n)
        padding, association = self._masks(n, length, keys.shape[1], extra, stored_pattern_padding_mask,
                                           association_mask)
        if association is not None and shared:
            raise AssertionError("unreachable: masks disable the shared layout")
        masks = dict(key_padding_mask=padding, association_mask=association)
        states = self._update(states, keys, group_beta, masks)
        out = F.retrieve(states, keys, values, group_beta, dropout=self.dropout, training=self.training, **masks)
        if shared:
            out = out.view(heads, n, length, -1).permute(1, 2, 0, 3)
        else:
            out = out.view(n, heads, length, -1).transpose(1, 2)
        return out.reshape(n, length, -1), states, keys, values, group_beta, masks, shared

    def _update(self, states: Tensor, keys: Tensor, beta: Tensor, masks) -> Tensor:
        """update_steps_max Hopfield updates ξ ← softmax(β ξ Kᵀ) K (None: until the largest change of a
        state, in Euclidean norm over a head's batch, is at most update_steps_eps); autograd follows every
        step."""
        step = 0
        limit = self.update_steps_max
        while limit is None or step < limit:
            new_states = F.retrieve(states, keys, keys, beta, **masks)
            with torch.no_grad():
                change = (new_states - states).flatten(1).norm(dim=1).max().item()
            states = new_states
            step += 1
            if change <= self.update_steps_eps or (limit is None and step >= 10000):
                break
        return states

    def _output(self, out: Tensor) -> Tensor:
        if self.out_proj is not None:
            out = self.out_proj(out)
        if not self.batch_first:
            out = out.transpose(0, 1)
        if self.association_activation is not None:
            out = self.association_activation(out)
        return out

    def forward(self, input: _Input, stored_pattern_padding_mask: Optional[Tensor] = None,
                association_mask: Optional[Tensor] = None) -> Tensor:
        """The retrieved patterns, (N, L, output_size) with batch_first (else (L, N, output_size)).

        stored_pattern_padding_mask: (N, S) bool, True hides a stored pattern. association_mask: (L, S) or
        (N·num_heads, L, S), bool (True hides the pair) or float (added to the association scores)."""
        out = self._retrieve_all(input, stored_pattern_padding_mask, association_mask)[0]
        return self._output(out)

    def _association(self, input: _Input, stored_pattern_padding_mask, association_mask, softmax: bool) -> Tensor:
        with torch.no_grad():
            _, states, keys, _, beta, masks, shared = self._retrieve_all(input, stored_pattern_padding_mask,
                                                                         association_mask)
            scores = F.association_scores(states, keys, beta, **masks)
            if softmax:
                scores = torch.softmax(scores, dim=-1)
            n = input.shape[0 if self.batch_first else 1] if isinstance(input, Tensor) else (
                input[1].shape[0 if self.batch_first else 1])
            if shared:
                return scores.view(self.num_heads, n, -1, scores.shape[-1]).transpose(0, 1)
            return scores.view(n, self.num_heads, scores.shape[1], scores.shape[2])

    def get_association_matrix(self, input: _Input, stored_pattern_padding_mask: Optional[Tensor] = None,
                               association_mask: Optional[Tensor] = None) -> Tensor:
        """The association matrix softmax(β ξ Kᵀ) of the final states, (N, num_heads, L, S) (formed in full)."""
        return self._association(input, stored_pattern_padding_mask, association_mask, softmax=True)

    def get_association_scores(self, input: _Input, stored_pattern_padding_mask: Optional[Tensor] = None,
                               association_mask: Optional[Tensor] = None) -> Tensor:
        """The raw association β ξ Kᵀ before the softmax (masked entries −inf), (N, num_heads, L, S)."""
        return self._association(input, stored_pattern_padding_mask, association_mask, softmax=False)

    def get_projected_pattern_matrix(self, input: _Input) -> Tensor:
        """The pattern projections V in the Hopfield space, (N, num_heads, S, pattern_size)."""
        with torch.no_grad():
            return self._patterns(input)[2]

    def energy(self, input: _Input) -> Tensor:
        """The log-sum-exp energy of each state pattern in the Hopfield space (after the projections, before
        any update step) against the stored patterns, (N, num_heads, L): E(ξ) = −β⁻¹ log Σ_i exp(β ξ·k_i) +
        ½ ξ·ξ + β⁻¹ log S + ½ max_i |k_i|² (Ramsauer et al. 2021). Lower is closer to a stored pattern."""
        queries, keys, _, _ = self._patterns(input)
        n, heads, length = queries.shape[0], queries.shape[1], queries.shape[2]
        keys = keys.expand(n, -1, -1, -1)
        beta = self._beta(queries).repeat(n)
        e = F.energy(queries.reshape(n * heads, length, -1), keys.reshape(n * heads, keys.shape[2], -1), beta)
        return e.view(n, heads, length)


class HopfieldPooling(nn.Module):
    """Hopfield pooling: ``quantity`` trainable state patterns retrieve from the input (stored patterns and
    pattern projections), so a set of S items becomes ``quantity`` vectors, flattened: (N, quantity ·
    output_size). ``forward`` takes one tensor (stored pattern and pattern projection) or the tuple
    (stored_pattern, pattern_projection). Other arguments as :class:`Hopfield`."""

    def __init__(self, input_size: int, hidden_size: Optional[int] = None, output_size: Optional[int] = None,
                 pattern_size: Optional[int] = None, num_heads: int = 1,
                 scaling: Optional[Union[float, Tensor]] = None,
                 update_steps_max: Optional[Union[int, Tensor]] = 0, update_steps_eps: Union[float, Tensor] = 1e-4,
                 normalize_stored_pattern: bool = True, normalize_stored_pattern_affine: bool = True,
                 normalize_state_pattern: bool = True, normalize_state_pattern_affine: bool = True,
                 normalize_pattern_projection: bool = True, normalize_pattern_projection_affine: bool = True,
                 normalize_hopfield_space: bool = False, normalize_hopfield_space_affine: bool = False,
                 stored_pattern_as_static: bool = False, state_pattern_as_static: bool = False,
                 pattern_projection_as_static: bool = False, pattern_projection_as_connected: bool = False,
                 stored_pattern_size: Optional[int] = None, pattern_projection_size: Optional[int] = None,
                 batch_first: bool = True, association_activation: Optional[str] = None, dropout: float = 0.0,
                 input_bias: bool = True, concat_bias_pattern: bool = False, add_zero_association: bool = False,
                 disable_out_projection: bool = False, quantity: int = 1, trainable: bool = True):
        super().__init__()
        _positive_int(quantity, "quantity")
        self.hopfield = Hopfield(**_hopfield_arguments(locals()))
        self._quantity = quantity
        width = self.hopfield.hidden_size if state_pattern_as_static else input_size
        shape = (1, quantity, width) if batch_first else (quantity, 1, width)
        self.pooling_weights = nn.Parameter(torch.empty(shape), requires_grad=trainable)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        self.hopfield.reset_parameters()
        nn.init.normal_(self.pooling_weights, mean=0.0, std=0.02)

    @property
    def quantity(self) -> int:
        return self._quantity

    @property
    def batch_first(self) -> bool:
        return self.hopfield.batch_first

    def _prepare_input(self, input: Union[Tensor, Tuple[Tensor, Tensor]]):
        if isinstance(input, Tensor):
            stored, projection = input, input
        elif isinstance(input, tuple) and len(input) == 2:
            stored, projection = input
        else:
            raise ValueError("input: expected one tensor (stored pattern and pattern projection) or a tuple of two")
        if not isinstance(stored, Tensor) or stored.dim() != 3:
            raise ValueError("stored pattern: expected a tensor of 3 dimensions")
        n = stored.shape[0 if self.batch_first else 1]
        shape = (n, self.quantity, -1) if self.batch_first else (self.quantity, n, -1)
        return stored, self.pooling_weights.to(stored.dtype).expand(*shape), projection

    def forward(self, input: Union[Tensor, Tuple[Tensor, Tensor]],
                stored_pattern_padding_mask: Optional[Tensor] = None,
                association_mask: Optional[Tensor] = None) -> Tensor:
        """The pooled input, (N, quantity · output_size)."""
        out = self.hopfield(self._prepare_input(input), stored_pattern_padding_mask, association_mask)
        if not self.batch_first:
            out = out.transpose(0, 1)
        return out.flatten(start_dim=1)

    def get_association_matrix(self, input, stored_pattern_padding_mask=None, association_mask=None) -> Tensor:
        return self.hopfield.get_association_matrix(self._prepare_input(input), stored_pattern_padding_mask,
                                                    association_mask)

    def get_association_scores(self, input, stored_pattern_padding_mask=None, association_mask=None) -> Tensor:
        return self.hopfield.get_association_scores(self._prepare_input(input), stored_pattern_padding_mask,
                                                    association_mask)

    def get_projected_pattern_matrix(self, input) -> Tensor:
        return self.hopfield.get_projected_pattern_matrix(self._prepare_input(input))

    def energy(self, input) -> Tensor:
        """The energy of the pooling state patterns against the input, (N, num_heads, quantity)."""
        return self.hopfield.energy(self._prepare_input(input))


class HopfieldLayer(nn.Module):
    """Hopfield lookup: the input (state patterns) retrieves from ``quantity`` trainable stored patterns
    (lookup weights) and reads out trainable pattern projections (target weights: the lookup weights
    themselves unless ``lookup_weights_as_separated``). The memory is one for the whole batch. Output (N, L,
    output_size). Other arguments as :class:`Hopfield`."""

    def __init__(self, input_size: int, hidden_size: Optional[int] = None, output_size: Optional[int] = None,
                 pattern_size: Optional[int] = None, num_heads: int = 1,
                 scaling: Optional[Union[float, Tensor]] = None,
                 update_steps_max: Optional[Union[int, Tensor]] = 0, update_steps_eps: Union[float, Tensor] = 1e-4,
                 lookup_weights_as_separated: bool = False, lookup_targets_as_trainable: bool = True,
                 normalize_stored_pattern: bool = True, normalize_stored_pattern_affine: bool = True,
                 normalize_state_pattern: bool = True, normalize_state_pattern_affine: bool = True,
                 normalize_pattern_projection: bool = True, normalize_pattern_projection_affine: bool = True,
                 normalize_hopfield_space: bool = False, normalize_hopfield_space_affine: bool = False,
                 stored_pattern_as_static: bool = False, state_pattern_as_static: bool = False,
                 pattern_projection_as_static: bool = False, pattern_projection_as_connected: bool = False,
                 stored_pattern_size: Optional[int] = None, pattern_projection_size: Optional[int] = None,
                 batch_first: bool = True, association_activation: Optional[str] = None, dropout: float = 0.0,
                 input_bias: bool = True, concat_bias_pattern: bool = False, add_zero_association: bool = False,
                 disable_out_projection: bool = False, quantity: int = 1, trainable: bool = True):
        super().__init__()
        _positive_int(quantity, "quantity")
        self.hopfield = Hopfield(**_hopfield_arguments(locals()))
        self._quantity = quantity
        width = self.hopfield.hidden_size if stored_pattern_as_static else self.hopfield.stored_pattern_dim
        shape = (1, quantity, width) if batch_first else (quantity, 1, width)
        self.lookup_weights = nn.Parameter(torch.empty(shape), requires_grad=trainable)
        if lookup_weights_as_separated:
            target = width if pattern_projection_size is None else pattern_projection_size
            target_shape = (1, quantity, target) if batch_first else (quantity, 1, target)
            self.target_weights = nn.Parameter(torch.empty(target_shape), requires_grad=lookup_targets_as_trainable)
        else:
            self.register_parameter("target_weights", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        self.hopfield.reset_parameters()
        nn.init.normal_(self.lookup_weights, mean=0.0, std=0.02)
        if self.target_weights is not None:
            nn.init.normal_(self.target_weights, mean=0.0, std=0.02)

    @property
    def quantity(self) -> int:
        return self._quantity

    @property
    def batch_first(self) -> bool:
        return self.hopfield.batch_first

    def _prepare_input(self, input: Tensor):
        if not isinstance(input, Tensor) or input.dim() != 3:
            raise ValueError("input: expected a tensor of 3 dimensions (the state patterns)")
        # The memory has batch size 1: Hopfield shares it across the batch without copying it.
        stored = self.lookup_weights.to(input.dtype)
        projection = stored if self.target_weights is None else self.target_weights.to(input.dtype)
        return stored, input, projection

    def forward(self, input: Tensor, stored_pattern_padding_mask: Optional[Tensor] = None,
                association_mask: Optional[Tensor] = None) -> Tensor:
        """The looked-up patterns, (N, L, output_size) with batch_first."""
        if stored_pattern_padding_mask is not None or association_mask is not None:
            n = input.shape[0 if self.batch_first else 1]
            stored, state, projection = self._prepare_input(input)
            axis = 0 if self.batch_first else 1
            stored = stored.expand(*[n if i == axis else -1 for i in range(3)])
            projection = projection.expand(*[n if i == axis else -1 for i in range(3)])
            return self.hopfield((stored, state, projection), stored_pattern_padding_mask, association_mask)
        return self.hopfield(self._prepare_input(input))

    def get_association_matrix(self, input, stored_pattern_padding_mask=None, association_mask=None) -> Tensor:
        return self.hopfield.get_association_matrix(self._prepare_input(input), stored_pattern_padding_mask,
                                                    association_mask)

    def get_association_scores(self, input, stored_pattern_padding_mask=None, association_mask=None) -> Tensor:
        return self.hopfield.get_association_scores(self._prepare_input(input), stored_pattern_padding_mask,
                                                    association_mask)

    def get_projected_pattern_matrix(self, input) -> Tensor:
        return self.hopfield.get_projected_pattern_matrix(self._prepare_input(input))

    def energy(self, input) -> Tensor:
        """The energy of the input state patterns against the lookup memory, (N, num_heads, L)."""
        return self.hopfield.energy(self._prepare_input(input))
