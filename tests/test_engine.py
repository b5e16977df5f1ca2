"""The extraction engines (this process, worker processes, Ray): the same readings, in input
order, whatever runs them; a dead worker costs only its documents; and the countries of the
documents before settle what one document leaves open."""
from __future__ import annotations

import datetime as dt
import sys

import pytest
from conftest import gva_dev_slice, store_contents
from engine_faults import die_on_die

from sitrep.engine import Job, ProcessEngine, RayEngine, document_country, extract_all, extract_corpus
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


# ----------------------------------------------------------------------------- engines


def _jobs_with_one_that_kills_its_worker() -> list[Job]:
    docs = [Document(id=f"d{i}", text=HOUSTON, published=dt.date(2016, 5, 3)) for i in range(4)]
    docs.insert(2, Document(id="killer", text="die"))
    return [Job(d) for d in docs]


def _problems_of(readings) -> dict[str, str | None]:
    return {r.extracted.document_id: r.extracted.problem and r.extracted.problem.message
            for r in readings}


def test_a_dead_worker_process_costs_only_its_documents():
    engine = ProcessEngine(workers=2, batch_size=1)
    engine.task = die_on_die
    with engine:
        readings = engine.read(_jobs_with_one_that_kills_its_worker())
    problems = _problems_of(readings)
    assert list(problems) == ["d0", "d1", "killer", "d2", "d3"]
    assert "worker process died" in problems.pop("killer")
    assert set(problems.values()) == {None}
    assert all(r.extracted.mentions for r in readings if r.extracted.document_id != "killer")


@pytest.fixture(scope="module")
def local_ray():
    """A local Ray instance of two CPUs, as a user's laptop or the CI machine has."""
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    # the failure test's task comes from a test module the workers cannot import
    ray.cloudpickle.register_pickle_by_value(sys.modules["engine_faults"])
    yield ray
    ray.shutdown()


def test_a_ray_task_whose_worker_dies_is_retried_then_reported(local_ray):
    engine = RayEngine(workers=2, batch_size=1, max_retries=1)
    engine.task = die_on_die
    readings = engine.read(_jobs_with_one_that_kills_its_worker())
    problems = _problems_of(readings)
    assert list(problems) == ["d0", "d1", "killer", "d2", "d3"]
    assert "Ray task failed" in problems.pop("killer")
    assert set(problems.values()) == {None}


@pytest.mark.slow
@pytest.mark.parametrize("corpus", ["baghdad", "gva-dev 300"])
def test_ray_gives_the_same_store_as_the_local_engine(corpus, local_ray, baghdad_dir, tmp_path):
    from sitrep.pipeline import RunOptions, run
    from sitrep.store import Store

    source = baghdad_dir if corpus == "baghdad" else gva_dev_slice(tmp_path, 300)
    found = {}
    for engine in ("local", "ray"):
        with Store.open(tmp_path / f"{engine}.db") as store:
            run([source], store, RunOptions(engine=engine, chunk_size=64))
            found[engine] = store_contents(store)
    assert found["local"]["incidents"]
    assert found["ray"] == found["local"]
