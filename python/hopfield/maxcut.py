"""MAX-CUT as Hopfield energy minimisation, on the library's solvers.

A graph with weights w_ij and a partition s in {+1, -1}^N cut sum_(i<j) w_ij (1 - s_i s_j) / 2. With
couplings W = -w the Hopfield energy E(s) = -1/2 s^T W s gives cut = (sum of weights - E) / 2, so maximising
the cut is minimising the energy, and asynchronous Hopfield descent is a local search whose fixed points are
the 1-flip-optimal cuts.

Solvers (``SOLVERS``): ``descent`` (asynchronous Hopfield descent), ``glauber`` (stochastic Hopfield network,
heat bath), ``ballistic-sb`` and ``discrete-sb`` (simulated bifurcation, Goto et al. 2019 and 2021),
``annealing`` (simulated-annealing baseline, the default). Each restart's cut depends only on the seed and
its sweep budget: the same numbers as ``hopfield maxcut`` on the command line, for any thread count.

>>> import hopfield.maxcut as maxcut
>>> result = maxcut.solve(maxcut.gset("G1"), restarts=32, target=11624)
>>> result["best_cut"], result["seconds_to_target"]
"""

from __future__ import annotations

import os
from typing import Any, Optional, Union

from hopfield._core import MaxCutGraph as Graph
from hopfield._core import gset_path, maxcut_solver_names, read_gset, solve_maxcut

SOLVERS = tuple(maxcut_solver_names().split(", "))

__all__ = ["Graph", "SOLVERS", "gset", "read_gset", "solve"]


def gset(name: str, data: Optional[Union[str, os.PathLike]] = None) -> Graph:
    """A shipped G-set graph by name ("G1", "G14", ...) from the data directory (``data``, else
    ``$HOPFIELD_DATA``, else ``./data``)."""
    return read_gset(gset_path(name, data))


def solve(
    graph: Union[Graph, str, os.PathLike],
    solver: str = "annealing",
    *,
    seed: int = 42,
    restarts: int = 16,
    time_limit: float = 0.0,
    target: Optional[float] = None,
    threads: int = 0,
    sweeps: int = 0,
    initial_temperature: float = 0.0,
    final_temperature: float = 0.0,
    time_step: float = 0.0,
    coupling_scale: float = 0.0,
    mean_coupling: str = "automatic",
) -> dict[str, Any]:
    """Runs ``restarts`` independent restarts of ``solver`` and keeps the best cut.

    ``graph`` is a :class:`Graph` or the path of a G-set file. ``time_limit`` (seconds, 0: none) and
    ``target`` (a cut) only decide how many restarts start; ``sweeps`` (0: the solver's default) is each
    restart's budget. The temperatures (annealing, glauber), ``time_step``, ``coupling_scale`` and
    ``mean_coupling`` ("automatic", "removed", "kept"; simulated bifurcation) are the options of
    ``hopfield maxcut``, 0 meaning the default. Ctrl-C stops the solve (KeyboardInterrupt, no result).

    Returns a dict: ``best_cut``, ``best_partition`` (int8 array of +1/-1), ``best_restart``; per restart
    that ran, ``restart``, ``cuts``, ``sweeps``, ``start_seconds`` and ``end_seconds`` (arrays in index
    order); ``seconds_to_target`` (None when not reached or no target), ``trace`` (rows of seconds and the
    best cut so far), ``seconds`` and ``mean_coupling_removed``.
    """
    if isinstance(graph, (str, os.PathLike)):
        graph = read_gset(graph)
    return solve_maxcut(
        graph,
        solver,
        seed,
        restarts,
        time_limit,
        target,
        threads,
        sweeps,
        initial_temperature,
        final_temperature,
        time_step,
        coupling_scale,
        mean_coupling,
    )
