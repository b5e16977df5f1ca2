"""A run streams its inputs a chunk at a time: the chunk size, a kill -9 or a Ctrl-C in the
middle, and what the store held before never change what it ends up holding."""
from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import GVA_DEV, gva_dev_slice, store_contents

from sitrep.pipeline import RunOptions, admit, run
from sitrep.records import Document
from sitrep.store import Store

SITREP = Path(sys.executable).parent / "sitrep"
GVA_DOCS = GVA_DEV / "docs.jsonl"


# An outlet whose pages repeat lines (a blotter's boilerplate) that the cleaner learns to drop
REPEATING_OUTLET = "homicides.suntimes.com"


@pytest.fixture(scope="module")
def gva_slice(tmp_path_factory) -> Path:
    """60 gva-dev documents, the 8 of an outlet whose pages repeat boilerplate lines, a copy
    of the first (same text, another id) and another text under the first one's id: copies,
    id clashes and an outlet's boilerplate across chunks."""
    path = gva_dev_slice(tmp_path_factory.mktemp("gva"), 60)
    lines = path.read_text(encoding="utf-8").splitlines()
    have = {json.loads(line)["id"] for line in lines}
    outlet = [line for line in GVA_DOCS.read_text(encoding="utf-8").splitlines()
              if f"//{REPEATING_OUTLET}/" in line and json.loads(line)["id"] not in have]
    first = json.loads(lines[0])
    copy = dict(first, id="copy-of-first", url="https://example.org/copy")
    clash = dict(json.loads(lines[1]), text="Gunmen shot two men outside a store in Dayton, "
                 "Ohio, on Tuesday night, police said.")
    clash["id"] = first["id"]
    with path.open("a", encoding="utf-8") as out:
        out.writelines(f"{line}\n" for line in outlet)
        for record in (copy, clash):
            out.write(json.dumps(record) + "\n")
    return path


def _run(source: Path, db: Path, chunk_size: int) -> dict:
    with Store.open(db) as store:
        run([source], store, RunOptions(chunk_size=chunk_size))
        return store_contents(store)


@pytest.mark.slow
@pytest.mark.parametrize("corpus", ["baghdad", "gva-dev slice"])
def test_the_chunk_size_does_not_change_the_result(corpus, baghdad_dir, gva_slice, tmp_path):
    source = baghdad_dir if corpus == "baghdad" else gva_slice
    whole = _run(source, tmp_path / "whole.db", 10_000)
    assert whole["incidents"] and whole["stories"]
    for size in (1, 7):
        assert _run(source, tmp_path / f"chunks-{size}.db", size) == whole, f"chunk size {size}"
    if corpus != "baghdad":
        ids = {d[0]: d[1] for d in whole["documents"]}
        first = gva_slice.read_text().split("\n", 1)[0]
        first_id = json.loads(first)["id"]
        assert "copy-of-first" in ids[first_id]          # the copy joined the first text
        assert f"{first_id}~2" in ids                    # the other text got a free id
        assert any(len(s.document_ids) > 1 for s in whole["stories"])
        # the outlet's repeated lines were learned (and dropped) in every chunking alike
        raw = {r["id"]: r["text"].splitlines() for r in map(json.loads, gva_slice.read_text().splitlines())
               if f"//{REPEATING_OUTLET}/" in r.get("url", "")}
        stored = {d[0]: d[3].splitlines() for d in whole["documents"] if d[0] in raw}
        assert len(raw) >= 3 and set(stored) == set(raw)
        assert any(line not in stored[i] for i in raw for line in raw[i]
                   if line.strip() and sum(line in other for other in raw.values()) >= 3)


def test_admit_settles_copies_and_taken_ids_against_the_store(tmp_path):
    with Store.open(tmp_path / "s.db") as store:
        stored = Document(id="a", text="Rockets hit the base on Monday.", url="https://x.example/a")
        run_docs = admit([stored], store)
        from sitrep.records import RunInfo
        from sitrep.store import Batch

        store.save_batch(Batch(run=RunInfo("r1", dt.datetime.now(dt.timezone.utc)),
                               documents=run_docs.new))
        chunk = [Document(id="b", text="Rockets  hit the base on MONDAY.", url="https://y.example/b"),
                 Document(id="a", text="Another text entirely."),
                 Document(id="c", text="Another text entirely."),
                 Document(id="a", text="A third text.")]
        admitted = admit(chunk, store)
        assert [d.id for d in admitted.new] == ["a~2", "a~3"]
        assert admitted.new[0].aliases == ("c",) and admitted.new[0].metadata["original_id"] == "a"
        (grown,) = admitted.updated
        assert (grown.id, grown.aliases) == ("a", ("b",))
        assert grown.urls == ("https://x.example/a", "https://y.example/b")
        assert admitted.copies == 2


def test_the_country_prior_is_the_stores(tmp_path):
    """"Panama City" alone is Panama's capital; after twenty American stories stored by
    earlier runs, it is the Florida town, as it would be after twenty in the same run."""
    houston = "A man was shot and killed in Houston, Texas, on Monday night, police said."
    panama = {"id": "panama", "text": "Two men were shot outside a bar in Panama City on "
              "Sunday, police said.", "published": "2016-05-03"}
    american = tmp_path / "us.jsonl"
    american.write_text("".join(json.dumps({"id": f"us{i}", "text": f"{houston} ({i})",
                                            "published": "2016-05-03"}) + "\n" for i in range(20)))
    alone = tmp_path / "panama.jsonl"
    alone.write_text(json.dumps(panama) + "\n")

    def panama_country(store) -> str:
        (mention,) = store.mentions(["panama"])
        return mention.place.country

    with Store.open(tmp_path / "fresh.db") as store:
        run([alone], store)
        assert panama_country(store) == "PA"
    with Store.open(tmp_path / "after.db") as store:
        run([american], store)
        assert store.place_countries() == {"US": 20}
        run([alone], store)
        assert panama_country(store) == "US"


# ----------------------------------------------------------------------------- interruptions


def _stored_documents(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:          # not created yet
        return 0


def _start(source: Path, db: Path, tmp_path: Path, chunk_size: int = 4) -> subprocess.Popen:
    return subprocess.Popen([str(SITREP), "run", str(source), "--db", str(db), "--out",
                             str(tmp_path / "out"), "--quiet", "--chunk-size", str(chunk_size)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(process: subprocess.Popen, db: Path, documents: int, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while _stored_documents(db) < documents:
        assert process.poll() is None, f"the run ended early: {process.communicate()}"
        assert time.monotonic() < deadline, "the run stored nothing in time"
        time.sleep(0.05)


@pytest.mark.slow
def test_kill_9_at_several_points_then_the_same_command_gives_the_uninterrupted_store(
        gva_slice, tmp_path):
    source = tmp_path / "docs.jsonl"
    source.write_text("".join(gva_slice.read_text().splitlines(keepends=True)[:36]))
    expected = _run(source, tmp_path / "reference.db", 4)
    db = tmp_path / "killed.db"
    # killed: while loading (nothing stored), then each time a little after 8, 20 and 28
    # documents are stored (in the middle of extracting, linking or committing the next)
    for stored, delay in ((0, 2.0), (8, 0.0), (20, 0.3), (28, 0.6)):
        process = _start(source, db, tmp_path)
        _wait_for(process, db, stored)
        time.sleep(delay)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.communicate()
        if stored:
            assert _stored_documents(db) >= stored
    final = _start(source, db, tmp_path)
    out, err = final.communicate(timeout=600)
    assert final.returncode == 0, err
    with Store.open(db) as store:
        assert store_contents(store) == expected


@pytest.mark.slow
def test_ctrl_c_stops_after_the_chunk_in_hand_with_one_line_and_status_130(gva_slice, tmp_path):
    source = tmp_path / "docs.jsonl"
    source.write_text("".join(gva_slice.read_text().splitlines(keepends=True)[:24]))
    db = tmp_path / "interrupted.db"
    process = _start(source, db, tmp_path)
    _wait_for(process, db, 4)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=300)
    assert process.returncode == 130, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("interrupted:"), err
    assert _stored_documents(db) % 4 == 0 and _stored_documents(db) < 24
    again = _start(source, db, tmp_path)
    again.communicate(timeout=600)
    assert again.returncode == 0
    with Store.open(db) as store:
        assert store_contents(store) == _run(source, tmp_path / "reference.db", 24)
