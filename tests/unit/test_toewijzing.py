"""wsp.overdracht.toewijzing: the employer gets a named, fixed accountmanager."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
import yaml

from wsp.db import session_scope
from wsp.overdracht.models import Werkgever
from wsp.overdracht.toewijzing import (
    Roster,
    bekend_accountmanager,
    normaliseer_bedrijfsgrootte,
    uiterlijk_contact,
    wijs_toe,
)

GEWONE_DAG = date(2026, 11, 10)  # nobody absent
AFWEZIG_DAG = date(2026, 11, 25)  # Petra (am-zevenaar-1) absent 20 Nov - 5 Dec 2026


@pytest.fixture
def roster(overdracht_roster_pad: Path) -> Roster:
    return Roster.from_file(overdracht_roster_pad)


@pytest.fixture
def roster_dict(overdracht_roster_pad: Path) -> dict:
    return yaml.safe_load(overdracht_roster_pad.read_text(encoding="utf-8"))


# ---- reading ------------------------------------------------------------------------------------

def test_rooster_inlezen(roster: Roster) -> None:
    assert set(roster.accountmanagers) == {"am-arnhem-1", "am-arnhem-2", "am-zevenaar-1",
                                           "am-zevenaar-2"}
    sanne = roster.accountmanagers["am-arnhem-1"]
    assert (sanne.naam, sanne.email, sanne.telefoon) == (
        "Sanne de Vries", "s.devries@wsp-voorbeeld.nl", "026 000 00 01")
    assert sanne.werkdagen == ("ma", "di", "do", "vr")
    assert roster.servicenorm_werkdagen == 2
    assert roster.servicenorm_voor(roster.accountmanagers["am-zevenaar-2"]) == 3
    assert roster.organisatie["naam"] == "WerkgeversServicepunt Midden-Gelderland"


def test_het_echte_rooster_is_leesbaar_als_het_er_is() -> None:
    from wsp.overdracht.toewijzing import ROSTER_PATH

    if not ROSTER_PATH.exists():
        pytest.skip(f"{ROSTER_PATH} bestaat nog niet")
    roster = Roster.from_file(ROSTER_PATH)
    assert roster.accountmanagers
    assert roster.kies("arnhem").id in roster.accountmanagers


def test_rooster_zonder_accountmanagers_is_een_fout() -> None:
    with pytest.raises(ValueError):
        Roster.from_dict({"accountmanagers": []})


def test_regel_met_onbekende_accountmanager_wordt_overgeslagen(roster_dict: dict) -> None:
    roster_dict["toewijzing"].insert(0, {"gemeente": "arnhem", "accountmanager": "am-weg"})
    assert Roster.from_dict(roster_dict).kies("arnhem").id == "am-arnhem-1"


# ---- choosing -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("gemeente", "sector", "grootte", "verwacht"), [
    ("arnhem", None, None, "am-arnhem-1"),
    ("Arnhem", None, None, "am-arnhem-1"),
    ("arnhem", "zorg", None, "am-arnhem-2"),
    ("arnhem", "Zorg", "groot", "am-arnhem-2"),
    ("arnhem", "bouw", None, "am-arnhem-1"),
    ("arnhem", None, "groot", "am-arnhem-2"),
    ("arnhem", None, "300 medewerkers", "am-arnhem-2"),
    ("arnhem", None, "15 medewerkers", "am-arnhem-1"),
    ("zevenaar", "zorg", None, "am-zevenaar-1"),
    ("duiven", None, None, "am-zevenaar-2"),
])
def test_kies_meest_specifieke_regel(roster: Roster, gemeente: str, sector: str | None,
                                     grootte: str | None, verwacht: str) -> None:
    assert roster.kies(gemeente, sector=sector, bedrijfsgrootte=grootte).id == verwacht


def test_kies_eerste_van_even_specifieke_regels(roster_dict: dict) -> None:
    roster_dict["toewijzing"] = [
        {"gemeente": "arnhem", "sector": "zorg", "accountmanager": "am-arnhem-2"},
        {"gemeente": "arnhem", "bedrijfsgrootte": "groot", "accountmanager": "am-zevenaar-2"},
        {"gemeente": "arnhem", "accountmanager": "am-arnhem-1"},
    ]
    roster = Roster.from_dict(roster_dict)
    assert roster.kies("arnhem", sector="zorg", bedrijfsgrootte="groot").id == "am-arnhem-2"


def test_kies_valt_terug_op_standaardregel_en_anders_de_eerste(roster_dict: dict) -> None:
    roster = Roster.from_dict(roster_dict)
    assert roster.kies("renkum").id == "am-arnhem-1"  # no line, no default: first of the roster
    roster_dict["toewijzing"].append({"accountmanager": "am-zevenaar-2"})
    assert Roster.from_dict(roster_dict).kies("renkum").id == "am-zevenaar-2"
    assert Roster.from_dict(roster_dict).kies(None).id == "am-zevenaar-2"


@pytest.mark.parametrize(("tekst", "klasse"), [
    ("15 medewerkers", "klein"), ("120 mensen", "middel"), ("1.200 man", "groot"),
    ("klein bedrijf", "klein"), ("middelgroot", "middel"), ("groot", "groot"), ("MKB", None),
    (None, None),
])
def test_bedrijfsgrootte(tekst: str | None, klasse: str | None) -> None:
    assert normaliseer_bedrijfsgrootte(tekst) == klasse


# ---- absence ------------------------------------------------------------------------------------

def test_beschikbaar_aanwezig(roster: Roster) -> None:
    petra = roster.accountmanagers["am-zevenaar-1"]
    assert roster.beschikbaar(petra, GEWONE_DAG).id == "am-zevenaar-1"


@pytest.mark.parametrize("dag", [date(2026, 11, 20), AFWEZIG_DAG, date(2026, 12, 5)])
def test_beschikbaar_vervanger_bij_afwezigheid(roster: Roster, dag: date) -> None:
    petra = roster.accountmanagers["am-zevenaar-1"]
    assert roster.beschikbaar(petra, dag).id == "am-zevenaar-2"


def test_vervangersketen_wordt_gevolgd(roster_dict: dict) -> None:
    ams = {am["id"]: am for am in roster_dict["accountmanagers"]}
    ams["am-zevenaar-2"]["afwezig"] = {"van": date(2026, 11, 1), "tot": date(2026, 11, 30)}
    ams["am-zevenaar-2"]["vervanger"] = "am-arnhem-2"
    roster = Roster.from_dict(roster_dict)
    assert roster.beschikbaar(roster.accountmanagers["am-zevenaar-1"], AFWEZIG_DAG).id == \
        "am-arnhem-2"


def test_kring_van_vervangers_loopt_niet_vast(roster_dict: dict) -> None:
    for am in roster_dict["accountmanagers"]:
        am["afwezig"] = {"van": "2026-11-01", "tot": "2026-11-30"}  # everybody away
    roster = Roster.from_dict(roster_dict)
    sanne = roster.accountmanagers["am-arnhem-1"]  # vervanger am-arnhem-2, who points back
    assert roster.beschikbaar(sanne, AFWEZIG_DAG).id == "am-arnhem-1"


def test_hele_keten_afwezig_dan_iemand_die_er_wel_is(roster_dict: dict) -> None:
    ams = {am["id"]: am for am in roster_dict["accountmanagers"]}
    for am_id in ("am-arnhem-1", "am-arnhem-2"):
        ams[am_id]["afwezig"] = {"van": "2026-11-01", "tot": "2026-11-30"}
    roster = Roster.from_dict(roster_dict)
    gekozen = roster.beschikbaar(roster.accountmanagers["am-arnhem-1"], AFWEZIG_DAG)
    assert gekozen.id == "am-zevenaar-2"  # the only one present on that day


# ---- service level ------------------------------------------------------------------------------

@pytest.mark.parametrize(("aangemaakt", "werkdagen", "verwacht"), [
    (datetime(2026, 11, 23, 9, 0), 2, date(2026, 11, 25)),  # Monday -> Wednesday
    (datetime(2026, 11, 26, 9, 0), 2, date(2026, 11, 30)),  # Thursday -> Monday
    (datetime(2026, 11, 27, 15, 0), 2, date(2026, 12, 1)),  # Friday -> Tuesday
    (datetime(2026, 11, 28, 12, 0), 2, date(2026, 12, 1)),  # Saturday -> Tuesday
    (datetime(2026, 11, 29, 23, 30), 1, date(2026, 12, 1)),  # Sunday 23:30 UTC = Monday NL
    (datetime(2026, 11, 23, 9, 0), 0, date(2026, 11, 23)),
])
def test_uiterlijk_contact_slaat_weekend_over(aangemaakt: datetime, werkdagen: int,
                                              verwacht: date) -> None:
    assert uiterlijk_contact(aangemaakt, werkdagen) == verwacht


def test_uiterlijk_contact_met_werkdagen_van_accountmanager() -> None:
    # Sanne works ma, di, do, vr: from Monday, 2 of her working days -> Thursday
    assert uiterlijk_contact(datetime(2026, 11, 23, 9), 2, ("ma", "di", "do", "vr")) == \
        date(2026, 11, 26)


# ---- sticky assignment --------------------------------------------------------------------------

def test_wijs_toe_nieuwe_werkgever_volgt_de_regels(roster: Roster, sqlite_url: str) -> None:
    with session_scope(sqlite_url) as s:
        t = wijs_toe(s, roster, "arnhem", email="Jan@Bakkerij.nl", vandaag=GEWONE_DAG)
    assert (t.accountmanager.id, t.vaste_accountmanager.id) == ("am-arnhem-1", "am-arnhem-1")
    assert not t.is_vervanger and not t.is_bestaand


def test_wijs_toe_is_plakkerig(roster: Roster, roster_dict: dict, sqlite_url: str) -> None:
    with session_scope(sqlite_url) as s:
        s.add(Werkgever(email="jan@bakkerij.nl", kvk="12345678", accountmanager_id="am-arnhem-1"))
    # The rules change: Arnhem now goes to Mehmet. The known employer keeps Sanne.
    roster_dict["toewijzing"] = [{"gemeente": "arnhem", "accountmanager": "am-arnhem-2"}]
    nieuw = Roster.from_dict(roster_dict)
    with session_scope(sqlite_url) as s:
        per_mail = wijs_toe(s, nieuw, "arnhem", email=" JAN@bakkerij.NL ", vandaag=GEWONE_DAG)
        per_kvk = wijs_toe(s, nieuw, "zevenaar", email="collega@bakkerij.nl", kvk="1234 5678",
                           vandaag=GEWONE_DAG)
        onbekend = wijs_toe(s, nieuw, "arnhem", email="ander@bedrijf.nl", vandaag=GEWONE_DAG)
        assert bekend_accountmanager(s, "jan@bakkerij.nl", None) == "am-arnhem-1"
        assert bekend_accountmanager(s, None, "12345678") == "am-arnhem-1"
        assert bekend_accountmanager(s, "ander@bedrijf.nl", None) is None
    assert per_mail.accountmanager.id == "am-arnhem-1" and per_mail.is_bestaand
    assert per_kvk.accountmanager.id == "am-arnhem-1" and per_kvk.is_bestaand
    assert onbekend.accountmanager.id == "am-arnhem-2" and not onbekend.is_bestaand


def test_wijs_toe_vervanger_als_vaste_accountmanager_afwezig_is(roster: Roster,
                                                                sqlite_url: str) -> None:
    with session_scope(sqlite_url) as s:
        s.add(Werkgever(email="info@fietsen.nl", accountmanager_id="am-zevenaar-1"))
    with session_scope(sqlite_url) as s:
        t = wijs_toe(s, roster, "zevenaar", email="info@fietsen.nl", vandaag=AFWEZIG_DAG)
    assert t.accountmanager.id == "am-zevenaar-2"
    assert t.vaste_accountmanager.id == "am-zevenaar-1"
    assert t.is_vervanger and t.is_bestaand


def test_wijs_toe_vertrokken_accountmanager_krijgt_opvolger_volgens_regels(
        roster: Roster, sqlite_url: str) -> None:
    with session_scope(sqlite_url) as s:
        s.add(Werkgever(email="info@oud.nl", accountmanager_id="am-vertrokken"))
    with session_scope(sqlite_url) as s:
        t = wijs_toe(s, roster, "duiven", email="info@oud.nl", vandaag=GEWONE_DAG)
    assert t.accountmanager.id == "am-zevenaar-2" and t.is_bestaand


def test_bekend_accountmanager_schrijft_niets(sqlite_url: str) -> None:
    from sqlalchemy import func, select

    with session_scope(sqlite_url) as s:
        assert bekend_accountmanager(s, "nieuw@bedrijf.nl", "87654321") is None
        assert s.execute(select(func.count()).select_from(Werkgever)).scalar_one() == 0
