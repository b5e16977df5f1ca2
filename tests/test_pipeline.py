"""The stages chained end to end on the bundled example: what a user of `sitrep run` relies on."""
from __future__ import annotations

import gzip
import json
import random
import shutil
from pathlib import Path

import pytest

from sitrep.pipeline import run
from sitrep.records import Modality
from sitrep.store import Store


@pytest.fixture(scope="module")
def example_store(tmp_path_factory, baghdad_dir):
    path = tmp_path_factory.mktemp("pipeline") / "sitrep.db"
    store = Store.open(str(path))
    result = run([baghdad_dir], store)
    yield store, result
    store.close()


def _fingerprint(store: Store):
    """What the store holds, independent of run ids and timestamps."""
    incidents = sorted(
        (i.id, tuple(sorted(i.mention_ids)), i.killed.best, i.wounded.best, i.munitions.best,
         i.date.start if i.date else None) for i in store.incidents())
    stories = sorted(tuple(sorted(s.document_ids)) for s in store.stories())
    return incidents, stories, sorted(d.id for d in store.documents())


def test_run_reads_all_five_example_articles(example_store):
    store, result = example_store
    assert result.info.documents_read == 5
    assert result.info.documents_new == 5
    assert not result.info.problems
    assert {d.id for d in store.documents()} == {
        "000_e1070c133c12cf05", "001_a97c7dde6c33d214", "002_0375662f1f6ed7a3",
        "003_69430c30907e07b8", "004_c4a957ab1299efad"}


def test_run_finds_the_embassy_attack_of_2020_12_20_with_its_three_reports(example_store):
    store, _ = example_store
    dated = [i for i in store.incidents() if i.date and i.date.start and i.date.start.isoformat() == "2020-12-20"]
    assert dated, "the 2020-12-20 rocket attack on the US embassy was not found"
    incident = max(dated, key=lambda i: len(i.sources))
    assert incident.sub_event_type == "Shelling/artillery/missile attack"
    assert incident.place is not None and incident.place.country == "IQ"
    assert set(incident.sources) >= {"000_e1070c133c12cf05", "001_a97c7dde6c33d214", "004_c4a957ab1299efad"}


def test_every_claim_quotes_its_document(example_store):
    store, _ = example_store
    documents = {d.id: d for d in store.documents()}
    claims = store.claims()
    assert claims
    for claim in claims:
        content = documents[claim.document_id].content
        assert content[claim.start:claim.end] == claim.quote
        if claim.value_start is not None:
            assert claim.start <= claim.value_start < claim.value_end <= claim.end


def test_only_asserted_mentions_become_incidents(example_store):
    store, _ = example_store
    mentions = {m.id: m for m in store.mentions()}
    for incident in store.incidents():
        assert all(mentions[m].modality == Modality.ASSERTED for m in incident.mention_ids)


def test_running_the_same_input_again_changes_nothing(example_store, baghdad_dir):
    store, _ = example_store
    before = _fingerprint(store)
    again = run([baghdad_dir], store)
    assert again.info.documents_new == 0
    assert again.info.documents_duplicate == 5
    assert _fingerprint(store) == before


def test_five_batches_in_another_order_give_the_same_incidents(tmp_path, baghdad_dir, example_store):
    store, _ = example_store
    files = sorted((baghdad_dir / "docs").glob("*.txt"))
    manifest = {json.loads(line)["path"].split("/")[-1]: json.loads(line)
                for line in (baghdad_dir / "manifest.jsonl").read_text().splitlines() if line.strip()}
    random.Random(3).shuffle(files)
    other = Store.open(str(tmp_path / "batches.db"))
    try:
        for i, path in enumerate(files):
            folder = tmp_path / f"batch{i}"
            (folder / "docs").mkdir(parents=True)
            shutil.copy(path, folder / "docs" / path.name)
            (folder / "manifest.jsonl").write_text(json.dumps(manifest[path.name]) + "\n")
            run([folder], other)
        assert _fingerprint(other) == _fingerprint(store)
    finally:
        other.close()


def test_bad_inputs_are_reported_and_the_rest_is_stored(tmp_path, baghdad_dir):
    batch = tmp_path / "batch"
    batch.mkdir()
    shutil.copy(baghdad_dir / "docs" / "001_a97c7dde6c33d214.txt", batch / "good.txt")
    (batch / "empty.txt").write_text("")
    (batch / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (batch / "broken.jsonl").write_text('{"id": "a", "text": "Gunmen shot two men in Kano on Monday."}\n{"id": \n')
    (batch / "cut.txt.gz").write_bytes(gzip.compress(b"Rockets hit the base. " * 50)[:40])
    store = Store.open(str(tmp_path / "bad.db"))
    try:
        first = run([batch], store)
        paths = {p.path.split("/")[-1] for p in first.info.problems}
        assert {"empty.txt", "binary.txt", "broken.jsonl", "cut.txt.gz"} <= paths
        broken = next(p for p in first.info.problems if p.path.endswith("broken.jsonl"))
        assert broken.line == 2
        ids = {d.id for d in store.documents()}
        assert {"good", "a"} <= ids
        # A second batch with problems loses nothing of the first.
        (batch / "empty.txt").write_text("")
        run([batch / "empty.txt"], store)
        assert {"good", "a"} <= {d.id for d in store.documents()}
    finally:
        store.close()


# ----------------------------------------------------------------------------- quality gate

SCORER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"
GOLD = SCORER.parents[1] / "corpus" / "baghdad" / "gold.json"
# Floors pinned at what the pipeline reaches on the bundled example; a change that falls
# below them fails here before anyone reads a score by hand.
# Issue #3/#4 acceptance on Baghdad: all 9 found, no false positives, every field >= 0.9,
# stories 1.0, sources >= 0.95 (reached: 1.0 everywhere).
FLOORS = {"recall": 1.0, "precision": 1.0, "stories": 1.0, "sources_precision": 0.95,
          "date": 0.9, "location": 0.9, "sub_event_type": 0.9, "killed": 0.9, "wounded": 0.9,
          "munitions": 0.9}


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval/score.py is not beside the project")
def test_example_scores_stay_above_pinned_floors(example_store, tmp_path):
    import importlib.util

    from sitrep.present.export import incidents_json, write_documents_jsonl

    spec = importlib.util.spec_from_file_location("score", SCORER)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    store, _ = example_store
    documents = store.documents()
    exported = incidents_json(store.incidents(), store.stories(), store.claims(), documents)
    gold = json.loads(GOLD.read_text())
    result = scorer.score(gold, json.loads(json.dumps(exported, default=str)))
    write_documents_jsonl(documents, tmp_path / "documents.jsonl")
    cleaning = scorer.score_cleaning(gold, str(tmp_path / "documents.jsonl"))
    reached = {"recall": result["incidents"]["recall"], "precision": result["incidents"]["precision"],
               "stories": result["stories"]["f1"], "sources_precision": result["sources"]["precision"],
               **{k: result["fields"][k] for k in ("date", "location", "sub_event_type", "killed",
                                                    "wounded", "munitions")}}
    below = {k: round(v, 3) for k, v in reached.items() if v is None or v < FLOORS[k]}
    assert below == {}
    assert (cleaning["junk_removed"], cleaning["content_kept"]) == (1.0, 1.0)
