"""The data files under sitrep/data: every one loads through ``sitrep.data.read_table``, and a
malformed file fails with its name and line."""
from __future__ import annotations

import pytest

import sitrep.data
from sitrep.data import data_files, read_table
from sitrep.errors import DataFileError

PROVENANCE = "# Source: a test\n# License: MIT\n# About: a table for the test\n"


def test_the_data_folder_has_the_tables():
    names = data_files()
    assert "en/weapons.tsv" in names and "geo/admin1.tsv" in names
    assert all(name.endswith(".tsv") for name in names)


@pytest.mark.parametrize("name", data_files())
def test_every_data_file_loads_with_its_header(name):
    rows = read_table(name)
    assert rows, f"{name} has no rows"
    columns = list(rows[0].values)
    assert all(list(row.values) == columns for row in rows)
    assert all(row.line > 0 for row in rows)


def test_every_reader_of_the_data_files_accepts_them():
    """The readers pass their own columns and keys: a renamed column, or a duplicate key,
    fails here before it fails an extraction."""
    from sitrep import clean
    from sitrep import truecase
    from sitrep.data import vocabulary
    from sitrep.extract import actors, counts, dates, document, events, places
    from sitrep.extract.geo import gazetteer
    from sitrep.ingest import text
    from sitrep.present import export, timeline

    for loader in (events._lexicon, counts._quantities, counts._casualties, actors._alias_index,
                   actors._cues, dates._holidays, document._not_news_patterns, clean.lexicon,
                   text._not_title, vocabulary._calendar, vocabulary.street_types,
                   places._place_table, truecase.case_model, vocabulary._numbers,
                   dates._date_words, events._event_words, document._document_words,
                   vocabulary._place_rows, export._regions, export._type_endings,
                   timeline.short_type_names):
        loader.cache_clear()
        assert loader() is not None
    assert {f"geo/{name}" for name in gazetteer._TABLES} == {n for n in data_files()
                                                            if n.startswith("geo/")}
    for name in gazetteer._TABLES:
        assert gazetteer._read_tsv(name)


@pytest.fixture
def table(tmp_path, monkeypatch):
    """Write a data file and read it through ``read_table`` as ``en/test.tsv``."""
    monkeypatch.setattr(sitrep.data, "data_path", lambda name: tmp_path / name.replace("/", "_"))

    def write(text: str, columns=None, **kwargs):
        (tmp_path / "en_test.tsv").write_text(text, encoding="utf-8")
        return read_table("en/test.tsv", columns, **kwargs)
    return write


def test_rows_carry_their_line_and_optional_cells(table):
    rows = table(PROVENANCE + "term\tkind\tnote?\n\n# a comment\nrocket\tweapon\nmortar\tweapon\tlobbed\n",
                 ("term", "kind", "note"))
    assert [(line, row) for line, row in rows] == [
        (7, {"term": "rocket", "kind": "weapon", "note": ""}),
        (8, {"term": "mortar", "kind": "weapon", "note": "lobbed"})]


@pytest.mark.parametrize("text, columns, key, message", [
    ("term\tkind\nrocket\tweapon\n", None, None, "missing '# Source:' line"),
    (PROVENANCE + "term\tsort\nrocket\tweapon\n", ("term", "kind"), None,
     ":4: the header row should be term | kind"),
    (PROVENANCE + "term\tkind\nrocket weapon\n", None, None, ":5: expected 2 tab-separated cells, found 1"),
    (PROVENANCE + "term\tkind\nrocket\tweapon\tx\n", None, None, ":5: expected 2 "),
    (PROVENANCE + "term\tkind\nrocket\tweapon\nmortar\tweapon\nrocket\tweapon\n", None, None,
     ":7: 'rocket | weapon' repeats line 5"),
    (PROVENANCE + "term\tkind\nrocket\tweapon\nrocket\tarms\n", None, ("term",), ":6: 'rocket' repeats line 5"),
    (PROVENANCE + "term?\tkind\nrocket\tweapon\n", None, None, "optional columns last"),
    (PROVENANCE, None, None, "no header row"),
])
def test_a_malformed_file_names_itself_and_the_line(table, text, columns, key, message):
    with pytest.raises(DataFileError) as caught:
        table(text, columns, key=key)
    shown = str(caught.value)
    assert shown.startswith("[S200] sitrep/data/en/test.tsv")
    assert message in shown.replace("sitrep/data/en/test.tsv", "")


def test_a_missing_file_says_so():
    with pytest.raises(DataFileError, match="missing"):
        read_table("en/no-such-table.tsv")


def test_the_shared_calendar_and_street_words():
    from sitrep.data import vocabulary

    assert vocabulary.months()["sept"] == vocabulary.months()["september"] == 9
    assert vocabulary.weekdays()["thurs"] == 3
    assert vocabulary.month_names()[0] == "january" and len(vocabulary.month_names()) == 12
    assert vocabulary.weekday_names()[-1] == "sunday" and len(vocabulary.weekday_names()) == 7
    assert vocabulary.month_abbreviations()[:2] == ("jan", "feb") and "may" not in \
        vocabulary.month_abbreviations()
    assert {"tue", "tues", "thurs"} <= set(vocabulary.weekday_abbreviations())
    assert {"gmt", "may", "tue"} <= vocabulary.calendar_words()
    types = vocabulary.street_types()
    assert {"Street", "St", "Avenue", "Blvd", "Way"} <= set(types)
    assert types.index("Street") < types.index("St")          # longest first


def test_a_word_list_by_kind_keeps_file_order_and_names_an_unknown_kind(table):
    from sitrep.data import read_words

    table(PROVENANCE + "word\tkind\nshelling\tstem\nair strike\tstem\nshot\tcounted\n")
    assert read_words("en/test.tsv", ("stem", "counted", "incident")) == {
        "stem": ("shelling", "air strike"), "counted": ("shot",), "incident": ()}
    with pytest.raises(DataFileError, match=r":7: unknown kind 'counted'"):
        read_words("en/test.tsv", ("stem",))
