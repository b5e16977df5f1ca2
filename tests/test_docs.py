"""The documentation contracts: every command explains itself, every data file says where it
came from."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitrep.cli import app

DATA = Path(__file__).resolve().parent.parent / "src" / "sitrep" / "data"
runner = CliRunner()


def _commands() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    return sorted(group.commands)


def test_cli_has_the_documented_commands():
    assert {"run", "export", "timeline"} <= set(_commands())


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help_with_an_example(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output


def _data_files() -> list[Path]:
    return sorted(p for p in DATA.rglob("*") if p.is_file() and p.suffix in {".tsv", ".txt", ".jsonl", ".csv"})


@pytest.mark.parametrize("path", _data_files(), ids=lambda p: str(p.relative_to(DATA)))
def test_data_file_says_where_it_came_from(path):
    with path.open(encoding="utf-8") as handle:
        head = [next(handle, "") for _ in range(12)]
    header = "".join(line for line in head if line.startswith("#"))
    assert "# Source:" in header, f"{path} needs a '# Source:' header line"
