"""Actors: perpetrators, claimants, targets, who says so, and name normalization."""
from __future__ import annotations

import pytest

from sitrep.data import read_table
from sitrep.extract.actors import (
    ACTOR_KINDS,
    ACTOR_TYPES,
    ROLES,
    STANCES,
    ActorFinding,
    Attribution,
    actor_entry,
    find_actors,
    find_attribution,
    normalize_actor,
)


def _sent(nlp, text: str):
    sents = list(nlp(text).sents)
    assert len(sents) == 1, [s.text for s in sents]
    return sents[0]


def actors(nlp, text: str) -> list[tuple[str, str, str, str]]:
    """(role, stance, text, name) for each finding, in order."""
    return [(f.role, f.stance, f.text, f.name) for f in find_actors(_sent(nlp, text))]


def attribution(nlp, text: str) -> tuple[str, str | None, str] | None:
    """(said_by, outlet, the attribution words) or None."""
    sent = _sent(nlp, text)
    found = find_attribution(sent)
    if found is None:
        return None
    return found.said_by, found.outlet, sent.doc.text[found.start:found.end]


# ----------------------------------------------------------------------------- claimed


def test_claimed_responsibility_gives_claimant_and_claimed_perpetrator(nlp):
    assert actors(nlp, "Al-Shabaab claimed responsibility for the attack.") == [
        ("claimant", "claimed", "Al-Shabaab", "Al-Shabaab"),
        ("perpetrator", "claimed", "Al-Shabaab", "Al-Shabaab"),
    ]


def test_a_spokesman_claims_for_his_group(nlp):
    found = actors(nlp, "Taliban spokesman Zabihullah Mujahid claimed the attack.")
    assert {(role, name) for role, _, _, name in found} == {("claimant", "Taliban"), ("perpetrator", "Taliban")}


def test_a_question_about_who_names_nobody(nlp):
    assert actors(nlp, "Authorities did not say which group was behind the attack.") == []
    assert actors(nlp, "Police are trying to determine what gang carried out the shooting.") == []


def test_no_word_of_a_dateline_is_a_party(nlp):
    found = actors(nlp, "BUNIA, Congo (AP) - Suspected CODECO militiamen killed 12 people in a camp.")
    assert {name for role, _, _, name in found if role == "perpetrator"} == {"CODECO"}


def test_attack_claimed_by_group_is_a_claim(nlp):
    assert actors(nlp, "The attack was claimed by the Islamic State group.") == [
        ("claimant", "claimed", "the Islamic State group", "Islamic State"),
        ("perpetrator", "claimed", "the Islamic State group", "Islamic State"),
    ]


def test_group_calling_itself_is_named_by_its_name(nlp):
    text = ("The attack, meanwhile, was claimed by a little-known group calling itself "
            "Awliyaa al Dam.")
    found = actors(nlp, text)
    assert ("claimant", "claimed", "a little-known group calling itself Awliyaa al Dam",
            "Awliyaa al-Dam") in found


@pytest.mark.parametrize("text", [
    "No group has claimed responsibility for the attack.",
    "No Iran-backed group has claimed responsibility.",
    "Responsibility for the attack has not been established.",
    "The group has not claimed responsibility.",
])
def test_no_claim_gives_no_claimant(nlp, text):
    assert actors(nlp, text) == []


def test_claiming_that_is_a_statement_not_a_claim_of_responsibility(nlp):
    text = "These groups claimed that the attack was a smokescreen."
    assert actors(nlp, text) == []
    assert attribution(nlp, text) == ("these groups", None, "These groups claimed")


def test_speaker_reporting_its_own_attack_claims_it(nlp):
    assert actors(nlp, "The Houthis said they had launched drones at a tanker.") == [
        ("claimant", "claimed", "The Houthis", "Houthis"),
        ("perpetrator", "claimed", "The Houthis", "Houthis"),
        ("target", "asserted", "a tanker", "tanker"),
    ]


def test_promise_not_to_attack_claims_nothing(nlp):
    text = "Pro-Iran factions announced that they would no longer attack the US embassy."
    assert actors(nlp, text) == []


# ----------------------------------------------------------------------------- alleged


def test_blamed_group_is_alleged_perpetrator(nlp):
    assert actors(nlp, "Officials blamed Boko Haram for the bombing.") == [
        ("perpetrator", "alleged", "Boko Haram", "Boko Haram")]


def test_accused_of_is_alleged(nlp):
    assert actors(nlp, "The Taliban were accused of carrying out the attack.") == [
        ("perpetrator", "alleged", "The Taliban", "Taliban")]


def test_held_responsible_is_alleged(nlp):
    assert actors(nlp, "Police held the Houthis responsible for the strike.") == [
        ("perpetrator", "alleged", "the Houthis", "Houthis")]


def test_suspected_of_is_alleged_even_as_agent(nlp):
    found = actors(nlp, "Militants, suspected of links to ISWAP, attacked the village.")
    assert ("perpetrator", "alleged", "Militants", "militants") in found
    assert not [f for f in found if f[0] == "perpetrator" and f[1] == "asserted"]


def test_blamed_on_names_the_accused(nlp):
    assert actors(nlp, "The bombing was blamed on the PKK.") == [
        ("perpetrator", "alleged", "the PKK", "Kurdistan Workers' Party")]


def test_carried_out_by_per_a_source_is_alleged(nlp):
    assert actors(nlp, "The army said the attack was carried out by the ELN.") == [
        ("perpetrator", "alleged", "the ELN", "ELN")]


def test_responsible_for_per_witnesses_is_alleged(nlp):
    assert actors(nlp, "The RSF was responsible for the massacre, witnesses said.") == [
        ("perpetrator", "alleged", "The RSF", "Rapid Support Forces")]


def test_blame_lists_members_and_prefers_the_known_name(nlp):
    text = ("Western and Iraqi officials blame hard-line groups, including the pro-Iranian "
            "faction Kataeb Hezbollah.")
    assert actors(nlp, text) == [
        ("perpetrator", "alleged", "hard-line groups", "hard-line groups"),
        ("perpetrator", "alleged", "the pro-Iranian faction Kataeb Hezbollah", "Kataib Hezbollah"),
    ]


def test_relative_clause_blame_reaches_the_named_group(nlp):
    text = ("Even the Hezbollah Brigades, a group that has been blamed for other attacks, "
            "issued a statement.")
    found = actors(nlp, text)
    assert ("perpetrator", "alleged", "the Hezbollah Brigades", "Kataib Hezbollah") in found


def test_backed_by_a_country_is_spelled_with_the_country(nlp):
    text = "US officials blame Iranian-backed militias for the missile attacks on US facilities."
    assert actors(nlp, text) == [
        ("perpetrator", "alleged", "Iranian-backed militias", "Iran-backed militias"),
        ("target", "asserted", "US facilities", "US facilities"),
    ]


# ----------------------------------------------------------------------------- denied


def test_denied_involvement(nlp):
    assert actors(nlp, "The group denied involvement in the bombing.") == [
        ("perpetrator", "denied", "The group", "group")]


def test_denied_carrying_out(nlp):
    assert actors(nlp, "Hamas denied carrying out the attack.") == [
        ("perpetrator", "denied", "Hamas", "Hamas")]


# ----------------------------------------------------------------------------- asserted


def test_agent_of_attack_verb_is_asserted_perpetrator(nlp):
    assert actors(nlp, "Gunmen opened fire on a police checkpoint, killing three officers.") == [
        ("perpetrator", "asserted", "Gunmen", "gunmen"),
        ("target", "asserted", "a police checkpoint", "police checkpoint"),
        ("victim", "asserted", "three officers", "officers"),
    ]


def test_attackers_and_object(nlp):
    assert actors(nlp, "Militants attacked a military convoy near the border.") == [
        ("perpetrator", "asserted", "Militants", "militants"),
        ("target", "asserted", "a military convoy", "military convoy"),
    ]


def test_weapon_names_its_owner(nlp):
    assert actors(nlp, "Iranian missiles were fired at the base.") == [
        ("perpetrator", "asserted", "Iranian", "Iran"),
        ("target", "asserted", "the base", "base"),
    ]


def test_attack_noun_names_its_owner(nlp):
    assert actors(nlp, "A US drone strike killed two fighters.") == [
        ("perpetrator", "asserted", "US", "United States"),
        ("victim", "asserted", "two fighters", "fighters"),
    ]


def test_members_of_a_known_group_are_the_group(nlp):
    found = actors(nlp, "Suspected Boko Haram fighters stormed the village and abducted 20 women.")
    assert found == [
        ("perpetrator", "alleged", "Suspected Boko Haram fighters", "Boko Haram"),
        ("target", "asserted", "the village", "village"),
        ("victim", "asserted", "20 women", "women"),
    ]


def test_both_sides_of_a_clash(nlp):
    assert actors(nlp, "Clashes between the army and RSF fighters killed dozens.") == [
        ("perpetrator", "asserted", "the army", "army"),
        ("perpetrator", "asserted", "RSF fighters", "Rapid Support Forces"),
    ]


def test_weapons_and_pronouns_are_never_perpetrators(nlp):
    assert actors(nlp, "Rockets hit the US embassy.") == [
        ("target", "asserted", "the US embassy", "US embassy")]
    assert actors(nlp, "They attacked the village.") == [
        ("target", "asserted", "the village", "village")]
    assert actors(nlp, "Three others hit separate neighborhoods.") == [
        ("target", "asserted", "separate neighborhoods", "separate neighborhoods")]


def test_person_name_is_not_a_country(nlp):
    found = actors(nlp, "Chad Smith shot his neighbor.")
    assert ("perpetrator", "asserted", "Chad Smith", "Chad Smith") in found


# ----------------------------------------------------------------------------- targets


@pytest.mark.parametrize("text, target", [
    ("Seven rockets targeted the United States embassy in Baghdad.",
     ("the United States embassy", "United States embassy")),
    ("Several missiles were launched at the US embassy.", ("the US embassy", "US embassy")),
    ("The attack on the checkpoint lasted an hour.", ("the checkpoint", "checkpoint")),
    ("Two convoys were attacked with roadside bombs.", ("Two convoys", "convoys")),
    ("It was the third attack targeting foreign facilities.",
     ("foreign facilities", "foreign facilities")),
    ("Jihadists launched an assault against army positions.", ("army positions", "army positions")),
])
def test_targets_of_attacks(nlp, text, target):
    found = actors(nlp, text)
    assert ("target", "asserted", *target) in found


def test_places_and_times_are_not_targets(nlp):
    found = actors(nlp, "She was shot on 6th Street at 2 a.m.")
    assert [f for f in found if f[0] == "target"] == []


def test_victim_named_through_apposition(nlp):
    text = ("The strike killed Soleimani and the leader of the Popular Mobilization Forces, "
            "Abu Mahdi Al-Muhandis.")
    found = actors(nlp, text)
    assert ("victim", "asserted", "Soleimani", "Qassem Soleimani") in found
    assert [f[3] for f in found if f[0] == "victim"] == ["Qassem Soleimani",
                                                          "Abu Mahdi al-Muhandis"]


# ----------------------------------------------------------------------------- attribution


@pytest.mark.parametrize("text, expected", [
    ("A security source told AFP that three missiles landed near the embassy.",
     ("a security source", "AFP", "A security source told AFP")),
    ("Four projectiles fell in the Green Zone, the army said.",
     ("the army", None, "the army said")),
    ("Four rockets hit the base, the army said in a statement.",
     ("the army", None, "the army said")),
    ("Three people were killed, police said.", ("police", None, "police said")),
    ("Witnesses said gunmen fired at the crowd.", ("witnesses", None, "Witnesses said")),
    ("According to police, two men were shot.", ("police", None, "According to police")),
    ("The attack killed 12 people, according to the Interior Ministry.",
     ("the Interior Ministry", None, "according to the Interior Ministry")),
    ("Five soldiers were killed in the ambush, reported Reuters.",
     ("Reuters", "Reuters", "reported Reuters")),
    ("The ministry announced that six civilians died.",
     ("the ministry", None, "The ministry announced")),
    ("A military spokesman confirmed the attack to Reuters.",
     ("a military spokesman", "Reuters", "A military spokesman confirmed the attack to Reuters")),
    ("“We will respond,” the minister said.", ("the minister", None, "the minister said")),
    ("Iraqi security forces issued a statement saying the attack caused no casualties.",
     ("Iraqi security forces", None, "Iraqi security forces issued")),
    ("Two senior Iraqi officials told France Press that the mission had withdrawn staff.",
     ("two senior Iraqi officials", "AFP", "Two senior Iraqi officials told France Press")),
    ("Reuters reported, citing police, that two soldiers died.",
     ("police", "Reuters", "citing police")),
    ("At least two were inside the Green Zone, according to a statement from Iraqi "
     "security services.",
     ("Iraqi security services", None,
      "according to a statement from Iraqi security services")),
    ("The new acting US Secretary of Defense, Christopher Miller, announced the withdrawal.",
     ("Christopher Miller", None, "Christopher Miller, announced")),
    ("Western and Iraqi officials held armed militias responsible for the attack.",
     ("Western and Iraqi officials", None, "Western and Iraqi officials held")),
])
def test_attribution_forms(nlp, text, expected):
    assert attribution(nlp, text) == expected


@pytest.mark.parametrize("text", [
    "Rockets hit the US embassy on Sunday.",
    "He said the attack was a crime.",
    "“Everyone is crying,” he said.",
    "This truce was announced against the backdrop of tensions.",
])
def test_no_stated_speaker_gives_none(nlp, text):
    assert attribution(nlp, text) is None


def test_offsets_index_the_document_text(nlp, baghdad_dir):
    roles, stances = set(ROLES), set(STANCES)
    for path in sorted((baghdad_dir / "docs").glob("*.txt")):
        doc = nlp(path.read_text(encoding="utf-8"))
        for sent in doc.sents:
            for f in find_actors(sent):
                assert isinstance(f, ActorFinding)
                assert doc.text[f.start:f.end] == f.text
                assert f.role in roles and f.stance in stances and f.name
            found = find_attribution(sent)
            if found is not None:
                assert isinstance(found, Attribution)
                assert sent.start_char <= found.start < found.end <= sent.end_char
                assert found.said_by


def test_baghdad_claim_and_allegations(nlp, baghdad_dir):
    def names(doc_id: str) -> set[tuple[str, str, str]]:
        doc = nlp((baghdad_dir / "docs" / f"{doc_id}.txt").read_text(encoding="utf-8"))
        return {(f.role, f.stance, f.name) for s in doc.sents for f in find_actors(s)}

    erbil = names("003_69430c30907e07b8")
    assert ("claimant", "claimed", "Awliyaa al-Dam") in erbil
    assert ("perpetrator", "asserted", "Iran") in erbil
    assert ("perpetrator", "asserted", "United States") in erbil
    pompeo = names("004_c4a957ab1299efad")
    assert ("perpetrator", "alleged", "Iran-backed militias") in pompeo
    assert ("perpetrator", "alleged", "Kataib Hezbollah") in pompeo
    claimants = {n[2] for n in pompeo if n[0] == "claimant"}
    assert not [n for n in claimants if "Iran" in n]      # "No Iran-backed group has claimed"


# ----------------------------------------------------------------------------- normalization


@pytest.mark.parametrize("written, canonical", [
    ("Kataeb Hezbollah", "Kataib Hezbollah"),
    ("Kata'ib Hizbullah", "Kataib Hezbollah"),
    ("Hezbollah Brigades", "Kataib Hezbollah"),
    ("the Iraqi Hezbollah Brigades", "Kataib Hezbollah"),
    ("“Hezbollah Brigades”", "Kataib Hezbollah"),
    ("Qasem Soleimani", "Qassem Soleimani"),
    ("Qassem Suleimani", "Qassem Soleimani"),
    ("Abou Mehdi al-Mouhandis", "Abu Mahdi al-Muhandis"),
    ("Abu Mahdi Al-Muhandis", "Abu Mahdi al-Muhandis"),
    ("Hashd al-Shaabi", "Popular Mobilization Forces"),
    ("Hashd al Shaabi", "Popular Mobilization Forces"),
    ("al-Hashd al-Shaabi", "Popular Mobilization Forces"),
    ("People's Mobilization Authority", "Popular Mobilization Forces"),
    ("Awliyaa al Dam", "Awliyaa al-Dam"),
    ("Awliya al-Dam", "Awliyaa al-Dam"),
    ("IS", "Islamic State"),
    ("ISIS", "Islamic State"),
    ("Isis", "Islamic State"),
    ("ISIL", "Islamic State"),
    ("Daesh", "Islamic State"),
    ("the Islamic State group", "Islamic State"),
    ("al-Shabab", "Al-Shabaab"),
    ("al-Shabaab militants", "Al-Shabaab"),
    ("Houthi rebels", "Houthis"),
    ("Ansarallah", "Houthis"),
    ("Taleban", "Taliban"),
    ("al Qaeda", "Al-Qaeda"),
    ("Jabhat an-Nusra", "Jabhat al-Nusra"),
    ("Tehreek-e-Taliban Pakistan", "Tehrik-i-Taliban Pakistan"),
    ("HAMAS", "Hamas"),
    ("U.S.", "United States"),
    ("Israeli troops", "Israel"),
    ("Wagner", "Wagner Group"),
])
def test_normalize_known_actor(written, canonical):
    assert normalize_actor(written) == canonical


@pytest.mark.parametrize("written, expected", [
    ("Hama", "Hama"),                  # a Syrian city, not Hamas
    ("Homs", "Homs"),
    ("Sedan", "Sedan"),                # not Sudan
    ("Oran", "Oran"),                  # not Iran
    ("Wagoner", "Wagoner"),            # not Wagner
    ("is", "is"),                      # acronyms match only as written
    ("us", "us"),
    ("adf", "adf"),
    ("Egyptian Islamic Jihad", "Egyptian Islamic Jihad"),   # not Palestinian Islamic Jihad
    ("Iranian militias", "Iranian militias"),               # militias are not the Iranian state
    ("the  unknown   gunmen", "unknown gunmen"),
])
def test_normalize_leaves_near_misses_alone(written, expected):
    assert normalize_actor(written) == expected


@pytest.mark.parametrize("written, expected", [
    ("fighters of the Allied Democratic Forces", "Allied Democratic Forces"),
    ("members of al-Shabaab", "Al-Shabaab"),
    ("Friends of the Earth", "Friends of the Earth"),
])
def test_members_of_a_group_are_the_group(written, expected):
    assert normalize_actor(written) == expected


def test_normalize_spells_affixed_countries_canonically():
    assert normalize_actor("pro-Iranian factions") == "pro-Iran factions"
    assert normalize_actor("the Iranian-backed militias") == "Iran-backed militias"


def test_actor_entry_gives_type_and_country():
    entry = actor_entry("Kataeb Hezbollah")
    assert (entry.canonical, entry.type, entry.country, entry.kind) == (
        "Kataib Hezbollah", "political militia", "IQ", "group")
    assert actor_entry("Daesh").country is None
    assert actor_entry("somebody unknown") is None


# ----------------------------------------------------------------------------- data files


def _rows(name: str, columns: tuple[str, ...]) -> list[list[str]]:
    return [list(row.values()) for _, row in read_table(f"en/{name}", columns)]


def test_alias_file_has_no_duplicate_alias_and_valid_columns():
    rows = _rows("actor_aliases.tsv", ("canonical", "alias", "type", "country", "kind"))
    seen: dict[str, str] = {}
    per_canonical: dict[str, tuple] = {}
    for row in rows:
        canonical, alias, type_, country, kind = row
        key = alias if alias.replace(".", "").isupper() else alias.casefold()
        assert key not in seen, f"{alias!r} listed twice"
        seen[key] = canonical
        assert type_ in ACTOR_TYPES and kind in ACTOR_KINDS
        assert country == "" or (len(country) == 2 and country.isupper())
        assert per_canonical.setdefault(canonical, (type_, country, kind)) == (type_, country, kind)
    assert all(canonical in seen.values() for canonical in per_canonical)


def test_cue_file_has_no_duplicate_rows():
    rows = _rows("attribution_cues.tsv", ("cue", "kind", "value"))
    keys = [(row[1], row[0]) for row in rows]
    assert len(keys) == len(set(keys))


def test_a_news_agency_in_the_dateline_is_never_a_party(nlp):
    doc = nlp("BEIRUT, March 4 (AFP) - Russian air strikes on the town of Maarat al-Numan killed "
              "nine civilians on Saturday, a monitor said.")
    found = {(f.role, f.name) for f in find_actors(doc[:])}
    assert ("perpetrator", "Russia") in found
    assert not any(name == "AFP" for _, name in found)


def test_the_dateline_town_is_never_a_party(nlp):
    doc = nlp("MOGADISHU — A suicide car bomb exploded at a checkpoint near the parliament on "
              "Saturday, killing at least 20 people.")
    assert not any(f.name.upper() == "MOGADISHU" for f in find_actors(doc[:]))


def test_a_headline_label_is_never_a_party(nlp):
    doc = nlp("Police blotter: shooting on Elm Street")
    assert find_actors(doc[:]) == []


def test_a_headline_s_victims_are_no_perpetrators(nlp):
    # headlines drop the auxiliary and the tagger reads "killed"/"shot" as finite verbs
    roles = {(r, name) for r, _, _, name in actors(
        nlp, "Teen killed, women injured in Bayou Blue shooting")}
    assert roles == {("victim", "Teen"), ("victim", "women")}
    assert {r for r, *_ in actors(nlp, "Man, 3 girls shot in southeast DC")} == {"victim"}
    # a headline that does say who did it still does
    assert {(r, name) for r, _, _, name in actors(nlp, "Gunmen attacking village")} == {
        ("perpetrator", "gunmen"), ("target", "village")}
    assert ("perpetrator", "gunmen") in {(r, name) for r, _, _, name in actors(
        nlp, "Gunmen killed 12 villagers in Zamfara")}


def test_a_dateline_is_no_part_of_a_party_s_name_and_suspected_dead_are_victims(nlp):
    assert actors(nlp, "Imphal, Sep 18 (PTI): Militants killed two men.") == [
        ("perpetrator", "asserted", "Militants", "militants"),
        ("victim", "asserted", "two men", "men")]
    # "suspected traffickers" killed are the dead, not suspects of the killing
    found = actors(nlp, "RIO DE JANEIRO, Nov 14 — Six suspected drug traffickers were killed "
                        "on Tuesday in a raid.")
    assert {(r, name) for r, _, _, name in found} == {("victim", "drug traffickers")}


def test_a_known_name_with_prepositions_in_it_is_found_whole(nlp):
    found = actors(nlp, "The Group for the Support of Islam and Muslims (JNIM) claimed the attack.")
    assert {(r, name) for r, _, _, name in found} == {("claimant", "JNIM"), ("perpetrator", "JNIM")}


def test_launching_a_manhunt_is_no_attack(nlp):
    assert actors(nlp, "Police have launched a manhunt for the gunmen.") == []
    assert [a[0] for a in actors(nlp, "Militants launched an attack on the base.")] == [
        "perpetrator", "target"]



def test_a_building_is_never_the_attacker(nlp):
    assert actors(nlp, "A doctor said the facility had received 17 bodies and more than 30 wounded.") == []


def test_responders_to_shots_fired_did_not_fire_them(nlp):
    assert actors(nlp, "Deputies responded to a home on Elm Street in reference to shots fired.") == []


def test_a_spokesman_s_unknown_group_is_the_claimant_not_the_spokesman(nlp):
    found = actors(nlp, "BLA spokesman Jeeyand Baloch claimed responsibility for the attack.")
    assert {(role, name) for role, _, _, name in found} == {("claimant", "BLA"), ("perpetrator", "BLA")}

