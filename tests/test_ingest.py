"""Ingest: every reader on real-format inputs, the manifest folder, merging and language."""
from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import shutil
from pathlib import Path

import pytest

from sitrep.ingest import format_of, read_inputs
from sitrep.ingest.common import host_of, parse_date
from sitrep.ingest.html import html_to_text
from sitrep.ingest.language import identify_language, normalize_language
from sitrep.ingest.text import split_title
from sitrep.records import Document, InputProblem

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"

ENGLISH = ("Police said on Sunday that three people were killed and five wounded when gunmen "
           "opened fire on a minibus near the town, according to local officials and "
           "witnesses who spoke to reporters at the scene of the attack.")
FRENCH = ("La police a annoncé dimanche que trois personnes avaient été tuées lors d'une "
          "attaque contre un poste de contrôle dans le nord du pays, selon des sources "
          "locales et des témoins sur place.")


def docs_of(items):
    return [item for item in items if isinstance(item, Document)]


def problems_of(items):
    return [item for item in items if isinstance(item, InputProblem)]


def write_jsonl(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- manifest


def test_baghdad_manifest_folder(baghdad_dir):
    items = list(read_inputs([baghdad_dir]))
    assert problems_of(items) == []
    docs = docs_of(items)
    manifest = [json.loads(line) for line in
                (baghdad_dir / "manifest.jsonl").read_text().splitlines()]
    assert [d.id for d in docs] == [m["id"] for m in manifest]
    assert [d.published for d in docs] == [dt.date.fromisoformat(m["published"])
                                           for m in manifest]
    assert all(d.language == "en" for d in docs)
    by_id = {d.id: d for d in docs}
    rockets = by_id["001_a97c7dde6c33d214"]
    assert rockets.title == "Rockets hit near US embassy in Iraq as tensions flare"
    # The repeated headline under the title is the cleaner's business, not ingest's.
    assert rockets.text.startswith("Rockets hit near US embassy in Iraq as tensions flare")
    ad = by_id["000_e1070c133c12cf05"]
    assert ad.title == "" and ad.text.startswith("[ad_1]\nIraqi witnesses said Sunday")
    assert by_id["002_0375662f1f6ed7a3"].title == "Iraq: seven rockets target US embassy"
    image_junk = by_id["003_69430c30907e07b8"]
    assert image_junk.title == "" and image_junk.text.startswith(":quality(85)//")
    assert rockets.path.endswith("001_a97c7dde6c33d214.txt")


def test_manifest_reads_exactly_listed_files_with_precedence(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a.txt").write_text(f"Gunmen kill three in minibus attack\n\n{ENGLISH}\n")
    (folder / "unlisted.txt").write_text(ENGLISH.replace("three", "four"))
    (folder / "b.json").write_text(json.dumps(
        {"id": "json-id", "text": ENGLISH.replace("minibus", "bus"), "date": "2020-01-01",
         "url": "https://a.example/b"}))
    write_jsonl(folder / "manifest.jsonl", [
        {"path": "a.txt", "id": "doc-a", "published": "2021-05-02", "language": "en-US",
         "url": "https://news.example/a", "desk": "world"},
        {"path": "b.json", "id": "doc-b", "published": "2021-05-03"},
        {"path": "gone.txt", "id": "doc-c"},
        {"id": "no-path"},
    ])
    items = list(read_inputs([folder]))
    docs = docs_of(items)
    assert [d.id for d in docs] == ["doc-a", "doc-b"]     # unlisted.txt is not read
    a, b = docs
    assert a.title == "Gunmen kill three in minibus attack"
    assert a.published == dt.date(2021, 5, 2) and a.language == "en"
    assert a.url == "https://news.example/a" and a.source == "news.example"
    assert a.metadata["desk"] == "world"
    assert b.published == dt.date(2021, 5, 3) and b.url == "https://a.example/b"
    problems = problems_of(items)
    assert [(p.code, p.line) for p in problems] == [("S101", 3), ("S102", 4)]
    assert problems[0].path == str(folder / "manifest.jsonl")
    assert "gone.txt" in problems[0].message


def test_manifest_title_keeps_first_line_in_text(tmp_path):
    (tmp_path / "a.txt").write_text(f"Gunmen kill three in minibus attack\n\n{ENGLISH}")
    write_jsonl(tmp_path / "manifest.jsonl", [{"path": "a.txt", "title": "Official title"}])
    (doc,) = docs_of(read_inputs([tmp_path / "manifest.jsonl"]))
    assert doc.title == "Official title"
    assert doc.text.startswith("Gunmen kill three in minibus attack")


# ----------------------------------------------------------------------------- text


@pytest.mark.parametrize("text, title", [
    ("Rockets hit near US embassy\n\nBody text here.", "Rockets hit near US embassy"),
    ("# Rockets hit near US embassy\nBody text here.", "Rockets hit near US embassy"),
    ("Rockets hit near US embassy\n===========\nBody.", "Rockets hit near US embassy"),
    ("Rockets Hit Near US Embassy In Baghdad\nBody text here.",
     "Rockets Hit Near US Embassy In Baghdad"),
    ("Pompeo: militias are the obstacle |\n\nBody.", "Pompeo: militias are the obstacle"),
    ("Who fired the rockets at the embassy?\n\nBody.", "Who fired the rockets at the embassy?"),
    # Not headlines: a sentence, junk, a byline, a lone line, too short, lower case.
    ("Police said three people were killed on Sunday.\n\nMore.", ""),
    ("Police said three people were killed on Sunday\nand five others were hurt.", ""),
    ("[ad_1]\n\nBody text here.", ""),
    ("https://cdn.example/img/photo.jpg\n\nBody text here.", ""),
    (":quality(85)//images.example.com/abc.jpg?resize=560%2C359\nBody", ""),
    ("By John Smith and Jane Doe\n\nBody text here.", ""),
    ("Rockets hit near US embassy", ""),
    ("Breaking\n\nBody text here.", ""),
    ("rockets hit near the embassy\n\nBody text here.", ""),
    ("From Baghdad to Basra, a road of checkpoints\n\nBody.",
     "From Baghdad to Basra, a road of checkpoints"),
    ("Video shows gunmen storming hotel in Mogadishu\n\nBody.",
     "Video shows gunmen storming hotel in Mogadishu"),
    ("Monday, December 21, 2020 10:32 AM\n\nBody text here.", ""),
    ("WASHINGTON, D.C. (AP) \u2014\n\nBody text here.", ""),
    ("Photo: Reuters / Ahmed Saad\n\nBody text here.", ""),
    ("Updated on 21 December 2020\n\nBody text here.", ""),
])
def test_title_heuristic(text, title):
    got, rest = split_title(text)
    assert got == title
    if not title:
        assert rest == text


def test_markdown_front_matter(tmp_path):
    path = tmp_path / "story.md"
    path.write_text("---\ntitle: \"Clashes in Tripoli\"\ndate: 2019-04-07\n"
                    "url: https://libya.example/clashes\nauthor: Staff\n---\n\n" + ENGLISH)
    (doc,) = docs_of(read_inputs([path]))
    assert doc.title == "Clashes in Tripoli" and doc.published == dt.date(2019, 4, 7)
    assert doc.url == "https://libya.example/clashes" and doc.source == "libya.example"
    assert doc.metadata == {"author": "Staff"} and doc.text == ENGLISH


# ----------------------------------------------------------------------------- html


def test_html_pages_drop_boilerplate_and_keep_metadata():
    docs = docs_of(read_inputs([FIXTURES / "html"]))
    assert [d.id for d in docs] == ["ambush", "market_blast"]
    ambush, market = docs
    assert market.title == "Car bomb kills six at Mosul market"
    assert market.published == dt.date(2021, 3, 14)
    assert market.url == ("https://www.northernledger.example/world/2021/03/14/"
                          "car-bomb-mosul-market")
    assert market.source == "The Northern Ledger"
    assert market.metadata["author"] == "Layla Hassan"
    assert "killing at least six people and wounding 21 others" in market.text
    for junk in ("Subscribe", "Privacy policy", "Related stories", "Sign up", "Sport"):
        assert junk not in market.text
    assert ambush.title == "Soldiers killed in ambush on convoy in central Mali"
    assert ambush.published == dt.date(2022, 7, 5) and ambush.source == "Sahel Daily"
    assert "killing four soldiers and wounding seven" in ambush.text
    for junk in ("Great article", "Most read", "cookies", "Log in"):
        assert junk not in ambush.text
    assert ambush.language == market.language == "en"


def test_html_to_text_fragment():
    assert html_to_text("<p>One <b>two</b></p><p>Three<br>four</p><script>x()</script>") == \
        "One two\n\nThree\nfour"
    assert html_to_text("plain   text") == "plain text"


# ----------------------------------------------------------------------------- json


def test_jsonl_field_names_of_common_datasets(tmp_path):
    records = [
        {"id": "r1", "title": "T1", "text": ENGLISH, "url": "https://a.example/1",
         "published": "2020-02-03T10:00:00+03:00", "section": "world"},
        {"headline": "T2", "content": ENGLISH + " Two.", "link": "https://www.b.example/2",
         "date": "2020-02-04"},
        {"title": "T3", "maintext": ENGLISH + " Three.", "uri": "https://c.example/3",
         "date_publish": "2020-02-05 08:00:00", "source_domain": "c.example",
         "language": "en"},
        {"Title": "T4", "Body": ENGLISH + " Four.", "dct": "2020-02-06"},
        {"title": "T5", "article": ENGLISH + " Five.", "pubDate": "Fri, 07 Feb 2020 09:00:00 GMT"},
        {"title": "T6", "text": ENGLISH + " Six.", "publish_date": "February 8, 2020",
         "lang": "English", "source": {"id": "x", "name": "X News"}},
        {"title": "T7", "text": [ENGLISH, "Seven."], "date": "not a date"},
    ]
    path = write_jsonl(tmp_path / "mixed.jsonl", records)
    items = list(read_inputs([path]))
    assert problems_of(items) == []
    docs = docs_of(items)
    assert [d.title for d in docs] == [f"T{i}" for i in range(1, 8)]
    assert [d.published for d in docs] == [dt.date(2020, 2, d) for d in range(3, 9)] + [None]
    assert [d.line for d in docs] == list(range(1, 8))
    assert docs[0].id == "r1" and docs[0].metadata == {"section": "world"}
    assert docs[1].id.startswith("mixed-") and docs[1].source == "b.example"
    assert docs[2].url == "https://c.example/3" and docs[2].source == "c.example"
    assert docs[3].id == "mixed-4"                      # no id, no url: stem + line
    assert docs[5].source == "X News" and docs[5].language == "en"
    assert docs[6].text == ENGLISH + "\n\nSeven." and docs[6].metadata == {"date": "not a date"}
    assert all(d.path == str(path) for d in docs)


def test_json_object_list_and_container(tmp_path):
    single = tmp_path / "one.json"
    single.write_text(json.dumps({"title": "Single", "text": ENGLISH}))
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps([{"id": "l1", "text": ENGLISH + " A."},
                                  {"id": "l2", "text": ENGLISH + " B."}]))
    newsapi = tmp_path / "newsapi.json"
    newsapi.write_text(json.dumps({"status": "ok", "totalResults": 1, "articles": [
        {"source": {"id": None, "name": "Wire Service"}, "title": "Api",
         "url": "https://wire.example/api", "publishedAt": "2021-06-01T12:00:00Z",
         "content": ENGLISH + " C."}]}))
    docs = docs_of(read_inputs([single, listed, newsapi]))
    assert [d.id for d in docs][:3] == ["one", "l1", "l2"]
    api = docs[3]
    assert api.title == "Api" and api.source == "Wire Service"
    assert api.published == dt.date(2021, 6, 1) and api.id.startswith("newsapi-")


# ----------------------------------------------------------------------------- feeds


def test_rss_feed():
    items = list(read_inputs([FIXTURES / "feeds" / "world.rss"]))
    docs = docs_of(items)
    assert [d.title for d in docs] == ["Gunmen kill three at checkpoint in Khyber district",
                                       "Roadside bomb wounds two soldiers near Kirkuk"]
    first, second = docs
    assert first.published == dt.date(2022, 8, 8) and second.published == dt.date(2022, 8, 7)
    assert first.url.endswith("khyber-checkpoint-attack")
    assert first.source == "Frontier Post - World" and first.language == "en"
    # Full content wins over the description, with the HTML stripped.
    assert "Bara area" in first.text and "<p>" not in first.text and "<img" not in first.text
    assert first.metadata["guid"] == "fp-2022-08-08-1187"
    assert first.id.startswith("world-") and first.id != second.id
    (problem,) = problems_of(items)                  # the item without text
    assert problem.code == "S104" and "item 3" in problem.message
    # ids are stable from one read to the next
    assert [d.id for d in docs_of(read_inputs([FIXTURES / "feeds" / "world.rss"]))] == \
        [d.id for d in docs]


def test_atom_feed_and_sniffed_xml(tmp_path):
    xml = tmp_path / "export.xml"
    shutil.copy(FIXTURES / "feeds" / "sahel.atom", xml)
    (tmp_path / "sitemap.xml").write_text('<?xml version="1.0"?><urlset><url/></urlset>')
    items = list(read_inputs([tmp_path]))
    docs = docs_of(items)
    assert [d.title for d in docs] == ["Militants attack village in northern Burkina Faso",
                                       "Army says it repelled assault on base in Niger"]
    assert docs[0].published == dt.date(2023, 1, 11)     # published, not updated
    assert docs[1].published == dt.date(2023, 1, 10)     # only updated
    assert docs[0].source == "Sahel Monitor" and "Djibo" in docs[0].text
    assert docs[0].url == "https://sahelmonitor.example/2023/01/11/village-attack"
    (problem,) = problems_of(items)
    assert problem.code == "S101" and problem.path.endswith("sitemap.xml")


# ----------------------------------------------------------------------------- warc


def _http_record(writer, uri, body: bytes, *, status="200 OK", ctype="text/html",
                 date="2021-03-15T06:00:00Z"):
    from warcio.statusandheaders import StatusAndHeaders

    http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
    return writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                     http_headers=http, warc_headers_dict={"WARC-Date": date})


def _write_warc(path: Path, gzip_records: bool) -> None:
    from warcio.warcwriter import WARCWriter

    page = (FIXTURES / "html" / "market_blast.html").read_bytes()
    undated = (b"<html><head><title>Clash in Kidal</title></head><body><article>"
               b"<h1>Clash in Kidal</h1><p>" + ENGLISH.encode() + b"</p><p>"
               + ENGLISH.replace("Sunday", "Monday").encode() + b"</p></article></body></html>")
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gzip_records)
        writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test"}))
        writer.write_record(writer.create_warc_record(
            "https://n.example/", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
        writer.write_record(_http_record(writer, "https://n.example/market", page))
        writer.write_record(_http_record(writer, "https://n.example/logo.png", b"\x89PNG...",
                                         ctype="image/png"))
        writer.write_record(_http_record(writer, "https://n.example/missing", b"not found",
                                         status="404 Not Found"))
        writer.write_record(_http_record(writer, "https://kidal.example/clash", undated,
                                         ctype="text/html; charset=utf-8"))
        writer.write_record(_http_record(writer, "https://n.example/menu",
                                         b"<html><body><nav><a href='/'>Home</a></nav></body>"
                                         b"</html>"))


@pytest.mark.parametrize("name, gz", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_warc(tmp_path, name, gz):
    path = tmp_path / name
    _write_warc(path, gz)
    items = list(read_inputs([path]))
    docs = docs_of(items)
    assert [d.title for d in docs] == ["Car bomb kills six at Mosul market", "Clash in Kidal"]
    market, kidal = docs
    assert market.published == dt.date(2021, 3, 14)             # the page's own date
    assert market.url.startswith("https://www.northernledger.example/")   # canonical
    assert market.metadata["warc_target_uri"] == "https://n.example/market"
    assert kidal.published == dt.date(2021, 3, 15)              # WARC-Date fallback
    assert kidal.url == "https://kidal.example/clash" and kidal.source == "kidal.example"
    assert kidal.id.startswith("crawl-") and kidal.id != market.id
    (problem,) = problems_of(items)                              # the menu page
    assert problem.code == "S104" and "https://n.example/menu" in problem.message


def test_truncated_warc_gz(tmp_path):
    path = tmp_path / "cut.warc.gz"
    _write_warc(path, True)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * 0.8)])
    items = list(read_inputs([path]))
    assert len(docs_of(items)) == 1
    assert problems_of(items)[-1].code == "S101"


# ----------------------------------------------------------------------------- gzip


def test_gz_variants(tmp_path):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(
        f"Gunmen kill three in minibus attack\n\n{ENGLISH}".encode()))
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(
        (json.dumps({"id": "j1", "text": ENGLISH + " J."}) + "\n").encode()))
    (tmp_path / "c.html.gz").write_bytes(gzip.compress(
        (FIXTURES / "html" / "market_blast.html").read_bytes()))
    shutil.copy(FIXTURES / "feeds" / "world.rss", tmp_path / "d.rss")
    with open(FIXTURES / "feeds" / "world.rss", "rb") as src:
        (tmp_path / "d.rss.gz").write_bytes(gzip.compress(src.read()))
    (tmp_path / "d.rss").unlink()
    docs = docs_of(read_inputs([tmp_path]))
    assert [d.id for d in docs[:3]] == ["a", "j1", "c"]
    assert docs[0].title == "Gunmen kill three in minibus attack"
    assert docs[2].title == "Car bomb kills six at Mosul market"
    assert len(docs) == 5 and docs[3].id.startswith("d-")


# ----------------------------------------------------------------------------- walking


def test_folder_order_is_recursive_sorted_and_stable(tmp_path):
    for rel in ("b/2.txt", "b/1.txt", "a.txt", "c/z/9.md", "c/0.txt", ".hidden.txt",
                "notes.docx", "b/image.png"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{ENGLISH} ({rel})")
    first = [d.id for d in read_inputs([tmp_path])]
    assert first == ["a", "1", "2", "0", "9"]
    assert [d.id for d in read_inputs([tmp_path])] == first


def test_explicit_paths_keep_their_order_and_files_are_read_once(tmp_path):
    (tmp_path / "x.txt").write_text(ENGLISH)
    (tmp_path / "y.txt").write_text(FRENCH)
    ids = [d.id for d in read_inputs([tmp_path / "y.txt", tmp_path, tmp_path / "x.txt"])]
    assert ids == ["y", "x"]


def test_explicit_file_without_known_extension_is_sniffed(tmp_path):
    (tmp_path / "feed").write_bytes((FIXTURES / "feeds" / "sahel.atom").read_bytes())
    (tmp_path / "story").write_text(ENGLISH)
    docs = docs_of(read_inputs([tmp_path / "feed", tmp_path / "story"]))
    assert len(docs) == 3 and docs[2].id == "story"
    assert format_of(Path("a.warc.gz")) == "warc" and format_of(Path("a.JSONL.gz")) == "jsonl"
    assert format_of(Path("a.pdf")) is None


# ----------------------------------------------------------------------------- merging


def test_same_text_twice_is_one_document_with_every_id_and_url(tmp_path):
    (tmp_path / "a.txt").write_text(ENGLISH)
    (tmp_path / "b.txt").write_text("  " + ENGLISH.upper().replace(" ", "  ") + "\n")
    write_jsonl(tmp_path / "c.jsonl", [
        {"id": "c1", "text": ENGLISH, "url": "https://one.example/x", "date": "2020-01-02"},
        {"id": "c2", "text": FRENCH},
        {"id": "c3", "text": ENGLISH, "url": "https://two.example/y"},
    ])
    docs = docs_of(read_inputs([tmp_path]))
    assert [d.id for d in docs] == ["a", "c2"]
    merged = docs[0]
    assert merged.aliases == ("b", "c1", "c3")
    assert merged.urls == ("https://one.example/x", "https://two.example/y")
    # What the first copy lacked is filled from later copies.
    assert merged.published == dt.date(2020, 1, 2) and merged.url == "https://one.example/x"
    assert merged.source == "one.example"


def test_id_taken_by_another_text_gets_a_suffix(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", [{"id": "1", "text": ENGLISH}])
    write_jsonl(tmp_path / "b.jsonl", [{"id": "1", "text": FRENCH}])
    docs = docs_of(read_inputs([tmp_path]))
    assert [d.id for d in docs] == ["1", "1~2"]
    assert docs[1].metadata["original_id"] == "1"


# ----------------------------------------------------------------------------- language


def test_language_identified_given_or_none(tmp_path):
    write_jsonl(tmp_path / "l.jsonl", [
        {"id": "en", "text": ENGLISH},
        {"id": "fr", "text": FRENCH},
        {"id": "short", "text": "Three killed in attack."},
        {"id": "given", "text": ENGLISH + " Given.", "language": "de"},
        {"id": "caps", "text": ENGLISH.upper() + " " + ENGLISH.upper()},
    ])
    docs = {d.id: d.language for d in read_inputs([tmp_path])}
    assert docs == {"en": "en", "fr": "fr", "short": None, "given": "de", "caps": "en"}


def test_normalize_language_labels():
    assert [normalize_language(v) for v in ("en-US", "ENG", "English", "pt_BR", "", None,
                                            "zxx")] == ["en", "en", "en", "pt", None, None,
                                                        None]
    assert identify_language("hello there") is None


# ----------------------------------------------------------------------------- helpers


@pytest.mark.parametrize("value, expected", [
    ("2020-12-21", dt.date(2020, 12, 21)),
    ("2020-12-21T23:30:00-05:00", dt.date(2020, 12, 21)),     # local day, not UTC
    ("Mon, 21 Dec 2020 23:30:00 -0500", dt.date(2020, 12, 21)),
    ("21 December 2020", dt.date(2020, 12, 21)),
    ("December 21, 2020", dt.date(2020, 12, 21)),
    ("20201221T120000Z", dt.date(2020, 12, 21)),
    (1608508800, dt.date(2020, 12, 21)),
    ("21 décembre 2020", dt.date(2020, 12, 21)),              # dateparser fallback
    ("yesterday", None), ("March 2016", None), ("", None), (None, None), ("3021-01-01", None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_host_of_unwraps_archive_links():
    assert host_of("http://web.archive.org/web/20160924093615/http://www.news4jax.com:80/"
                   "news/crime/x") == "news4jax.com"
    assert host_of("https://www.bbc.co.uk/news/world") == "bbc.co.uk"
    assert host_of("not a url") is None and host_of(None) is None


def test_feed_in_declared_legacy_encoding(tmp_path):
    path = tmp_path / "latin.rss"
    path.write_bytes(
        ('<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel>'
         "<title>Le Journal</title><item><title>Attaque à Gao</title>"
         f"<description>{FRENCH}</description></item></channel></rss>").encode("latin-1"))
    (doc,) = docs_of(read_inputs([path]))
    assert doc.title == "Attaque à Gao" and doc.language == "fr"


@pytest.mark.parametrize("head, expected", [
    (b'<?xml version="1.0"?>\n<!-- c -->\n<rss version="2.0">', True),
    (b"\xef\xbb\xbf<feed xmlns='http://www.w3.org/2005/Atom'>", True),
    (b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x">', True),
    (b'<?xml version="1.0"?><urlset>', False),
    (b"<html><body>", False),
])
def test_looks_like_feed(head, expected):
    from sitrep.ingest.feeds import looks_like_feed

    assert looks_like_feed(head) is expected


# ----------------------------------------------------------------------------- corpus

GVA_DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "gva-dev" / "docs.jsonl"


@pytest.mark.slow
@pytest.mark.skipif(not GVA_DEV.exists(), reason="shared gva-dev corpus not present")
def test_gva_dev_corpus_reads_whole():
    # Speed is measured in benchmarks/, not here.
    items = list(read_inputs([GVA_DEV]))
    docs = docs_of(items)
    assert problems_of(items) == []
    assert 5000 < len(docs) <= 5263
    assert sum(d.language == "en" for d in docs) > 0.98 * len(docs)
    assert all(d.published and d.source and d.url for d in docs[:100])


def test_a_single_path_is_accepted(baghdad_dir):
    assert len(docs_of(read_inputs(str(baghdad_dir)))) == 5
