"""Hostile inputs: reading stays inside what the user named, one bad character or record
never costs the batch, and no input keeps a core busy for hours or floods the problem list."""
from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.extract.document import MAX_PARAGRAPH_CHARS, extract_document, paragraphs
from sitrep.ingest import ReadOptions, read_inputs
from sitrep.ingest.common import MAX_JSON_DEPTH
from sitrep.pipeline import run
from sitrep.present.web.app import create_app
from sitrep.records import Document
from sitrep.store import Store

from test_ingest import ENGLISH, docs_of, problems_of, write_jsonl

SECRET = "Secret outside text. Gunmen killed three people in Kabul on Monday."


@pytest.fixture
def outside(tmp_path) -> Path:
    """A file the user did not name, beside the input folder."""
    (tmp_path / "private").mkdir()
    secret = tmp_path / "private" / "secret.txt"
    secret.write_text(SECRET)
    return secret


# ----------------------------------------------------------------------------- 1. paths


@pytest.mark.parametrize("listed", ["../private/secret.txt", "docs/../../private/secret.txt",
                                    "ABSOLUTE"])
def test_a_manifest_path_outside_its_folder_is_a_problem_not_read(tmp_path, outside, listed):
    folder = tmp_path / "in"
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "good.txt").write_text(ENGLISH)
    listed = str(outside) if listed == "ABSOLUTE" else listed
    write_jsonl(folder / "manifest.jsonl", [{"path": listed, "id": "stolen"},
                                            {"path": "docs/good.txt", "id": "good"}])
    items = list(read_inputs([folder]))
    assert [d.id for d in docs_of(items)] == ["good"]
    (problem,) = problems_of(items)
    assert problem.path == str(folder / "manifest.jsonl") and problem.line == 1
    assert "outside the manifest's folder" in problem.message and problem.code == "S101"


def test_a_manifest_entry_that_is_a_link_out_of_its_folder_needs_follow_links(tmp_path, outside):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "link.txt").symlink_to(outside)
    write_jsonl(folder / "manifest.jsonl", [{"path": "link.txt"}])
    (problem,) = problems_of(read_inputs([folder]))
    assert "a link to" in problem.message and "--follow-links" in problem.message
    (doc,) = docs_of(read_inputs([folder], ReadOptions(follow_links=True)))
    assert doc.text == SECRET


def test_a_link_out_of_a_named_folder_is_not_followed_unless_asked(tmp_path, outside):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(ENGLISH)
    (folder / "leak.txt").symlink_to(outside)
    (folder / "leak_dir").symlink_to(outside.parent, target_is_directory=True)
    (folder / "sub" / "inside.txt").symlink_to(folder / "good.txt")   # stays inside: fine
    items = list(read_inputs([folder]))
    assert [d.id for d in docs_of(items)] == ["good"]            # inside.txt: the same file
    assert sorted(Path(p.path).name for p in problems_of(items)) == ["leak.txt", "leak_dir"]
    followed = docs_of(read_inputs([folder], ReadOptions(follow_links=True)))
    assert SECRET in {d.text for d in followed}


def test_a_link_named_on_the_command_line_is_read(tmp_path, outside):
    link = tmp_path / "named.txt"
    link.symlink_to(outside)
    (doc,) = docs_of(read_inputs([link]))
    assert doc.text == SECRET


def test_run_exits_1_and_neither_stores_nor_serves_nor_finds_what_lies_outside(tmp_path, outside):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ENGLISH)
    write_jsonl(folder / "manifest.jsonl", [{"path": "good.txt", "id": "good"},
                                            {"path": "/etc/passwd", "id": "passwd"},
                                            {"path": "../private/secret.txt", "id": "secret"}])
    db = tmp_path / "s.db"
    result = CliRunner().invoke(app, ["run", str(folder), "--db", str(db), "--out",
                                      str(tmp_path / "out"), "-q"])
    assert result.exit_code == 1, result.output
    with TestClient(create_app(str(db))) as client:
        assert client.get("/api/documents/good").status_code == 200
        for stolen in ("passwd", "secret"):
            assert client.get(f"/api/documents/{stolen}").status_code == 404
        assert client.get("/api/search", params={"q": "root"}).json()["documents"] == []
        assert client.get("/api/search", params={"q": "Secret"}).json()["documents"] == []


# ----------------------------------------------------------------------------- 2. characters

HOSTILE_LINES = [
    {"id": "surrogate", "title": "Blast \ud800 in Kabul", "published": "2021-03-02",
     "text": "A bomb killed four people in Kabul on Monday, police said. \udfff"},
    {"id": "nul", "title": "Nul\u0000title", "published": "2021-03-02",
     "text": "Gunmen killed two people in Mosul on Sunday.\u0000", "note\u0000": "x\u0000"},
    {"id": "clean", "published": "2021-03-02",
     "text": "A roadside bomb killed five soldiers in Helmand on Tuesday."},
]


@pytest.mark.parametrize("store_url", ["sqlite", "postgresql"], indirect=True)
def test_nul_and_lone_surrogates_are_replaced_and_every_document_is_stored(tmp_path, store_url):
    path = tmp_path / "hostile.jsonl"
    # json.dumps writes \ud800 and \u0000 as escapes, as a hostile producer would
    path.write_text("\n".join(json.dumps(line) for line in HOSTILE_LINES) + "\n")
    with Store.open(store_url) as store:
        result = run([path], store)
        stored = {d.id: d for d in store.documents()}
        assert set(stored) == {"surrogate", "nul", "clean"}
        assert stored["surrogate"].title == "Blast \ufffd in Kabul"
        assert stored["nul"].title == "Nul\ufffdtitle"
        assert stored["nul"].metadata["note\ufffd"] == "x\ufffd"
        assert store.incidents()            # the batch went on to extraction and linking
    lines = sorted((p.line, p.code, p.message) for p in result.info.problems)
    assert lines == [
        (1, "S102", "2 NUL or unpaired surrogate characters replaced with U+FFFD; document kept"),
        (2, "S102", "4 NUL or unpaired surrogate characters replaced with U+FFFD; document kept")]


# ----------------------------------------------------------------------------- 4. hostile JSON


def test_a_line_nested_200000_deep_is_one_problem_and_the_file_goes_on(tmp_path):
    path = tmp_path / "deep.jsonl"
    deep = "[" * 200_000 + "]" * 200_000
    just_over = {"text": ENGLISH, "meta": json.loads("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH)}
    path.write_text("\n".join([json.dumps({"id": "a", "text": ENGLISH}), deep,
                               json.dumps(just_over),
                               json.dumps({"id": "b", "text": ENGLISH.replace("three", "six")})])
                    + "\n")
    items = list(read_inputs([path]))
    assert [d.id for d in docs_of(items)] == ["a", "b"]
    assert [(p.line, p.message) for p in problems_of(items)] == [
        (2, f"JSON nested more than {MAX_JSON_DEPTH} levels deep"),
        (3, f"JSON nested more than {MAX_JSON_DEPTH} levels deep")]


def test_a_json_file_nested_too_deep_is_one_problem(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    (problem,) = problems_of(read_inputs([path]))
    assert problem.code == "S102" and "nested more than" in problem.message


def test_a_gzip_of_empty_records_stops_at_the_record_limit(tmp_path):
    path = tmp_path / "bomb.jsonl.gz"
    with gzip.open(path, "wb") as handle:
        handle.write(json.dumps({"id": "real", "text": ENGLISH}).encode() + b"\n")
        handle.write(b"{}\n" * 5000)
    items = list(read_inputs([path], ReadOptions(max_records=1000, max_problems=3)))
    assert [d.id for d in docs_of(items)] == ["real"]
    problems = problems_of(items)
    assert len(problems) == 5                 # 3 listed, the count of the rest, the stop
    assert problems[3].message == "996 more problems in this file not listed"
    assert problems[4].code == "S105" and problems[4].line == 1001
    assert "reading stopped after 1,000 lines" in problems[4].message


def test_the_byte_limit_stops_a_streamed_file(tmp_path):
    path = tmp_path / "big.jsonl"
    write_jsonl(path, [{"id": f"d{i}", "text": ENGLISH + f" Item {i}."} for i in range(50)])
    limit = len(path.read_bytes()) // 2
    items = list(read_inputs([path], ReadOptions(max_bytes=limit)))
    docs, (problem,) = docs_of(items), problems_of(items)
    assert 20 <= len(docs) < 26 and problem.code == "S105"
    assert problem.line == len(docs) + 1


def test_a_manifest_lists_at_most_max_problems_and_counts_the_rest(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ENGLISH)
    lines = ["{not json"] * 700 + [json.dumps({"path": "good.txt"})]
    (folder / "manifest.jsonl").write_text("\n".join(lines) + "\n")
    items = list(read_inputs([folder]))
    problems = problems_of(items)
    assert len(problems) == ReadOptions().max_problems + 1
    assert problems[-1].message == f"{700 - ReadOptions().max_problems} more problems in this " \
        "file not listed"
    assert [d.id for d in docs_of(items)] == ["good"]


def test_a_paragraph_longer_than_spacy_takes_is_parsed_in_pieces(nlp):
    filler = "The committee discussed the budget for the coming year at length. " * 16_000
    event = "A car bomb killed nine people in Kabul on Monday, police said. "
    text = filler[:500_000] + event + filler[500_000:]
    assert len(text) > nlp.max_length and "\n" not in text
    document = Document(id="long", text=text, title="Bomb in Kabul",
                        published=__import__("datetime").date(2021, 3, 2))
    pieces = paragraphs(document.content)
    assert max(p.end - p.start for p in pieces) <= MAX_PARAGRAPH_CHARS
    assert "".join(p.text for p in pieces[1:]) == text         # nothing lost between pieces
    mentions = extract_document(document, nlp)
    assert any(m.killed.best == 9 for m in mentions)
    killed = next(c for m in mentions for c in m.claims if c.field == "killed")
    assert document.content[killed.start:killed.end] == killed.quote


def test_a_file_name_that_is_not_utf8_is_stored(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsencode(folder) + b"/caf\xe9.txt"
    with open(name, "wb") as handle:
        handle.write(ENGLISH.encode())
    with Store.open(tmp_path / "s.db") as store:
        result = run([folder], store)
        (doc,) = store.documents()
    assert "\ufffd" in doc.id and "\ufffd" in doc.path
    assert [p.code for p in result.info.problems] == ["S102"]
