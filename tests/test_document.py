"""sitrep.extract.document: one article in, its incidents out, grouped as the module docstring says."""
from __future__ import annotations

import datetime as dt

import pytest
from factories import make_document
from sitrep.extract.document import extract_document
from sitrep.records import Modality

PUBLISHED = dt.date(2021, 2, 23)     # a Tuesday


def asserted(nlp, text: str, title: str = "") -> list:
    document = make_document("d1", text=text, title=title, published=PUBLISHED)
    return [m for m in extract_document(document, nlp) if m.modality == Modality.ASSERTED]


def test_a_sentence_with_its_own_date_and_place_starts_a_background_incident(nlp):
    found = asserted(nlp, "Rockets hit the US embassy in Baghdad on Monday.\n\n"
                          "The first attack was on November 17, when rockets hit Erbil airport.")
    assert [(m.date.start.isoformat(), m.place.name, m.background) for m in found] == [
        ("2021-02-22", "Baghdad", False), ("2020-11-17", "Erbil", True)]


def test_a_sentence_without_a_trigger_lends_its_figures_to_the_incident_in_focus(nlp):
    found = asserted(nlp, "Rockets hit the US embassy in Baghdad on Monday.\n\n"
                          "Two civilians were wounded, police said.")
    assert len(found) == 1
    assert (found[0].wounded.best, found[0].killed.reported) == (2, False)
    [claim] = [c for c in found[0].claims if c.field == "wounded"]
    assert (claim.quote, claim.said_by) == ("Two civilians were wounded, police said.", "police")


def test_a_sentence_about_somewhere_else_or_another_incident_lends_nothing(nlp):
    # the Izmail debris is another place: its "nobody was hurt" is not Kharkiv's toll
    found = asserted(nlp, "Russian drones hit the city of Kharkiv on Saturday, killing four people.\n\n"
                          "In the port of Izmail, debris damaged a warehouse, but nobody was hurt.")
    assert [(m.place.name, m.killed.best, m.wounded.reported) for m in found] == [
        ("Kharkiv", 4, False)]
    # ... nor does a sentence that turns to another incident, wherever it is
    found = asserted(nlp, "Gunmen killed two men in Moirang on Saturday.\n\n"
                          "Separately, at least four people were injured on Sunday night.")
    assert [(m.killed.best, m.wounded.reported) for m in found] == [(2, False)]


def test_a_publication_stamp_with_a_byline_dates_nothing(nlp):
    found = asserted(nlp, "Published 24 February 2021 | By the police newsroom\n\n"
                          "A man was stabbed to death in Kettering yesterday.")
    assert [m.date.start.isoformat() for m in found] == ["2021-02-22"]


def test_a_date_told_before_any_incident_dates_the_main_one(nlp):
    # the lead's event sentence has no date; the next one says when "the incident" happened
    found = asserted(nlp, "The sheriff wants to know how a boy got a gun.\n\n"
                          "Deputies said the incident happened about 10:30 a.m. Sunday at a home in Jackson.\n\n"
                          "The family first said the boy was wounded in a drive-by shooting.")
    assert [(m.date.start.isoformat(), m.date.text) for m in found] == [("2021-02-21", "Sunday")]


def test_a_past_dated_will_is_an_event_with_its_figures(nlp):
    # machine-translated narration: the missiles were fired a week before publication
    found = asserted(nlp, "Rockets hit the US embassy in Baghdad on Monday.\n\n"
                          "The attack comes a week after more than a dozen missiles will target "
                          "a military complex at Erbil airport.")
    erbil = [m for m in found if m.place and m.place.name == "Erbil"]
    assert len(erbil) == 1
    munitions = erbil[0].munitions
    assert (munitions.low, munitions.best, munitions.high) == (13, 13, None)


def test_an_undated_will_stays_a_threat_without_figures(nlp):
    document = make_document("d1", text="Militants said five rockets will hit the base.",
                             published=PUBLISHED)
    mentions = extract_document(document, nlp)
    assert all(m.modality != Modality.ASSERTED for m in mentions)
    assert all(not m.munitions.reported for m in mentions)


def test_days_after_another_event_records_the_order_of_the_two_incidents(nlp):
    document = make_document("d1", published=PUBLISHED,
                             text="Rockets hit the US embassy in Baghdad on Monday.\n\n"
                                  "Missiles were fired at Erbil airport in January 2020, days after "
                                  "a US drone strike in Baghdad killed a general.")
    mentions = {m.id: m for m in extract_document(document, nlp) if m.modality == Modality.ASSERTED}
    [erbil] = [m for m in mentions.values() if m.place and m.place.name == "Erbil"]
    [anchor] = erbil.after
    assert mentions[anchor].sub_event_type == "Air/drone strike"
    assert all(not m.after for m in mentions.values() if m is not erbil)


def test_title_case_headlines_are_read_in_the_article_s_own_case():
    from sitrep.extract.document import truecase_title

    body = "Five people were shot at a party in Kankakee early Sunday. The FBI is helping police."
    assert truecase_title("Five Shot During Party At Kankakee Banquet Hall", body) == \
        "Five shot during party at Kankakee Banquet Hall"
    assert truecase_title("FIVE SHOT AT KANKAKEE PARTY, FBI SAYS", body) == \
        "Five shot at Kankakee party, FBI says"
    # a headline in sentence case is left alone
    assert truecase_title("Five shot during party in Kankakee", body) == "Five shot during party in Kankakee"


def test_a_title_case_headline_alone_is_a_report(nlp):
    document = make_document("d1", title="Five Shot During Party In Kankakee", text="",
                             published=PUBLISHED)
    [mention] = asserted_in(nlp, document)
    assert (mention.sub_event_type, mention.place.name, mention.wounded.best) == ("Attack", "Kankakee", 5)
    assert (mention.date.start, str(mention.date.precision)) == (PUBLISHED, "week")


def asserted_in(nlp, document) -> list:
    return [m for m in extract_document(document, nlp) if m.modality == Modality.ASSERTED]


def test_headline_and_lead_of_one_bombing_are_one_incident_coded_as_its_mode(nlp):
    found = asserted(nlp, "A suicide car bomb exploded at a checkpoint in Mogadishu on Saturday, "
                          "killing at least 20 people, police said.",
                     title="Car bomb kills 20 in Somali capital")
    assert [(m.sub_event_type, m.place.name, m.date.start.isoformat(), m.killed.low) for m in found] == [
        ("Suicide bomb", "Mogadishu", "2021-02-20", 20)]


def test_the_outlet_s_home_is_the_last_resort_for_the_place(nlp):
    from sitrep.clean import clean_documents

    document = make_document("d1", title="Man shot outside store - WMC Action News 5 - Memphis, Tennessee",
                             text="A man was shot Tuesday night outside a store, police said.",
                             published=PUBLISHED, source=None)
    [mention] = asserted_in(nlp, clean_documents([document])[0])
    assert (mention.place.name, mention.place.admin1) == ("Memphis", "Tennessee")


def test_a_state_named_by_the_sentence_gives_way_to_the_document_s_town_in_it(nlp):
    found = asserted(nlp, "WESLACO, Texas — A Texas legislator was shot Tuesday night, police said.")
    assert [(m.place.name, m.place.admin1) for m in found] == [("Weslaco", "Texas")]


def test_a_round_up_is_no_incident_but_dates_the_incidents_it_sums_up(nlp):
    found = asserted(nlp, "Louisville police are investigating two shootings Sunday night.\n\n"
                          "The first shooting was reported around 8:30 p.m. in the 300 block of "
                          "South Shawnee Terrace, where a man was wounded.",
                     title="Police investigate 2 shootings Sunday night")
    assert len(found) == 1
    assert (found[0].date.start.isoformat(), found[0].wounded.best) == ("2021-02-21", 1)
    [claim] = [c for c in found[0].claims if c.field == "date"]
    assert "Sunday night" in claim.quote          # traced to the round-up's sentence




def test_another_victim_is_one_more_victim_of_the_same_incident(nlp):
    found = asserted(nlp, "A man was shot in the leg on Friday night in Dayton, police said.\n\n"
                          "Another man was shot in the arm and taken to hospital.")
    assert len(found) == 1


def test_in_an_attack_is_the_incident_in_focus_not_a_further_one(nlp):
    found = asserted(nlp, "Gunmen killed three villagers in Zamfara on Sunday.\n\n"
                          "In an attack on the village, gunmen killed three people.",
                     title="Gunmen kill three in Zamfara")
    assert len(found) == 1


def test_a_wire_bureau_dateline_gives_way_to_the_title_s_town_however_far(nlp):
    # Kyiv is the Reuters bureau, 430 km from Kherson: one incident, in Kherson
    found = asserted(nlp, "KYIV, Feb 21 (Reuters) - Russian shelling of the southern Ukrainian city of "
                          "Kherson killed two people and wounded five on Sunday, the governor said.",
                     title="Russian shelling kills two in Kherson")
    assert [(m.place.name, m.killed.best, m.wounded.best) for m in found] == [("Kherson", 2, 5)]


def test_congo_alone_is_the_democratic_republic(nlp):
    found = asserted(nlp, "BUNIA, Congo (AP) - Militiamen killed 12 people in an attack on a camp "
                          "in Congo's northeast on Sunday, an official said.")
    assert [(m.place.name, m.place.country) for m in found] == [("Bunia", "CD")]


def test_the_attack_told_again_with_a_nearer_place_is_the_incident_in_focus(nlp):
    # "The attack on the Lala camp in Djugu" has no date of its own and lies 50 km from the
    # Bunia dateline: it is the incident of the lead, and its toll is that incident's; the
    # dateline (where the story was filed) only held the lead's place until Djugu was told
    found = asserted(nlp, "BUNIA, Congo (AP) - Militiamen killed 12 people in an overnight attack on a "
                          "camp on Sunday, an official said.\n\n"
                          "The attack on the Lala camp in Djugu killed at least 45 people, the official said.")
    assert [(m.place.name, m.killed.best) for m in found] == [("Djugu", 45)]


def test_a_dateline_s_date_is_when_the_story_was_filed(nlp):
    # "on Saturday" dates the bombing; the dateline's March 3 only when nothing else does
    found = asserted(nlp, "MOGADISHU, Feb 21 (Reuters) - A roadside bomb struck an army convoy "
                          "near the town of Afgooye on Saturday, killing three soldiers, an official said.",
                     title="Roadside bomb hits army convoy near Afgooye")
    assert [m.date.start.isoformat() for m in found] == ["2021-02-20"]


@pytest.mark.parametrize("dateline", ["Mogadishu, 21 February 2021 -", "(Mogadishu, February 21, 2021) -"])
def test_day_first_and_parenthesised_datelines_are_filing_dates(nlp, dateline):
    found = asserted(nlp, f"{dateline} A roadside bomb struck an army convoy near the town of "
                          "Afgooye on Saturday, killing three soldiers, an official said.",
                     title="Roadside bomb hits army convoy near Afgooye")
    assert [m.date.start.isoformat() for m in found] == ["2021-02-20"]


def test_an_agency_s_bureau_in_another_region_than_the_title_s_places_nothing(nlp):
    found = asserted(nlp, "KANO, Nigeria (AP) - Armed bandits stormed a village in Zamfara state on "
                          "Sunday, killing at least 14 villagers.\n\n"
                          "The gunmen arrived in Tsafe at about 4 p.m., residents said.",
                     title="Bandits kill 14 in Zamfara village raid")
    assert [(m.place.name, m.place.admin1) for m in found] == [("Tsafe", "Zamfara")]


def test_an_event_told_as_done_is_never_dated_after_the_report(nlp):
    # "two weeks before" misread as after: past the publication date, so no date at all
    found = asserted(nlp, "Gunmen killed five people in Gusau on Sunday.\n\n"
                          "Two weeks after the attack, gunmen killed two farmers in Gusau.")
    assert all(m.date.start <= PUBLISHED for m in found)


def test_the_day_something_is_said_only_bounds_the_event(nlp):
    # the statement's Wednesday does not make the attack told on Monday a second one
    document = make_document(
        "d1", title="Jihadists kill 17 soldiers in attack on army post", published=dt.date(2024, 6, 13),
        text="OUAGADOUGOU (AFP) - Jihadists attacked an army detachment in the northern town of "
             "Arbinda on Monday, killing 17 soldiers, security sources told AFP.\n\n"
             "The army said in a statement read on state television on Wednesday that it had "
             "\"repelled a complex terrorist attack\" on the Arbinda detachment and that \"more than "
             "50 terrorists were neutralised\" in the fighting.")
    assert [m.date.start.isoformat() for m in asserted_in(nlp, document)] == ["2024-06-10"]


def test_an_undated_headline_over_an_older_incident_tells_that_incident(nlp):
    # a rights report weeks later: no recent incident behind the headline
    document = make_document(
        "d1", title="Soldiers executed civilians in village raid, rights group says",
        published=dt.date(2023, 11, 20),
        text="Soldiers killed at least 30 civilians in the village of Dablo on 28 October 2023, "
             "Human Rights Watch said in a report released on Monday.")
    found = asserted_in(nlp, document)
    assert [m.date.start.isoformat() for m in found] == ["2023-10-28"]


def test_figures_told_before_any_event_word_are_the_main_incident_s(nlp):
    found = asserted(nlp, "A 22-year-old youth was done to death in Giaspura late on Friday night.\n\n"
                          "According to the police, the accused attacked him with sharp-edged weapons "
                          "and fled.", title="Youth done to death over petty quarrel")
    assert [(m.killed.best, m.killed.reported) for m in found] == [(1, True)]


def test_a_day_after_the_report_in_a_sentence_without_an_event_dates_nothing(nlp):
    # PUBLISHED is 2021-02-23: the funeral's day is no day of the shooting
    found = asserted(nlp, "A man was shot dead in Mogadishu, police said.\n\n"
                          "His family will bury him on March 2.")
    assert [(m.date.start.isoformat(), m.date.precision) for m in found] == [("2021-02-23", "week")]


def test_a_background_event_s_own_date_beats_the_shift_from_the_focus(nlp):
    found = asserted(nlp, "Gunmen shot dead two men in Mogadishu on Monday.\n\n"
                          "The attack came three months after militants bombed a hotel in Kismayo "
                          "on November 9.")
    assert [(m.place.name, m.date.start.isoformat()) for m in found] == [
        ("Mogadishu", "2021-02-22"), ("Kismayo", "2020-11-09")]


def test_the_more_precise_of_two_nested_dates_dates_the_event(nlp):
    found = asserted(nlp, "Last month, gunmen torched homes in the town of Afgooye on January 15, "
                          "residents said.")
    assert [(m.date.start.isoformat(), m.date.precision) for m in found] == [("2021-01-15", "day")]


def test_where_the_speaker_is_places_the_event_only_when_nothing_else_does(nlp):
    found = asserted(nlp, "According to transport operators in Mogadishu, gunmen killed nine "
                          "travellers on Sunday on the road to the town of Afgooye.")
    assert [m.place.name for m in found] == ["Afgooye"]
    found = asserted(nlp, "Gunmen killed nine people in the town of Jowhar on Sunday, Kismayo "
                          "police said.")
    assert [m.place.name for m in found] == ["Jawhar"]


def test_an_abduction_in_which_people_were_killed_is_an_attack(nlp):
    found = asserted(nlp, "Separatist fighters shot dead two farmers and abducted seven others in "
                          "the town of Afgooye on Sunday, residents said.")
    assert [(m.sub_event_type, m.killed.best) for m in found] == [("Attack", 2)]
    found = asserted(nlp, "Gunmen abducted seven farmers in the town of Afgooye on Sunday.")
    assert [m.sub_event_type for m in found] == ["Abduction/forced disappearance"]


def test_a_film_review_tells_no_incident(nlp):
    document = make_document("d1", title="Review: 'The Last Ridge' is a brutal war film",
                             text="By Hannah Okafor, Film Critic\n\nIn the film's best scene, a radio "
                                  "operator is shot and eleven men are dead by dawn.",
                             published=PUBLISHED)
    assert extract_document(document, nlp) == []


def test_a_total_over_several_attacks_is_no_incident_s_figure(nlp):
    # a city-wide or round-up total ("in attacks", "in these attacks") is not one attack's toll
    found = asserted(nlp, "A 24-year-old man was shot and killed Saturday night in the Englewood "
                          "neighborhood of Chicago, police said. Nine other people were wounded in "
                          "attacks in Chicago over the weekend.", title="Man shot dead in Englewood")
    assert [(m.killed.best, m.wounded.reported) for m in found] == [(1, False)]
    found = asserted(nlp, "Guerrillas attacked the town of Tecoluca on Sunday, killing four soldiers. "
                          "On Monday a bomb exploded in Usulutan, wounding two civilians. In all, 26 "
                          "people died in these attacks.")
    assert sorted((m.place.name, m.killed.best, m.wounded.best) for m in found) == [
        ("Tecoluca", 4, 0), ("Usulután", 0, 2)]


def test_text_in_capitals_is_read_with_its_case_restored_and_quoted_as_written(nlp):
    text = ("SAN SALVADOR, 3 JAN 90 (ACAN-EFE) -- THE ARMY REPORTED THAT ABOUT 50 PEASANTS WERE "
            "KIDNAPPED BY GUERRILLAS OF THE FARABUNDO MARTI NATIONAL LIBERATION FRONT [FMLN] ON 30 "
            "DECEMBER IN THE VILLAGE OF SAN LUIS DE LA REINA, SAN MIGUEL DEPARTMENT.")
    document = make_document("d1", text=text, published=dt.date(1990, 1, 3))
    [mention] = [m for m in extract_document(document, nlp) if m.modality == Modality.ASSERTED]
    assert mention.sub_event_type == "Abduction/forced disappearance"
    assert mention.date.start == dt.date(1989, 12, 30)
    # a village the gazetteer does not know keeps its name, in the department the text names
    assert (mention.place.name.lower(), mention.place.admin1, mention.place.country) == (
        "san luis de la reina", "San Miguel", "SV")
    # the claims quote the document's own words, in capitals
    assert all(c.quote == text[c.start:c.end] for c in mention.claims)
