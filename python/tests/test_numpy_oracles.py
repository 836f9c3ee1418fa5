"""The models against independent numpy written here (small sizes, double precision, 1e-12)."""

import numpy as np

import hopfield

TOLERANCE = 1e-12


def random_spins(rng, count, dimension):
    return rng.choice([-1.0, 1.0], size=(count, dimension))


def numpy_hebb(patterns):
    count, dimension = patterns.shape
    weights = patterns.T @ patterns / dimension
    np.fill_diagonal(weights, 0.0)
    return weights


def numpy_softmax_rows(scores):
    shifted = scores - scores.max(axis=1, keepdims=True)
    weights = np.exp(shifted)
    return weights / weights.sum(axis=1, keepdims=True)


def test_hebb_weights_equal_numpy():
    patterns = random_spins(np.random.default_rng(1), 7, 40)
    network = hopfield.ClassicalHopfield.hebb(patterns)
    np.testing.assert_allclose(network.weights, numpy_hebb(patterns), rtol=0, atol=TOLERANCE)
    assert network.dimension == 40 and network.pattern_count == 7


def test_pseudoinverse_projects_onto_the_patterns():
    patterns = random_spins(np.random.default_rng(2), 6, 30)
    x = patterns.T
    expected = x @ np.linalg.inv(x.T @ x) @ x.T
    network = hopfield.ClassicalHopfield.pseudoinverse(patterns)
    np.testing.assert_allclose(network.weights, expected, rtol=0, atol=1e-10)


def test_one_asynchronous_sweep_in_fixed_order_equals_numpy():
    rng = np.random.default_rng(3)
    patterns = random_spins(rng, 5, 24)
    probes = random_spins(rng, 6, 24)
    weights = numpy_hebb(patterns)
    expected = probes.copy()
    for state in expected:  # units 0 … N−1 in order; a zero field keeps the unit's state
        for i in range(state.size):
            field = weights[i] @ state
            if field != 0.0:
                state[i] = 1.0 if field > 0 else -1.0
    network = hopfield.ClassicalHopfield.hebb(patterns)
    result = network.recall(probes, dynamics="asynchronous-fixed-order", max_sweeps=1)
    np.testing.assert_array_equal(result.states, expected)
    assert result.sweeps == [1] * 6
    energies = -0.5 * np.einsum("bi,ij,bj->b", expected, weights, expected)
    np.testing.assert_allclose(result.energy, energies, rtol=0, atol=TOLERANCE)
    np.testing.assert_allclose(network.energy(expected), energies, rtol=0, atol=TOLERANCE)


def test_modern_update_and_retrieval_weights_equal_numpy():
    rng = np.random.default_rng(4)
    patterns = rng.standard_normal((9, 16))
    states = rng.standard_normal((5, 16))
    beta = 0.7
    weights = numpy_softmax_rows(beta * states @ patterns.T)
    network = hopfield.ModernHopfield(patterns, beta)
    np.testing.assert_allclose(network.retrieval_weights(states), weights, rtol=0, atol=TOLERANCE)
    np.testing.assert_allclose(network.update(states), weights @ patterns, rtol=0, atol=TOLERANCE)
    np.testing.assert_allclose(network.update(states[0]), (weights @ patterns)[0], rtol=0, atol=TOLERANCE)
    recalled = network.recall(states, max_steps=1, precision="double")
    np.testing.assert_allclose(recalled.states, weights @ patterns, rtol=0, atol=TOLERANCE)


def test_modern_energy_equals_numpy():
    rng = np.random.default_rng(5)
    patterns = rng.standard_normal((6, 8))
    state = rng.standard_normal(8)
    beta = 1.3
    scores = beta * patterns @ state
    top = scores.max()
    largest = np.linalg.norm(patterns, axis=1).max()
    expected = (
        -(top + np.log(np.exp(scores - top).sum())) / beta
        + 0.5 * state @ state
        + np.log(len(patterns)) / beta
        + 0.5 * largest**2
    )
    network = hopfield.ModernHopfield(patterns, beta)
    assert abs(network.energy(state) - expected) < TOLERANCE


def test_attention_equals_numpy():
    rng = np.random.default_rng(6)
    queries = rng.standard_normal((4, 8))
    keys = rng.standard_normal((10, 8))
    values = rng.standard_normal((10, 3))
    expected = numpy_softmax_rows(queries @ keys.T / np.sqrt(8)) @ values
    np.testing.assert_allclose(hopfield.attention(queries, keys, values), expected, rtol=0, atol=TOLERANCE)
    scaled = numpy_softmax_rows(0.25 * queries @ keys.T) @ values
    np.testing.assert_allclose(
        hopfield.attention(queries, keys, values, scale=0.25), scaled, rtol=0, atol=TOLERANCE
    )
    mask = rng.random((4, 10)) < 0.6
    mask[:, 0] = True
    scores = np.where(mask, queries @ keys.T / np.sqrt(8), -np.inf)
    masked = numpy_softmax_rows(scores) @ values
    np.testing.assert_allclose(
        hopfield.attention(queries, keys, values, mask=mask), masked, rtol=0, atol=TOLERANCE
    )


def test_attention_keeps_float32():
    rng = np.random.default_rng(7)
    q, k, v = (rng.standard_normal(shape).astype(np.float32) for shape in [(3, 8), (5, 8), (5, 2)])
    out = hopfield.attention(q, k, v)
    assert out.dtype == np.float32
    expected = numpy_softmax_rows(q.astype(float) @ k.T.astype(float) / np.sqrt(8)) @ v.astype(float)
    np.testing.assert_allclose(out, expected, rtol=0, atol=1e-5)


def test_multi_head_attention_equals_numpy():
    rng = np.random.default_rng(8)
    heads, d_model, d_k, d_v, d_out = 2, 6, 4, 3, 5
    wq = [rng.standard_normal((d_k, d_model)) for _ in range(heads)]
    wk = [rng.standard_normal((d_k, d_model)) for _ in range(heads)]
    wv = [rng.standard_normal((d_v, d_model)) for _ in range(heads)]
    wo = rng.standard_normal((d_out, heads * d_v))
    queries, keys = rng.standard_normal((3, d_model)), rng.standard_normal((7, d_model))
    values = rng.standard_normal((7, d_model))
    stacked = np.concatenate(
        [
            numpy_softmax_rows((queries @ wq[j].T) @ (keys @ wk[j].T).T / np.sqrt(d_k)) @ (values @ wv[j].T)
            for j in range(heads)
        ],
        axis=1,
    )
    layer = hopfield.MultiHeadAttention(wq, wk, wv, wo)
    np.testing.assert_allclose(layer(queries, keys, values), stacked @ wo.T, rtol=0, atol=TOLERANCE)


def test_dense_memory_of_degree_two_recalls_like_hebb():
    rng = np.random.default_rng(9)
    patterns = random_spins(rng, 3, 32)
    probes = hopfield.flip_exactly(patterns, 3, seed=1)
    dense = hopfield.DenseAssociativeMemory(patterns, "polynomial", 2)
    result = dense.recall(probes, dynamics="asynchronous-fixed-order")
    np.testing.assert_array_equal(result.states, patterns)
    overlaps = patterns @ result.states[0]
    assert abs(dense.energy(result.states[0]) + np.sum(overlaps**2)) < TOLERANCE
