"""The Python API gives the CLI's JSON byte for byte: the same registry, the same writer."""

import subprocess

import pytest

import hopfield


def cli_json(cli, tmp_path, name, *settings):
    out = tmp_path / "cli.json"
    command = [str(cli), "run", name, "--seed", "42", "--quiet", "--json", str(out)]
    for setting in settings:
        command += ["--set", setting]
    subprocess.run(command, check=True)
    return out.read_text(encoding="utf-8")


def test_classical_capacity_equals_the_cli(cli, tmp_path):
    python = hopfield.experiments.run("classical-capacity", seed=42, progress=False).to_json()
    assert python == cli_json(cli, tmp_path, "classical-capacity")


def test_modern_retrieval_equals_the_cli(cli, tmp_path):
    python = hopfield.experiments.run("modern-retrieval", seed=42, progress=False).to_json()
    assert python == cli_json(cli, tmp_path, "modern-retrieval")


def test_mnist_experiment_on_the_sample_digits_equals_the_cli(cli, tmp_path, sample_digits):
    python = hopfield.experiments.run(
        "mnist-hebb-collapse", seed=42, progress=False, data=str(sample_digits), trials=8
    ).to_json()
    assert python == cli_json(cli, tmp_path, "mnist-hebb-collapse", f"data={sample_digits}", "trials=8")


def test_another_seed_gives_other_numbers():
    first = hopfield.experiments.run("classical-capacity", seed=42, trials=2, progress=False)
    second = hopfield.experiments.run("classical-capacity", seed=7, trials=2, progress=False)
    assert first.params["seed"] == 42 and second.params["seed"] == 7
    assert first.to_json() != second.to_json()


def test_result_fields_come_from_the_json():
    result = hopfield.experiments.run("classical-capacity", trials=2, progress=False)
    assert result.name == "classical-capacity"
    assert result.params["trials"] == 2
    assert len(result.tables) == len(result.table_titles) >= 1
    table = result.tables[0]
    first_column = list(table.columns)[0] if hasattr(table, "columns") else list(table[0])[0]
    assert first_column == "patterns"
    assert result.figures and result.figures[0]["series"]


def test_names_and_describe():
    names = hopfield.experiments.names()
    assert "classical-capacity" in names and "modern-retrieval" in names
    description = hopfield.experiments.describe("classical-capacity")
    parameters = {p["name"]: p for p in description["parameters"]}
    assert parameters["seed"]["default"] == 42
    assert parameters["neurons"]["default"] == 100
    assert description["summary"]


def test_unknown_experiment_and_parameter_are_value_errors():
    with pytest.raises(ValueError, match="no-such-experiment"):
        hopfield.experiments.run("no-such-experiment")
    with pytest.raises(ValueError, match="no_such_parameter"):
        hopfield.experiments.run("classical-capacity", no_such_parameter=3, progress=False)
    with pytest.raises(ValueError, match="neurons"):
        hopfield.experiments.run("classical-capacity", neurons=-5, progress=False)


def test_missing_mnist_data_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError, match="fetch_data"):
        hopfield.experiments.run("mnist-hebb-collapse", data=str(tmp_path / "nowhere"), progress=False)
