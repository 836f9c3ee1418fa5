"""hopfield.maxcut: cuts against numpy, solvers against exhaustive search and against the command-line tool,
thread-count independence, and clear errors."""

import itertools
import json
import subprocess

import numpy as np
import pytest

from conftest import REPOSITORY
from hopfield import maxcut

GSET = REPOSITORY / "data" / "gset"


def random_edges(n, density, seed):
    rng = np.random.default_rng(seed)
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n) if rng.random() < density]
    weights = rng.choice([-2.0, -1.0, 1.0, 2.0, 3.0], size=len(pairs))
    return np.array([(i, j, w) for (i, j), w in zip(pairs, weights)])


def numpy_cut(edges, partition):
    i, j, w = edges[:, 0].astype(int), edges[:, 1].astype(int), edges[:, 2]
    return float(np.sum(w * (1 - partition[i] * partition[j]) / 2))


def test_cut_equals_the_edge_sum_and_graph_properties():
    edges = random_edges(40, 0.3, 1)
    graph = maxcut.Graph(40, edges)
    assert graph.vertices == 40 and graph.edge_count == len(edges)
    assert graph.total_weight == pytest.approx(edges[:, 2].sum())
    rng = np.random.default_rng(2)
    for _ in range(5):
        partition = rng.choice([-1, 1], size=40)
        assert graph.cut(partition) == pytest.approx(numpy_cut(edges, partition), abs=1e-12)
    unit = maxcut.Graph(3, np.array([[0, 1], [1, 2]]))  # (E, 2): weight 1
    assert unit.cut(np.array([1, -1, 1])) == 2.0


@pytest.mark.parametrize("solver", maxcut.SOLVERS)
def test_every_solver_finds_the_exhaustive_optimum(solver):
    edges = random_edges(13, 0.4, 3)
    graph = maxcut.Graph(13, edges)
    best = max(
        numpy_cut(edges, np.array((1,) + signs)) for signs in itertools.product((-1, 1), repeat=12)
    )
    result = maxcut.solve(graph, solver, restarts=40, sweeps=300, seed=5)
    assert result["best_cut"] == best
    assert graph.cut(result["best_partition"]) == best
    assert result["best_partition"].dtype == np.int8


def test_the_same_numbers_as_the_command_line_tool(cli, tmp_path):
    out = tmp_path / "g1.json"
    for solver in ("annealing", "discrete-sb"):
        subprocess.run(
            [str(cli), "maxcut", str(GSET / "G1.txt"), "--solver", solver, "--restarts", "20", "--seed", "7",
             "--json", str(out)],
            check=True,
        )
        expected = json.loads(out.read_text(encoding="utf-8"))
        result = maxcut.solve(GSET / "G1.txt", solver, restarts=20, seed=7)
        assert result["best_cut"] == expected["best_cut"]
        assert list(result["cuts"]) == [r["cut"] for r in expected["restarts"]]
        assert list(result["best_partition"]) == expected["best_partition"]


def test_results_do_not_depend_on_the_thread_count():
    graph = maxcut.Graph(120, random_edges(120, 0.1, 4))
    for solver in ("glauber", "discrete-sb", "descent"):
        one = maxcut.solve(graph, solver, restarts=20, threads=1, seed=3)
        two = maxcut.solve(graph, solver, restarts=20, threads=2, seed=3)
        np.testing.assert_array_equal(one["cuts"], two["cuts"])
        np.testing.assert_array_equal(one["best_partition"], two["best_partition"])


def test_bad_input_gets_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="shape"):
        maxcut.Graph(4, np.zeros((3, 4)))
    with pytest.raises(ValueError, match="vertices must be 1 ... 2147483647"):
        maxcut.Graph(2**40, np.zeros((0, 3)))
    with pytest.raises(ValueError, match="vertices are 0 ... 3"):
        maxcut.Graph(4, np.array([[0, 4, 1.0]]))
    with pytest.raises(ValueError, match="whole number"):
        maxcut.Graph(4, np.array([[0, 1.5, 1.0]]))
    with pytest.raises(ValueError):
        maxcut.Graph(4, np.array([[1, 1, 1.0]]))  # a self-edge
    graph = maxcut.Graph(3, np.array([[0, 1], [1, 2]]))
    with pytest.raises(ValueError, match="expected \\+1 or -1"):
        graph.cut(np.array([1, 0, 1]))
    with pytest.raises(ValueError, match="3 entries"):
        graph.cut(np.array([1, -1]))
    with pytest.raises(ValueError, match="unknown MAX-CUT solver"):
        maxcut.solve(graph, "tabu")
    with pytest.raises(ValueError, match="mean coupling"):
        maxcut.solve(graph, "discrete-sb", mean_coupling="half")
    with pytest.raises(ValueError, match="restarts"):
        maxcut.solve(graph, restarts=0)
    with pytest.raises(OSError):
        maxcut.read_gset(tmp_path / "missing.txt")
    bad = tmp_path / "bad.txt"
    bad.write_text("3 2\n1 2 1\n", encoding="utf-8")
    with pytest.raises(OSError, match="bad.txt"):
        maxcut.read_gset(bad)
