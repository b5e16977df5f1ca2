"""The extract and link stages run apart (``sitrep extract``, then ``sitrep link``): together
they make what ``sitrep run`` makes, and the file between them reads back as it was written."""
from __future__ import annotations

import json

import pytest

import sitrep
from sitrep.cli import main
from sitrep.present.export import write_outputs
from sitrep.stagefile import read_extraction, write_extraction


@pytest.fixture(scope="module")
def staged(tmp_path_factory, baghdad_dir):
    """The example run whole, and extracted then linked, into two stores."""
    root = tmp_path_factory.mktemp("stages")
    sitrep.run([baghdad_dir], db=root / "run.db")
    extraction = sitrep.extract_files([baghdad_dir], out=root / "mentions.jsonl")
    result = sitrep.link_extraction(root / "mentions.jsonl", db=root / "staged.db")
    return root, extraction, result


def outputs(db, out) -> tuple[dict, str]:
    with sitrep.open_store(db, create=False) as store:
        paths = write_outputs(store, out)
    return json.loads(paths["incidents"].read_text()), paths["documents"].read_text()


def test_extract_then_link_makes_what_run_makes(staged):
    root, _, result = staged
    run_incidents, run_documents = outputs(root / "run.db", root / "out-run")
    staged_incidents, staged_documents = outputs(root / "staged.db", root / "out-staged")
    assert run_incidents["incidents"] and staged_incidents == run_incidents
    assert staged_documents == run_documents
    assert result.info.documents_new == 5 and result.info.incidents == len(run_incidents["incidents"])


def test_the_stage_file_reads_back_as_written(staged, tmp_path):
    root, extraction, _ = staged
    again = read_extraction(root / "mentions.jsonl")
    assert again == extraction
    write_extraction(again, tmp_path / "again.jsonl")
    assert (tmp_path / "again.jsonl").read_bytes() == (root / "mentions.jsonl").read_bytes()


def test_linking_texts_the_store_holds_adds_nothing(staged):
    root, _, _ = staged
    with sitrep.open_store(root / "run.db") as store:
        before = len(store.incidents()), len(store.mentions())
        again = sitrep.link_extraction(root / "mentions.jsonl", db=store)
        assert again.info.documents_new == 0 and again.info.documents_duplicate == 5
        assert (len(store.incidents()), len(store.mentions())) == before


def test_the_link_run_records_how_extraction_and_linking_were_made(staged, tmp_path):
    root, extraction, _ = staged
    options = sitrep.RunOptions(link=sitrep.LinkConfig(merge_threshold=0.7))
    sitrep.link_extraction(extraction, db=tmp_path / "s.db", options=options)
    with sitrep.open_store(tmp_path / "s.db", create=False) as store:
        (run,) = store.runs()
    assert run.config["link"]["merge_threshold"] == 0.7
    assert run.config["extractors"] == extraction.config["extractors"]
    assert run.config["extract"] == {"languages": ["en"], "clean": True}


def test_the_commands_take_link_settings(capsys, staged, tmp_path):
    root, _, _ = staged
    db = str(tmp_path / "s.db")
    assert main(["link", str(root / "mentions.jsonl"), "--db", db, "--out", str(tmp_path / "out"),
                 "--set", "merge_threshold=2", "--quiet"]) == 0
    assert "read 5 documents: 5 new" in capsys.readouterr().out
    assert main(["runs", "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["config"]["link"]["merge_threshold"] == 2.0


@pytest.mark.parametrize("setting, message", [
    ("no_such=1", "LinkConfig has no setting 'no_such'"),
    ("merge_threshold=high", "merge_threshold takes a float like 0.59"),
    ("tolls_rise=maybe", "tolls_rise takes a bool"),
])
def test_a_bad_link_setting_is_one_line(capsys, tmp_path, setting, message):
    with pytest.raises(SystemExit) as exit_:
        main(["link", str(tmp_path), "--db", str(tmp_path / "s.db"), "--set", setting])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and err.count("\n") == 1 and message in err
    assert not (tmp_path / "s.db").exists()


@pytest.mark.parametrize("content, line, message", [
    ("", None, "empty"),
    ('{"format": "something else"}\n', 1, "not a file of `sitrep extract`"),
    ('{"format": "sitrep.extraction.v1", "config": {}}\n{"document": {"id": 3}}\n', 2, "not a document"),
    ('{"format": "sitrep.extraction.v1", "config": {}}\n\n{broken\n', 3, "not JSON"),
])
def test_a_malformed_stage_file_names_its_line(capsys, tmp_path, content, line, message):
    path = tmp_path / "mentions.jsonl"
    path.write_text(content)
    with pytest.raises(SystemExit) as exit_:
        main(["link", str(path), "--db", str(tmp_path / "s.db")])
    err = capsys.readouterr().err
    where = f"{path}:{line}:" if line else f"{path}:"
    assert exit_.value.code == 1 and err.count("\n") == 1 and where in err and message in err
