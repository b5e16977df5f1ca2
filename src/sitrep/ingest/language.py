"""Language of a document: the input's own label, normalised to ISO 639-1, or else
identified with py3langid on the start of the text.

What it does not do: translate, or drop anything. A non-English document keeps its code and
is yielded like any other; the pipeline decides what to do with it. ``None`` means "could
not tell" (a short text, no letters, or an identification too unsure to act on).
"""
from __future__ import annotations

import threading

# Identification looks at the start of the text only: the language of a news article does
# not change halfway, and py3langid's cost grows with length (about 0.4 ms for 600
# characters against several ms for a long article). On the 5,263 GVA development
# articles 500 characters gave the same labels as 3,000.
SAMPLE_CHARS = 600
# Fewer words than this and character n-grams guess wildly ("hello" -> Breton); say None.
MIN_WORDS = 20
# py3langid's normalised probability for its best label; below this the text is most likely
# not prose in any one language (a photo-gallery dump, a list of captures) and guessing
# would mark an English article as, say, Nigerian Pidgin.
MIN_CONFIDENCE = 0.5

# py3langid labels that have an ISO 639-1 macro-language code. Labels without one (pcm,
# kab, ...) are kept as the three-letter ISO 639-3 code they are.
_TO_639_1 = {"ary": "ar", "arz": "ar", "uzs": "uz", "sdh": "ku", "gug": "gn",
             "wuu": "zh", "yue": "zh", "hbo": "he", "srl": "sr"}
_NO_LANGUAGE = {"zxx", "und", "mis", "mul"}

# Input labels seen in news datasets besides ISO 639-1: ISO 639-2/3 codes and English names.
_ALIASES = {
    "eng": "en", "english": "en", "fra": "fr", "fre": "fr", "french": "fr", "deu": "de",
    "ger": "de", "german": "de", "spa": "es", "spanish": "es", "por": "pt",
    "portuguese": "pt", "ita": "it", "italian": "it", "ara": "ar", "arabic": "ar",
    "rus": "ru", "russian": "ru", "ukr": "uk", "ukrainian": "uk", "zho": "zh", "chi": "zh",
    "chinese": "zh", "tur": "tr", "turkish": "tr", "fas": "fa", "per": "fa", "persian": "fa",
    "farsi": "fa", "urd": "ur", "urdu": "ur", "hin": "hi", "hindi": "hi", "nld": "nl",
    "dut": "nl", "dutch": "nl", "pol": "pl", "polish": "pl", "kur": "ku", "kurdish": "ku",
    "heb": "he", "hebrew": "he", "swa": "sw", "swahili": "sw", "hau": "ha", "hausa": "ha",
    "som": "so", "somali": "so", "amh": "am", "amharic": "am", "pus": "ps", "pashto": "ps",
    "ind": "id", "indonesian": "id", "jpn": "ja", "japanese": "ja", "kor": "ko",
    "korean": "ko", "vie": "vi", "vietnamese": "vi", "tha": "th", "thai": "th",
    "ben": "bn", "bengali": "bn", "iw": "he", "in": "id", "ji": "yi",
}
_ASCII_UPPER = bytes(range(ord("A"), ord("Z") + 1))
_ASCII_LOWER = bytes(range(ord("a"), ord("z") + 1))

_identifier = None
_lock = threading.Lock()


def normalize_language(value: object) -> str | None:
    """An input's language label as ISO 639-1 where there is one: ``en-US`` -> ``en``,
    ``eng`` / ``English`` -> ``en``; unknown labels are kept lower-cased; blank -> None."""
    if not isinstance(value, str):
        return None
    label = value.strip().lower().replace("_", "-")
    if not label:
        return None
    primary = label.split("-")[0]
    if primary in _NO_LANGUAGE:
        return None
    return _ALIASES.get(primary) or _TO_639_1.get(primary) or primary


def _get_identifier():
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                # The model file is xz-compressed and takes about a second to load: once per
                # process, and only when a document actually needs identifying.
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier


def identify_language(text: str) -> str | None:
    """ISO 639-1 code of ``text`` (639-3 where there is no 639-1 code), or None when the
    text is too short or the identification too unsure."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.split(None, MIN_WORDS)) < MIN_WORDS:
        return None
    # Broadcast transcripts are often in capitals; n-gram models are trained on mixed case
    # and read capitals as noise, so shouted text is identified in lower case. (ASCII
    # letters only: a cheap count, and case matters little outside Latin script.)
    raw = sample.encode("utf-8", "ignore")
    uppers = len(raw) - len(raw.translate(None, _ASCII_UPPER))
    lowers = len(raw) - len(raw.translate(None, _ASCII_LOWER))
    if uppers > lowers:
        sample = sample.lower()
    label, confidence = _get_identifier().classify(sample)
    if confidence < MIN_CONFIDENCE or label in _NO_LANGUAGE:
        return None
    return _TO_639_1.get(label, label)
