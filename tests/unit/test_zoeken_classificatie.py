"""The classifier of the answer-library search sees the folded synonyms and the question-type features."""

from __future__ import annotations

from dataclasses import replace

import pytest

from wsp.regels.model import Vraag
from wsp.regels.zoeken import Drempels, VraagIndex, normaliseer, vraagsoort


def _vraag(id_: str, vraag: str, *voorbeelden: str) -> Vraag:
    return Vraag(
        id=id_, regeling=id_.split(".")[0], vraag=vraag, voorbeelden=voorbeelden, antwoord="Zie de regeling.",
        toelichting=None, bron="https://example.org", geverifieerd_op=None, status="geverifieerd",
        zie_ook=(), regel=None, wijziging=None,
    )


def test_vraagsoort_joins_question_word_and_next_content_word():
    assert vraagsoort(normaliseer("Hoe lang duurt de no-riskpolis?")) == ["hoe_lang"]
    assert vraagsoort(normaliseer("Wie betaalt de jobcoach eigenlijk?")) == ["wie_betaalt"]
    assert vraagsoort(normaliseer("Waar kan ik het aanvragen?")) == ["waar_aanvrag"]
    assert vraagsoort(normaliseer("Dat is de regeling.")) == []


def test_classifier_vocabulary_has_folded_synonyms_and_question_types():
    index = VraagIndex([
        _vraag("loonkostensubsidie.aanvragen", "Waar vraag ik lks aan?", "Waar kan ik dat aanvragen?"),
        _vraag("loonkostensubsidie.duur", "Hoe lang krijg ik lks?", "Hoelang loopt de loonsubsidie?"),
    ])
    assert index._classificatie is not None
    woorden = index._classificatie.vec.transformer_list[0][1].vocabulary_
    assert "loonkostensubsidie" in woorden and "lks" not in woorden and "loonsubsidie" not in woorden
    assert "hoe_lang" in woorden and "waar_aanvrag" in woorden


def test_a_named_instrument_does_not_hide_a_better_entry_of_another_instrument():
    """The message names the doelgroepregister, but the question is the banenafspraak's: the bonus for
    the named instrument weighs in, it does not put every entry of that instrument first."""
    index = VraagIndex([
        _vraag("banenafspraak.verplicht", "Ben ik verplicht iemand uit het doelgroepregister aan te nemen?",
               "moet ik mensen uit de banenafspraak in dienst nemen"),
        _vraag("doelgroepregister.controleren", "Hoe kan ik nagaan of iemand in het doelgroepregister staat?",
               "staat mijn kandidaat in het doelgroepregister"),
        _vraag("doelgroepregister.hoe_lang", "Hoe lang blijft iemand in het doelgroepregister staan?",
               "hoelang sta je in het register"),
    ])
    vraag = "Ben ik verplicht iemand uit het doelgroepregister aan te nemen?"
    assert index.zoek(vraag, genoemd={"doelgroepregister"})[0].vraag.id == "banenafspraak.verplicht"
    # the bonus still decides between entries that fit about equally well
    assert index.zoek("hoe lang staat iemand erin", genoemd={"doelgroepregister"})[0].vraag.id == \
        "doelgroepregister.hoe_lang"


def _drie_onderwerpen(drempels: Drempels | None = None) -> VraagIndex:
    return VraagIndex([
        _vraag("beschut_werk.voor_wie", "Wie komt in aanmerking voor beschut werk?", "voor wie is beschut werk"),
        _vraag("loonkostensubsidie.voor_wie", "Wie komt in aanmerking voor loonkostensubsidie?",
               "voor wie is loonkostensubsidie bedoeld"),
        _vraag("werkgeversservicepunt.subsidies", "Hoe vind ik mijn weg in alle subsidies en regels?",
               "te veel subsidieregelingen, wie helpt mij"),
    ], drempels)


def test_a_follow_up_that_asks_nothing_beyond_the_instrument_under_discussion_stays_with_it():
    index = _drie_onderwerpen()
    assert index.binnen_onderwerp("Wie komt in aanmerking?", "beschut_werk")
    [eerste, tweede, *_] = index.zoek("Wie komt in aanmerking?", context="beschut_werk")
    assert eerste.vraag.id == "beschut_werk.voor_wie"
    zonder = _drie_onderwerpen(replace(Drempels(), context_binnen_bonus=0.0))
    scores = {k.vraag.id: k.score for k in zonder.zoek("Wie komt in aanmerking?", context="beschut_werk")}
    d = Drempels()
    assert eerste.score == pytest.approx(scores["beschut_werk.voor_wie"] + d.context_binnen_bonus)
    assert eerste.score - tweede.score >= d.context_bonus + d.context_binnen_bonus - 1e-9


def test_a_follow_up_about_something_else_keeps_the_plain_context_bonus():
    # "subsidies" and "regels" are words the beschut-werk entries do not use: a change of topic
    index = _drie_onderwerpen()
    vraag = "Hoe vind ik mijn weg in alle subsidies en regels?"
    assert not index.binnen_onderwerp(vraag, "beschut_werk")
    assert index.zoek(vraag, context="beschut_werk")[0].vraag.id == "werkgeversservicepunt.subsidies"
