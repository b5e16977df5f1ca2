"""The extraction engine: a batch's countries settle what one document leaves open."""
from __future__ import annotations

import datetime as dt

from sitrep.engine import document_country, extract_all, extract_corpus
from sitrep.records import Document

HOUSTON = "A man was shot and killed in Houston, Texas, on Monday night, police said."
PANAMA_CITY = "Two men were shot outside a bar in Panama City on Sunday, police said."


def _documents(n_american: int) -> list[Document]:
    docs = [Document(id=f"us{i}", text=HOUSTON, published=dt.date(2016, 5, 3)) for i in range(n_american)]
    return docs + [Document(id="panama", text=PANAMA_CITY, published=dt.date(2016, 5, 3))]


def _country_of(results, doc_id: str) -> str | None:
    return document_country(next(r for r in results if r.document_id == doc_id).mentions)


def test_a_corpus_of_american_news_reads_panama_city_as_the_florida_town():
    alone = extract_all(_documents(0))
    assert _country_of(alone, "panama") == "PA"          # on its own, the capital of Panama
    results = extract_corpus(_documents(20))
    assert [r.document_id for r in results] == [f"us{i}" for i in range(20)] + ["panama"]
    assert _country_of(results, "panama") == "US"
    place = next(r for r in results if r.document_id == "panama").mentions[0].place
    assert (place.name, place.admin1) == ("Panama City", "Florida")


def test_a_small_batch_has_no_prior():
    results = extract_corpus(_documents(5))
    assert _country_of(results, "panama") == "PA"
