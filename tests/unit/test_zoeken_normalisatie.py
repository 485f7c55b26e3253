"""Normalisation of the answer-library search: separable Dutch verbs are folded to one word."""

from __future__ import annotations

from wsp.regels.zoeken import kenmerken, normaliseer, vervang


def test_separable_verbs_fold_to_the_infinitive():
    assert vervang(normaliseer("Hoe vraag ik de subsidie aan?")).split() == ["hoe", "aanvragen", "ik", "de", "subsidie"]
    assert "aanvragen" in vervang(normaliseer("Wie vraagt het aan?")).split()
    assert "aanmelden" in vervang(normaliseer("Waar meld ik me aan?")).split()


def test_split_and_joined_verb_share_the_word_feature():
    gesplitst, _ = kenmerken("Hoe vraag ik loonkostensubsidie aan?")
    samen, _ = kenmerken("Loonkostensubsidie aanvragen")
    assert set(gesplitst) == set(samen)


def test_abbreviations_fold_to_the_words_the_library_uses():
    # "ZW-ERD" is how employers write "eigenrisicodrager voor de Ziektewet"; "Wsw" the sociale werkvoorziening
    assert vervang(normaliseer("Bent u ZW-ERD?")).split() == ["bent", "u", "ziektewet", "eigenrisicodrager"]
    assert set(kenmerken("eigen risicodrager Ziektewet")[0]) == set(kenmerken("ERD ZW")[0])
    assert "sociale werkvoorziening" in vervang(normaliseer("iemand uit de Wsw"))
    assert vervang(normaliseer("zwanger")) == "zwanger"  # whole words only
