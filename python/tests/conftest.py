"""Shared fixtures: where the repository, its shipped test digits and the command-line tool are.

scripts/test_python.sh sets HOPFIELD_BUILD_DIR (the CMake build folder holding the `hopfield` tool) and puts
BUILD_DIR/python on PYTHONPATH.
"""

import os
import pathlib

import pytest

REPOSITORY = pathlib.Path(__file__).resolve().parents[2]
SAMPLE_DIGITS = REPOSITORY / "tests" / "data"


@pytest.fixture(scope="session")
def sample_digits() -> pathlib.Path:
    return SAMPLE_DIGITS


@pytest.fixture(scope="session")
def cli() -> pathlib.Path:
    build = pathlib.Path(os.environ.get("HOPFIELD_BUILD_DIR", REPOSITORY / "build"))
    tool = build / "hopfield"
    if not tool.exists():
        pytest.skip(f"the command-line tool is not built ({tool})")
    return tool
