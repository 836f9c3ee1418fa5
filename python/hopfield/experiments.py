"""The registered experiments: the same runs, and the same numbers, as the ``hopfield`` command-line tool.

>>> import hopfield
>>> hopfield.experiments.names()[:2]
['classical-retrieval', 'classical-capacity']
>>> result = hopfield.experiments.run("classical-capacity", seed=42, trials=20)
>>> result.tables[0]            # a pandas DataFrame when pandas is installed, else a list of row dicts
>>> result.to_json() == open("cap.json").read()   # after `hopfield run classical-capacity --json cap.json`

``run`` releases the GIL while the experiment runs (other Python threads go on), and Ctrl-C stops it within
about a second with ``KeyboardInterrupt`` (nothing is returned or written). Parameters are those of
``describe(name)``; values are passed as the tool's ``--set NAME=VALUE`` text (lists as ``"10,20,30"`` or a
Python list, flags as booleans).
"""

from __future__ import annotations

import json
import sys
from typing import Any, Callable, Dict, List, Optional, Union

from hopfield import _core

__all__ = ["names", "describe", "run", "Result"]

ProgressReport = Callable[[str, int, int], None]


def names(reproduce_only: bool = False) -> List[str]:
    """Every experiment ``run`` accepts, as ``hopfield list`` shows them: first those ``hopfield reproduce``
    runs, in its order, then those run by name only (their defaults take minutes, e.g.
    ``classical-critical-capacity``). ``reproduce_only=True`` gives the first group alone."""
    return _core.experiment_names(reproduce_only)


def describe(name: str) -> Dict[str, Any]:
    """``{"name", "summary", "source", "reproduce", "parameters": [{"name", "default", "description"}, ...]}``;
    ``reproduce`` is True when ``hopfield reproduce`` runs the experiment, False when it is run by name only."""
    return _core.describe_experiment(name)


def _as_text(name: str, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(_as_text(name, item) for item in value)
    if isinstance(value, float):
        return repr(value)  # shortest text that reads back as the same double
    if isinstance(value, (int, str)):
        return str(value)
    if hasattr(value, "item"):  # a numpy scalar
        return _as_text(name, value.item())
    raise ValueError(f"{name}: cannot pass a {type(value).__name__} as a parameter value")


class _LineProgress:
    """The library's own progress line on stderr (used when tqdm is not installed)."""

    def __init__(self) -> None:
        self.task = None

    def __call__(self, task: str, done: int, total: int) -> None:
        percent = 100.0 * done / total if total > 0 else 0.0
        end = "\n" if done >= total else ""
        sys.stderr.write(f"\r\033[K{task}: {done}/{total} ({percent:.0f} %){end}")
        sys.stderr.flush()


class _TqdmProgress:
    def __init__(self, tqdm: Any) -> None:
        self.tqdm = tqdm
        self.bar = None
        self.task = None

    def __call__(self, task: str, done: int, total: int) -> None:
        if self.bar is None or task != self.task:
            if self.bar is not None:
                self.bar.close()
            self.bar = self.tqdm(total=total, desc=task, leave=False)
            self.task = task
        self.bar.update(done - self.bar.n)
        if done >= total:
            self.bar.close()
            self.bar = None


def _progress_report(progress: Union[None, bool, ProgressReport]) -> Optional[ProgressReport]:
    if callable(progress):
        return progress
    if progress is False or (progress is None and not sys.stderr.isatty()):
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return _LineProgress()
    return _TqdmProgress(tqdm)


def run(
    name: str,
    seed: int = 42,
    threads: int = 0,
    progress: Union[None, bool, ProgressReport] = None,
    **params: Any,
) -> "Result":
    """Runs the experiment ``name`` with random seed ``seed`` and parameters ``params`` (see ``describe``).

    threads: OpenMP threads (0: all cores); results do not depend on it.
    progress: None shows progress when stderr is a terminal (tqdm when installed, else a progress line);
    False never; a callable receives ``(task, done, total)``.
    Raises ValueError for an unknown experiment or parameter, or a bad value; FileNotFoundError when an MNIST
    experiment finds no data; KeyboardInterrupt on Ctrl-C.
    """
    overrides = [(key, _as_text(key, value)) for key, value in params.items()]
    overrides.append(("seed", _as_text("seed", seed)))
    text, images = _core.run_experiment(name, overrides, threads, _progress_report(progress))
    return Result(text, images)


class Result:
    """What an experiment returns: tables, figures, notes and image grids, and the CLI's JSON.

    tables: pandas DataFrames (title in ``.attrs["title"]``) when pandas is installed, else lists of row
    dicts; ``table_titles`` names them. figures: dicts of the JSON schema (name, title, x_label, y_label,
    log_x, log_y, series). images: dicts with ``pixels`` of shape (count, height·width), values in [-1, 1].
    """

    def __init__(self, json_text: str, images: List[Dict[str, Any]]) -> None:
        self._json = json_text
        document = json.loads(json_text)["experiments"][0]
        self.name: str = document["name"]
        self.params: Dict[str, Any] = document["params"]
        self.table_titles: List[str] = [table["title"] for table in document["tables"]]
        self.tables: List[Any] = [_table(table) for table in document["tables"]]
        self.figures: List[Dict[str, Any]] = document["figures"]
        self.notes: List[str] = document["notes"]
        self.images: List[Dict[str, Any]] = images

    def to_json(self) -> str:
        """The JSON document of ``hopfield run NAME --json FILE``, byte for byte."""
        return self._json

    def plot(self, show: bool = False) -> List[Any]:
        """Draws every figure with matplotlib (one matplotlib Figure each, returned); ``show`` shows them."""
        import matplotlib.pyplot as plt

        drawn = []
        for figure in self.figures:
            canvas, axes = plt.subplots(figsize=(6.4, 4.2))
            for series in figure["series"]:
                axes.plot(series["x"], series["y"], marker="o", markersize=3, label=series["label"])
                if series.get("y_low") and series.get("y_high"):
                    axes.fill_between(series["x"], series["y_low"], series["y_high"], alpha=0.2)
            axes.set_title(figure["title"])
            axes.set_xlabel(figure["x_label"])
            axes.set_ylabel(figure["y_label"])
            if figure.get("log_x"):
                axes.set_xscale("log")
            if figure.get("log_y"):
                axes.set_yscale("log")
            if len(figure["series"]) > 1:
                axes.legend()
            drawn.append(canvas)
        if show:
            plt.show()
        return drawn

    def __repr__(self) -> str:
        return f"<hopfield.experiments.Result {self.name}: {len(self.tables)} tables, {len(self.figures)} figures>"


def _table(table: Dict[str, Any]) -> Any:
    try:
        import pandas
    except ImportError:
        return [dict(zip(table["columns"], row)) for row in table["rows"]]
    frame = pandas.DataFrame(table["rows"], columns=table["columns"])
    frame.attrs["title"] = table["title"]
    return frame
