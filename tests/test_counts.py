"""sitrep.extract.counts: figures as low / best / high, per the rules in docs/counting-rules.md."""
from __future__ import annotations

import pytest

from sitrep.extract.counts import CountFinding, find_counts, parse_quantity


def counts(nlp, text: str) -> list[CountFinding]:
    doc = nlp(text)
    return find_counts(doc[:])


def table(nlp, text: str) -> list[tuple]:
    """(field, low, best, high) per finding, in text order."""
    return [(f.field, f.count.low, f.count.best, f.count.high) for f in counts(nlp, text)]


# ----------------------------------------------------------------------------- parse_quantity


@pytest.mark.parametrize("text, low, best, high", [
    ("five", 5, 5, 5),
    ("12", 12, 12, 12),
    ("2,500", 2500, 2500, 2500),
    ("twenty-five", 25, 25, 25),
    ("two hundred and fifty", 250, 250, 250),
    ("at least five", 5, 5, None),
    ("more than a dozen", 13, 13, None),
    ("over 100", 101, 101, None),
    ("up to 8", 1, 8, 8),
    ("as many as 12", 1, 12, 12),
    ("fewer than ten", 1, 9, 9),
    ("nearly 90", 81, 90, 90),
    ("almost 90", 81, 90, 90),
    ("about 90", 81, 90, 99),
    ("some 90", 81, 90, 99),
    ("between 5 and 10", 5, 5, 10),
    ("5-10", 5, 5, 10),
    ("five or six", 5, 5, 6),
    ("a dozen", 12, 12, 12),
    ("half a dozen", 6, 6, 6),
    ("dozens", 12, 12, None),
    ("tens", 10, 10, None),
    ("hundreds", 100, 100, None),
    ("several", 3, 3, None),
    ("a few", 2, 3, 5),
    ("one", 1, 1, 1),
    ("no", 0, 0, 0),
    ("another", 1, 1, 1),
    ("another two", 2, 2, 2),          # two more, not three
    ("a further three", 3, 3, 3),
])
def test_parse_quantity(text, low, best, high):
    count = parse_quantity(text)
    assert (count.low, count.best, count.high) == (low, best, high)
    assert count.text == text and count.reported


@pytest.mark.parametrize("text", ["", "the", "people", "rockets"])
def test_parse_quantity_without_a_figure_is_none(text):
    assert parse_quantity(text) is None


# ----------------------------------------------------------------------------- casualties


def test_at_least_is_open_above(nlp):
    assert table(nlp, "At least five people were killed in the attack.") == [
        ("killed", 5, 5, None)]


def test_a_girl_killed_and_five_civilians_wounded(nlp):
    found = counts(nlp, "Four projectiles fell in the Green Zone, while three others fell in "
                        "neighborhoods of Baghdad, killing a girl and wounding five civilians, "
                        "the army said.")
    assert [(f.field, f.count.low, f.count.best, f.count.high, f.category) for f in found] == [
        ("munitions", 7, 7, 7, None),
        ("killed", 1, 1, 1, "children"),
        ("wounded", 5, 5, 5, "civilians"),
    ]
    assert found[0].weapon == "projectile"


def test_parts_after_including_are_inside_the_total(nlp):
    assert table(nlp, "Two people died, including a foreign contractor at the airport, and a "
                      "civilian who died of injuries on Monday.") == [("killed", 2, 2, 2)]


def test_death_toll_rose_to(nlp):
    assert table(nlp, "The death toll rose to 7.") == [("killed", 7, 7, 7)]


def test_a_voice_that_puts_or_raises_the_toll_gives_it(nlp):
    assert table(nlp, "The army put the toll at 41.") == [("killed", 41, 41, 41)]
    assert table(nlp, "Officials raised the death toll to 30 on Monday.") == [("killed", 30, 30, 30)]


@pytest.mark.parametrize("text, row", [
    ("Local associations put the number killed at 31.", ("killed", 31, 31, 31)),
    ("Residents put the number of dead at 31.", ("killed", 31, 31, 31)),
    ("The number of people killed in the attack rose to 12.", ("killed", 12, 12, 12)),
    ("The number of wounded stood at 7.", ("wounded", 7, 7, 7)),
])
def test_the_number_of_the_killed_is_a_toll(nlp, text, row):
    assert table(nlp, text) == [row]


def test_left_dead_and_injured(nlp):
    assert table(nlp, "The shooting left 3 dead and 12 injured.") == [
        ("killed", 3, 3, 3), ("wounded", 12, 12, 12)]


def test_headline_figures(nlp):
    assert table(nlp, "2 dead, 3 injured in Newark shooting") == [
        ("killed", 2, 2, 2), ("wounded", 3, 3, 3)]


def test_named_victim_shot_and_killed_is_one_killed_and_the_age_is_no_figure(nlp):
    found = counts(nlp, "Antonio Mason, 35, was shot and killed.")
    assert [(f.field, f.count.best, f.count.text) for f in found] == [
        ("killed", 1, "Antonio Mason")]


def test_naming_the_dead_is_a_floor_not_the_toll(nlp):
    assert table(nlp, "A drone strike killed General Qassem Soleimani.") == [("killed", 1, 1, None)]
    assert table(nlp, "The strike killed Qassem Soleimani and the leader of the militia.") == [
        ("killed", 2, 2, None)]
    # unnamed victims are the toll the sentence gives
    assert table(nlp, "The strike killed a girl.") == [("killed", 1, 1, 1)]


def test_future_figures_are_marked_for_the_caller_and_conditionals_dropped(nlp):
    from sitrep.records import Modality

    found = counts(nlp, "More than a dozen missiles will target the airport.")
    assert [(f.field, f.count.low, f.count.best, f.count.high, f.modality) for f in found] == [
        ("munitions", 13, 13, None, Modality.FUTURE)]
    assert counts(nlp, "The bomb could have killed dozens of people.") == []
    assert [f.modality for f in counts(nlp, "Five rockets hit the base.")] == [Modality.ASSERTED]


def test_shot_then_one_died_splits_killed_and_wounded(nlp):
    assert sorted(table(nlp, "Two men were shot; one died.")) == [
        ("killed", 1, 1, 1), ("wounded", 1, 1, 1)]


def test_shot_one_fatally(nlp):
    assert sorted(table(nlp, "Three people were shot, one fatally, on Sunday.")) == [
        ("killed", 1, 1, 1), ("wounded", 2, 2, 2)]


def test_shot_without_outcome_is_wounded_with_low_zero(nlp):
    # hit, and may have died: a later sentence can say so
    assert table(nlp, "A man was shot Tuesday night on the west side.") == [("wounded", 0, 1, 1)]


def test_shot_dead_and_fatally_shot_are_killed(nlp):
    assert table(nlp, "A police officer was shot dead at a checkpoint.") == [("killed", 1, 1, 1)]
    assert table(nlp, "A teenager was fatally shot outside a store.") == [("killed", 1, 1, 1)]


@pytest.mark.parametrize("text, low", [
    ("Two men were hospitalized after the attack.", 2),
    ("Three people suffered non-life-threatening injuries.", 3),
    ("A man was taken to a hospital in stable condition.", 1),
    ("Two people suffered gunshot wounds.", 0),
    ("The victim was listed in critical condition.", 0),
])
def test_wounded_words(nlp, text, low):
    [finding] = counts(nlp, text)
    assert finding.field == "wounded"
    assert finding.count.low == low and finding.count.best == finding.count.high >= 1


def test_hospital_then_died_is_one_killed(nlp):
    assert table(nlp, "He was taken to a hospital, where he died.") == [("killed", 1, 1, 1)]


def test_conjoined_victims_add_up(nlp):
    assert table(nlp, "A man and two women were wounded in the blast.") == [
        ("wounded", 3, 3, 3)]


def test_one_dead_another_injured(nlp):
    assert table(nlp, "The shooting left one man dead and another injured.") == [
        ("killed", 1, 1, 1), ("wounded", 1, 1, 1)]


def test_a_triple_shooting_hit_three(nlp):
    assert table(nlp, "Police are investigating a triple shooting.") == [("wounded", 0, 3, 3)]


def test_a_fatal_shooting_killed_at_least_one(nlp):
    assert table(nlp, "Police are investigating a fatal shooting on Main Street.") == [
        ("killed", 1, 1, None)]


def test_a_second_victim_died(nlp):
    assert table(nlp, "Police say a second teen has died after the shooting.") == [
        ("killed", 2, 2, None)]


def test_vague_words_follow_acled(nlp):
    assert table(nlp, "Dozens of people were killed in the raid.") == [("killed", 12, 12, None)]
    assert table(nlp, "Several civilians were wounded.") == [("wounded", 3, 3, None)]


@pytest.mark.parametrize("text", [
    "The attack caused property damage but no casualties.",
    "No one was hurt.",
    "No injuries were reported.",
])
def test_no_casualties_is_zero_killed_and_zero_wounded(nlp, text):
    found = counts(nlp, text)
    assert sorted((f.field, f.count.low, f.count.best, f.count.high, f.count.reported)
                  for f in found) == [("killed", 0, 0, 0, True), ("wounded", 0, 0, 0, True)]


@pytest.mark.parametrize("text", [
    "No one else was injured.",
    "No other injuries were reported.",
])
def test_qualified_no_injuries_give_no_total(nlp, text):
    assert counts(nlp, text) == []


@pytest.mark.parametrize("text", [
    "Washington would withdraw 500 of its troops, leaving only 2,500 in the country.",
    "Iraqi deputies voted to expel the 5,200 American soldiers then present.",
    "A 35-year-old man was arrested at 11:30 p.m. on 1200 Main Street in 2019.",
    "The 11-month-old boy was asleep in the 1600 block of Ashburton Street.",
    "Call Crime Stoppers at 555-1234 with information.",
    "He was charged with two counts of attempted murder.",
])
def test_numbers_that_count_no_victims(nlp, text):
    assert [f for f in counts(nlp, text) if f.field in ("killed", "wounded")] == []


def test_figures_in_clauses_that_did_not_happen_are_dropped(nlp):
    assert counts(nlp, "The bomb could have killed dozens of people.") == []
    assert counts(nlp, "Attacks have killed 300 people since January.") == []


def test_abducted_and_arrested(nlp):
    found = counts(nlp, "Gunmen kidnapped 20 schoolgirls.")
    assert [(f.field, f.count.best, f.category) for f in found] == [("abducted", 20, "children")]
    assert table(nlp, "Police arrested two men.") == [("arrested", 2, 2, 2)]
    assert table(nlp, "No arrests have been made.") == [("arrested", 0, 0, 0)]


# ----------------------------------------------------------------------------- munitions


def test_munitions_parts_add_up_when_the_sentence_says_others(nlp):
    found = counts(nlp, "A security source told AFP that three missiles landed near the "
                        "headquarters, while two other rockets hit separate residential "
                        "neighborhoods.")
    assert [(f.field, f.count.low, f.count.best, f.count.high) for f in found] == [
        ("munitions", 5, 5, 5)]


def test_three_landed_while_two_others_hit_homes(nlp):
    assert table(nlp, "Three rockets landed near the embassy while two others hit homes.") == [
        ("munitions", 5, 5, 5)]


def test_munitions_with_a_modifier_and_a_weapon(nlp):
    [finding] = counts(nlp, "At least eight Katyusha rockets landed on the Green Zone.")
    assert (finding.field, finding.count.low, finding.count.best, finding.count.high,
            finding.weapon) == ("munitions", 8, 8, None, "rocket")
    assert finding.count.text == "At least eight"


def test_seven_rockets_targeted(nlp):
    found = counts(nlp, "Seven rockets targeted the United States embassy in Baghdad.")
    assert [(f.field, f.count.best, f.weapon) for f in found] == [("munitions", 7, "rocket")]


def test_a_volley_of_rockets_and_explosions_heard_are_no_munition_count(nlp):
    assert counts(nlp, "A volley of rockets exploded near the US embassy.") == []
    assert counts(nlp, "At least five explosions were heard in the east of the capital.") == []


# ----------------------------------------------------------------------------- offsets


def test_finding_offsets_index_the_document_text(nlp):
    doc = nlp("Police said on Sunday that at least five people were killed and 12 injured.")
    found = find_counts(doc[:])
    assert [(f.field, doc.text[f.start:f.end]) for f in found] == [
        ("killed", "at least five"), ("wounded", "12")]


# ----------------------------------------------------------------------------- hit, alive, open


def test_shot_in_a_limb_is_wounded_in_the_head_is_open(nlp):
    assert table(nlp, "A man was shot in the leg.") == [("wounded", 1, 1, 1)]
    assert table(nlp, "A man was shot in the head.") == [("wounded", 0, 1, 1)]


def test_words_saying_they_live_make_the_hurt_wounded(nlp):
    assert table(nlp, "She was shot and is expected to make a full recovery.") == [
        ("wounded", 1, 1, 1)]
    assert table(nlp, "He was taken to a hospital with non-life-threatening injuries.") == [
        ("wounded", 1, 1, 1)]
    assert table(nlp, "He is currently in the hospital being treated for his injuries.") == [
        ("wounded", 1, 1, 1)]


def test_critical_condition_leaves_the_outcome_open(nlp):
    assert table(nlp, "The boy was rushed to a hospital with life-threatening injuries.") == [
        ("wounded", 0, 1, 1)]


def test_fatally_wounded_is_killed(nlp):
    assert table(nlp, "A man was fatally wounded outside the bar.") == [("killed", 1, 1, 1)]


def test_a_person_who_was_not_hurt_gives_no_figure(nlp):
    assert counts(nlp, "The accused gunman was not injured.") == []


def test_others_set_against_the_dead_are_wounded(nlp):
    assert table(nlp, "One person killed, three others shot at a park.") == [
        ("killed", 1, 1, 1), ("wounded", 3, 3, 3)]


def test_the_attacker_who_killed_himself_adds_to_the_dead(nlp):
    assert table(nlp, "The gunman killed seven people and then himself.") == [
        ("killed", 8, 8, 8)]


def test_the_attacker_is_no_victim(nlp):
    assert table(nlp, "Two gunmen killed five people.") == [("killed", 5, 5, 5)]


def test_dozens_of_rockets_since_then_are_no_munition_count(nlp):
    assert counts(nlp, "Dozens of rockets have already targeted the Green Zone.") == []


def test_separate_incidents_are_an_aggregate(nlp):
    assert counts(nlp, "Seven people have been shot in four separate incidents over the last "
                       "three days.") == []


def test_a_father_of_five_is_one_person(nlp):
    assert table(nlp, "Father of 5 killed, 4 hospitalized after shooting") == [
        ("killed", 1, 1, 1), ("wounded", 4, 4, 4)]


def test_a_list_of_victims_in_a_headline(nlp):
    assert table(nlp, "Ex-firefighter killed 6-year-old boy, wife, himself") == [
        ("killed", 3, 3, 3)]
    assert table(nlp, "Nine Injured In Houston Strip Mall Shooting, Suspect Dead") == [
        ("wounded", 9, 9, 9), ("killed", 1, 1, 1)]


def test_among_the_dead_is_a_lower_bound(nlp):
    found = counts(nlp, "At least two policemen were among the dead.")
    assert [(f.field, f.count.low, f.count.best, f.count.high, f.category) for f in found] == [
        ("killed", 2, 2, None, "police")]


def test_figures_in_conflict_reports(nlp):
    assert table(nlp, "Officials said 17 soldiers and 23 militants were killed in the clashes.") == [
        ("killed", 40, 40, 40)]
    assert table(nlp, "The death toll from Sunday's bombing has risen to 34, with more than 100 "
                      "wounded.") == [("killed", 34, 34, 34), ("wounded", 101, 101, None)]
    assert table(nlp, "Scores of people were killed and hundreds wounded in the fighting.") == [
        ("killed", 20, 20, None), ("wounded", 100, 100, None)]


@pytest.mark.parametrize("text", [
    "RIO DE JANEIRO, Nov 14 — Six suspected drug traffickers were killed on Tuesday in a raid.",
    "Imphal, Sep 18: Six men were killed in a gunfight.",
])
def test_a_dateline_parsed_as_a_subject_is_no_victim(nlp, text):
    # the parser makes the dateline's town a subject of "killed": one person named
    assert table(nlp, text) == [("killed", 6, 6, 6)]


def test_a_conjunct_with_its_own_participle_is_not_the_toll(nlp):
    assert table(nlp, "More than 175 people have been killed and over 60,000 displaced.") == [
        ("killed", 176, 176, None)]


def test_neutralised_people_are_killed_devices_are_not(nlp):
    assert table(nlp, "The army said it had neutralised 50 terrorists.") == [("killed", 50, 50, 50)]
    assert table(nlp, "Engineers neutralised two explosive devices near the road.") == []


@pytest.mark.parametrize("text, expected", [
    ("Three young people were deprived of life at dawn on Monday.", [("killed", 3, 3, 3)]),
    ("A 22-year-old youth was done to death by three assailants.", [("killed", 1, 1, 1)]),
    ("Two bystanders sustained injuries in the blast.", [("wounded", 2, 2, 2)]),
])
def test_casualty_phrases_of_translated_and_south_asian_english(nlp, text, expected):
    assert table(nlp, text) == expected


@pytest.mark.parametrize("text, rows", [
    ("Some of the victims died in hospital.", []),
    ("Some people were killed.", [("killed", 2, 2, None)]),
    ("Four resulted injured in the attack.", [("wounded", 4, 4, 4)]),
    ("A policeman resulted injured.", [("wounded", 1, 1, 1)]),
])
def test_partitives_count_nothing_and_calqued_participles_count(nlp, text, rows):
    assert table(nlp, text) == rows


def test_a_zero_told_of_one_side_is_not_the_toll(nlp):
    assert table(nlp, "No Israeli injuries were reported.") == []
    assert table(nlp, "No civilian casualties were reported.") == []
    assert table(nlp, "There were no casualties.") == [("killed", 0, 0, 0), ("wounded", 0, 0, 0)]


@pytest.mark.parametrize("text, rows", [
    ("The army said it eliminated three terrorists.", [("killed", 3, 3, 3)]),
    ("The army eliminated two threats.", []),
    ("Three people were martyred in the strike.", [("killed", 3, 3, 3)]),
    ("The ministry announced the martyrdom of four citizens.", [("killed", 4, 4, 4)]),
])
def test_partisan_words_for_killing(nlp, text, rows):
    assert table(nlp, text) == rows


def test_a_toll_the_tagger_reads_as_a_date_is_a_toll(nlp):
    # spaCy tags "52, two days after" DATE
    assert table(nlp, "The toll rose to 52, two days after the massacre.") == [("killed", 52, 52, 52)]


def test_another_after_a_harm_verb_is_one_more(nlp):
    assert table(nlp, "Gunmen killed three police officers, wounding another.") == [
        ("killed", 3, 3, 3), ("wounded", 1, 1, 1)]


def test_a_stated_total_is_not_added_to_its_increment(nlp):
    assert table(nlp, "The death toll rose to 24 on Saturday after three more injured died in "
                      "hospital, officials said.") == [("killed", 24, 24, 24)]


@pytest.mark.parametrize("text, rows", [
    ("Three jawans were killed in the encounter.", [("killed", 3, 3, 3)]),
    ("A man suffered cuts in the blast.", [("wounded", 1, 1, 1)]),
])
def test_regional_victim_nouns_and_suffered_wounds(nlp, text, rows):
    assert table(nlp, text) == rows

