"""The clean stage: one test per mechanism on short realistic inputs, the data files, and the
bundled Baghdad examples (gold junk lines gone, content lines kept)."""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sitrep.clean import (DATA_FILES, KINDS, boilerplate_rows, clean_batch, clean_documents, clean_text,
                          clean_title, is_sentence, repeated_lines)
from sitrep.records import Document

ROOT = Path(__file__).resolve().parent.parent
BAGHDAD = ROOT / "examples" / "baghdad" / "docs"
GOLD = ROOT.parent / "shared" / "corpus" / "baghdad" / "gold.json"


def cleaned(text: str, title: str = "", **kwargs) -> str:
    return clean_text(text, title, **kwargs)[1]


# ----------------------------------------------------------------------------- module and data


def test_import_opens_no_data_file():
    code = (
        "import sys\n"
        "opened = []\n"
        "sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == 'open' else None)\n"
        "import sitrep.clean as c\n"
        "assert c.lexicon.cache_info().currsize == 0\n"
        "bad = [p for p in opened if p.endswith('.tsv')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_boilerplate_pattern_compiles(name):
    rows = boilerplate_rows(name)
    assert rows
    for pattern, kind, _ in rows:
        assert kind in KINDS
        re.compile(pattern, re.IGNORECASE)


def test_no_pattern_in_two_files():
    keys = [pattern for name in DATA_FILES for pattern, _, _ in boilerplate_rows(name)]
    assert len(keys) == len(set(keys))


# ----------------------------------------------------------------------------- line shape


def test_sentence_shape():
    assert is_sentence("He was 35.")
    assert is_sentence("“Everyone is screaming,” he said.”")
    assert is_sentence("the man was taken to a hospital where he later died from his wounds and police")
    assert not is_sentence("CNN: Trump Decides to Spend Thanksgiving at the White House")
    assert not is_sentence("Chile: Raped, pregnant and tortured: women as spoils of war in the Pinochet "
                           "dictatorship | International")
    assert not is_sentence("Read also :")


def test_whitespace_is_normalised_and_paragraphs_kept():
    text = "  Police   said\u00a0two men\u200b were shot.  \r\n\r\n\r\n\r\nThe second\tparagraph ends here.\n"
    assert cleaned(text) == "Police said two men were shot.\n\nThe second paragraph ends here."


def test_single_newline_paragraphs_stay_single():
    text = "First paragraph is here.\nSecond paragraph is here.\nThird one too."
    assert cleaned(text) == text


# ----------------------------------------------------------------------------- mechanisms


def test_ad_markers_whole_line_and_inline():
    title, text, removed = clean_text("[ad_1]\nPolice said two [ad_2] men were shot.\n[ad_2]")
    assert text == "Police said two men were shot."
    assert removed == ("[ad_1]", "[ad_2]", "[ad_2]")


def test_residue_lines():
    text = "| |\n\nRockets hit the embassy on Sunday.\n\n-----\n\n###\n\nNo one was hurt."
    assert cleaned(text) == "Rockets hit the embassy on Sunday.\n\nNo one was hurt."


def test_image_url_residue_goes_but_a_sentence_with_a_link_stays():
    text = (":quality(85)//cloudfront-us-east-1.images.arcpublishing.com/infobae/EXUBGT7V.jpg?resize=560%2C359&ssl=1)\n"
            "At least two rockets fell inside the Green Zone.\n"
            "Anyone with information can send a tip through https://example.org/tips or call police.")
    assert cleaned(text) == (
        "At least two rockets fell inside the Green Zone.\n"
        "Anyone with information can send a tip through https://example.org/tips or call police.")


def test_lexicon_lines_go_and_similar_sentences_stay():
    text = ("Spread the love\n\nSeven rockets targeted the embassy on Tuesday.\n\n"
            "He said he would leave a comment with the police.\n\nimage\n\n"
            "Copyright 2016 WAVE 3 News. All rights reserved.\n\nLeave a Comment")
    title, body, removed = clean_text(text)
    assert body == ("Seven rockets targeted the embassy on Tuesday.\n\n"
                    "He said he would leave a comment with the police.")
    assert removed == ("Spread the love", "image", "Copyright 2016 WAVE 3 News. All rights reserved.",
                       "Leave a Comment")


def test_photo_caption_with_copyright_sign_is_not_a_copyright_line():
    text = "© Marques McCassie, 24, was killed in a Taunton shooting Saturday. Three others were hurt."
    assert cleaned(text) == text


@pytest.mark.parametrize("text", [
    "Cheron Shelton © 2016 Cox Media Group. Zappala said the investigation is getting close to its conclusion.",
    "Copyright 2015 WAVE 3 News. All rights reserved. Police said the man was 35.",
    "This story will be updated. Police said the victim was 22.",
])
def test_notice_run_on_with_a_sentence_stays(text):
    assert cleaned(text) == text


@pytest.mark.parametrize("text", [
    "Copyright 2015 The Associated Press. All rights reserved. This material may not be published, broadcast, "
    "rewritten or redistributed.",
    "(Source: Sun-Times Media Wire © Chicago Sun-Times 2015. All Rights Reserved. This material may not be "
    "published, broadcast, rewritten, or redistributed.)",
    "© 2016 Cox Media Group.",
    "This is a developing story. Check back for updates.",
    "Keep checking NBC4i.com for real-time updates on this story. To get alerts for breaking news, grab the free "
    "NBC4 News App for iPhone or Android.",
])
def test_notices_go(text):
    assert cleaned("Two men were shot on Main Street.\n\n" + text) == "Two men were shot on Main Street."


def test_related_links_block_after_marker():
    text = ("The latter redeployed their troops in 2014 against ISIS.\n\n"
            "Read also :\n\n"
            "  • Iraq: rocket fire at base where US soldiers were recently killed\n"
            "  • New rocket fire near US embassy in Baghdad\n"
            "More rocket fire near US embassy in Baghdad\n\n"
            "Police said the investigation was continuing.")
    result = clean_batch([Document(id="d", text=text)])[0]
    assert result.text == ("The latter redeployed their troops in 2014 against ISIS.\n\n"
                           "Police said the investigation was continuing.")
    assert result.kinds == ("block", "related", "related", "related")


def test_a_long_sentence_case_headline_in_a_links_block_is_a_link():
    text = ("An ISKP gunman shot dead two officers at a checkpoint in Kunduz, officials said.\n\n"
            "Read more:\n"
            "Taliban say they have killed dozens of Islamic State fighters in raids\n"
            "UN says civilian casualties in Afghanistan fell in 2024\n\n"
            "Police said the investigation was continuing.")
    result = clean_batch([Document(id="d", text=text)])[0]
    assert "dozens" not in result.text and "investigation was continuing" in result.text


def test_inline_related_link_goes_but_previous_story_text_stays():
    text = ("Two men were shot on Main Street.\n\n"
            "READ MORE: Police identify man killed in Gainesville shooting\n\n"
            "PREVIOUS STORY: A 16-year-old boy is dead after he was shot at his family's home.")
    assert cleaned(text) == ("Two men were shot on Main Street.\n\n"
                             "PREVIOUS STORY: A 16-year-old boy is dead after he was shot at his family's home.")


def test_title_repeated_as_first_body_line():
    title, text, removed = clean_text(
        "Rockets hit near US embassy in Iraq as tensions flare\n\n"
        "Rockets hit near US embassy in Iraq as tensions flare\n\n"
        "Baghdad: A volley of rockets exploded near the US embassy.",
        "Rockets hit near US embassy in Iraq as tensions flare")
    assert title == "Rockets hit near US embassy in Iraq as tensions flare"
    assert text == "Baghdad: A volley of rockets exploded near the US embassy."
    assert removed == ("Rockets hit near US embassy in Iraq as tensions flare",) * 2


def test_without_title_the_headline_line_stays_once():
    title, text, removed = clean_text(
        "Rockets hit near US embassy in Iraq as tensions flare\n\n"
        "Rockets hit near US embassy in Iraq as tensions flare\n\n"
        "Baghdad: A volley of rockets exploded near the US embassy.")
    assert title == ""
    assert text == ("Rockets hit near US embassy in Iraq as tensions flare\n\n"
                    "Baghdad: A volley of rockets exploded near the US embassy.")
    assert removed == ("Rockets hit near US embassy in Iraq as tensions flare",)


def test_headline_printed_twice_between_paragraphs_is_a_teaser():
    text = ("The attack came less than a month before Trump leaves office.\n\n"
            "Iranian militias are moving again to accelerate US withdrawal from Iraq\n"
            "Iranian militias are moving again to accelerate US withdrawal from Iraq\n\n"
            "The attack also comes ahead of the anniversary of Soleimani's killing.")
    assert cleaned(text) == ("The attack came less than a month before Trump leaves office.\n\n"
                             "The attack also comes ahead of the anniversary of Soleimani's killing.")


def test_repeated_list_items_stay():
    text = ("Of the females injured:\n\nA 22-year-old was grazed in the thigh\n\nA 29-year-old was shot in the foot\n\n"
            "Of the males injured:\n\nA 10-year-old was shot in the thigh\n\nA 22-year-old was grazed in the thigh\n\n"
            "Police said the shooting followed an argument.")
    assert cleaned(text) == text


def test_tail_headlines_go_but_short_last_sentence_stays():
    text = ("The gunman fled on foot, police said.\n\nHe was 35.\n\n"
            "CNN: Trump Decides to Spend Thanksgiving at the White House\n\n"
            "Chile: Raped, pregnant and tortured: women as spoils of war in the Pinochet dictatorship | International")
    result = clean_batch([Document(id="d", text=text)])[0]
    assert result.text == "The gunman fled on foot, police said.\n\nHe was 35."
    assert result.kinds == ("tail", "tail")


def test_tail_keeps_a_list_the_article_announces_and_credit_lines():
    text = ("Police released the names of the dead:\n\nJohn Doe\n\nRichard Roe")
    assert cleaned(text) == text
    text = "Two rockets hit the base on Monday.\n\nWith information from AFP"
    assert cleaned(text) == text


def test_subheading_inside_the_article_stays():
    text = ("Dozens of rockets have targeted the Green Zone.\n\n90 attacks in one year\n\n"
            "In mid-October, pro-Iran factions announced a truce.")
    assert cleaned(text) == text


def test_embedded_tweet_in_the_tail_stays():
    text = ("Police were called to the scene at 10 p.m.\n\n"
            "#BREAKING: 16-year-old shot on James St. in Plaquemine. What we know ahead on @WAFB "
            "pic.twitter.com/UZGIo620")
    assert cleaned(text) == text


def _outlet_docs(footer: str, n: int, source: str = "example.com") -> list[Document]:
    stories = [
        "A man was shot on Elm Street on Monday night and taken to a hospital in critical condition.",
        "Two teenagers were wounded in a drive-by shooting near a park in the north of the city on Friday.",
        "Police arrested a woman after her husband was found dead with a gunshot wound at their home.",
        "A store clerk was shot during an armed robbery at a gas station on Route 9 early Sunday morning.",
        "Officers exchanged gunfire with a suspect who had barricaded himself in an apartment on Saturday.",
    ]
    return [Document(id=f"d{i}", source=source,
                     text=f"{stories[i]}\n\n“We will find who did this,” the chief said.\n\n{footer}")
            for i in range(n)]


def test_line_repeated_across_stories_of_one_source_goes():
    docs = _outlet_docs("reported by the metro desk staff", 3)
    out = clean_documents(docs)
    for doc, before in zip(out, docs):
        assert doc.text == before.text.rsplit("\n\n", 1)[0]           # footer gone, quote kept
        assert doc.removed == ("reported by the metro desk staff",)
        assert doc.id == before.id


def test_too_few_documents_or_other_sources_remove_nothing():
    docs = _outlet_docs("reported by the metro desk staff", 2)
    assert [d.text for d in clean_documents(docs)] == [d.text for d in docs]
    mixed = [Document(id=d.id, text=d.text, source=f"site{i}.com") for i, d in enumerate(_outlet_docs("reported by the metro desk staff", 3))]
    assert [d.text for d in clean_documents(mixed)] == [d.text for d in mixed]


def test_context_documents_count_but_are_not_returned():
    docs = _outlet_docs("reported by the metro desk staff", 4)
    out = clean_documents(docs[:1], context=docs[1:])
    assert len(out) == 1 and "reported by the metro desk staff" not in out[0].text


def test_reprints_of_one_story_are_one_story():
    story = ("A man was shot on Elm Street on Monday night and taken to a hospital in critical condition.\n\n"
             "the victims of the Elm Street shooting\n\n"
             "Police said the shooter fled in a dark sedan and no arrests had been made by Tuesday morning.\n\n")
    texts = [story + ending for ending in ("He was 35.", "The man was 35.", "The victim was 35 years old.")]
    docs = [Document(id=f"r{i}", source="example.com", text=text) for i, text in enumerate(texts)]
    assert [d.text for d in clean_documents(docs)] == texts


def test_repeated_sentence_needs_boilerplate_vocabulary():
    docs = _outlet_docs("Follow Example News on Twitter for the latest updates.", 3)
    repeated = repeated_lines(docs)["example.com"]
    assert "follow example news on twitter for the latest updates." in repeated
    assert "“we will find who did this,” the chief said." not in repeated


def test_dateline_and_place_heading_are_never_source_boilerplate():
    docs = [Document(id=f"t{i}", source="example.com", text=f"DETROIT -\n\nTrenton\n\n{story}")
            for i, story in enumerate(d.text for d in _outlet_docs("", 4))]
    assert repeated_lines(docs) == {}


def test_source_falls_back_to_url_host():
    docs = [Document(id=d.id, text=d.text, url=f"http://web.archive.org/web/2016/http://www.example.com/{d.id}")
            for d in _outlet_docs("reported by the metro desk staff", 3)]
    assert all("reported by the metro desk staff" not in d.text for d in clean_documents(docs))


@pytest.mark.parametrize("title, source, expected", [
    ("Pompeo: Iran’s militias are the biggest obstacle to peace in Iraq |", None,
     "Pompeo: Iran’s militias are the biggest obstacle to peace in Iraq"),
    ("Teen killed in west Nashville shooting - WSMV Channel 4", "wsmv.com", "Teen killed in west Nashville shooting"),
    ("2 killed in Montana shooting, suspect in custody - KTVQ.com | Q2 | Billings, MT", "ktvq.com",
     "2 killed in Montana shooting, suspect in custody"),
    ("Police: Masked men shoot teen in Garner apartment :: WRAL.com", "wral.com",
     "Police: Masked men shoot teen in Garner apartment"),
    ("Man shot in Dallas - News of the attack spreads", None, "Man shot in Dallas - News of the attack spreads"),
    ("Iraq: seven rockets target US embassy", None, "Iraq: seven rockets target US embassy"),
])
def test_title_site_suffix(title, source, expected):
    assert clean_title(title, source)[0] == expected


def test_clean_documents_keeps_order_fields_and_is_idempotent():
    docs = [Document(id="a", title="Rockets hit Baghdad |", text="[ad_1]\nRockets hit Baghdad on Sunday.",
                     source="x.com", removed=("earlier",)),
            Document(id="b", text="Nothing to remove here.")]
    once = clean_documents(docs)
    assert [d.id for d in once] == ["a", "b"]
    assert once[0].title == "Rockets hit Baghdad" and once[0].text == "Rockets hit Baghdad on Sunday."
    assert once[0].removed == ("earlier", "|", "[ad_1]") and once[0].source == "x.com"
    assert once[1] == docs[1]
    twice = clean_documents(once)
    assert [(d.title, d.text, d.removed) for d in twice] == [(d.title, d.text, d.removed) for d in once]


def test_empty_and_junk_only_documents():
    assert clean_text("") == ("", "", ())
    assert cleaned("Just One More Thing...\n\nClose\n\nAlready have an account?") == ""


# ----------------------------------------------------------------------------- the Baghdad examples

JUNK = {
    "000": ["[ad_1]"],
    "001": ["You may also like"],
    "002": ["Spread the love", "Read also :", "Iraq: rocket fire at base where US soldiers were recently killed",
            "New rocket fire near US embassy in Baghdad", "More rocket fire near US embassy in Baghdad",
            "CNN: Trump Decides to Spend Thanksgiving at the White House", "Chile: Raped, pregnant and tortured",
            "Leave a Comment", "| |"],
    "003": [":quality(85)//cloudfront-us-east-1.images.arcpublishing.com", "KEEP READING:"],
    "004": ["[ad_1]", "[ad_2]", "Iranian militias are moving again to accelerate US withdrawal from Iraq", "\nimage\n"],
}
KEEP = {
    "000": ["Iraqi witnesses said Sunday they heard the sound of at least five explosions",
            "They described the move as a small reduction in the number of employees",
            "Iran’s militias “condemn the opportune moment”",
            "“Brazen and reckless attack” … Washington condemns Baghdad attack"],
    "001": ["Baghdad: A volley of rockets exploded near the US embassy in Baghdad Sunday",
            "and said it was not a rupture of diplomatic ties"],
    "002": ["Seven rockets targeted the United States embassy in Baghdad on Tuesday evening",
            "which they had invaded in 2003, during the year 2011", "90 attacks in one year",
            "Iraqi Parliament voted to expel American soldiers"],
    "003": ["Last Monday, several missiles were launched at the US embassy",
            "an attack that raised fears of a direct war between Iran and the United States",
            "With information from AFP"],
    "004": ["Baghdad – US Secretary of State Mike Pompeo accused the Iranian-backed militias",
            "the bombing of the Embassy of Evil at this time is an uncontrolled act"],
}
HEADLINES = {"001": "Rockets hit near US embassy in Iraq as tensions flare",
             "002": "Iraq: seven rockets target US embassy",
             "004": "Pompeo: Iran’s militias are the biggest obstacle to peace in Iraq |"}


def _baghdad(with_titles: bool) -> list[Document]:
    docs = []
    for path in sorted(BAGHDAD.glob("*.txt")):
        text, title = path.read_text(encoding="utf-8"), ""
        if with_titles and path.stem[:3] in HEADLINES:         # as ingest does: first line -> title
            first, _, text = text.partition("\n")
            title = HEADLINES[path.stem[:3]]
            assert first.strip() == title
        docs.append(Document(id=path.stem, text=text, title=title))
    return docs


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("with_titles", [True, False])
def test_baghdad_examples_junk_gone_content_kept(with_titles):
    docs = clean_documents(_baghdad(with_titles))
    assert len(docs) == 5
    for doc in docs:
        key = doc.id[:3]
        content = f"\n{doc.title}\n{doc.text}\n"
        for junk in JUNK[key]:
            assert junk not in content if junk.startswith("\n") else _flat(junk) not in _flat(content), (doc.id, junk)
        for line in KEEP[key]:
            assert _flat(line) in _flat(content), (doc.id, line)
    titled = {d.id[:3]: d.title for d in docs}
    if with_titles:
        assert titled["004"] == "Pompeo: Iran’s militias are the biggest obstacle to peace in Iraq"
    else:
        assert docs[4].text.startswith("Pompeo: Iran’s militias are the biggest obstacle to peace in Iraq\n")
        assert docs[1].text.count("Rockets hit near US embassy in Iraq as tensions flare") == 1


@pytest.mark.parametrize("with_titles", [True, False])
def test_baghdad_gold_boilerplate(with_titles):
    if not GOLD.exists():
        pytest.skip("shared gold file not available")
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["boilerplate"]
    docs = {d.id: _flat(" ".join(p for p in (d.title, d.text) if p)) for d in clean_documents(_baghdad(with_titles))}
    for doc_id, expect in gold.items():
        for junk in expect["junk"]:
            assert _flat(junk) not in docs[doc_id], (doc_id, junk)
        for line in expect["keep"]:
            assert _flat(line) in docs[doc_id], (doc_id, line)


def test_a_labelled_caption_goes():
    text = ("Russian drones hit Kharkiv overnight, killing four.\n\n"
            "[Photo caption: Rescuers search the rubble of a block hit by a Russian strike in "
            "Kharkiv, April 6, 2024. Photo: Vadym Bielikov]\n\n"
            "Caption: Firefighters at the scene on Saturday.\n\n"
            "The caption on the memorial read: never again.")
    assert cleaned(text) == ("Russian drones hit Kharkiv overnight, killing four.\n\n"
                             "The caption on the memorial read: never again.")


# ----------------------------------------------------------------------------- in order


def _outlet_story(n: int) -> Document:
    body = (f"Police said {n + 2} people were wounded in a shooting on the {n + 3}00 block of Elm "
            f"Street late on Friday night, and detectives were still looking for witnesses.\n"
            "Watch our newscasts live online\n"
            f"The victims, aged {20 + n} and {30 + n}, were taken to a hospital in stable condition.")
    return Document(id=f"story{n}", text=body, title=f"Shooting number {n}", source="Example News",
                    published=dt.date(2020, 1, 1 + n))


def test_an_outlets_boilerplate_is_learned_from_its_earlier_documents_only():
    from sitrep.clean import SourceContext, clean_in_order

    stories = [_outlet_story(n) for n in range(5)]
    at_once, profiles = clean_in_order(stories)
    kept = ["Watch our newscasts live online" in d.text for d in at_once]
    assert kept == [True, True, False, False, False]      # from the third story on
    # a chunk at a time, the earlier chunks' documents given back as a store would give them
    stored: list = []

    def earlier(source: str, limit: int):
        return sorted(stored, key=lambda s: (s[0], s[1]), reverse=True)[:limit]

    one_by_one = []
    for story in stories:
        (cleaned,), (profile,) = clean_in_order([story], SourceContext(earlier))
        one_by_one.append(cleaned)
        stored.append((story.published, story.id, type(profile).from_dict(profile.to_dict())))
    assert one_by_one == at_once and len(profiles) == 5
