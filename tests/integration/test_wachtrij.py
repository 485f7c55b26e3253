"""Handovers are not lost when the handover database is unavailable: they wait on disk
(``wsp.overdracht.wachtrij``) and the outbox worker stores them once the database is back.
(The same with a real PostgreSQL outage through the running assistant: test_storingen.py.)"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from tests.support.overdracht import BSN, NU, gesprek_events
from wsp.devstack import ROOT
from wsp.overdracht import wachtrij
from wsp.overdracht.instellingen import Instellingen
from wsp.overdracht.models import OutboxBericht, Overdracht
from wsp.overdracht.service import overdracht_vanuit_gesprek, sla_wachtrij_op

ONBEREIKBAAR = "postgresql://postgres@127.0.0.1:1/weg?connect_timeout=2"


@pytest.fixture
def map_(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    pad = tmp_path / "wachtrij"
    monkeypatch.setenv(wachtrij.ENV_WACHTRIJ, str(pad))
    return pad


def maak(roster, database_url: str, gesprek_id: str = "gesprek-wacht"):  # type: ignore[no-untyped-def]
    return overdracht_vanuit_gesprek(
        gesprek_id=gesprek_id, events=gesprek_events(), reden="gevraagd", gemeente="arnhem",
        regeling="loonkostensubsidie", vraag=f"Mijn BSN is {BSN}, kunt u bellen?",
        contact={"naam": "Jan Jansen", "email": "jan@bakkerij.example", "telefoon": "0612345678"},
        toestemming_op=NU, kanaal="rest", roster=roster, database_url=database_url,
        instellingen=Instellingen(inbox_url="https://inbox.example"),
    )


def test_database_weg_dan_wacht_de_overdracht_op_schijf(map_, overdracht_roster, db_url,
                                                        db_sessions) -> None:  # type: ignore[no-untyped-def]
    resultaat = maak(overdracht_roster, ONBEREIKBAAR)
    assert resultaat.in_wachtrij and resultaat.is_nieuw
    assert resultaat.accountmanager.naam == "Sanne de Vries"  # who the employer is told about
    bestanden = wachtrij.bestanden(map_)
    assert len(bestanden) == 1
    assert stat.S_IMODE(bestanden[0].stat().st_mode) == 0o600, "contact details: owner only"
    inhoud = bestanden[0].read_text()
    assert BSN not in inhoud and BSN.replace(" ", "") not in inhoud, "redacted like the database"
    assert "autisme" not in inhoud.lower()
    assert not list(map_.glob(".*.tmp")), "no half-written files left"

    # the same handover again (Rasa retried the action): still one file
    maak(overdracht_roster, ONBEREIKBAAR)
    assert len(wachtrij.bestanden(map_)) == 1

    # database still away: the file stays
    assert wachtrij.verwerk_wachtrij(
        lambda g: sla_wachtrij_op(g, roster=overdracht_roster, database_url=ONBEREIKBAAR)) == 0
    assert len(wachtrij.bestanden(map_)) == 1

    # database back: stored once, with the promised id, and the file is gone
    opslaan = lambda g: sla_wachtrij_op(g, roster=overdracht_roster, database_url=db_url)  # noqa: E731
    assert wachtrij.verwerk_wachtrij(opslaan) == 1
    assert wachtrij.bestanden(map_) == []
    with db_sessions() as s:
        o = s.execute(select(Overdracht)).scalar_one()
        assert o.publieke_id == resultaat.publieke_id and o.gesprek_id == "gesprek-wacht"
        assert o.toestemming_op == NU and o.email == "jan@bakkerij.example"
        assert o.vraag == "Mijn BSN is [BSN verwijderd], kunt u bellen?"
        # the mail to the accountmanager and the confirmation to the employer
        ontvangers = s.execute(select(OutboxBericht.ontvanger)).scalars().all()
        assert sorted(ontvangers) == ["jan@bakkerij.example", "s.devries@wsp-voorbeeld.nl"]

    # a copy of the file that reappears (a second worker, a restore) is not stored twice
    wachtrij.zet_in_wachtrij(json.loads(inhoud), map_)
    assert wachtrij.verwerk_wachtrij(opslaan) == 1
    with db_sessions() as s:
        assert s.execute(select(func.count()).select_from(Overdracht)).scalar_one() == 1
        assert s.execute(select(func.count()).select_from(OutboxBericht)).scalar_one() == 2


def test_onleesbaar_bestand_blokkeert_de_rest_niet(map_, overdracht_roster, db_url,
                                                   db_sessions) -> None:  # type: ignore[no-untyped-def]
    map_.mkdir(parents=True)
    (map_ / "000kapot.json").write_text("{niet af")
    maak(overdracht_roster, ONBEREIKBAAR, "gesprek-na-kapot")
    opgeslagen = wachtrij.verwerk_wachtrij(
        lambda g: sla_wachtrij_op(g, roster=overdracht_roster, database_url=db_url))
    assert opgeslagen == 1
    assert (map_ / wachtrij.KAPOT / "000kapot.json").exists()
    assert wachtrij.bestanden(map_) == []


def test_andere_fouten_worden_niet_ingeslikt(map_, overdracht_roster, sqlite_url) -> None:  # type: ignore[no-untyped-def]
    """Only "database unreachable" goes to the queue; a programming error still surfaces."""
    with pytest.raises(ValueError):
        overdracht_vanuit_gesprek(
            gesprek_id="x", events=[], reden="bestaat-niet", gemeente="arnhem", regeling=None,
            vraag=None, contact={}, toestemming_op=NU, kanaal="rest", roster=overdracht_roster,
            database_url=sqlite_url)
    assert wachtrij.bestanden(map_) == []


@pytest.mark.process
def test_outbox_worker_leegt_de_wachtrij(map_, overdracht_roster, tmp_path, sqlite_url) -> None:  # type: ignore[no-untyped-def]
    """``python -m wsp.overdracht.outbox --eenmalig`` stores the queue and sends the mail."""
    maak(overdracht_roster, ONBEREIKBAAR, "gesprek-worker")
    env = {"WSP_DATABASE_URL": sqlite_url, "WSP_MAIL_SPOOL": str(tmp_path / "mail"),
           "WSP_CONTENT_ROOT": str(ROOT), wachtrij.ENV_WACHTRIJ: str(map_)}
    uit = subprocess.run([sys.executable, "-m", "wsp.overdracht.outbox", "--eenmalig"], cwd=ROOT,
                         env={**os.environ, **env}, capture_output=True, text=True, timeout=120)
    assert uit.returncode == 0, uit.stderr
    assert wachtrij.bestanden(map_) == [], uit.stderr
    mails = list((tmp_path / "mail").glob("*-mail.eml"))  # (and *-bevestiging.eml: employer)
    assert len(mails) == 1 and "Jan Jansen" in mails[0].read_text(), uit.stderr
