"""The library's front door (``import sitrep``): the README's example as written, one text
read without a store, and runs that record how they were made."""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import sitrep

ROOT = Path(__file__).resolve().parent.parent

TEXT = ("Two Katyusha rockets hit the US embassy in Baghdad on Sunday, wounding one Iraqi soldier, "
        "the military said.")


def readme_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## As a library", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_the_readme_example_runs_as_written_and_prints_what_it_shows(tmp_path, monkeypatch,
                                                                     baghdad_dir):
    code = readme_example()
    shown = [line.strip()[2:] for line in code.splitlines() if line.strip().startswith("# ")]
    assert len(shown) >= 3
    shutil.copytree(baghdad_dir, tmp_path / "examples" / "baghdad")
    monkeypatch.chdir(tmp_path)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {})
    assert printed.getvalue().splitlines() == shown
    assert (tmp_path / "sitrep.db").is_file()


def test_import_sitrep_loads_no_stage():
    code = ("import sys, sitrep\n"
            "heavy = [m for m in ('spacy', 'sqlalchemy', 'sitrep.pipeline', 'sitrep.store') "
            "if m in sys.modules]\n"
            "assert not heavy, heavy\n"
            "assert sitrep.RunOptions().link == sitrep.LinkConfig()\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_extract_reads_one_text_without_a_store(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (mention,) = sitrep.extract(TEXT, title="Rockets hit US embassy in Baghdad",
                                published=dt.date(2020, 12, 21))
    assert isinstance(mention, sitrep.Mention)
    assert mention.munitions.best == 2 and mention.place.country == "IQ"
    assert list(tmp_path.iterdir()) == []                      # no store, no file
    content = sitrep.Document(id="text", text=TEXT, title="Rockets hit US embassy in Baghdad").content
    for claim in mention.claims:
        assert content[claim.start:claim.end] == claim.quote


def test_extract_reads_nothing_in_a_language_it_is_not_set_for():
    assert sitrep.extract(TEXT, language="fr") == []
    config = sitrep.ExtractConfig(languages=("en", "fr"))
    assert sitrep.extract(TEXT, language="fr", published=dt.date(2020, 12, 21), config=config)


def test_a_bumped_extractor_version_shows_in_the_claims_and_in_the_run(monkeypatch):
    from sitrep.extract import counts
    from sitrep.extract.config import extractor_versions

    monkeypatch.setattr(counts, "EXTRACTOR", "sitrep.extract.counts.v2")
    (mention,) = sitrep.extract(TEXT, published=dt.date(2020, 12, 21))
    by_field = {c.field: c.extractor for c in mention.claims}
    assert by_field["munitions"] == "sitrep.extract.counts.v2"
    assert by_field["date"] == "sitrep.extract.dates.v1"
    assert extractor_versions()["counts"] == "sitrep.extract.counts.v2"


def test_a_run_records_its_resolved_configuration(tmp_path, baghdad_dir):
    db = tmp_path / "sitrep.db"
    options = sitrep.RunOptions(link=sitrep.LinkConfig(merge_threshold=2.0))   # merge nothing
    result = sitrep.run([baghdad_dir], db=db, options=options)
    with sitrep.open_store(db, create=False) as store:
        (run,) = store.runs()
        assert len(store.incidents()) == result.info.incidents
    assert run.config["link"] == sitrep.to_dict(options.link)
    assert run.config["extract"] == {"languages": ["en"], "clean": True}
    assert run.config["extractors"]["events"] == "sitrep.extract.events.v1"
    assert run.config["extractors"]["model"].startswith("en_core_web_sm")
    # merging nothing gives one incident per linkable mention: more than the default's 9
    assert result.info.incidents > 9


def test_a_run_checks_its_options_before_it_creates_anything(tmp_path):
    db = tmp_path / "new" / "sitrep.db"
    with pytest.raises(sitrep.SitrepError, match="no such file or folder"):
        sitrep.run([tmp_path / "missing"], db=db)
    with pytest.raises(sitrep.SitrepError, match="unknown engine"):
        sitrep.run([tmp_path], db=db, options=sitrep.RunOptions(engine="threads"))
    assert not (tmp_path / "new").exists()


def test_open_store_for_reading_never_creates_one(tmp_path):
    with pytest.raises(sitrep.SitrepError) as caught:
        sitrep.open_store(tmp_path / "typo" / "sitrep.db", create=False)
    assert caught.value.code == "S401" and "typo" in str(caught.value)
    assert list(tmp_path.iterdir()) == []
