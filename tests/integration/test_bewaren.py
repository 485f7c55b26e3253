"""Retention period and right to erasure (``python -m wsp.bewaren``), on a SQLite file and on a
fresh PostgreSQL database (``db_url`` is parametrized; the tracker table lives next to it, the way
Rasa's SQL tracker store creates it)."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, insert, select, update

from tests.support.overdracht import NU
from wsp import bewaren
from wsp.devstack import ROOT
from wsp.inzichten.bronnen import EVENTS
from wsp.overdracht import wachtrij
from wsp.overdracht.models import (
    Bezorgpoging,
    Notitie,
    OutboxBericht,
    Overdracht,
    Statuswijziging,
    Werkgever,
)
from wsp.overdracht.service import Contact

DAG = 86400.0


@pytest.fixture
def tracker(db_url: str):  # type: ignore[no-untyped-def]
    """Rasa's ``events`` table in the same (throwaway) database."""
    engine = create_engine(db_url, future=True)
    EVENTS.metadata.create_all(engine)
    yield engine
    engine.dispose()


def gesprek(engine, sender: str, *leeftijden_dagen: float) -> None:  # type: ignore[no-untyped-def]
    """A conversation with one user event per age (days before now)."""
    nu = datetime.utcnow().timestamp()
    with engine.begin() as conn:
        for leeftijd in leeftijden_dagen:
            conn.execute(insert(EVENTS).values(
                sender_id=sender, type_name="user", timestamp=nu - leeftijd * DAG,
                intent_name="greet", action_name=None,
                data='{"event": "user", "text": "mijn BSN is 123456782"}'))


def senders(engine) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return dict(conn.execute(select(EVENTS.c.sender_id, func.count())
                                 .group_by(EVENTS.c.sender_id)).all())


def zet(db_sessions, publieke_id: str, **waarden) -> None:  # type: ignore[no-untyped-def]
    with db_sessions() as s:
        s.execute(update(Overdracht).where(Overdracht.publieke_id == publieke_id).values(**waarden))
        s.commit()


def overdracht(db_sessions, publieke_id: str) -> Overdracht:  # type: ignore[no-untyped-def]
    with db_sessions() as s:
        return s.execute(select(Overdracht).where(Overdracht.publieke_id == publieke_id)
                         ).scalar_one()


def test_opschonen_houdt_zich_aan_de_bewaartermijn(
        db_url, tracker, db_sessions, nieuwe_overdracht, tmp_path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv(bewaren.ENV_BEWAARTERMIJN, raising=False)
    nu = datetime.utcnow()
    gesprek(tracker, "oud", 45, 40, 31)  # last event 31 days ago: goes
    gesprek(tracker, "loopt-nog", 60, 1)  # old start, but active yesterday: stays whole
    gesprek(tracker, "nieuw", 2)

    oud = nieuwe_overdracht(gesprek_id="oud", nu=nu - timedelta(days=45))
    recent = nieuwe_overdracht(gesprek_id="recent", nu=nu - timedelta(days=10),
                               contact=Contact(naam="Els Recent", email="els@recent.example"))
    open_oud = nieuwe_overdracht(gesprek_id="open", nu=nu - timedelta(days=50),
                                 contact=Contact(naam="Open Oud", email="open@oud.example"))
    gesloten_op = nu - timedelta(days=35)
    zet(db_sessions, oud.publieke_id, status="afgerond", afsluitreden="Jan gebeld, 06-12345678",
        bijgewerkt_op=gesloten_op)
    zet(db_sessions, recent.publieke_id, status="afgerond", bijgewerkt_op=nu - timedelta(days=5))
    with db_sessions() as s:
        o = s.execute(select(Overdracht).where(Overdracht.publieke_id == oud.publieke_id)).scalar_one()
        s.add(Notitie(overdracht_id=o.id, auteur="am-arnhem-1", tekst="Jan zegt: kandidaat heeft ...",
                      op=nu - timedelta(days=36)))
        s.execute(update(OutboxBericht).values(status="verzonden", verzonden_op=nu - timedelta(days=44)))
        s.execute(update(OutboxBericht).where(OutboxBericht.overdracht_id != o.id)
                  .values(verzonden_op=nu - timedelta(days=1)))
        s.commit()
    spool = tmp_path / "mail"
    spool.mkdir()
    (spool / "oud-mail.eml").write_text("Subject: oud")
    os.utime(spool / "oud-mail.eml", (nu.timestamp() - 40 * DAG, nu.timestamp() - 40 * DAG))
    (spool / "nieuw-mail.eml").write_text("Subject: nieuw")

    uitkomst = bewaren.opschonen(database_url=db_url, tracker_database_url=db_url,
                                 mail_spool=spool)
    tekst = uitkomst.tekst()
    assert "Bewaartermijn: 30 dagen" in tekst, "the default is the promised 30 days"
    assert (uitkomst.gesprekken, uitkomst.gebeurtenissen) == (1, 3), tekst
    assert uitkomst.geanonimiseerd == 1 and uitkomst.open_ouder == 1, tekst
    assert uitkomst.berichten_geleegd == 1 and uitkomst.spoolbestanden == 1, tekst
    assert "1 open overdracht(en) ouder dan de bewaartermijn" in tekst

    assert senders(tracker) == {"loopt-nog": 2, "nieuw": 1}
    a = overdracht(db_sessions, oud.publieke_id)
    for veld in ("naam", "organisatie", "email", "telefoon", "kvk", "contactvoorkeur", "vraag",
                 "afsluitreden", "werkgever_id"):
        assert getattr(a, veld) is None, veld
    assert a.transcript == [] and a.laatste_antwoorden == []
    # what the figures need stays, times unchanged
    assert (a.gemeente, a.regelingen, a.reden, a.status) == (
        "arnhem", ["loonkostensubsidie"], "gevraagd", "afgerond")
    assert a.bijgewerkt_op == gesloten_op and a.aangemaakt_op == nu - timedelta(days=45)
    assert a.gesprek_id == "oud" and a.toestemming_op == NU
    with db_sessions() as s:
        assert s.execute(select(func.count()).select_from(Notitie)).scalar_one() == 0
        assert all(w.toelichting is None for w in s.execute(
            select(Statuswijziging).where(Statuswijziging.overdracht_id == a.id)).scalars())
        berichten = {b.overdracht_id: b for b in s.execute(select(OutboxBericht)).scalars()}
        assert berichten[a.id].inhoud == bewaren.VERWIJDERD and berichten[a.id].onderwerp is None
        assert "Jan Jansen" not in repr([(b.inhoud, b.onderwerp) for b in berichten.values()
                                         if b.overdracht_id == a.id])
        assert sum(b.inhoud != bewaren.VERWIJDERD for b in berichten.values()) == 2
    # the others are untouched
    assert overdracht(db_sessions, recent.publieke_id).naam == "Els Recent"
    assert overdracht(db_sessions, open_oud.publieke_id).email == "open@oud.example"
    assert sorted(p.name for p in spool.iterdir()) == ["nieuw-mail.eml"]

    # a second run finds nothing more
    opnieuw = bewaren.opschonen(database_url=db_url, tracker_database_url=db_url, mail_spool=spool)
    assert (opnieuw.gesprekken, opnieuw.geanonimiseerd, opnieuw.berichten_geleegd) == (0, 0, 0)


def test_bewaartermijn_uit_de_omgeving_en_proefdraaien(
        db_url, tracker, db_sessions, nieuwe_overdracht, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    gesprek(tracker, "veertig", 40)
    o = nieuwe_overdracht(gesprek_id="veertig", nu=datetime.utcnow() - timedelta(days=41))
    zet(db_sessions, o.publieke_id, status="afgerond",
        bijgewerkt_op=datetime.utcnow() - timedelta(days=40))

    monkeypatch.setenv(bewaren.ENV_BEWAARTERMIJN, "60")
    args = ["--database-url", db_url, "--tracker-database-url", db_url]
    assert bewaren.main(["opschonen", *args]) == 0
    assert "Bewaartermijn: 60 dagen" in capsys.readouterr().out
    assert senders(tracker) == {"veertig": 1}
    assert overdracht(db_sessions, o.publieke_id).naam == "Jan Jansen"

    assert bewaren.main(["opschonen", "--dagen", "30", "--droog", *args]) == 0
    uit = capsys.readouterr().out
    assert "Proefdraaien" in uit and "1 afgeronde overdracht(en) zouden worden geanonimiseerd" in uit
    assert senders(tracker) == {"veertig": 1}

    monkeypatch.setenv(bewaren.ENV_BEWAARTERMIJN, "dertig")
    assert bewaren.main(["opschonen", *args]) == 2
    assert "geen heel aantal dagen" in capsys.readouterr().err
    monkeypatch.delenv(bewaren.ENV_BEWAARTERMIJN)
    assert bewaren.main(["opschonen", "--dagen", "0", *args]) == 2
    assert "minstens 1 dag" in capsys.readouterr().err


def _werkgever_met_alles(db_sessions, nieuwe_overdracht, tracker, email: str, kvk: str | None,
                         *gesprekken: str) -> list[str]:  # type: ignore[no-untyped-def]
    ids = []
    for g in gesprekken:
        r = nieuwe_overdracht(gesprek_id=g, contact=Contact(naam="Piet", organisatie="Piet BV",
                                                            email=email, kvk=kvk))
        ids.append(r.publieke_id)
        gesprek(tracker, g, 3, 2)
    with db_sessions() as s:
        for pid in ids:
            o = s.execute(select(Overdracht).where(Overdracht.publieke_id == pid)).scalar_one()
            s.add(Notitie(overdracht_id=o.id, auteur="am-arnhem-1", tekst="gebeld"))
            for b in o.berichten:
                s.add(Bezorgpoging(bericht_id=b.id, gelukt=1))
        s.commit()
    return ids


@pytest.mark.parametrize("sleutel", ["email", "kvk"])
def test_vergeet_wist_alles_van_een_werkgever(
        sleutel, db_url, tracker, db_sessions, nieuwe_overdracht, tmp_path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WSP_MAIL_SPOOL", str(tmp_path / "mail"))
    monkeypatch.setenv(wachtrij.ENV_WACHTRIJ, str(tmp_path / "wachtrij"))
    piet = _werkgever_met_alles(db_sessions, nieuwe_overdracht, tracker, "Piet@Bouw.example",
                                "87654321", "piet-1", "piet-2")
    # a third handover by KvK only, later: linked to the same employer row
    derde = nieuwe_overdracht(gesprek_id="piet-3", contact=Contact(naam="P.", kvk="8765 4321"))
    gesprek(tracker, "piet-3", 1)
    klaas = _werkgever_met_alles(db_sessions, nieuwe_overdracht, tracker, "klaas@elders.example",
                                 "11112222", "klaas-1")
    gesprek(tracker, "anoniem", 1)
    (tmp_path / "mail").mkdir()
    for pid in (*piet, *klaas):
        (tmp_path / "mail" / f"{pid}-mail.eml").write_text("x")
    wachtrij.zet_in_wachtrij({"gesprek_id": "piet-4", "toestemming_op": NU.isoformat(),
                              "contact": {"email": "piet@bouw.example", "kvk": "87654321"},
                              "reden": "gevraagd"})

    waarde = "PIET@bouw.example " if sleutel == "email" else "87654321"
    args = ["vergeet", f"--{sleutel}", waarde, "--database-url", db_url,
            "--tracker-database-url", db_url]
    assert bewaren.main([*args, "--droog"]) == 0
    assert "Proefdraaien" in capsys.readouterr().out
    assert set(senders(tracker)) >= {"piet-1", "piet-2", "piet-3"}

    assert bewaren.main(args) == 0
    uit = capsys.readouterr().out
    assert "Verwijderd van" in uit and "3 overdracht(en)" in uit, uit
    assert "1 werkgeversregistratie(s)" in uit, uit
    assert "3 gesprek(ken)" in uit and "2 mailbestand(en) en 1 overdracht(en) uit de wachtrij" in uit, uit

    assert set(senders(tracker)) == {"klaas-1", "anoniem"}
    with db_sessions() as s:
        rest = s.execute(select(Overdracht.gesprek_id)).scalars().all()
        assert rest == ["klaas-1"]
        assert s.execute(select(Werkgever.email)).scalars().all() == ["klaas@elders.example"]
        assert {b.overdracht.gesprek_id for b in s.execute(select(OutboxBericht)).scalars()} == {
            "klaas-1"}
        assert s.execute(select(func.count()).select_from(Notitie)).scalar_one() == 1
        assert s.execute(select(func.count()).select_from(Bezorgpoging)).scalar_one() == 1
        assert s.execute(select(func.count()).select_from(Statuswijziging)).scalar_one() == 1
        alles = repr(s.execute(select(Overdracht, OutboxBericht)
                               .join(OutboxBericht, OutboxBericht.overdracht_id == Overdracht.id)
                               ).all())
        assert "bouw.example" not in alles.lower()
    assert sorted(p.name for p in (tmp_path / "mail").iterdir()) == [f"{klaas[0]}-mail.eml"]
    assert wachtrij.bestanden() == []
    assert derde.publieke_id not in uit

    # asking again: nothing left
    assert bewaren.main(args) == 0
    assert "Geen gegevens gevonden" in capsys.readouterr().out


def test_vergeet_vraagt_een_geldige_sleutel(capsys) -> None:  # type: ignore[no-untyped-def]
    assert bewaren.main(["vergeet", "--email", "geen-adres", "--database-url", "sqlite://"]) == 2
    assert "geen geldig e-mailadres" in capsys.readouterr().err
    assert bewaren.main(["vergeet", "--kvk", "123", "--database-url", "sqlite://"]) == 2
    assert "8 cijfers" in capsys.readouterr().err


@pytest.mark.process
def test_opdrachtregel_werkt_als_module(tmp_path: Path) -> None:
    """``python -m wsp.bewaren`` as an operator runs it (also without a tracker database yet)."""
    env = dict(os.environ, WSP_DATABASE_URL=f"sqlite:///{tmp_path / 'wsp.sqlite'}",
               WSP_TRACKER_DATABASE_URL=f"sqlite:///{tmp_path / 'bestaat-niet.sqlite'}",
               WSP_MAIL_SPOOL=str(tmp_path / "mail"), WSP_BEWAARTERMIJN_DAGEN="30")
    uit = subprocess.run([sys.executable, "-m", "wsp.bewaren", "opschonen"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert uit.returncode == 0, uit.stderr
    assert "Bewaartermijn: 30 dagen" in uit.stdout
    assert "geen gespreksdatabase gevonden" in uit.stdout
    assert not (tmp_path / "bestaat-niet.sqlite").exists(), "no empty tracker database is made"
    uit = subprocess.run([sys.executable, "-m", "wsp.bewaren", "vergeet", "--email",
                          f"{uuid.uuid4().hex}@x.example"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert uit.returncode == 0 and "Geen gegevens gevonden" in uit.stdout, uit.stderr
