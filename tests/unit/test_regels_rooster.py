"""The accountmanager roster as the rest of the code base reads it."""

from __future__ import annotations

import datetime as dt

from tests.support.regels import ROOT, echte_repo


def test_roster_shape_and_people():
    repo = echte_repo()
    assert repo.organisatie.naam == "WerkgeversServicepunt Midden-Gelderland"
    assert repo.servicenorm.werkdagen == 2
    ams = repo.accountmanagers
    assert 5 <= len(ams) <= 8
    assert all(am.fictief for am in ams.values())
    assert all(am.email.endswith(".example") for am in ams.values())
    afwezig = [am for am in ams.values() if am.is_afwezig(dt.date(2026, 12, 1))]
    assert len(afwezig) == 1 and afwezig[0].vervanger in ams
    assert afwezig[0].is_afwezig(dt.date(2027, 1, 10)) and afwezig[0].is_afwezig(dt.date(2026, 11, 20))


def test_every_municipality_has_a_default_line():
    repo = echte_repo()
    standaard = {t.gemeente for t in repo.toewijzing if t.sector is None and t.bedrijfsgrootte is None}
    assert standaard == {g.id for g in repo.gemeenten_in_regio}


def test_most_specific_line_wins():
    repo = echte_repo()
    assert repo.toewijzing_voor("arnhem", sector="zorg").accountmanager == "am-arnhem-2"
    assert repo.toewijzing_voor("arnhem", bedrijfsgrootte="groot").accountmanager == "am-arnhem-2"
    assert repo.toewijzing_voor("arnhem", sector="bouw", bedrijfsgrootte="klein").accountmanager == "am-arnhem-1"
    assert repo.toewijzing_voor("arnhem").accountmanager == "am-arnhem-1"


def test_absent_accountmanager_is_replaced_by_the_substitute():
    repo = echte_repo()
    am_id = repo.toewijzing_voor("renkum").accountmanager
    assert repo.beschikbare_accountmanager(am_id, dt.date(2026, 12, 1)).id == repo.accountmanagers[am_id].vervanger
    assert repo.beschikbare_accountmanager(am_id, dt.date(2027, 2, 1)).id == am_id
    assert repo.servicenorm_werkdagen("am-arnhem-2") == 1
    assert repo.servicenorm_werkdagen("am-arnhem-1") == 2


def test_handover_code_reads_the_same_roster():
    # contract with wsp.overdracht.toewijzing, which reads the file itself
    from wsp.overdracht.toewijzing import Roster

    roster = Roster.from_file(ROOT / "regional_rules/accountmanagers.yml")
    repo = echte_repo()
    assert set(roster.accountmanagers) == set(repo.accountmanagers)
    for gemeente in ("arnhem", "rheden", "zevenaar", "overbetuwe"):
        assert roster.kies(gemeente).id == repo.toewijzing_voor(gemeente).accountmanager
    assert roster.kies("arnhem", sector="zorg").id == "am-arnhem-2"


def test_repository_offers_the_roster_to_the_handover_code():
    repo = echte_repo()
    roster = repo.roster
    assert roster is repo.roster  # built once per loaded version
    vast = roster.kies("renkum")
    assert vast.id == repo.toewijzing_voor("renkum").accountmanager
    assert roster.beschikbaar(vast, dt.date(2026, 12, 1)).id == repo.beschikbare_accountmanager(vast.id, dt.date(2026, 12, 1)).id
    assert roster.organisatie["naam"] == repo.organisatie.naam
