"""A municipality's deviation has two texts: `uitleg`, plain language for employers, and `reden`, why
the municipality deviates, for the editors and the region. Every answer an employer can get -- and the
change announcements mailed to subscribed employers -- shows the first and never the second."""

from __future__ import annotations

import json

from tests.support.regels import ROOT, echte_repo
from wsp.abonnementen.momentopname import maak_momentopname
from wsp.regels import antwoorden


def _redenen_en_uitleg() -> tuple[set[str], dict[tuple[str, str, str], str]]:
    repo = echte_repo()
    redenen: set[str] = set()
    uitleg: dict[tuple[str, str, str], str] = {}
    for gid, per_regeling in repo.afwijkingen.items():
        for regeling, per_key in per_regeling.items():
            for key, afw in per_key.items():
                redenen.add(afw.reden)
                if afw.value not in ("maatwerk", "geen_regel"):
                    uitleg[(gid, regeling, key)] = afw.uitleg
    return redenen, uitleg


def _alle_antwoorden() -> list[tuple[str, str]]:
    """(what, text) of every answer about an instrument, in every municipality and without one."""
    repo = echte_repo()
    uit = []
    for regeling in repo.regelingen:
        for gid in [None, *repo.gemeenten]:
            uit.append((f"regeling {regeling} {gid}", antwoorden.antwoord_regeling(repo, regeling, gid).tekst))
            uit.append((f"aanvragen {regeling} {gid}", antwoorden.antwoord_aanvragen(repo, regeling, gid).tekst))
            if gid is not None:
                uit.append((f"gemeente {regeling} {gid}", antwoorden.antwoord_gemeente(repo, regeling, gid).tekst))
    for vraag in repo.vragen.values():
        for gid in [None, *repo.gemeenten]:
            uit.append((f"vraag {vraag.id} {gid}", antwoorden.antwoord_vraag(repo, vraag, gid).tekst))
    return uit


def test_the_shipped_deviations_have_both_texts_and_they_differ():
    redenen, uitleg = _redenen_en_uitleg()
    assert redenen and uitleg
    assert not redenen & set(uitleg.values())


def test_no_answer_ever_shows_the_internal_reason():
    redenen, _ = _redenen_en_uitleg()
    for wat, tekst in _alle_antwoorden():
        for reden in redenen:
            assert reden not in tekst, f"{wat}: de interne reden '{reden}' staat in het antwoord"


def test_the_employer_reads_the_uitleg_of_every_deviation():
    repo = echte_repo()
    _, uitleg = _redenen_en_uitleg()
    for (gid, regeling, key), tekst in uitleg.items():
        # all rules of the municipality, and the answer-library entries that show this rule
        assert tekst in antwoorden.antwoord_gemeente(repo, regeling, gid).tekst, (gid, regeling, key)
        for vraag in repo.vragen.values():
            if vraag.regel == (regeling, key):
                assert tekst in antwoorden.antwoord_vraag(repo, vraag, gid).tekst, (vraag.id, gid)


def test_announcements_to_employers_carry_the_uitleg_not_the_reason():
    redenen, uitleg = _redenen_en_uitleg()
    momentopname = json.dumps(maak_momentopname(ROOT), ensure_ascii=False)
    for reden in redenen:
        assert reden not in momentopname
    assert any(" ".join(t.split()) in momentopname for t in uitleg.values())


def test_a_regional_rule_shows_its_uitleg_where_its_value_is_shown():
    """Not only deviations: the region's own rule explains itself in plain language too, in the
    answer-library entries that merge it and in "Hoe vraag ik het aan?"."""
    repo = echte_repo()
    vraag = repo.vragen["jobcoaching.gemeente_uren"]
    uitleg = repo.regio["jobcoaching"].regels["uren"].uitleg
    assert uitleg and uitleg in antwoorden.antwoord_vraag(repo, vraag, None).tekst
    arnhem = repo.effective_rules("arnhem", "loonkostensubsidie")
    getoond = antwoorden.antwoord_aanvragen(repo, "loonkostensubsidie", "arnhem").tekst
    for item in arnhem.items:
        if item.bij_aanvragen and not item.is_afwijking and item.uitleg:
            assert item.uitleg in getoond, item.key
