"""hopfield.nn.Hopfield, HopfieldPooling, HopfieldLayer: gradients, both paths, saving, arguments."""
import io

import pytest

torch = pytest.importorskip("torch")

from hopfield.nn import Hopfield, HopfieldLayer, HopfieldPooling, use_torch_path  # noqa: E402

N, L, S, E = 2, 3, 5, 4  # batch, state patterns, stored patterns, width

# Every option combination the tests cover: (module, constructor arguments, masks).
HOPFIELD_OPTIONS = [
    {},
    dict(num_heads=2, hidden_size=3, pattern_size=2, output_size=5),
    dict(update_steps_max=3),
    dict(update_steps_max=None, update_steps_eps=1e-3, scaling=0.3),
    dict(normalize_hopfield_space=True, normalize_hopfield_space_affine=True),
    dict(normalize_stored_pattern=False, normalize_stored_pattern_affine=False, normalize_state_pattern=False,
         normalize_state_pattern_affine=False, normalize_pattern_projection=False,
         normalize_pattern_projection_affine=False),
    dict(state_pattern_as_static=True, hidden_size=E),
    dict(stored_pattern_as_static=True, hidden_size=E),
    dict(pattern_projection_as_static=True, pattern_size=E),
    dict(pattern_projection_as_connected=True),
    dict(concat_bias_pattern=True, num_heads=2),
    dict(add_zero_association=True),
    dict(disable_out_projection=True, num_heads=2),
    dict(association_activation="tanh", input_bias=False),
    dict(batch_first=False),
    dict(dropout=0.5),  # in eval mode dropout is off and the fused path runs
]
MASKS = [
    dict(stored_pattern_padding_mask=torch.tensor([[False, True, False, False, True]] * N)),
    dict(association_mask=torch.rand(L, S, generator=torch.Generator().manual_seed(0)) > 0.7),
    dict(association_mask=torch.randn(N, L, S, generator=torch.Generator().manual_seed(1)).double()),
]


def inputs(shape, seed):
    return torch.randn(*shape, dtype=torch.float64, generator=torch.Generator().manual_seed(seed))


def make(cls, seed=0, **options):
    torch.manual_seed(seed)
    module = cls(**options).double().eval()
    with torch.no_grad():  # larger weights than the N(0, 0.02²) default: a softmax neither flat nor one-hot
        for p in module.parameters():
            p.mul_(5.0)
    return module


def check(module, args, masks=None, eps=1e-6):
    """gradcheck on the fused double path, and the fused path equal to the plain-torch path."""
    masks = masks or {}
    args = tuple(a.clone().requires_grad_() for a in args)
    assert torch.autograd.gradcheck(lambda *x: module(x if len(x) > 1 else x[0], **masks), args, eps=eps)
    fused = module(args if len(args) > 1 else args[0], **masks)
    with use_torch_path():
        plain = module(args if len(args) > 1 else args[0], **masks)
    assert torch.allclose(fused, plain, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("options", HOPFIELD_OPTIONS, ids=lambda o: ",".join(o) or "defaults")
def test_hopfield_gradcheck(options):
    module = make(Hopfield, input_size=E, **options)
    shape = (N, L, E) if options.get("batch_first", True) else (L, N, E)
    state = inputs(shape, 1)
    stored = inputs((N, S, E) if options.get("batch_first", True) else (S, N, E), 2)
    check(module, (stored, state, stored.clone()))


@pytest.mark.parametrize("masks", MASKS, ids=["padding", "association-bool", "association-float"])
def test_hopfield_gradcheck_with_masks(masks):
    module = make(Hopfield, input_size=E, num_heads=1, update_steps_max=1)
    check(module, (inputs((N, S, E), 3), inputs((N, L, E), 4), inputs((N, S, E), 5)), masks)


def test_hopfield_gradcheck_in_one_tensor_and_trainable_per_head_scaling():
    module = make(Hopfield, input_size=E, num_heads=2)
    x = inputs((N, L, E), 6).requires_grad_()
    beta = torch.tensor([0.7, 1.9], dtype=torch.float64, requires_grad=True)

    def run(x, beta):
        module.scaling = beta
        return module(x)
    assert torch.autograd.gradcheck(run, (x, beta))


def test_hopfield_stored_pattern_sizes():
    module = make(Hopfield, input_size=E, stored_pattern_size=3, pattern_projection_size=2, num_heads=2)
    check(module, (inputs((N, S, 3), 7), inputs((N, L, E), 8), inputs((N, S, 2), 9)))


@pytest.mark.parametrize("options", [{}, dict(quantity=3, num_heads=2), dict(update_steps_max=2)],
                         ids=["defaults", "quantity,num_heads", "update_steps_max"])
def test_pooling_gradcheck(options):
    module = make(HopfieldPooling, input_size=E, **options)
    check(module, (inputs((N, S, E), 10),))
    assert module(inputs((N, S, E), 10)).shape == (N, options.get("quantity", 1) * E)


def test_pooling_gradcheck_with_padding_mask():
    module = make(HopfieldPooling, input_size=E)
    check(module, (inputs((N, S, E), 11),), MASKS[0])


@pytest.mark.parametrize("options", [{}, dict(lookup_weights_as_separated=True, quantity=7, num_heads=2),
                                     dict(update_steps_max=2, quantity=4)],
                         ids=["defaults", "separated,quantity,num_heads", "update_steps_max"])
def test_layer_gradcheck(options):
    module = make(HopfieldLayer, input_size=E, **options)
    check(module, (inputs((N, L, E), 12),))
    assert module(inputs((N, L, E), 12)).shape == (N, L, E)


def test_layer_lookup_targets_not_trainable():
    module = HopfieldLayer(input_size=E, lookup_weights_as_separated=True, lookup_targets_as_trainable=False)
    assert module.lookup_weights.requires_grad and not module.target_weights.requires_grad


def test_float32_module_matches_the_torch_path():
    torch.manual_seed(3)
    module = HopfieldLayer(input_size=64, quantity=3000, num_heads=2).eval()
    x = torch.randn(4, 50, 64, requires_grad=True)
    out = module(x)
    (grad,) = torch.autograd.grad(out.square().sum(), x)
    with use_torch_path():
        out_plain = module(x)
        (grad_plain,) = torch.autograd.grad(out_plain.square().sum(), x)
    assert ((out - out_plain).norm() / out_plain.norm()).item() < 1e-5
    assert ((grad - grad_plain).norm() / grad_plain.norm()).item() < 1e-5


def test_association_matrix_and_scores():
    module = make(Hopfield, input_size=E, num_heads=2)
    data = (inputs((N, S, E), 13), inputs((N, L, E), 14), inputs((N, S, E), 15))
    weights = module.get_association_matrix(data)
    scores = module.get_association_scores(data)
    assert weights.shape == (N, 2, L, S)
    assert torch.allclose(weights.sum(-1), torch.ones(N, 2, L, dtype=torch.float64))
    assert torch.allclose(torch.softmax(scores, -1), weights)
    # The output is the association matrix applied to the projected patterns, then the out projection.
    values = module.get_projected_pattern_matrix(data)
    heads = torch.matmul(weights, values).transpose(1, 2).reshape(N, L, -1)
    assert torch.allclose(module.out_proj(heads), module(data))


def test_energy_decreases_under_the_update():
    module = make(Hopfield, input_size=E, scaling=2.0, normalize_state_pattern=False,
                  normalize_state_pattern_affine=False)
    stored, state = inputs((N, S, E), 16), inputs((N, L, E), 17)
    before = module.energy((stored, state, stored))
    assert before.shape == (N, 1, L)
    queries, keys, _, _ = module._patterns((stored, state, stored))
    # One update ξ ← K softmax(β Kᵀξ) never increases the energy (Ramsauer et al. 2021, Theorem 1).
    beta = torch.full((N,), 2.0, dtype=torch.float64)
    from hopfield.nn import functional as F
    q, k = queries.reshape(N, L, -1), keys.reshape(N, S, -1)
    updated = F.retrieve(q, k, k, beta)
    assert (F.energy(updated, k, beta) <= F.energy(q, k, beta) + 1e-12).all()


def test_state_dict_and_torch_save_round_trip():
    torch.manual_seed(4)
    module = HopfieldPooling(input_size=E, quantity=2, num_heads=2, scaling=torch.nn.Parameter(torch.ones(2)))
    x = torch.randn(N, S, E)
    buffer = io.BytesIO()
    torch.save(module.state_dict(), buffer)
    buffer.seek(0)
    fresh = HopfieldPooling(input_size=E, quantity=2, num_heads=2, scaling=torch.nn.Parameter(torch.zeros(2)))
    fresh.load_state_dict(torch.load(buffer))
    assert torch.equal(fresh(x), module(x))
    buffer = io.BytesIO()
    torch.save(module, buffer)
    buffer.seek(0)
    assert torch.equal(torch.load(buffer)(x), module(x))


@pytest.mark.parametrize("options, message", [
    (dict(input_size=None), "input_size"),
    (dict(input_size=E, num_heads=3), "divisible"),
    (dict(input_size=E, update_steps_max=torch.tensor([1])), "per head"),
    (dict(input_size=E, update_steps_max=-1), "update_steps_max"),
    (dict(input_size=E, dropout=1.5), "dropout"),
    (dict(input_size=E, association_activation="no_such_function"), "association_activation"),
    (dict(input_size=E, normalize_state_pattern=False), "affine"),
    (dict(input_size=E, scaling=float("nan")), "scaling"),
    (dict(input_size=E, num_heads=2, scaling=torch.ones(3)), "one entry per head"),
])
def test_bad_arguments_are_value_errors(options, message):
    with pytest.raises(ValueError, match=message):
        Hopfield(**options)


def test_bad_inputs_are_value_errors():
    module = Hopfield(input_size=E)
    with pytest.raises(ValueError, match="width"):
        module(torch.randn(N, L, E + 1))
    with pytest.raises(ValueError, match="3 dimensions"):
        module(torch.randn(L, E))
    with pytest.raises(ValueError, match="stored_pattern_padding_mask"):
        module(torch.randn(N, L, E), stored_pattern_padding_mask=torch.zeros(N, L + 1, dtype=torch.bool))
