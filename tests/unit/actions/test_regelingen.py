"""actions/regelingen.py: answers from the answer library, the municipality's rules, comparisons.

Expected texts come from the editors' files through the repository (``repo``), so the tests check
which entry, municipality and value the action picks, not the wording of the day."""

from __future__ import annotations

import json

import pytest

from actions.common import PRIVACY_WAARSCHUWING, repository
from actions.regelingen import (
    ActionBeantwoordVraag,
    ActionGemeenteOntvangen,
    ActionGemeenteRegels,
    ActionMeerVragen,
    ActionVergelijkGemeenten,
    decide,
    laatste_keuze,
)
from tests.support.trackers import buttons, run, slots_set, texts, tracker
from wsp import teksten
from wsp.overdracht.toewijzing import vandaag_lokaal
from wsp.regels import antwoorden

LKS = "loonkostensubsidie"


@pytest.fixture(scope="module")
def repo():  # type: ignore[no-untyped-def]
    return repository()


def kies_vraag_ids(message: dict) -> list[str]:
    """The entry ids behind the message's "/kies_vraag{...}" buttons."""
    return [
        json.loads(payload.removeprefix("/kies_vraag"))["vraag_id"]
        for _, payload in buttons(message)
        if payload.startswith("/kies_vraag")
    ]


# ---- action_beantwoord_vraag ---------------------------------------------------------------------

def test_a_question_gets_its_entry_with_the_regional_value_while_the_municipality_is_unknown(repo):
    events, messages = run(ActionBeantwoordVraag(), tracker(
        "nieuw", "Hoe lang loopt de loonkostensubsidie door?", entities={"regeling": LKS}))

    assert slots_set(events) == {"regeling": LKS, "vraag_id": f"{LKS}.duur", "aanbod": None}
    [message] = messages
    entry = repo.vragen[f"{LKS}.duur"]
    assert entry.regel == (LKS, "herbeoordeling")
    assert message["text"].startswith(repo.vul_in(entry.antwoord))
    regional = repo.regio[LKS].regels["herbeoordeling"]
    assert f"In {repo.regio_naam} is de afspraak" in message["text"]
    assert str(regional.value) in message["text"]
    assert "Noem de gemeente waar uw werknemer woont" in message["text"]
    assert message["text"].splitlines()[-1].startswith("Bron: ")
    assert kies_vraag_ids(message) == [z for z in entry.zie_ook[:2] if z in repo.vragen]


def test_velp_is_rheden_and_its_deviating_value_is_merged_into_an_entry_with_a_rule(repo):
    question = tracker("nieuw", "Hoe lang loopt de loonkostensubsidie door in Velp?",
                       entities=[("regeling", LKS), ("plaats", "Velp")])
    assert decide(repo, question).soort == "antwoord", "the search no longer answers this directly"
    events, messages = run(ActionBeantwoordVraag(), question)

    assert repo.resolve_plaats("Velp").gemeente == "rheden"
    assert slots_set(events) == {
        "gemeente": "rheden", "woongemeente": "rheden", "regeling": LKS,
        "vraag_id": f"{LKS}.duur", "aanbod": None,
    }
    let_op, answer = texts(messages)
    assert "Velp (gemeente Rheden)" in let_op and "waar uw werknemer woont" in let_op
    rheden = repo.effective_rules("rheden", LKS).item("herbeoordeling")
    assert rheden.is_afwijking  # Rheden measures again sooner than the regional agreement
    assert f"Woont uw werknemer in Rheden? Dan geldt: {rheden.label.lower()} {rheden.tekst}." in answer
    assert f"Dit wijkt af van de regionale afspraak ({rheden.regio_tekst_kort})" in answer
    assert f"In {repo.regio_naam} is de afspraak" not in answer


def test_a_follow_up_uses_the_instrument_and_municipality_already_known(repo):
    # "and how long does that last?" names no instrument and no place
    events, messages = run(ActionBeantwoordVraag(), tracker(
        "na_lks_antwoord", "en hoe lang duurt dat",
        slots={"gemeente": "rheden", "woongemeente": "rheden"}))

    assert slots_set(events) == {"regeling": LKS, "vraag_id": f"{LKS}.duur", "aanbod": None}
    [message] = messages
    rheden = repo.effective_rules("rheden", LKS).item("herbeoordeling")
    assert f"Woont uw werknemer in Rheden? Dan geldt: {rheden.label.lower()} {rheden.tekst}." in message["text"]


def test_an_ambiguous_question_is_answered_within_the_instrument_of_the_conversation(repo):
    # "what does it cost" alone fits a jobcoach and loonkostensubsidie; the conversation decides
    _, alone = run(ActionBeantwoordVraag(), tracker("nieuw", "wat kost het"))
    events, messages = run(ActionBeantwoordVraag(), tracker("na_lks_antwoord", "wat kost het"))

    assert f"{LKS}.kosten_werkgever" in kies_vraag_ids(alone[0])
    assert slots_set(events)["vraag_id"] == f"{LKS}.kosten_werkgever"
    assert messages[0]["text"].startswith(repo.vul_in(repo.vragen[f"{LKS}.kosten_werkgever"].antwoord))
    assert (antwoorden.KNOP_LKS_BEREKENEN["title"], "/calculate_lks") in buttons(messages[0])


@pytest.mark.parametrize("regeling, verwacht", [
    ("praktijkroute", "praktijkroute.hoe_werkt_het"),  # its own "how does it work" entry
    ("jobcoaching", "jobcoaching.wat_is_het"),  # else its definition
])
def test_how_does_it_work_after_an_answer_is_about_the_instrument_under_discussion(repo, regeling, verwacht):
    # "Hoe werkt het?" names nothing beyond "it"; alone its words resemble another instrument's entry
    _, alone = run(ActionBeantwoordVraag(), tracker("nieuw", "Hoe werkt het?"))
    events, messages = run(ActionBeantwoordVraag(), tracker(
        "nieuw", "Hoe werkt het?", slots={"regeling": regeling}))

    assert verwacht not in (alone[0]["text"] + str(alone[0].get("buttons")))
    assert slots_set(events)["vraag_id"] == verwacht
    assert messages[0]["text"].startswith(repo.vul_in(repo.vragen[verwacht].antwoord)[:60])
    # a real question after an answer still goes through the search
    events, _ = run(ActionBeantwoordVraag(), tracker(
        "nieuw", "en hoe lang duurt dat?", slots={"regeling": regeling}))
    assert slots_set(events).get("vraag_id") != verwacht


def test_a_follow_up_for_someone_else_asks_the_previous_question_again(repo):
    # "Hoelang geldt de no-riskpolis?" - "en voor iemand met een Wajong-uitkering?": alone, these
    # words are about the Wajong (loonkostensubsidie.wajong); here they change whom the question is about
    _, alone = run(ActionBeantwoordVraag(), tracker(
        "nieuw", "en voor iemand met een Wajong-uitkering?", slots={"regeling": "no_risk_polis"}))
    events, messages = run(ActionBeantwoordVraag(), tracker(
        "nieuw", "en voor iemand met een Wajong-uitkering?",
        slots={"regeling": "no_risk_polis", "vraag_id": "no_risk_polis.duur"}))

    assert "no_risk_polis.duur" not in str(alone)
    assert slots_set(events)["vraag_id"] == "no_risk_polis.duur"
    assert "Wajong" in messages[0]["text"]
    # a follow-up with a question of its own is searched as it is
    events, _ = run(ActionBeantwoordVraag(), tracker(
        "na_lks_antwoord", "en hoe lang duurt dat", slots={"vraag_id": f"{LKS}.voor_wie"}))
    assert slots_set(events)["vraag_id"] == f"{LKS}.duur"


def test_two_or_three_fitting_entries_give_a_bedoelt_u_choice(repo):
    events, messages = run(ActionBeantwoordVraag(), tracker("nieuw", "wat kost het"))

    assert slots_set(events) == {"aanbod": None}  # no instrument or entry is assumed
    [message] = messages
    assert message["text"] == "Ik weet niet precies wat u bedoelt. Bedoelt u een van deze vragen?"
    ids = kies_vraag_ids(message)
    assert 2 <= len(ids) <= 3 and all(i in repo.vragen for i in ids)
    assert {repo.vragen[i].regeling for i in ids} >= {"jobcoaching", LKS}
    assert [title for title, _ in buttons(message)][:len(ids)] == [repo.vragen[i].vraag for i in ids]
    assert buttons(message)[-1] == ("Spreek een medewerker", "/request_human")


def _na_keuze(vraag: str, entities=()) -> tuple[list[dict], dict]:  # type: ignore[no-untyped-def]
    """The conversation after a "Bedoelt u...?" for ``vraag``, as Rasa stores it, and that message."""
    _, [keuze] = run(ActionBeantwoordVraag(), tracker("nieuw", vraag, entities=entities))
    gebruiker = tracker("nieuw", vraag, entities=entities).events[-1]
    return [gebruiker, {"event": "bot", "text": keuze["text"], "data": {"buttons": keuze["buttons"]}}], keuze


def test_a_choice_with_more_fitting_entries_offers_mijn_vraag_staat_er_niet_bij(repo):
    _, keuze = _na_keuze("wat kost het")

    assert buttons(keuze)[-2:] == [("Mijn vraag staat er niet bij", "/meer_vragen"),
                                   ("Spreek een medewerker", "/request_human")]


def test_mijn_vraag_staat_er_niet_bij_offers_the_entries_that_fit_next(repo):
    vraag = "wat kost het"
    events, keuze = _na_keuze(vraag)
    eerst = kies_vraag_ids(keuze)
    assert laatste_keuze(events) == (vraag, [], None, eerst)

    nieuw, [message] = run(ActionMeerVragen(), tracker("nieuw", "/meer_vragen", intent="meer_vragen", events=events))

    assert message["text"] == antwoorden.MEER_TEKST
    daarna = kies_vraag_ids(message)
    verwacht = [k.vraag.id for k in repo.vraag_index.zoek(vraag) if k.vraag.id not in eerst
                and k.score >= repo.vraag_index.drempels.keuze][:repo.vraag_index.drempels.max_overige]
    assert daarna == verwacht and len(daarna) >= 2
    assert buttons(message)[-1] == ("Spreek een medewerker", "/request_human")
    assert slots_set(nieuw)["aanbod"] is None

    # a click on one of them answers exactly that entry
    gekozen = repo.vragen[daarna[-1]]
    _, [antwoord] = run(ActionBeantwoordVraag(), tracker(
        "nieuw", antwoorden.knop_vraag(gekozen)["payload"], intent="kies_vraag",
        entities={"vraag_id": gekozen.id}, events=[*events, *nieuw]))
    assert antwoord["text"].startswith(repo.vul_in(gekozen.antwoord))


def test_mijn_vraag_staat_er_niet_bij_searches_with_the_instrument_the_question_named(repo):
    vraag = "jobcoaching voor uren"
    events, keuze = _na_keuze(vraag, entities={"regeling": "jobcoaching"})
    assert keuze["text"] == antwoorden.KEUZE_TEKST
    tekst, genoemd, _, eerst = laatste_keuze(events)
    assert genoemd == ["jobcoaching"]

    _, [message] = run(ActionMeerVragen(), tracker("nieuw", "/meer_vragen", intent="meer_vragen", events=events))

    verwacht = [k.vraag.id for k in repo.vraag_index.overige(tekst, eerst, ["jobcoaching"])]
    assert kies_vraag_ids(message) == verwacht


def test_the_button_without_a_choice_asks_which_instrument(repo):
    events, [message] = run(ActionMeerVragen(), tracker("nieuw", "/meer_vragen", intent="meer_vragen"))

    assert events == []
    assert message["text"] == teksten.WELKE_REGELING
    assert message["buttons"] == teksten.regeling_knoppen(repo)


@pytest.mark.parametrize("na_keuze", [False, True])
def test_typed_words_like_it_are_a_question_unless_they_follow_the_choice(repo, na_keuze):
    events, _ = _na_keuze("wat kost het")
    eerder = events if na_keuze else [*events, {"event": "bot", "text": "Een antwoord.", "data": {}}]
    zin = "geen van deze"

    _, meer = run(ActionMeerVragen(), tracker("nieuw", zin, intent="meer_vragen", events=eerder))

    if na_keuze:
        assert texts(meer) == [antwoorden.MEER_TEKST]
    else:  # "zijn er nog andere subsidies?" long after a choice: answered as the question it is
        _, vraag = run(ActionBeantwoordVraag(), tracker("nieuw", zin, intent="meer_vragen", events=eerder))
        assert meer == vraag and texts(meer) != [antwoorden.MEER_TEKST]


def test_none_of_the_next_entries_either_says_so_and_offers_a_person(repo):
    events, _ = _na_keuze("wat kost het")
    nieuw, [meer] = run(ActionMeerVragen(), tracker("nieuw", "/meer_vragen", intent="meer_vragen", events=events))
    verder = [*events, tracker("nieuw", "/meer_vragen", intent="meer_vragen").events[-1],
              {"event": "bot", "text": meer["text"], "data": {"buttons": meer["buttons"]}}]

    _, [message] = run(ActionMeerVragen(), tracker("nieuw", "geen van deze", intent="meer_vragen", events=verder))

    assert message["text"] == antwoorden.GEEN_MEER_TEKST
    assert buttons(message) == [("Spreek een medewerker", "/request_human")]


def test_no_more_fitting_entries_says_so_and_offers_a_person(repo):
    events, keuze = _na_keuze("wat kost het")
    alle = [k.vraag.id for k in repo.vraag_index.zoek("wat kost het")]
    bot = {**events[1], "data": {"buttons": [antwoorden.knop_vraag(repo.vragen[i]) for i in alle]}}

    nieuw, [message] = run(ActionMeerVragen(), tracker(
        "nieuw", "/meer_vragen", intent="meer_vragen", events=[events[0], bot]))

    assert message["text"] == antwoorden.GEEN_MEER_TEKST
    assert buttons(message) == [("Spreek een medewerker", "/request_human")]


def test_a_kies_vraag_button_answers_exactly_that_entry(repo):
    entry = repo.vragen[f"{LKS}.wie_vraagt_aan"]
    payload = antwoorden.knop_vraag(entry)["payload"]
    events, messages = run(ActionBeantwoordVraag(), tracker(
        "nieuw", payload, intent="kies_vraag", entities={"vraag_id": entry.id}))

    assert slots_set(events) == {"regeling": LKS, "vraag_id": entry.id, "aanbod": None}
    [message] = messages
    assert message["text"].startswith(repo.vul_in(entry.antwoord))


def test_a_kies_vraag_payload_with_an_unknown_entry_asks_to_rephrase(repo):
    events, messages = run(ActionBeantwoordVraag(), tracker(
        "nieuw", '/kies_vraag{"vraag_id": "bestaat.niet"}', intent="kies_vraag",
        entities={"vraag_id": "bestaat.niet"}))

    assert slots_set(events) == {"aanbod": None}
    [message] = messages
    assert message["text"] == teksten.ONBEGREPEN_1
    assert message["buttons"] == teksten.regeling_knoppen(repo)


def test_only_the_name_of_an_instrument_gives_its_definition_entry_or_its_overview():
    """The bare name ("proefplaatsing") gets an entry of that instrument (its 'wat_is_het' entry
    where it has one) or, otherwise, the overview with the instrument's most asked questions."""
    repo = repository()
    for regeling in repo.regelingen.values():
        if regeling.soort != "regeling":
            continue
        events, messages = run(ActionBeantwoordVraag(), tracker(
            "nieuw", regeling.naam, entities={"regeling": regeling.id}))

        slots = slots_set(events)
        assert slots["regeling"] == regeling.id, regeling.id
        [message] = messages
        entry_id = slots["vraag_id"]
        if f"{regeling.id}.wat_is_het" in repo.vragen:
            assert entry_id is not None, regeling.id
        if entry_id is not None:
            entry = repo.vragen[entry_id]
            assert entry.regeling == regeling.id, (regeling.id, entry_id)
            assert message["text"].startswith(repo.vul_in(entry.antwoord))
        else:
            assert message["text"] == antwoorden.antwoord_regeling(repo, regeling.id, None).tekst
            top = antwoorden.veelgestelde_knoppen(repo, regeling.id)
            assert message["buttons"][:len(top)] == top


def test_a_place_outside_the_region_gets_the_national_rules_and_no_municipality(repo):
    nijmegen = repo.resolve_plaats("Nijmegen")
    assert nijmegen.gevonden and not nijmegen.in_regio
    events, messages = run(ActionBeantwoordVraag(), tracker(
        "nieuw", "Kan ik loonkostensubsidie krijgen in Nijmegen?",
        entities=[("regeling", LKS), ("plaats", "Nijmegen")]))

    assert slots_set(events) == {"aanbod": None}  # no gemeente slot for a place outside the region
    [message] = messages
    assert message["text"] == antwoorden.antwoord_buiten_regio(repo, LKS, nijmegen).tekst
    assert f"Nijmegen hoort niet bij {repo.regio_naam}" in message["text"]
    assert nijmegen.arbeidsmarktregio in message["text"]


def test_a_place_outside_the_region_without_an_instrument_asks_which_one(repo):
    events, messages = run(ActionBeantwoordVraag(), tracker(
        "nieuw", "Wij zitten in Nijmegen, wat kan ik krijgen?", entities={"plaats": "Nijmegen"}))

    assert slots_set(events) == {"aanbod": None}
    assert texts(messages) == [teksten.buiten_regio_algemeen(repo, repo.resolve_plaats("Nijmegen"))]


def test_a_bsn_in_the_question_gets_one_privacy_tip_and_still_the_answer(repo):
    text = "Mijn werknemer heeft BSN 123456782, hoe lang loopt de loonkostensubsidie door?"
    events, messages = run(ActionBeantwoordVraag(), tracker("nieuw", text, entities={"regeling": LKS}))

    assert slots_set(events)["privacy_gewaarschuwd"] is True
    assert texts(messages)[0] == PRIVACY_WAARSCHUWING and len(messages) >= 2  # and the answer
    assert "123456782" not in "".join(texts(messages))

    # once per conversation
    events, messages = run(ActionBeantwoordVraag(), tracker(
        "nieuw", text, entities={"regeling": LKS}, slots={"privacy_gewaarschuwd": True}))
    assert PRIVACY_WAARSCHUWING not in texts(messages)
    assert "privacy_gewaarschuwd" not in slots_set(events)


def test_maatwerk_in_the_municipality_offers_the_accountmanager(repo):
    """Renkum decides some rules case by case (maatwerk): the answer says so and the handover
    is offered straight away."""
    maatwerk = [
        v for v in repo.vragen.values()
        if v.regel and (item := repo.effective_rules("renkum", v.regel[0]).item(v.regel[1]))
        and item.maatwerk
    ]
    assert maatwerk, "no entry refers to a rule that Renkum decides case by case"
    entry = maatwerk[0]
    events, messages = run(ActionBeantwoordVraag(), tracker(
        "nieuw", antwoorden.knop_vraag(entry)["payload"], intent="kies_vraag",
        entities={"vraag_id": entry.id}, slots={"gemeente": "renkum", "woongemeente": "renkum"}))

    slots = slots_set(events)
    assert slots["vraag_id"] == entry.id and slots["overdracht_reden"] == "maatwerk"
    assert slots["aanbod"] == "overdracht" and slots["accountmanager_id"]
    answer, offer = texts(messages)
    assert "Renkum" in answer
    assert repo.roster.get(slots["accountmanager_id"]).naam in offer


# ---- action_gemeente_regels ----------------------------------------------------------------------

def test_municipal_rules_without_an_instrument_ask_which_instrument(repo):
    events, messages = run(ActionGemeenteRegels(), tracker(
        "nieuw", "Wat zijn de regels in mijn gemeente?", intent="ask_gemeente_rules"))

    assert events == []
    [message] = messages
    assert message["text"] == teksten.WELKE_REGELING
    assert message["buttons"] == teksten.regeling_knoppen(repo)


def test_an_unsure_municipal_rules_intent_without_an_instrument_tries_the_library_first(repo):
    # "gemeente" made the model lean to the municipality's rules (0.55), but the question is the
    # library's: the deadline for the target-group declaration (a choice that offers it)
    text = "Binnen welke termijn moet ik een nieuwe medewerker met een status aanmelden bij UWV/gemeente?"
    events, messages = run(ActionGemeenteRegels(), tracker(
        "nieuw", text, intent="ask_gemeente_rules", confidence=0.55))

    [message] = messages
    assert message["text"] != teksten.WELKE_REGELING
    assert "loonkostenvoordeel.doelgroepverklaring_termijn" in antwoorden.vraag_ids_van(message["buttons"])
    assert slots_set(events)["aanbod"] is None


def test_an_unsure_municipal_rules_intent_the_library_cannot_place_still_asks_which_instrument(repo):
    events, messages = run(ActionGemeenteRegels(), tracker(
        "nieuw", "Is dat overal in de regio gelijk?", intent="ask_gemeente_rules", confidence=0.6))

    assert events == []
    assert texts(messages) == [teksten.WELKE_REGELING]


def test_municipal_rules_without_a_municipality_ask_for_it(repo):
    events, messages = run(ActionGemeenteRegels(), tracker(
        "nieuw", "Wat zijn de regels voor jobcoaching in mijn gemeente?",
        intent="ask_gemeente_rules", entities={"regeling": "jobcoaching"}))

    assert slots_set(events) == {"regeling": "jobcoaching", "aanbod": "gemeente"}
    [message] = messages
    assert message["text"] == teksten.vraag_gemeente("jobcoaching")
    assert message["buttons"] == antwoorden.vraag_gemeente_knoppen(repo)


def test_municipal_rules_for_lks_use_the_employees_municipality(repo):
    events, messages = run(ActionGemeenteRegels(), tracker(
        "nieuw", "Wat zijn de regels voor loonkostensubsidie in Velp?",
        intent="ask_gemeente_rules", entities=[("regeling", LKS), ("plaats", "Velp")]))

    assert slots_set(events) == {"regeling": LKS, "woongemeente": "rheden", "aanbod": None}
    [message] = messages
    assert message["text"] == antwoorden.antwoord_gemeente(repo, LKS, "rheden").tekst
    assert "Rheden" in message["text"]


def test_municipal_rules_for_a_place_outside_the_region(repo):
    events, messages = run(ActionGemeenteRegels(), tracker(
        "nieuw", "Wat zijn de regels voor jobcoaching in Ede?", intent="ask_gemeente_rules",
        entities=[("regeling", "jobcoaching"), ("plaats", "Ede")]))

    assert slots_set(events) == {"regeling": "jobcoaching", "aanbod": None}
    ede = repo.resolve_plaats("Ede")
    assert texts(messages) == [antwoorden.antwoord_buiten_regio(repo, "jobcoaching", ede).tekst]


# ---- action_gemeente_ontvangen -------------------------------------------------------------------

def test_the_municipality_asked_for_continues_the_question(repo):
    events, messages = run(ActionGemeenteOntvangen(), tracker(
        "gemeente_gevraagd", "Arnhem", intent="inform_gemeente", entities={"plaats": "Arnhem"}))

    assert slots_set(events) == {"gemeente": "arnhem", "aanbod": None}
    assert texts(messages) == [antwoorden.antwoord_gemeente(repo, "jobcoaching", "arnhem").tekst]


def test_two_municipalities_are_compared_for_the_instrument_of_the_conversation(repo):
    events, messages = run(ActionGemeenteOntvangen(), tracker(
        "gemeente_gevraagd", "Arnhem en Zevenaar", intent="inform_gemeente",
        entities=[("plaats", "Arnhem"), ("plaats", "Zevenaar")]))

    assert slots_set(events) == {"aanbod": None}
    [message] = messages
    assert message["text"] == antwoorden.antwoord_vergelijking(repo, "jobcoaching", "arnhem", "zevenaar").tekst
    assert message["text"].startswith("Jobcoaching in Arnhem en Zevenaar")


def test_an_unknown_place_is_asked_again_and_the_open_question_kept(repo):
    events, messages = run(ActionGemeenteOntvangen(), tracker(
        "gemeente_gevraagd", "Xyzdorp", intent="inform_gemeente"))

    assert slots_set(events) == {"aanbod": "gemeente"}
    [message] = messages
    assert message["text"] == teksten.ONBEKENDE_PLAATS
    assert message["buttons"] == antwoorden.vraag_gemeente_knoppen(repo)


def test_a_municipality_outside_the_region_is_not_remembered(repo):
    events, messages = run(ActionGemeenteOntvangen(), tracker(
        "gemeente_gevraagd", "Ede", intent="inform_gemeente", entities={"plaats": "Ede"}))

    assert slots_set(events) == {"aanbod": None}
    assert texts(messages) == [
        antwoorden.antwoord_buiten_regio(repo, "jobcoaching", repo.resolve_plaats("Ede")).tekst]


def test_a_municipality_without_a_question_is_remembered_and_an_instrument_asked(repo):
    events, messages = run(ActionGemeenteOntvangen(), tracker(
        "nieuw", "Wij zitten in Duiven", intent="inform_gemeente", entities={"plaats": "Duiven"}))

    assert slots_set(events) == {"gemeente": "duiven", "aanbod": None}
    [message] = messages
    assert message["text"] == teksten.gemeente_onthouden(repo, repo.resolve_plaats("Duiven"))
    assert message["buttons"] == teksten.regeling_knoppen(repo)


def test_the_municipality_for_a_handover_names_its_accountmanager(repo):
    events, messages = run(ActionGemeenteOntvangen(), tracker(
        "overdracht_gemeente_gevraagd", "Zevenaar", intent="inform_gemeente",
        entities={"plaats": "Zevenaar"}))

    slots = slots_set(events)
    assert slots["gemeente"] == "zevenaar" and slots["overdracht_reden"] == "gevraagd"
    assert slots["aanbod"] == "overdracht"
    accountmanager = repo.roster.get(slots["accountmanager_id"])
    # the roster's line for Zevenaar (or whoever stands in for that person today)
    assert accountmanager == repo.roster.beschikbaar(repo.roster.kies("zevenaar"), vandaag_lokaal())
    [message] = messages
    assert accountmanager.naam in message["text"] and "Mag ik dit gesprek" in message["text"]
    assert [payload for _, payload in buttons(message)] == ["/affirm", "/deny"]


# ---- action_vergelijk_gemeenten ------------------------------------------------------------------

def test_compare_two_municipalities(repo):
    events, messages = run(ActionVergelijkGemeenten(), tracker(
        "nieuw", "Wat is het verschil in jobcoaching tussen Arnhem en Zevenaar?",
        intent="compare_gemeenten",
        entities=[("regeling", "jobcoaching"), ("plaats", "Arnhem"), ("plaats", "Zevenaar")]))

    assert slots_set(events) == {"regeling": "jobcoaching", "aanbod": None}
    assert texts(messages) == [
        antwoorden.antwoord_vergelijking(repo, "jobcoaching", "arnhem", "zevenaar").tekst]


def test_a_comparison_without_places_is_answered_from_the_library(repo):
    events, messages = run(ActionVergelijkGemeenten(), tracker(
        "nieuw", "Wat is het verschil tussen een interne en een externe jobcoach?",
        intent="compare_gemeenten", entities={"regeling": "jobcoaching"}))

    assert slots_set(events) == {
        "regeling": "jobcoaching", "vraag_id": "jobcoaching.intern_extern", "aanbod": None}
    assert messages[0]["text"].startswith(repo.vul_in(repo.vragen["jobcoaching.intern_extern"].antwoord))


def test_a_comparison_without_an_instrument_asks_which_one(repo):
    events, messages = run(ActionVergelijkGemeenten(), tracker(
        "nieuw", "Wat is het verschil tussen Arnhem en Zevenaar?", intent="compare_gemeenten",
        entities=[("plaats", "Arnhem"), ("plaats", "Zevenaar")]))

    assert events == []
    [message] = messages
    assert message["text"] == teksten.WELKE_REGELING


@pytest.mark.parametrize(
    ("text", "regeling", "entry"),
    [
        # an abolished instrument has no 'wat_is_het' but its own best entry ("wat was het?")
        ("Wat is het LIV?", "lage_inkomensvoordeel", "lage_inkomensvoordeel.wat_was_het"),
        # context first, then only the name is asked about
        ("Hij heeft een Wajong en werkt 20 uur. Wat is de no-riskpolis?", "no_risk_polis",
         "no_risk_polis.wat_is_het"),
    ],
)
def test_what_is_the_instrument_gets_its_definition_entry(text, regeling, entry):
    events, messages = run(ActionBeantwoordVraag(), tracker("nieuw", text, entities={"regeling": regeling}))
    assert slots_set(events)["vraag_id"] == entry, messages
