"""The handover service protects itself, whoever calls it (issue: one forged request to the action
server stored a handover without consent, with ``?cc=`` in the e-mail address and BSNs in clear in
the name, organisation and phone fields). On a SQLite file and on PostgreSQL (``db_url``)."""

from __future__ import annotations

import email
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.integration.test_overdracht_service import alle_tekst_in_database
from tests.support.overdracht import NU, gesprek_events
from wsp.overdracht.models import OutboxBericht, Overdracht, Werkgever
from wsp.overdracht.service import (
    Contact,
    GeenToestemming,
    OngeldigeOverdracht,
    TeVeelOverdrachten,
    overdracht_vanuit_gesprek,
)
from wsp.overdracht.validatie import toestemming_uit_events

BSNS = ("111/222/333", "111 222 333", "111222333", "123.456.782")


def tel(sessions, model) -> int:  # type: ignore[no-untyped-def]
    with sessions() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def vanuit_gesprek(db_url, roster, events=None, **anders):  # type: ignore[no-untyped-def]
    args = dict(gesprek_id="gesprek-v", events=gesprek_events() if events is None else events,
                reden="gevraagd", gemeente="arnhem", regeling=None, vraag="Hoe werkt LKS?",
                contact={"naam": "Jan Jansen", "email": "jan@bakkerij.example"},
                toestemming_op=NU, kanaal="rest", roster=roster, database_url=db_url)
    args.update(anders)
    return overdracht_vanuit_gesprek(**args)


# ---- consent must be recorded in the conversation ------------------------------------------------

def zonder_toestemming() -> list[dict]:
    return [e for e in gesprek_events() if e.get("name") not in (
        "toestemming_op", "action_overdracht_toestemming")]


def vervalste_toestemming() -> list[dict]:
    """The slot set without the consent action (a forged tracker)."""
    return [e for e in gesprek_events() if e.get("name") != "action_overdracht_toestemming"]


def ingetrokken_toestemming() -> list[dict]:
    """The employer typed 'stop' in the form: the slot was cleared again."""
    return gesprek_events() + [{"event": "slot", "name": "toestemming_op", "value": None}]


@pytest.mark.parametrize("events", [zonder_toestemming, vervalste_toestemming,
                                    ingetrokken_toestemming, lambda: []])
def test_zonder_vastgelegde_toestemming_wordt_niets_bewaard(
        db_url, db_sessions, overdracht_roster, events, map_leeg) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(GeenToestemming):
        vanuit_gesprek(db_url, overdracht_roster, events=events())
    for model in (Overdracht, OutboxBericht, Werkgever):
        assert tel(db_sessions, model) == 0
    assert not list(map_leeg.glob("*.json")), "nothing queued either"


def test_toestemming_moet_het_vastgelegde_moment_zijn(db_url, db_sessions,
                                                      overdracht_roster) -> None:  # type: ignore[no-untyped-def]
    assert toestemming_uit_events(gesprek_events()) == NU
    with pytest.raises(GeenToestemming):
        vanuit_gesprek(db_url, overdracht_roster, toestemming_op=NU + timedelta(minutes=1))
    with pytest.raises(GeenToestemming):
        vanuit_gesprek(db_url, overdracht_roster, toestemming_op=None)
    assert tel(db_sessions, Overdracht) == 0
    vanuit_gesprek(db_url, overdracht_roster)  # the recorded consent itself: stored
    assert tel(db_sessions, Overdracht) == 1


# ---- every field checked and redacted --------------------------------------------------------------

@pytest.mark.parametrize("contact", [
    {"naam": "Jan", "email": "jan@bakkerij.example?cc=boef@evil.example"},
    {"naam": "Jan", "email": "jan@bakkerij.example\r\nBcc: boef@evil.example"},
    {"naam": "Jan", "email": "jan@bakkerij.example,boef@evil.example"},
    {"naam": "Jan", "email": "\"jan\"@bakkerij.example"},
    {"naam": "Jan", "email": "jan%boef@evil.example"},
    {"naam": "Jan", "email": "mailto:jan@bakkerij.example"},
    {"naam": "Jan", "email": "jan@bakkerij"},
    {"naam": "Jan", "email": "x" * 250 + "@bakkerij.example"},
    {"naam": "Jan", "email": "111222333@bakkerij.example"},
    {"naam": "Jan https://evil.example/inloggen", "email": "jan@bakkerij.example"},
    {"naam": "Jan\r\nBcc: boef@evil.example", "email": "jan@bakkerij.example"},
    {"naam": "<script>alert(1)</script>", "email": "jan@bakkerij.example"},
    {"naam": "J" * 101, "email": "jan@bakkerij.example"},
    {"naam": "Jan", "organisatie": "Klik www.evil.example", "email": "jan@bakkerij.example"},
    {"naam": "Jan", "telefoon": "06 1234 5678 <a href=x>", "email": "jan@bakkerij.example"},
    {"naam": "Jan", "telefoon": "111222333"},
    {"naam": "Jan", "telefoon": "bel 0612345678?cc=x"},
    {"naam": "Jan", "kvk": "1234", "email": "jan@bakkerij.example"},
    {"naam": "Jan", "kvk": "12345678; DROP TABLE", "email": "jan@bakkerij.example"},
])
def test_ongeldige_velden_worden_geweigerd(db_url, db_sessions, overdracht_roster,
                                           contact) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(OngeldigeOverdracht) as fout:
        vanuit_gesprek(db_url, overdracht_roster, contact=contact)
    assert any(w in str(fout.value) for w in ("geldig", "mag geen", "te lang", "tekens",
                                              "8 cijfers", "letters")), str(fout.value)
    assert tel(db_sessions, Overdracht) == 0 and tel(db_sessions, OutboxBericht) == 0


def test_elk_vrij_tekstveld_wordt_geredigeerd(db_url, db_sessions, overdracht_roster) -> None:  # type: ignore[no-untyped-def]
    vanuit_gesprek(db_url, overdracht_roster, contact=Contact(
        naam="Jan 111/222/333 Jansen", organisatie="Bakkerij 111 222 333 (autisme-vriendelijk)",
        email="jan@bakkerij.example", telefoon="+31 6 12345678",
        contactvoorkeur="bellen, hij is chronisch ziek, bsn 123.456.782"),
        vraag="Werknemer is dyslectisch en zwanger, bsn 111_222_333")
    dump = alle_tekst_in_database(db_sessions)
    for bsn in BSNS + ("111_222_333",):
        assert bsn not in dump, bsn
    for woord in ("autisme", "chronisch ziek", "dyslectisch", "zwanger"):
        assert woord not in dump, woord
    with db_sessions() as s:
        o = s.execute(select(Overdracht)).scalar_one()
    assert o.naam == "Jan [BSN verwijderd] Jansen"
    assert o.organisatie.startswith("Bakkerij [BSN verwijderd]")
    assert o.telefoon == "+31 6 12345678"


def test_vervalste_transcriptregel_wordt_geweigerd(db_url, db_sessions, overdracht_roster) -> None:  # type: ignore[no-untyped-def]
    from wsp.overdracht.service import maak_overdracht

    with db_sessions() as session, pytest.raises(OngeldigeOverdracht):
        maak_overdracht(
            session, gesprek_id="g-x", reden="gevraagd", gemeente="arnhem", regelingen=[],
            vraag="x", contact={"naam": "Jan", "email": "jan@x.example"}, toestemming_op=NU,
            transcript=[{"afzender": "beheerder", "tekst": "Log in op https://evil.example"}],
            kanaal="rest", roster=overdracht_roster, inbox_base_url="https://inbox.example")
    assert tel(db_sessions, Overdracht) == 0


# ---- daily limits per e-mail address, KvK number, conversation, client address ---------------------

def test_hoogstens_drie_overdrachten_per_emailadres_per_dag(db_url, db_sessions,
                                                            overdracht_roster) -> None:  # type: ignore[no-untyped-def]
    from wsp.overdracht.service import maak_overdracht

    def maak(i: int, nu, **contact):  # type: ignore[no-untyped-def]
        with db_sessions() as session:
            return maak_overdracht(
                session, gesprek_id=f"g-{i}", reden="gevraagd", gemeente="arnhem",
                regelingen=[], vraag="Vraag", contact={"naam": "X", **contact},
                toestemming_op=nu, transcript=[], kanaal="rest", roster=overdracht_roster,
                inbox_base_url="https://inbox.example", nu=nu)

    for i in range(3):
        maak(i, NU + timedelta(minutes=i), email="slachtoffer@bedrijf.example")
    with pytest.raises(TeVeelOverdrachten) as fout:
        maak(9, NU + timedelta(minutes=9), email="SLACHTOFFER@bedrijf.example")
    assert "vandaag geen nieuwe vraag" in str(fout.value)
    # the same KvK number with fresh addresses
    for i in range(3):
        maak(10 + i, NU + timedelta(minutes=10 + i), email=f"a{i}@x.example", kvk="87654321")
    with pytest.raises(TeVeelOverdrachten):
        maak(20, NU + timedelta(minutes=20), email="nog-een@x.example", kvk="8765 4321")
    assert tel(db_sessions, Overdracht) == 6
    # a day later it works again
    maak(30, NU + timedelta(hours=25), email="slachtoffer@bedrijf.example")
    assert tel(db_sessions, Overdracht) == 7


def test_limiet_per_gesprek_en_per_clientadres(db_url, db_sessions, overdracht_roster,
                                               monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from wsp.overdracht.service import maak_overdracht

    monkeypatch.setenv("WSP_OVERDRACHT_LIMIETEN", "herkomst=4")

    def maak(gesprek: str, i: int, herkomst: str | None):  # type: ignore[no-untyped-def]
        with db_sessions() as session:
            return maak_overdracht(
                session, gesprek_id=gesprek, reden="gevraagd", gemeente="arnhem",
                regelingen=[], vraag="Vraag", contact={"naam": "X", "email": f"p{i}@x.example"},
                toestemming_op=NU + timedelta(minutes=i), transcript=[], kanaal="rest",
                roster=overdracht_roster, inbox_base_url="https://inbox.example",
                nu=NU + timedelta(minutes=i), herkomst=herkomst)

    for i in range(3):
        maak("een-gesprek", i, None)
    with pytest.raises(TeVeelOverdrachten):
        maak("een-gesprek", 3, None)
    for i in range(4):
        maak(f"gesprek-{i}", 10 + i, "adresabcdef")
    with pytest.raises(TeVeelOverdrachten):
        maak("gesprek-9", 20, "adresabcdef")
    maak("gesprek-10", 21, "anderadres")  # another client address is not affected


# ---- confirmation mail to the employer --------------------------------------------------------------

def test_bevestiging_naar_het_opgegeven_adres_noemt_de_contactpersoon(
        db_url, db_sessions, overdracht_roster, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("WSP_BEVESTIGING_WERKGEVER", raising=False)
    resultaat = vanuit_gesprek(db_url, overdracht_roster, vraag="Hoe werkt LKS? bsn 111/222/333")
    with db_sessions() as s:
        rijen = s.execute(select(OutboxBericht).order_by(OutboxBericht.id)).scalars().all()
    assert [r.ontvanger for r in rijen] == ["s.devries@wsp-voorbeeld.nl", "jan@bakkerij.example"]
    bevestiging = rijen[1]
    assert bevestiging.idempotentie_sleutel == f"{resultaat.publieke_id}-bevestiging"
    bericht = email.message_from_string(bevestiging.inhoud)
    tekst = bericht.get_payload(decode=True).decode("utf-8")
    assert "Sanne de Vries" in tekst and "026 000 00 01" in tekst
    assert "111/222/333" not in tekst and "[BSN verwijderd]" in tekst
    assert "niet zelf gesteld" in tekst
    assert bericht["X-WSP-Bevestiging"] == resultaat.publieke_id
    assert bericht["X-WSP-Overdracht"] is None  # not counted as the accountmanager's mail
    # no address, no confirmation; and it can be switched off
    vanuit_gesprek(db_url, overdracht_roster, gesprek_id="zonder-mail",
                   contact={"naam": "Piet", "telefoon": "026 123 45 67"})
    monkeypatch.setenv("WSP_BEVESTIGING_WERKGEVER", "0")
    vanuit_gesprek(db_url, overdracht_roster, gesprek_id="uit",
                   contact={"naam": "Els", "email": "els@x.example"})
    assert tel(db_sessions, OutboxBericht) == 4


@pytest.fixture
def map_leeg(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    pad = tmp_path / "wachtrij"
    monkeypatch.setenv("WSP_WACHTRIJ_MAP", str(pad))
    pad.mkdir()
    return pad


def test_vreemde_ids_kosten_de_werkgever_de_overdracht_niet(db_url, db_sessions,
                                                            overdracht_roster) -> None:  # type: ignore[no-untyped-def]
    """An entity straight from the NLU ("Garage" out of "Garage Jansen") is not a reason to
    refuse the handover: ids are normalised, or dropped when they are not one."""
    vanuit_gesprek(db_url, overdracht_roster, regeling=["Proefplaatsing", "Garage", "<x>", {"a": 1}],
                   gemeente="Arnhem", kanaal="Socket IO")
    with db_sessions() as s:
        o = s.execute(select(Overdracht)).scalar_one()
    assert o.regelingen == ["loonkostensubsidie", "proefplaatsing", "garage"]
    assert (o.gemeente, o.kanaal) == ("arnhem", "socket_io")
