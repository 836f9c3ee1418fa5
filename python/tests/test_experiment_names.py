"""experiments.names() lists every experiment `hopfield list` shows, and tells those of `hopfield reproduce`."""

import re
import subprocess

import hopfield


def listed_by_the_cli(cli):
    text = subprocess.run([str(cli), "list"], check=True, capture_output=True, text=True).stdout
    return {match.group(1) for match in re.finditer(r"^\s*([a-z][a-z0-9-]+)\s{2,}\S", text, re.MULTILINE)}


def test_names_are_what_the_cli_lists(cli):
    names = hopfield.experiments.names()
    assert len(names) == len(set(names))
    assert set(names) == listed_by_the_cli(cli)


def test_reproduce_only_leaves_out_the_experiments_run_by_name():
    every = hopfield.experiments.names()
    reproduced = hopfield.experiments.names(reproduce_only=True)
    assert every[: len(reproduced)] == reproduced  # reproduce's order first
    for name in ("classical-capacity", "random-features-paper", "maxcut-gset"):
        assert name in reproduced and hopfield.experiments.describe(name)["reproduce"] is True
    assert "classical-critical-capacity" in every and "classical-critical-capacity" not in reproduced
    assert hopfield.experiments.describe("classical-critical-capacity")["reproduce"] is False
    for name in every:
        assert hopfield.experiments.describe(name)["reproduce"] == (name in reproduced)
