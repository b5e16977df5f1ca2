"""Mutation fuzzing of every input format through the whole pipeline, on a temp store.

For each format a seed file is mutated (seeded, so every run sends the same mutants): bytes
flipped, cut, repeated, truncated, and hostile tokens spliced in (NUL, lone surrogates as
JSON escapes and as raw bytes, deep nesting, huge numbers, markup, entity declarations,
paths out of the folder, a word of 30,000 letters). All mutants of a format go through one
``sitrep run`` (in process) and the presenters then read the store. What must hold:

- nothing raises, and no problem is an extraction failure (S600) or a reader's unexpected
  exception ("could not be read (...Error...)"): a traceback turned into a line is still one;
- every problem is one line naming a file;
- running the same folder again adds nothing;
- every claim's quote is the span of its document it points to;
- the timeline, the exports and the report render whatever the texts hold.
"""
from __future__ import annotations

import gzip
import io
import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.pipeline import RunOptions, run
from sitrep.store import Store

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
MUTANTS = 200                    # per format
SEED = 20240516

STORY = ("Gunmen killed three people and wounded two in an attack on a market in Kabul on "
         "Monday, police said. The Taliban denied involvement.")
TITLE = "Gunmen kill three in Kabul market attack"

HOSTILE = [
    b"\x00", b"\\u0000", b"\\ud800", b"\\udfff\\ud800", b"\xed\xa0\x80", b"\xff\xfe",
    b"\xef\xbb\xbf", b"[" * 300, b"{\"a\":" * 300, b"9" * 400, b"1e99999", b"-0",
    b"<script>window.x=1</script>", b"]]>", b"<!DOCTYPE x [<!ENTITY e SYSTEM "
    b"\"file:///etc/passwd\">]>", b"&e;", b"\r", "\u2028\u202e".encode(), b'"', b"\\",
    b"\n", b"\n\n", b"../../../../etc/passwd", b"/etc/passwd", b"[bold red]", b"[/]",
    "\ufdfa".encode() * 40, b"A" * 30_000, b"killed 99999999999999999999 people",
    b"on 31 February 2020", b"on Monday, 0000-00-00", b"%s%n%x", b"\t" * 50,
    b"published: 9999-99-99", "\u0661\u0662\u0663".encode(), b"<p>" * 500,
]


def _text() -> bytes:
    return f"{TITLE}\n\n{STORY}\n\nResidents said the market was closed after the attack.\n"\
        .encode()


def _markdown() -> bytes:
    return (f"---\ntitle: {TITLE}\ndate: 2021-03-02\nurl: https://n.example/kabul\n---\n\n"
            f"{STORY}\n").encode()


def _jsonl() -> bytes:
    lines = [{"id": "a", "title": TITLE, "text": STORY, "published": "2021-03-02",
              "url": "https://n.example/a", "source": "N", "tags": ["x", {"y": 1}]},
             {"id": "b", "headline": "Blast in Mosul", "maintext": STORY.replace("Kabul", "Mosul"),
              "date_publish": "2021-03-03 10:00:00", "language": "en"}]
    return "".join(json.dumps(line) + "\n" for line in lines).encode()


def _json() -> bytes:
    return json.dumps({"articles": [json.loads(line) for line in
                                    _jsonl().decode().splitlines()]}).encode()


def _manifest_line() -> bytes:
    return json.dumps({"path": "story.txt", "id": "m1", "published": "2021-03-02",
                       "title": TITLE, "url": "https://n.example/m1"}).encode() + b"\n"


def _warc() -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    page = (FIXTURES / "html" / "market_blast.html").read_bytes()
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(
        "https://n.example/market", "response", payload=io.BytesIO(page), http_headers=http,
        warc_headers_dict={"WARC-Date": "2021-03-15T06:00:00Z"}))
    return out.getvalue()


# format name -> (file name, seed bytes, gzip the mutant)
FORMATS = {
    "text": ("m.txt", _text, False),
    "markdown": ("m.md", _markdown, False),
    "html": ("m.html", lambda: (FIXTURES / "html" / "market_blast.html").read_bytes(), False),
    "json": ("m.json", _json, False),
    "jsonl": ("m.jsonl", _jsonl, False),
    "jsonl.gz": ("m.jsonl.gz", _jsonl, True),
    "warc": ("m.warc", _warc, False),
    "rss": ("m.rss", lambda: (FIXTURES / "feeds" / "world.rss").read_bytes(), False),
    "atom": ("m.atom", lambda: (FIXTURES / "feeds" / "sahel.atom").read_bytes(), False),
    "manifest": ("manifest.jsonl", _manifest_line, False),
}


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to three random edits of ``data``."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(out) + 1)
        kind = rng.randrange(6)
        if kind == 0 and out:                                  # flip bits
            for _ in range(rng.randint(1, 8)):
                i = rng.randrange(len(out))
                out[i] ^= 1 << rng.randrange(8)
        elif kind == 1:                                        # cut a slice
            del out[at:at + rng.randint(1, 200)]
        elif kind == 2:                                        # repeat a slice
            out[at:at] = out[at:at + rng.randint(1, 200)] * rng.randint(1, 4)
        elif kind == 3:                                        # truncate
            del out[at:]
        elif kind == 4:                                        # random bytes
            out[at:at + rng.randint(0, 20)] = bytes(rng.randrange(256)
                                                    for _ in range(rng.randint(1, 20)))
        else:                                                  # a hostile token
            out[at:at] = rng.choice(HOSTILE)
    return bytes(out)


def write_mutants(folder: Path, fmt: str, n: int, seed: int) -> None:
    name, make, compress = FORMATS[fmt]
    original = make()
    rng = random.Random(f"{seed}:{fmt}")
    folder.mkdir(parents=True)
    if fmt == "manifest":                      # one folder: a manifest of mutated lines
        (folder / "story.txt").write_bytes(_text())
        (folder / "other.txt").write_bytes(_text().replace(b"Kabul", b"Herat"))
        lines = [mutate(original, rng) for _ in range(n)]
        (folder / name).write_bytes(b"".join(line if line.endswith(b"\n") else line + b"\n"
                                             for line in lines))
        return
    stem, _, suffix = name.partition(".")
    for k in range(n):
        data = mutate(original, rng)
        if compress:
            data = gzip.compress(data, mtime=0)
            if rng.random() < 0.3:                 # and sometimes the archive itself
                data = mutate(data, rng)
        (folder / f"{stem}{k:03d}.{suffix}").write_bytes(data)


def _unexpected(problem) -> bool:
    """A problem that is really a crash: an extraction failure, or a reader's exception
    that no check of the input anticipated."""
    return problem.code == "S600" or "could not be read (" in problem.message


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_mutants_go_through_the_whole_pipeline_without_a_crash(tmp_path, fmt):
    folder = tmp_path / fmt
    write_mutants(folder, fmt, MUTANTS, SEED)
    with Store.open(tmp_path / "fuzz.db") as store:
        result = run([folder], store, RunOptions(engine="processes"))   # both cores
        problems = result.info.problems
        assert [str(p) for p in problems if _unexpected(p)] == []
        for problem in problems:
            assert "\n" not in str(problem) and problem.path
        assert result.info.documents_read > 0 or problems
        again = run([folder], store)
        assert again.info.documents_new == 0 and again.info.incidents == 0
        documents = {d.id: d for d in store.documents()}
        for claim in store.claims():
            assert documents[claim.document_id].content[claim.start:claim.end] == claim.quote
        counts = store.counts()
    runner = CliRunner()
    db = str(tmp_path / "fuzz.db")
    for args in (["timeline", "--all"],
                 *(["export", "--format", f, "-o", str(tmp_path / f"x.{f}")]
                   for f in ("csv", "geojson", "json", "documents")),
                 ["report", "-o", str(tmp_path / "report.html")]):
        done = runner.invoke(app, [*args, "--db", db])
        assert done.exit_code == 0, (args, done.output, done.exception)
    assert counts["documents"] > 0
