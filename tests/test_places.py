"""Place extraction and geocoding (sitrep.extract.places).

Most tests hand the geocoder the entities spaCy would give (so each phenomenon is tested on
its own, fast and independent of the model); the last ones run the real pipeline on the
Baghdad examples. The gazetteer loads once per session (its SQLite index is built on first
use and cached on disk).
"""
from __future__ import annotations

import datetime as dt
import re

import pytest

from sitrep.extract.places import (CountryPrior, DocumentPlaces, Entity, PlaceFinding,
                                   geocode_document, gazetteer)
from sitrep.records import GeoPrecision, Place

CITY, POINT, REGION, COUNTRY = (GeoPrecision.CITY, GeoPrecision.POINT, GeoPrecision.REGION,
                                GeoPrecision.COUNTRY)


@pytest.fixture(scope="session", autouse=True)
def gz():
    return gazetteer()


def ents(content: str, *specs: tuple[str, str]) -> list[Entity]:
    """Entities for (text, label) pairs; "text#2" is the second occurrence."""
    out = []
    for text, label in specs:
        nth = 1
        if "#" in text:
            text, n = text.rsplit("#", 1)
            nth = int(n)
        starts = [m.start() for m in re.finditer(re.escape(text), content)]
        start = starts[nth - 1]
        out.append(Entity(start, start + len(text), label, text))
    return out


def geo(content: str, *specs: tuple[str, str], title: str = "") -> DocumentPlaces:
    full = f"{title}\n\n{content}" if title else content
    return geocode_document(full, ents(full, *specs), title_end=len(title))


def only(places: DocumentPlaces) -> Place:
    assert len(places.findings) == 1, places.findings
    return places.findings[0].place


def summary(p: Place) -> tuple:
    return (p.name, p.admin1, p.country, p.precision, p.site)


# ----------------------------------------------------------------------------- gazetteer


def test_gazetteer_is_cached_and_loaded_lazily(gz):
    assert gazetteer() is gz
    assert gz.region_abbreviation("Fla.").name == "Florida"
    assert gz.region_abbreviation("N.C.").name == "North Carolina"
    assert gz.region_abbreviation("TX").name == "Texas"
    assert gz.region_abbreviation("TX", postal=False) is None
    assert gz.demonym("Iraqi") == "IQ"
    assert gz.capital("IQ").name == "Baghdad"


@pytest.mark.parametrize("spelling", ["Erbil", "Arbil", "Irbil", "ERBIL"])
def test_alternate_spellings_reach_one_place(spelling):
    p = only(geo(f"Rockets hit {spelling} on Monday.", (spelling, "GPE")))
    assert (p.name, p.country, p.geonameid, p.precision) == ("Erbil", "IQ", 95446, CITY)


@pytest.mark.parametrize("spelling", ["Baghdad", "Bagdad"])
def test_transliterations(spelling):
    p = only(geo(f"A bomb exploded in {spelling} on Sunday.", (spelling, "GPE")))
    assert (p.name, p.admin1, p.country, p.geonameid) == ("Baghdad", "Baghdad", "IQ", 98182)


def test_article_prefix_is_optional():
    p = only(geo("Clashes were reported in Al-Anbar.", ("Al-Anbar", "GPE")))
    assert summary(p) == ("Anbar", "Anbar", "IQ", REGION, None)


# ----------------------------------------------------------------------------- datelines


def test_dateline_with_state_abbreviation():
    places = geo("GAINESVILLE, Fla. - One person was killed in a shooting, police said.")
    d = places.default
    assert summary(d) == ("Gainesville", "Florida", "US", CITY, None)
    assert d.text == "GAINESVILLE, Fla."
    assert places.country == "US"
    assert places.admin1 == "Florida"


@pytest.mark.parametrize("body", [
    "Baghdad: A volley of rockets exploded near the US embassy.",
    "Baghdad – A volley of rockets exploded near the US embassy.",
    "BAGHDAD (AFP) - A volley of rockets exploded near the US embassy.",
    "Baghdad, 12 August 2020 - A volley of rockets exploded near the US embassy.",
    "(Baghdad, August 12, 2020) - A volley of rockets exploded near the US embassy.",
])
def test_dateline_forms(body):
    d = geo(body, ("US", "GPE"), title="Rockets hit near US embassy").default
    assert (d.name, d.country, d.precision) == ("Baghdad", "IQ", CITY)


def test_dateline_pins_an_ambiguous_town():
    # Gainesville is in Florida, Georgia, Texas, Virginia ...
    places = geo("GAINESVILLE, Ga. (AP) — Police said a man was shot in Gainesville on Monday.",
                 ("Gainesville", "GPE"))
    assert places.default.admin1 == "Georgia"
    assert [f.place.admin1 for f in places.findings] == ["Georgia", "Georgia"]


def test_a_title_word_is_no_dateline():
    places = geo("Police: A man was shot on Monday.")
    assert places.default is None


# ----------------------------------------------------------------------------- containment


@pytest.mark.parametrize("text,admin1", [
    ("Police in Springfield, Ill., said two men were shot.", "Illinois"),
    ("Police in Springfield, MO said two men were shot.", "Missouri"),
    ("Police in Springfield, Massachusetts said two men were shot.", "Massachusetts"),
])
def test_town_with_its_state(text, admin1):
    p = geo(text, ("Springfield", "GPE")).findings[0].place
    assert (p.name, p.admin1, p.country, p.precision) == ("Springfield", admin1, "US", CITY)


def test_paris_texas_and_paris():
    p = geo("A man was shot in Paris, Texas, on Friday.", ("Paris", "GPE")).findings[0].place
    assert (p.name, p.admin1, p.country) == ("Paris", "Texas", "US")
    p = only(geo("A man was stabbed in Paris on Friday.", ("Paris", "GPE")))
    assert (p.name, p.country) == ("Paris", "FR")


def test_state_context_disambiguates():
    places = geo("CHICAGO (AP) — A man from Springfield was shot on Monday, Illinois police "
                 "said.", ("Springfield", "GPE"), ("Illinois", "GPE"))
    p = places.in_span(0, len("CHICAGO (AP) — A man from Springfield was shot"))[0].place
    assert (p.name, p.admin1) == ("Chicago", "Illinois")
    springfield = [f.place for f in places.findings if f.place.name == "Springfield"]
    assert springfield[0].admin1 == "Illinois"


def test_country_context_keeps_a_town_at_home():
    # Balad is in Iraq; the document's country decides among same-named towns abroad
    text = "Iraqi officials said rockets hit Balad on Saturday."
    places = geo(text, ("Iraqi", "NORP"), ("Balad", "GPE"))
    assert places.country == "IQ"
    assert summary(only(places)) == ("Balad", "Salah ad Din", "IQ", CITY, None)


# ----------------------------------------------------------------------------- levels


def test_country_only_mention():
    places = geo("Fighting continued in Syria on Tuesday.", ("Syria", "GPE"))
    p = only(places)
    assert (p.name, p.admin1, p.country, p.precision, p.geonameid) == (
        "Syria", None, "SY", COUNTRY, 163843)
    assert places.default.precision == COUNTRY


def test_region_mentions():
    p = only(geo("Three soldiers died in Anbar province.", ("Anbar", "GPE")))
    assert summary(p) == ("Anbar", "Anbar", "IQ", REGION, None)
    assert p.text == "Anbar province"
    p = only(geo("Troops moved into the Kurdistan Region.", ("Kurdistan Region", "LOC")))
    assert (p.name, p.country, p.precision) == ("Kurdistan Region", "IQ", REGION)
    p = only(geo("Schools closed across Florida.", ("Florida", "GPE")))
    assert summary(p) == ("Florida", "Florida", "US", REGION, None)


def test_a_town_outranks_its_region_of_the_same_name():
    p = only(geo("A car bomb exploded in Baghdad.", ("Baghdad", "GPE")))
    assert p.precision == CITY
    p = only(geo("A car bomb exploded in Baghdad province.", ("Baghdad", "GPE")))
    assert p.precision == REGION


def test_capital_phrase():
    p = only(geo("Rockets hit the Iraqi capital on Sunday."))
    assert (p.name, p.country, p.precision, p.text) == ("Baghdad", "IQ", CITY, "Iraqi capital")


def test_relative_place_is_the_town_with_the_phrase():
    p = only(geo("A bomb exploded 20 km north of Baghdad.", ("Baghdad", "GPE")))
    assert (p.name, p.precision, p.text) == ("Baghdad", CITY, "20 km north of Baghdad")


# ----------------------------------------------------------------------------- sites


def test_site_named_with_its_town():
    p = only(geo("Missiles targeted a military complex at Erbil airport.", ("Erbil", "GPE")))
    assert summary(p) == ("Erbil", "Arbil", "IQ", POINT, "Erbil airport")


def test_base_named_after_its_town():
    text = "Rockets hit the Al-Balad air base north of Baghdad."
    places = geo(text, ("Baghdad", "GPE"))
    first = places.in_span(0, len(text))[0]
    assert summary(first.place) == ("Balad", "Salah ad Din", "IQ", POINT, "Al-Balad air base")
    assert first.text == "Al-Balad air base"


def test_embassy_in_a_town():
    text = "Rockets exploded near the US embassy in Baghdad."
    places = geo(text, ("US", "GPE"), ("Baghdad", "GPE"))
    hits = places.in_span(0, len(text))
    assert [summary(f.place) for f in hits] == [
        ("Baghdad", "Baghdad", "IQ", POINT, "US embassy"),
        ("Baghdad", "Baghdad", "IQ", CITY, None)]


def test_district_takes_the_document_town():
    text = ("BAGHDAD (AFP) - Rockets hit the capital on Monday.\n\n"
            "One struck a parking complex in Harithiya district, a witness said.")
    places = geo(text, ("Harithiya", "GPE"))
    sent = text.index("One struck")
    p = places.in_span(sent, len(text))[0].place
    assert summary(p) == ("Baghdad", "Baghdad", "IQ", CITY, "Harithiya district")


def test_district_of_a_named_town_is_a_point():
    text = "A car bomb exploded in the Harithiya district of Baghdad."
    places = geo(text, ("Baghdad", "GPE"))
    p = places.in_span(0, len(text))[0].place
    assert summary(p) == ("Baghdad", "Baghdad", "IQ", POINT, "Harithiya district")


def test_street_address_takes_the_dateline_town():
    # in the dateline's sentence the town is named with the street: a point; further down
    # the street is only known to be in the document's town: city precision
    text = ("GAINESVILLE, Fla. - Two masked men opened fire into a home on Northwest 4th "
            "Place.\n\nOfficers were called to the 1200 block of Main Street.")
    places = geo(text)
    sites = [summary(f.place) for f in places.findings if f.place.site]
    assert sites == [("Gainesville", "Florida", "US", POINT, "Northwest 4th Place"),
                     ("Gainesville", "Florida", "US", CITY, "1200 block of Main Street")]


def test_street_in_a_named_town_is_a_point():
    text = "Two men opened fire into a home on Northwest 4th Place in Gainesville, Fla."
    places = geo(text, ("Gainesville", "GPE"))
    p = places.in_span(0, len(text))[0].place
    assert summary(p) == ("Gainesville", "Florida", "US", POINT, "Northwest 4th Place")


def test_street_named_after_another_town_stays_in_its_town():
    text = "CHATTANOOGA, Tenn. - Two girls were shot on Youngstown Road."
    places = geo(text, ("Youngstown Road", "FAC"))
    p = [f.place for f in places.findings if f.place.site][0]
    assert summary(p) == ("Chattanooga", "Tennessee", "US", POINT, "Youngstown Road")


# ----------------------------------------------------------------------------- false places


def test_person_named_like_a_town():
    text = "Jordan Smith, 21, and Paris Hilton were at the party in Gainesville, Fla."
    places = geo(text, ("Jordan Smith", "PERSON"), ("Paris Hilton", "PERSON"),
                 ("Gainesville", "GPE"))
    assert [f.place.name for f in places.findings] == ["Gainesville"]


def test_surname_alone_is_no_place():
    text = "Antonio Mason, 35, died at the scene. Mason was holding his daughter."
    places = geo(text, ("Antonio Mason", "PERSON"), ("Mason#2", "GPE"))
    assert places.findings == []


def test_government_metonyms_and_modifiers():
    text = ("Washington condemned the attack. Tehran accused the US-led coalition. "
            "Iraqi officials met US envoys.")
    places = geo(text, ("Washington", "GPE"), ("Tehran", "GPE"), ("US", "GPE"),
                 ("Iraqi", "NORP"), ("US#2", "GPE"))
    assert places.findings == []
    places = geo("A car bomb killed six people in Idlib on Tuesday. Damascus still says three "
                 "soldiers were killed.", ("Idlib", "GPE"), ("Damascus", "GPE"))
    assert [f.place.name for f in places.findings] == ["Idlib"]


def test_common_word_town_needs_a_place_tag():
    # "Mobile" and "Police" are towns; untagged they are words
    places = geo("Mobile police closed the road.")
    assert [f.place.name for f in places.findings] == ["Mobile"]
    # a document that writes "mobile" as a word does not mean the town by "Mobile"
    places = geo("Police said the mobile home burned. Mobile police closed the road.")
    assert places.findings == []


def test_far_away_small_namesake_needs_evidence():
    # in an Iraqi story "Green" (a town in Ohio) is not what "Green Zone" is about
    text = "BAGHDAD - Four rockets fell in the Green Zone on Tuesday."
    p = geo(text).findings[-1].place
    assert summary(p) == ("Baghdad", "Baghdad", "IQ", POINT, "Green Zone")


# ----------------------------------------------------------------------------- context


def test_demonyms_are_context_only():
    places = geo("Iraqi officials said the attack caused no casualties.", ("Iraqi", "NORP"))
    assert places.findings == []
    assert places.country == "IQ"


def test_title_town_is_the_default():
    places = geo("A man was shot on Monday night, police said.", ("Rocky Mount", "GPE"),
                 title="Four hurt in Rocky Mount shooting")
    assert summary(places.default) == ("Rocky Mount", "North Carolina", "US", CITY, None)


def test_outlet_name_in_title_is_not_the_story_place():
    places = geo("A boy was shot in Selma on Friday.", ("Selma", "GPE"),
                 ("Montgomery", "GPE"),
                 title="Boy shot - WSFA.com Montgomery Alabama News")
    assert summary(places.default) == ("Selma", "Alabama", "US", CITY, None)


def test_country_prior_breaks_ties():
    text = "TAUNTON (CBS) — A man died in a Taunton shooting on Saturday."
    assert geo(text).default.country == "GB"
    full = text
    with_prior = geocode_document(full, [], country_prior={"US": 1.0})
    assert (with_prior.default.name, with_prior.default.admin1) == ("Taunton", "Massachusetts")
    prior = CountryPrior(min_documents=2)
    prior.add("US"), prior.add("US"), prior.add(None)
    assert prior.shares() == {"US": 1.0}


def test_country_prior_is_rounded_and_needs_a_corpus():
    prior = CountryPrior(min_documents=10)
    for cc in ["US"] * 8 + ["MX"]:
        prior.add(cc)
    assert prior.shares() == {}                      # 9 documents with a country: too few
    prior.add("US"), prior.add("CA")
    # 9 of 11 American, 1 Mexican, 1 Canadian: a tenth is no share of the corpus; two
    # batches of one corpus (9 of 11, 17 of 21) give the same prior
    assert prior.shares() == {"US": 0.8}
    other = CountryPrior(min_documents=10)
    for cc in ["US"] * 17 + ["MX"] * 2 + ["CA"] * 2:
        other.add(cc)
    assert other.shares() == prior.shares()


def test_in_span_orders_most_specific_first():
    text = "Rockets hit Erbil airport in northern Iraq, officials in Baghdad said."
    places = geo(text, ("Erbil", "GPE"), ("Iraq", "GPE"), ("Baghdad", "GPE"))
    assert [f.place.precision for f in places.in_span(0, len(text))] == [POINT, CITY, COUNTRY]
    for f in places.findings:
        assert isinstance(f, PlaceFinding)
        assert text[f.start:f.end] == f.text == f.place.text


def test_empty_and_placeless_documents():
    for content in ("", "\n\n", "No place is named here at all."):
        places = geocode_document(content, [])
        assert places.findings == [] and places.default is None and places.country is None
        assert places.in_span(0, len(content)) == []


# ----------------------------------------------------------------------------- real pipeline


def _run(nlp, path):
    content = path.read_text(encoding="utf-8")
    doc = nlp(content)
    entities = [Entity(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]
    return content, geocode_document(content, entities)


def test_baghdad_000(nlp, baghdad_dir):
    _, places = _run(nlp, next(baghdad_dir.glob("docs/000_*.txt")))
    assert (places.default.name, places.default.country) == ("Baghdad", "IQ")
    assert places.country == "IQ"


def test_baghdad_003(nlp, baghdad_dir):
    content, places = _run(nlp, next(baghdad_dir.glob("docs/003_*.txt")))
    assert (places.default.name, places.default.country) == ("Baghdad", "IQ")
    got = {(f.place.name, f.place.admin1, f.place.site, f.place.precision)
           for f in places.findings}
    assert ("Erbil", "Arbil", "Erbil airport", POINT) in got
    assert ("Balad", "Salah ad Din", "Al-Balad air base", POINT) in got
    assert ("Baghdad", "Baghdad", "Harithiya district", CITY) in got
    assert all(f.place.country in ("IQ", "US", "IR") for f in places.findings)
    for f in places.findings:
        assert content[f.start:f.end] == f.text


# ----------------------------------------------------------------------------- US local news


def test_names_of_one_story_agree():
    # Montgomery and Aurora are both bigger elsewhere (Alabama, Colorado); near each other only
    # in Illinois
    text = "Six people were shot at a party in Montgomery, near Aurora, police said."
    places = geo(text, ("Montgomery", "GPE"), ("Aurora", "GPE"))
    assert [(f.place.name, f.place.admin1) for f in places.findings] == [
        ("Montgomery", "Illinois"), ("Aurora", "Illinois")]


def test_several_small_towns_outweigh_large_namesakes():
    # Athens (Greece, Georgia), Decatur (Illinois) and Florence (Italy) are all larger
    # elsewhere; only in Alabama are the three near each other
    text = ("A man from Athens was shot in Decatur on Sunday, and his brother was arrested "
            "in Florence.")
    places = geo(text, ("Athens", "GPE"), ("Decatur", "GPE"), ("Florence", "GPE"))
    assert [(f.place.name, f.place.admin1) for f in places.findings] == [
        ("Athens", "Alabama"), ("Decatur", "Alabama"), ("Florence", "Alabama")]
    assert places.default.name == "Decatur"


def test_a_named_region_holds_its_towns():
    text = "Birmingham police are investigating the third shooting in Alabama this week."
    places = geo(text, ("Birmingham", "GPE"), ("Alabama", "GPE"))
    assert [(f.place.name, f.place.admin1, f.place.country) for f in places.findings] == [
        ("Birmingham", "Alabama", "US"), ("Alabama", "Alabama", "US")]


def test_a_neighbouring_name_vouches_for_a_village():
    # Gainesville, Missouri has 760 people; untagged names that small need a neighbour
    text = ("A student was shot in Gainesville on Sunday, police said. He lives in "
            "Mountain Home, Ark.")
    places = geo(text)
    assert [(f.place.name, f.place.admin1) for f in places.findings] == [
        ("Gainesville", "Missouri"), ("Mountain Home", "Arkansas")]


def test_hyphenated_name_split_by_the_tagger():
    text = "A teen was hurt, Winston-Salem police said."
    places = geo(text, ("Winston", "GPE"))
    assert [(f.text, f.place.name, f.place.admin1) for f in places.findings] == [
        ("Winston-Salem", "Winston-Salem", "North Carolina")]
    text = "Four Hurt in NE Miami-Dade Drive-By Shooting, Miami-Dade Police say."
    places = geo(text, ("Miami", "GPE"), ("Miami#2", "GPE"))
    assert [(f.text, f.place.name, f.place.site) for f in places.findings] == [
        ("Miami-Dade", "Miami-Dade County", None), ("Miami-Dade", "Miami-Dade County", None)]


def test_washington_dateline_is_the_city_and_dc_the_district():
    places = geo("WASHINGTON (WUSA9) -- A shooting in southeast D.C. sent four people to the "
                 "hospital.", ("D.C.", "GPE"))
    assert summary(places.default) == ("Washington", "District of Columbia", "US", CITY, None)
    assert [(f.text, f.place.name) for f in places.findings] == [
        ("WASHINGTON", "Washington"), ("D.C.", "District of Columbia")]


def test_a_state_is_not_the_town_that_has_its_name_as_another_name():
    p = only(geo("Five people died in a murder-suicide in Montana.", ("Montana", "GPE")))
    assert summary(p) == ("Montana", "Montana", "US", REGION, None)


def test_counties_know_their_state():
    p = only(geo("Two teens were shot in Prince George's County.",
                 ("Prince George's County", "GPE")))
    assert summary(p) == ("Prince George's County", "Maryland", "US", REGION, None)
    places = geo("Teens shot at Prince George's Co. Metro station early Saturday.")
    assert [(f.text, f.place.name, f.place.admin1) for f in places.findings] == [
        ("Prince George's Co.", "Prince George's County", "Maryland")]


def test_site_named_of_a_town():
    places = geo("The teen was shot in Hart County and is at University of Louisville Hospital.",
                 ("Hart County", "GPE"))
    site = [f.place for f in places.findings if f.place.site][0]
    assert summary(site) == ("Louisville", "Kentucky", "US", POINT,
                             "University of Louisville Hospital")


def test_neighbourhood_tagged_as_a_person():
    text = ("CHICAGO, Ill. (WGN) -- A girl was shot near North and Major in the Austin "
            "neighborhood. Police said the Austin shooting was gang related.")
    places = geo(text, ("Austin", "PERSON"), ("Austin#2", "GPE"))
    assert {f.place.name for f in places.findings} == {"Chicago"}
    assert ("Chicago", "Austin neighborhood") in [(f.place.name, f.place.site)
                                                  for f in places.findings]


def test_streets_are_not_towns():
    text = ("Cincinnati police said four men standing on the corner of Baltimore and McHenry "
            "avenues were shot. A boy was shot in the 1300-block of South Racine.")
    places = geo(text, ("Cincinnati", "GPE"), ("Baltimore", "GPE"), ("Racine", "GPE"))
    assert [(f.place.name, f.place.site) for f in places.findings] == [
        ("Cincinnati", None), ("Cincinnati", "Baltimore and McHenry avenues"),
        ("Cincinnati", "1300-block of South Racine")]


def test_direction_and_town():
    # "West Charlotte" is also a hamlet's other name; "Southern Pines" is a town's own name
    p = only(geo("Four people were shot in west Charlotte.", ("west Charlotte", "GPE")))
    assert (p.name, p.admin1, p.precision, p.text) == ("Charlotte", "North Carolina", CITY,
                                                       "west Charlotte")
    p = only(geo("Five were shot in Southern Pines on Sunday."))
    assert (p.name, p.admin1) == ("Southern Pines", "North Carolina")


def test_untagged_town_after_an_article_and_police_tagged_as_a_person():
    places = geo("An Evansville man is in jail after police say he shot someone.")
    assert [(f.text, f.place.admin1) for f in places.findings] == [("Evansville", "Indiana")]
    places = geo("Zanesville Police say a boy was accidentally shot.",
                 ("Zanesville Police", "PERSON"))
    assert [(f.text, f.place.admin1) for f in places.findings] == [("Zanesville", "Ohio")]


def test_where_victims_were_treated_is_no_finding():
    text = ("RHINE, Georgia - A Dodge County toddler was airlifted to a Macon hospital on "
            "Monday after she shot herself.")
    places = geo(text, ("Dodge County", "GPE"), ("Macon", "GPE"))
    assert [f.text for f in places.findings] == ["RHINE, Georgia", "Dodge County"]
    assert places.default.name == "Dodge County"
    # ... but it is the best guess when the text names no other town
    places = geo("The teen was shot at home. He was flown to St. Francis Hospital in Wichita.",
                 ("Wichita", "GPE"))
    assert places.findings == []
    assert summary(places.default) == ("Wichita", "Kansas", "US", CITY, None)


def test_a_town_further_down_beats_a_region():
    text = ("A Texas lawmaker was hit by a stray bullet early Sunday. He is expected to "
            "recover. His wife was with him at the time. He was outside a home north of "
            "Weslaco when he was hit.")
    places = geo(text, ("Texas", "GPE"), ("Weslaco", "GPE"))
    assert summary(places.default) == ("Weslaco", "Texas", "US", CITY, None)


def test_outlet_home_from_its_name_and_address():
    body = "A teen girl was shot in the leg in the 1900 block of Redd Street on Sunday."
    places = geocode_document(body, [], outlet="- NBC12 - WWBT - Richmond, VA News On Your Side")
    assert summary(places.default) == ("Richmond", "Virginia", "US", CITY, None)
    assert places.findings[0].place.name == "Richmond"       # the street is in that town
    places = geocode_document(body, [], url="http://www.dentonrc.com/local-news/blotter")
    assert summary(places.default) == ("Denton", "Texas", "US", CITY, None)
    # context for an ambiguous town the text names (Brentwood, New York is larger)
    text = "BRENTWOOD (CBS SF) – A drive-by shooting wounded four teenagers in Brentwood."
    ents_ = ents(text, ("Brentwood", "GPE"))
    places = geocode_document(text, ents_, url="http://sanfrancisco.cbslocal.com/2013/01/22/x/")
    assert places.default.admin1 == "California"
    assert geocode_document(text, ents_).default.admin1 == "New York"


def test_a_neighbourhood_missing_from_the_gazetteer_does_not_pull_its_city_away():
    # Liberty City (Miami) is not in the gazetteer; a hamlet of that name lies near
    # Miami, Texas (589 people)
    text = ("MIAMI (CBSMiami) – A shooting in Liberty City left two women dead. Miami police "
            "said the Liberty City shooting was drug related.")
    places = geo(text, ("Liberty City", "GPE"), ("Miami", "GPE"), ("Liberty City#2", "GPE"))
    assert summary(places.default) == ("Miami", "Florida", "US", CITY, None)


def test_a_neighbourhood_named_after_its_city():
    text = ("CHICAGO (CBS) — A boy was shot in the South Chicago neighborhood. He was taken to "
            "Christ Medical Center in Oak Lawn.")
    places = geo(text, ("South Chicago", "GPE"), ("Oak Lawn", "GPE"))
    assert [(f.place.name, f.place.site) for f in places.findings] == [
        ("Chicago", None), ("South Chicago", "South Chicago neighborhood")]


def test_a_street_split_by_the_tagger():
    text = "COLUMBUS, Ohio - A girl was shot on Garland Avenue in east Columbus."
    places = geo(text, ("Garland", "GPE"), ("Avenue", "GPE"), ("east Columbus", "GPE"))
    assert {f.place.name for f in places.findings} == {"Columbus"}


def test_a_bureau_dateline_abroad_is_not_the_story_s_place(nlp):
    from sitrep.extract.document import extract_document
    from sitrep.records import Document
    document = Document(id="d1", title="Air strikes hit rebel-held Idlib, killing 9 civilians",
                        text="BEIRUT (AFP) - Russian air strikes on a market in Syria's Idlib province "
                             "killed nine civilians on Saturday, a monitor said.",
                        published=dt.date(2019, 3, 4))
    places = {(m.place.name, m.place.country) for m in extract_document(document, nlp)}
    assert places == {("Idlib", "SY")}


def test_a_number_or_a_month_is_no_town():
    # "One man" and "March" are capitalised words before a noun, as "Boulder police" is; the
    # gazetteer has an Onè in Italy and a March in England
    places = geo("One man was killed and two were hurt. March was the deadliest month, police said.")
    assert places.findings == [] and places.default is None


def test_a_month_after_in_is_a_date_not_a_town_that_pulls_a_namesake():
    # "convicted in August" reads like "shot in Inglewood"; August, California would make a
    # pair with Jackson, California and outvote Jackson, Mississippi
    places = geo("Joshua Hurst was convicted in August of two counts of murder.\n\n"
                 "Police said the shooting happened on Greenwood Avenue in Jackson.")
    assert [f.place.name for f in places.findings if f.place.name == "August"] == []
    assert (places.default.name, places.default.admin1) == ("Jackson", "Mississippi")


def test_a_named_village_or_district_is_that_place_not_a_part_of_the_dateline_town():
    # "Mafa village" is the village Mafa, some 50 km from the Maiduguri dateline
    places = geo("MAIDUGURI, Nigeria (Reuters) - Gunmen killed 12 people in a raid on a village "
                 "in Borno state.\n\nThe gunmen arrived in Mafa village late on Monday, opening "
                 "fire on residents.")
    [mafa] = [f for f in places.findings if "Mafa" in f.place.text]
    assert (mafa.place.name, mafa.place.admin1, mafa.place.site) == ("Mafa", "Borno", None)


def test_a_capitalised_village_is_a_named_complex_and_a_district_attorney_an_office():
    places = geo("CHICAGO - A 16-year-old boy was shot in University Village on Sunday night. "
                 "The Allegheny County district attorney's office is reviewing the case.")
    assert {(f.place.name, f.place.admin1) for f in places.findings if "Village" in f.place.text} == {
        ("Chicago", "Illinois")}
    assert all(f.place.precision.value != "region" for f in places.findings if "district" in f.place.text)


def test_regions_the_derived_table_named_after_a_town_go_by_their_own_names():
    # admin1.tsv calls Ituri "Bunia" (its capital); admin1_extra.tsv gives the province its name
    places = geo("BUNIA, Congo (AP) - Militiamen attacked a camp in Congo's northeastern Ituri province.",
                 ("Congo#2", "GPE"), ("Ituri", "GPE"))
    ituri = [f.place for f in places.findings if f.place.name == "Ituri"]
    assert [(p.country, p.admin1, p.precision.value) for p in ituri] == [("CD", "Ituri", "region")]
    assert (places.default.name, places.default.admin1) == ("Bunia", "Ituri")


def test_a_county_inside_an_agency_name_is_found_however_the_tagger_cut_it():
    # "The Abbeville County Coroner's Office" tagged FAC: the county without its article
    text = ("The Abbeville County Coroner's Office said a teen died after shooting himself at a "
            "cookout on Thursday. It happened on the 2100 block of Old Calhoun Falls Road. "
            "Deputies responded.")
    places = geo(text, ("The Abbeville County Coroner's Office", "FAC"))
    assert places.default.name == "Abbeville County"
    assert places.default.admin1 == "South Carolina"
    # a street's name ends at the sentence's full stop, not at the next capitalised word
    assert not any("Deputies" in f.text for f in places.findings)
    # "Terrebonne" tagged GPE and "Parish" NORP: the parish, not a namesake of its first word
    text = ("A boy was killed in a shooting Tuesday night in Bayou Blue, the Terrebonne Parish "
            "Sheriff's Office said.")
    places = geo(text, ("Bayou Blue", "ORG"), ("Terrebonne", "GPE"), ("Parish", "NORP"))
    assert [(f.text, f.place.admin1) for f in places.findings] == [
        ("Terrebonne Parish", "Louisiana")]


def test_a_region_named_only_below_the_lead_is_the_story_s_place():
    text = ("A man is hospitalized after being accidentally shot. The call came in around 3 p.m. "
            "Sunday. He was transported to the hospital with a gunshot wound. Investigators "
            "believe he shot himself while getting into a car. Brazos County Sheriff's "
            "officials say he underwent surgery Sunday afternoon.")
    places = geo(text, title="Man hospitalized after gunshot wound")
    assert summary(places.default) == ("Brazos County", "Texas", "US", REGION, None)


def test_a_region_by_its_initials():
    places = geo("Five people were shot Monday night in southeast DC, police said.", ("DC", "GPE"))
    assert (places.default.admin1, places.default.country) == ("District of Columbia", "US")
    # initials are no licence for any alternate name: "White House" is no Casablanca
    places = geo("Officials at the White House condemned the attack.", ("White House", "FAC"))
    assert places.findings == []


def test_a_bureau_abroad_under_a_title_whose_town_is_only_in_a_site():
    # "Shelling of El Fasher market" names El Fasher only inside a site
    title = "Shelling of El Fasher market kills dozens"
    text = ("CAIRO (AP) - Artillery shells slammed into a crowded market in the Sudanese city of "
            "El Fasher on Saturday, killing at least 15 people.")
    places = geo(text, ("El Fasher", "GPE"), ("Sudanese", "NORP"), title=title)
    assert (places.default.name, places.default.country) == ("El Fasher", "SD")


def test_regions_known_by_other_names_in_the_news():
    gz = gazetteer()
    assert {(c.name, c.country) for c in gz.lookup("West Kordofan") if c.how == 0} == {
        ("West Kordofan", "SD")}
    assert ("Sagaing", "MM") in {(c.name, c.country) for c in gz.lookup("Sagaing Region")}
    assert ("Northern Darfur", "SD") in {(c.name, c.country) for c in gz.lookup("North Darfur")}


def test_where_someone_is_undergoing_treatment_is_no_finding():
    places = geo("A youth was stabbed in Giaspura. A passerby is undergoing treatment at the "
                 "Civil Hospital in Ludhiana.", ("Giaspura", "GPE"), ("Ludhiana", "GPE"))
    assert "Ludhiana" not in [f.text for f in places.findings]


def test_a_demonym_says_which_country_a_town_is_in():
    # "Azaz" is an alternate spelling of a town of 66,000 in Syria; the document talks of Turkey
    text = ("The death toll from Friday's car bombing in the northern Syrian town of Azaz rose to 41. "
            "Many wounded were taken to hospitals in Turkey, Turkey's defence ministry said.")
    places = geo(text, ("Syrian", "NORP"), ("Azaz", "GPE"), ("Turkey", "GPE"), ("Turkey#2", "GPE"))
    assert [(f.text, f.place.country) for f in places.findings if f.text == "Azaz"] == [("Azaz", "SY")]


def test_an_agency_s_bureau_far_from_the_town_its_lead_tells_of():
    text = ("OUAGADOUGOU (AFP) - Jihadists attacked an army detachment in the northern Burkinabe "
            "town of Arbinda on Monday, killing 17 soldiers.")
    places = geo(text, title="Jihadists kill 17 soldiers in attack on army post")
    assert (places.default.name, places.default.country) == ("Aribinda", "BF")


def test_a_site_in_a_region_its_sentence_names_is_there_not_in_the_story_s_town():
    text = ("BAQUBA, Iraq (Reuters) - Gunmen killed four villagers near the town on Saturday.\n\n"
            "Last week, rockets hit the Ain al-Asad air base in western Anbar province.")
    places = geo(text, ("Anbar", "GPE"))
    [site] = [f.place for f in places.findings if f.place.site == "Ain al-Asad air base"]
    assert (site.name, site.admin1) == ("Anbar", "Anbar")


def test_a_district_named_after_another_town_of_the_region_is_no_neighbourhood():
    text = ("BAQUBA, Iraq - Militants attacked a village in Diyala province late Saturday. The "
            "gunmen opened fire in the village of Albu Khamis, about 15 km north-east of "
            "Muqdadiyah. Security forces searched the Muqdadiyah district on Sunday.")
    places = geo(text, ("Diyala", "GPE"), ("Muqdadiyah", "GPE"))
    assert "Baqubah" not in {f.place.name for f in places.findings if "Muqdadiyah" in f.text}


def test_a_capital_s_dateline_is_a_bureau_for_an_event_told_in_another_region():
    text = ("BAGHDAD - Five rockets struck Ain al-Asad air base in Iraq's western Anbar province "
            "late on Monday, lightly wounding two US service members.")
    places = geo(text, ("Iraq", "GPE"), ("Anbar", "GPE"), title="Rockets hit Iraq base")
    assert places.default.name == "Anbar"


def test_a_district_named_after_a_town_of_the_dateline_s_region_is_that_town():
    # filed from Pemba; Macomia district is 200 km north, in the same province, and the
    # unknown village "in Macomia district" is there too -- neither is a part of Pemba
    places = geo("PEMBA, Mozambique (Lusa) - Insurgents killed two people in an attack on Naunde "
                 "village in Macomia district on Wednesday.", ("Naunde", "GPE"))
    got = {f.text: (f.place.name, f.place.admin1, f.place.precision) for f in places.findings}
    assert got["Macomia district"] == ("Macomia", "Cabo Delgado", CITY)
    # (the village the gazetteer does not know keeps its name, at Macomia's coordinates)
    assert got["Naunde"] == ("Naunde", "Cabo Delgado", CITY)


def test_a_town_named_after_a_part_the_gazetteer_does_not_know_is_the_place():
    # spaCy tags the township ORG and the town PERSON; "in X, Town" still says where
    places = geo("Gunmen opened fire at a tavern in KwaNobuhle, Kariega, late on Saturday.",
                 ("KwaNobuhle", "ORG"), ("Kariega", "PERSON"))
    assert [(f.place.name, f.place.admin1) for f in places.findings] == [("Kariega", "Eastern Cape")]
    assert geo("In January, Johnson said the case was closed.").findings == []


def test_a_name_tagged_short_of_its_last_word_is_the_whole_name():
    places = geo("The strike hit a market in Finote Selam on Monday.", ("Finote", "GPE"))
    assert [(f.text, f.place.name, f.place.admin1) for f in places.findings] == [
        ("Finote Selam", "Finote Selam", "Amhara")]


def test_a_region_abroad_needs_its_country_named():
    # Litoral is a province of Equatorial Guinea; here it is Ecuador's prison
    places = geo("GUAYAQUIL, Ecuador (AP) - Inmates rioted in a prison on Sunday. In 2021, 119 "
                 "inmates died in a riot at the Litoral, the country's largest prison.",
                 ("Litoral", "GPE"))
    assert {f.place.country for f in places.findings} == {"EC"}


def test_the_department_of_x_is_the_region_not_its_namesake_town():
    places = geo("Gunmen attacked a police station in Saravena, in the department of Arauca, on "
                 "Saturday.", ("Saravena", "GPE"), ("Arauca", "GPE"))
    assert [(f.text, f.place.precision) for f in places.findings] == [
        ("Saravena", CITY), ("Arauca", REGION)]


def test_a_name_with_a_lower_case_arabic_article_is_found_untagged():
    places = geo("DAMASCUS (Reuters) - Israeli jets struck an air base near the town of al-Qusayr "
                 "in Homs province on Sunday, Syrian state media said.",
                 ("al-Qusayr", "ORG"), ("Homs", "GPE"))
    assert ("Al Quşayr", "Homs") in {(f.place.name, f.place.admin1) for f in places.findings}


def test_the_town_suburb_of_a_part_is_that_part_of_the_town():
    places = geo("An explosion damaged a building in the Stockholm suburb of Skarholmen early on "
                 "Tuesday, police said.", ("Stockholm", "GPE"), ("Skarholmen", "GPE"))
    assert [(f.text, f.place.name, f.place.site) for f in places.findings] == [
        ("Stockholm", "Stockholm", None), ("Skarholmen", "Stockholm", "Skarholmen")]


def test_an_institution_named_after_a_site_is_no_site():
    places = geo("GUAYAQUIL, Ecuador - Ecuador's prison agency said 31 inmates died in the riot.",
                 ("Ecuador", "GPE"))
    assert [f.place.site for f in places.findings] == [None]


def test_the_part_neighborhood_of_a_town_names_the_town_last():
    places = geo("Multiple shootings were reported in the Jamaica Plain neighborhood of Boston late "
                 "Friday night.", ("Boston", "GPE"))
    assert ("Boston", "Boston", None) in {(f.text, f.place.name, f.place.site) for f in places.findings}
    assert all(f.place.site != "Boston" for f in places.findings)


def test_a_province_geonames_writes_with_its_unit_word_is_found_without_it(gz):
    # GeoNames: "Province of Northern Samar", "Provincia de Quillota"
    assert ("Province of Northern Samar", "PH") in {(c.name, c.country) for c in gz.lookup("Northern Samar")}
    assert ("Provincia de Quillota", "CL") in {(c.name, c.country) for c in gz.lookup("Quillota")}

