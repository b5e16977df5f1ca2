"""The command line at its boundary: every error is one line with its code and the right exit
status, never a traceback (unless --debug), and read commands never create a store."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sitrep.cli import main

SITREP = Path(sys.executable).parent / "sitrep"


@pytest.fixture
def not_a_database(tmp_path) -> Path:
    path = tmp_path / "notes.db"
    path.write_text("these are notes, not a database\n" * 50)
    return path


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    try:
        status = main(list(args))
    except SystemExit as exc:
        status = exc.code
    out, err = capsys.readouterr()
    return status, out, err


# a bad argument for each command: (arguments, exit status, words of the message)
BAD = [
    (["run", "{tmp}/missing-folder"], 2, "[S500] no such file or folder"),
    (["run", "{tmp}", "--engine", "threads"], 2, "Invalid value for '--engine'"),
    (["run", "{tmp}", "--db", "foo://bar"], 2, "[S402] cannot open a store at 'foo://bar'"),
    (["run", "{tmp}", "--db", "{notdb}"], 1, "file is not a database"),
    (["timeline", "--db", "{tmp}/typo.db"], 1, "[S401] no sitrep store at"),
    (["timeline", "--db", "{notdb}"], 1, "[S400] cannot open the store at"),
    (["timeline", "--bogus"], 2, "No such option: --bogus (see: sitrep timeline --help)"),
    (["export", "--db", "{tmp}/typo.db"], 1, "[S401] no sitrep store at"),
    (["export", "--db", "{tmp}/typo.db", "-o", "{tmp}"], 2, "is a folder; name the file"),
    (["export", "--format", "parquet", "--db", "{tmp}/typo.db"], 2, "--format parquet needs --output"),
    (["report", "--db", "{tmp}/typo.db"], 1, "[S401] no sitrep store at"),
    (["serve", "--db", "{tmp}/typo.db"], 1, "[S401] no sitrep store at"),
    (["extract", "{tmp}/missing-folder", "-o", "{tmp}/m.jsonl"], 2, "[S500] no such file or folder"),
    (["extract", "{tmp}", "-o", "{tmp}"], 2, "is a folder; name the file"),
    (["extract", "{tmp}"], 2, "Missing option '--output'"),
    (["link", "{tmp}/missing.jsonl"], 2, "[S500] no such file or folder"),
    (["link", "{notdb}", "--db", "{tmp}/s.db"], 1, ":1: not JSON"),
    (["runs", "--db", "postgresql+nodriver://bob:secret@x/y"], 2, "[S402] cannot open a store at "
                                                                   "'postgresql+nodriver://bob:***@x/y'"),
]


@pytest.mark.parametrize("args, status, message", BAD, ids=lambda v: " ".join(v) if isinstance(v, list) else None)
def test_a_bad_argument_is_one_line_with_its_status(capsys, tmp_path, not_a_database, args, status,
                                                   message):
    args = [a.format(tmp=tmp_path, notdb=not_a_database) for a in args]
    before = sorted(tmp_path.rglob("*"))
    code, out, err = run_cli(capsys, *args)
    assert code == status, err
    assert err.count("\n") == 1 and err.startswith("error: "), err
    assert message in err and "Traceback" not in err
    assert sorted(tmp_path.rglob("*")) == before          # nothing created


def test_the_installed_command_prints_one_line_and_debug_the_traceback(tmp_path):
    missing = str(tmp_path / "typo.db")
    done = subprocess.run([str(SITREP), "timeline", "--db", missing], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr == f"error: [S401] no sitrep store at '{missing}'; `sitrep run PATH... " \
                          f"--db {missing}` makes one\n"
    debug = subprocess.run([str(SITREP), "--debug", "timeline", "--db", missing],
                           capture_output=True, text=True)
    assert debug.returncode == 1 and "Traceback" in debug.stderr and "StoreNotFound" in debug.stderr
    assert not Path(missing).exists()


def test_the_ray_engine_without_its_extra_fails_before_anything_is_created(capsys, tmp_path,
                                                                          monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "ray" else real(name, *a))
    code, _, err = run_cli(capsys, "run", str(tmp_path), "--engine", "ray", "--db", str(tmp_path / "s.db"))
    assert code == 2 and "pip install 'sitrep[ray]'" in err
    assert not (tmp_path / "s.db").exists()


def test_read_commands_work_on_a_store_and_runs_lists_its_run(capsys, tmp_path, baghdad_dir):
    db = str(tmp_path / "sitrep.db")
    code, out, _ = run_cli(capsys, "run", str(baghdad_dir), "--db", db, "--out", str(tmp_path / "out"),
                           "--quiet")
    assert code == 0 and "5 new" in out
    code, out, _ = run_cli(capsys, "runs", "--db", db)
    assert code == 0 and "events.v1" in out and "en_core_web_sm" in out
    code, out, _ = run_cli(capsys, "runs", "--db", db, "--json")
    assert code == 0 and '"merge_threshold": 0.59' in out and out.count("\n") == 1
    code, out, _ = run_cli(capsys, "export", "--format", "csv", "--db", db)
    assert code == 0 and out.startswith("event_id_cnty")
