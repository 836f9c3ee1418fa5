"""hopfield.nn.functional: the fused retrieval and its backward against plain PyTorch written here."""
import io

import pytest

torch = pytest.importorskip("torch")

from hopfield.nn import functional as F  # noqa: E402


def reference(q, k, v, beta):
    """Plain PyTorch: softmax(β q kᵀ) v, the association matrix formed in full."""
    return torch.bmm(torch.softmax(torch.bmm(q, k.transpose(1, 2)) * beta.view(-1, 1, 1), dim=-1), v)


def problem(groups, batch, count, dk, dv, dtype, seed):
    g = torch.Generator().manual_seed(seed)
    q = torch.randn(groups, batch, dk, generator=g, dtype=dtype)
    k = torch.randn(groups, count, dk, generator=g, dtype=dtype)
    v = torch.randn(groups, count, dv, generator=g, dtype=dtype)
    beta = torch.rand(groups, generator=g, dtype=dtype) + 0.1
    return q, k, v, beta


def relative(a, b):
    return ((a - b).norm() / b.norm()).item()


def test_the_fused_path_is_taken_for_cpu_float_tensors():
    q, k, v, beta = problem(2, 3, 5, 4, 4, torch.float32, 0)
    assert F.retrieval_path(q, k, v, beta) == "fused"
    assert F.retrieval_path(q.double(), k.double(), v.double(), beta.double()) == "fused"
    assert F.retrieval_path(q, k, v, beta, masked=True) == "torch"
    assert F.retrieval_path(q, k, v, beta, dropout=True) == "torch"
    assert F.retrieval_path(q.half(), k.half(), v.half(), beta.half()) == "torch"
    meta = [t.to("meta") for t in (q, k, v, beta)]  # stands for any device other than the CPU
    assert F.retrieval_path(*meta) == "torch"
    with F.use_torch_path():
        assert F.retrieval_path(q, k, v, beta) == "torch"
    assert F.retrieval_path(q, k, v, beta) == "fused"


def test_double_gradcheck_through_the_fused_backward():
    q, k, v, beta = problem(3, 5, 70, 4, 3, torch.float64, 1)  # 70 stored: two blocks of the backward
    inputs = [t.clone().requires_grad_() for t in (q, k, v, beta)]
    assert torch.autograd.gradcheck(lambda *x: F.retrieve(*x), inputs)


def test_double_fused_and_torch_paths_agree_to_rounding():
    q, k, v, beta = problem(2, 9, 150, 6, 5, torch.float64, 2)
    inputs = [t.clone().requires_grad_() for t in (q, k, v, beta)]
    out = F.retrieve(*inputs)
    weights = torch.randn(out.shape, dtype=torch.float64, generator=torch.Generator().manual_seed(3))
    grads = torch.autograd.grad((out * weights).sum(), inputs)
    with F.use_torch_path():
        out_torch = F.retrieve(*inputs)
        grads_torch = torch.autograd.grad((out_torch * weights).sum(), inputs)
    assert relative(out, out_torch) < 1e-13
    for mine, theirs in zip(grads, grads_torch):
        assert relative(mine, theirs) < 1e-12


@pytest.mark.parametrize("count", [1, 10, 1000, 100_000])
def test_float32_fused_forward_and_backward_match_plain_torch(count):
    """p from 1 to 10⁵; 40 queries per memory (the fused kernel's panel), two memories."""
    q, k, v, beta = problem(2, 40, count, 16, 16, torch.float32, 4)
    beta = torch.full((2,), 0.25)
    inputs = [t.clone().requires_grad_() for t in (q, k, v, beta)]
    out = F.retrieve(*inputs)
    weights = torch.randn(out.shape, generator=torch.Generator().manual_seed(5))
    grads = torch.autograd.grad((out * weights).sum(), inputs)
    # The reference: the same formula in plain PyTorch, in double precision from the same float32 numbers.
    exact = [t.detach().double().requires_grad_() for t in (q, k, v, beta)]
    out_exact = reference(*exact)
    grads_exact = torch.autograd.grad((out_exact * weights.double()).sum(), exact)
    assert relative(out.double(), out_exact) <= 1e-5
    for name, mine, theirs in zip("qkvβ", grads, grads_exact):
        if count == 1 and name in "qkβ":
            # One stored pattern: the softmax is 1 whatever the scores, so these gradients are exactly 0; the
            # kernel's come from cancelling terms of size |w|·|v|·|k|, and must be small against them.
            scale = (weights.norm() * v.norm() * k.norm()).item()
            assert mine.double().norm().item() <= 1e-6 * scale, name
            continue
        assert relative(mine.double(), theirs) <= 1e-5, name


def test_results_do_not_depend_on_the_thread_count():
    q, k, v, beta = problem(1, 100, 3000, 8, 8, torch.float32, 6)
    inputs = [t.clone().requires_grad_() for t in (q, k, v, beta)]
    results = []
    for threads in (1, 2):
        F.set_num_threads(threads)
        out = F.retrieve(*inputs)
        results.append([out] + list(torch.autograd.grad(out.sum(), inputs)))
    F.set_num_threads(0)
    for a, b in zip(*results):
        assert torch.equal(a, b)


def test_energy_is_the_log_sum_exp_energy():
    q, k, _, beta = problem(2, 4, 30, 5, 5, torch.float64, 7)
    scores = torch.bmm(q, k.transpose(1, 2)) * beta.view(-1, 1, 1)
    largest = k.norm(dim=-1).max(dim=-1).values.view(-1, 1)
    expected = (-torch.logsumexp(scores, -1) / beta.view(-1, 1) + 0.5 * (q * q).sum(-1)
                + torch.log(torch.tensor(30.0, dtype=torch.float64)) / beta.view(-1, 1) + 0.5 * largest ** 2)
    assert torch.allclose(F.energy(q, k, beta), expected, rtol=1e-12, atol=1e-12)
    # A state on a stored pattern has lower energy than one far from every pattern (β large).
    big = torch.full((2,), 8.0, dtype=torch.float64)
    assert (F.energy(k[:, :1], k, big) < F.energy(k[:, :1] + 3.0, k, big)).all()


def test_bad_input_is_a_value_error():
    q, k, v, beta = problem(2, 3, 5, 4, 4, torch.float32, 8)
    with pytest.raises(ValueError, match="same width"):
        F.retrieve(q, k[:, :, :3], v, beta)
    with pytest.raises(ValueError, match="memories"):
        F.retrieve(q, k, v, beta[:1])
    with pytest.raises(ValueError, match="no stored patterns"):
        F.retrieve(q, k[:, :0], v[:, :0], beta)
    with pytest.raises(ValueError, match="finite"):
        F.retrieve(q, k, v * float("nan"), beta)
    with pytest.raises(ValueError, match="threads"):
        F.set_num_threads(-1)
