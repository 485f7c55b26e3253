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
