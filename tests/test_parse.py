"""The spaCy pipeline as sitrep loads it: the model's own results, some of them reached faster."""
from __future__ import annotations

from spacy.pipeline import AttributeRuler

TEXTS = [
    "Gunmen killed three people in Kano on Monday, police said.",
    "There are two suspects, and there's a third one y'all don't know about.",
    "I ain't gonna say nothin' more; let's go, c'mon, we gotta leave.",
    "The  soldiers , who were   wounded,\tare in a hospital in Baghdad.",
    "What it is that they did, whose car it was and which one burned: nobody knows.",
    "",
]


def test_the_faster_attribute_matcher_finds_what_spacys_matcher_finds(nlp, baghdad_dir):
    ruler = nlp.get_pipe("attribute_ruler")
    texts = TEXTS + [p for path in sorted((baghdad_dir / "docs").glob("*.txt"))
                     for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
    before_ruler = nlp.pipe(texts, disable=["attribute_ruler", "lemmatizer", "ner"])
    matched = 0
    for doc in before_ruler:
        expected = AttributeRuler.match(ruler, doc)      # spaCy's own: its Matcher
        assert ruler.match(doc) == expected, doc.text
        matched += len(expected)
    assert matched > 1000


def test_the_pipeline_as_loaded_annotates_as_the_model_itself(nlp, baghdad_dir):
    import spacy

    from sitrep.parse import MODEL_PACKAGES

    plain = None
    for name in MODEL_PACKAGES:
        try:
            plain = spacy.load(name)
            break
        except OSError:
            continue
    texts = TEXTS + [path.read_text(encoding="utf-8") for path in sorted((baghdad_dir / "docs").glob("*.txt"))]

    def annotations(pipeline):
        return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_)
                for doc in pipeline.pipe(texts) for t in doc]

    found = annotations(nlp)
    assert len(found) > 1000 and found == annotations(plain)
