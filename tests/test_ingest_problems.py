"""Ingest: bad inputs become one-line ``InputProblem``s with the right code, and the rest of
the batch is still read."""
from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

import pytest

from sitrep.ingest import read_inputs
from sitrep.ingest.common import MAX_DOCUMENT_BYTES
from sitrep.records import Document, InputProblem

from test_ingest import ENGLISH, docs_of, problems_of, write_jsonl


def read_with_good(tmp_path: Path, bad: Path) -> tuple[list[Document], list[InputProblem]]:
    """Read ``bad`` in a batch between two good files; both good ones must come through."""
    (tmp_path / "good_a.txt").write_text(ENGLISH)
    (tmp_path / "good_z.txt").write_text(ENGLISH.replace("three", "nine"))
    items = list(read_inputs([tmp_path / "good_a.txt", bad, tmp_path / "good_z.txt"]))
    docs, problems = docs_of(items), problems_of(items)
    assert {"good_a", "good_z"} <= {d.id for d in docs}
    for problem in problems:
        assert "\n" not in str(problem)
    return docs, problems


def test_binary_file(tmp_path):
    bad = tmp_path / "photo.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    docs, (problem,) = read_with_good(tmp_path, bad)
    assert problem.code == "S101" and problem.path == str(bad)
    assert "PNG" in problem.message and len(docs) == 2


def test_binary_bytes_without_signature(tmp_path):
    bad = tmp_path / "dump.html"
    bad.write_bytes(bytes(range(256)) * 10)
    _, (problem,) = read_with_good(tmp_path, bad)
    assert problem.code == "S101"


def test_mostly_invalid_utf8_is_refused(tmp_path):
    bad = tmp_path / "latin.txt"
    bad.write_bytes(("café déjà vu à Montréal " * 50).encode("latin-1"))
    docs, (problem,) = read_with_good(tmp_path, bad)
    assert problem.code == "S101" and "UTF-8" in problem.message
    assert "latin" not in {d.id for d in docs}


def test_few_invalid_bytes_are_replaced_and_reported(tmp_path):
    bad = tmp_path / "quotes.txt"
    bad.write_bytes(ENGLISH.encode().replace(b"Police said", b"\x93Police\x94 said"))
    docs, (problem,) = read_with_good(tmp_path, bad)
    assert problem.code == "S102" and "2 invalid UTF-8" in problem.message
    (kept,) = [d for d in docs if d.id == "quotes"]
    assert kept.text.startswith("\ufffdPolice\ufffd said")


def test_utf16_with_bom_is_read(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes(ENGLISH.encode("utf-16"))
    (doc,) = docs_of(read_inputs([path]))
    assert doc.text == ENGLISH


@pytest.mark.parametrize("name, content", [
    ("empty.txt", b""), ("blank.md", b"\n  \n\t\n"), ("empty.html", b""),
    ("empty.jsonl", b"\n\n"), ("empty.json", b""), ("empty.rss", b""),
    ("nolist.json", b"[]"),
])
def test_empty_file(tmp_path, name, content):
    bad = tmp_path / name
    bad.write_bytes(content)
    _, (problem,) = read_with_good(tmp_path, bad)
    assert problem.code == "S103" and problem.path == str(bad)


@pytest.mark.parametrize("name", ["cut.txt.gz", "cut.jsonl.gz", "cut.html.gz"])
def test_truncated_gz(tmp_path, name):
    lines = "".join(json.dumps({"id": f"t{i}", "text": f"{ENGLISH} {i}"}) + "\n"
                    for i in range(200))
    data = gzip.compress(lines.encode())
    bad = tmp_path / name
    bad.write_bytes(data[: len(data) // 2])
    docs, problems = read_with_good(tmp_path, bad)
    assert problems[-1].code == "S101" and "gzip" in problems[-1].message
    assert problems[-1].path == str(bad)
    if name == "cut.jsonl.gz":
        # The complete lines before the cut are still ingested, the line is named.
        assert sum(d.id.startswith("t") for d in docs) > 10
        assert problems[-1].line is not None


def test_not_gzip_at_all(tmp_path):
    bad = tmp_path / "plain.jsonl.gz"
    bad.write_text(json.dumps({"text": ENGLISH}) + "\n")
    _, (problem,) = read_with_good(tmp_path, bad)
    assert problem.code == "S101"


def test_malformed_json_line(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "ok1", "text": ENGLISH + " one"}),
        '{"id": "broken", "text": "no closing brace"',
        "",
        json.dumps({"id": "ok2", "text": ENGLISH + " two"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "notext", "title": "Headline only"}),
        json.dumps({"id": "ok3", "text": ENGLISH + " three"}),
    ]) + "\n")
    items = list(read_inputs([path]))
    assert [d.id for d in docs_of(items)] == ["ok1", "ok2", "ok3"]
    assert [(p.code, p.line) for p in problems_of(items)] == [
        ("S102", 2), ("S102", 5), ("S104", 6)]
    assert all(p.path == str(path) for p in problems_of(items))
    assert str(problems_of(items)[0]).startswith(f"[S102] {path}:2: invalid JSON")
    # Problems stay where they were met, between the documents.
    assert [type(i).__name__[0] for i in items] == list("DIDIID")


def test_malformed_json_file(tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text('{"articles": [{"text": "x"},\n  {"text": }]}')
    _, (problem,) = read_with_good(tmp_path, bad)
    assert problem.code == "S102" and problem.line == 2


def test_many_bad_lines_are_summarised(tmp_path):
    path = tmp_path / "wrong.jsonl"
    path.write_text("this is not json\n" * 500)
    problems = problems_of(read_inputs([path]))
    assert len(problems) == 51 and "450 more" in problems[-1].message


def test_oversized_text_file_is_refused_quickly(tmp_path):
    bad = tmp_path / "huge.txt"
    with open(bad, "wb") as handle:           # sparse: takes no disk space
        handle.truncate(50 * 1024 * 1024)
    started = time.perf_counter()
    _, (problem,) = read_with_good(tmp_path, bad)
    assert problem.code == "S105" and "50.0 MB" in problem.message
    assert "20.0 MB" in problem.message
    assert time.perf_counter() - started < 5


def test_oversized_gz_content_is_refused(tmp_path):
    bad = tmp_path / "bomb.txt.gz"
    with gzip.open(bad, "wb") as handle:
        chunk = b"a" * (1024 * 1024)
        for _ in range(MAX_DOCUMENT_BYTES // len(chunk) + 2):
            handle.write(chunk)
    _, (problem,) = read_with_good(tmp_path, bad)
    assert problem.code == "S105"


def test_oversized_jsonl_line_is_skipped(tmp_path, monkeypatch):
    import sitrep.ingest.common as common

    monkeypatch.setattr(common, "MAX_DOCUMENT_BYTES", 1000)
    path = write_jsonl(tmp_path / "big.jsonl", [
        {"id": "small", "text": ENGLISH}, {"id": "big", "text": "word " * 2000},
        {"id": "after", "text": ENGLISH + " after"}])
    items = list(read_inputs([path]))
    assert [d.id for d in docs_of(items)] == ["small", "after"]
    (problem,) = problems_of(items)
    assert (problem.code, problem.line) == ("S105", 2)


def test_html_without_article_text(tmp_path):
    bad = tmp_path / "index.html"
    bad.write_text("<html><head><title>Home | Example News</title></head><body>"
                   "<nav><ul><li><a href='/w'>World</a></li><li><a href='/s'>Sport</a></li>"
                   "</ul></nav><footer>Copyright 2021 Example News. All rights reserved."
                   "</footer></body></html>")
    _, (problem,) = read_with_good(tmp_path, bad)
    assert problem.code == "S104" and problem.path == str(bad)


def test_missing_path(tmp_path):
    _, (problem,) = read_with_good(tmp_path, tmp_path / "nowhere.txt")
    assert problem.code == "S101" and "no such file" in problem.message


def test_explicit_unknown_binary_file(tmp_path):
    bad = tmp_path / "report.pdf"
    bad.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    _, (problem,) = read_with_good(tmp_path, bad)
    assert problem.code == "S101" and "PDF" in problem.message


def test_malformed_feed(tmp_path):
    bad = tmp_path / "broken.rss"
    bad.write_text("this is not a feed at all")
    _, (problem,) = read_with_good(tmp_path, bad)
    assert problem.code == "S102"
