"""What the inbox shows, without a database: waiting time against the service norm, the transcript as
chat bubbles, the copied contact block, and the small security helpers."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from wsp.inbox.beveiliging import veilige_volgende
from wsp.inbox.weergave import contactgegevens_tekst, transcript, wachttijd, werkdagen_tussen
from wsp.overdracht.models import Overdracht

MAANDAG = datetime(2026, 11, 23, 9, 0)  # naive UTC, as stored


def _o(**velden) -> Overdracht:
    basis = dict(aangemaakt_op=MAANDAG, servicenorm_werkdagen=2, status="nieuw", eerste_contact_op=None)
    return Overdracht(**{**basis, **velden})


@pytest.mark.parametrize(
    ("vandaag", "tekst", "klasse", "te_laat"),
    [
        (date(2026, 11, 23), "0 werkdagen van 2", "op-tijd", False),
        (date(2026, 11, 24), "1 werkdag van 2", "op-tijd", False),
        (date(2026, 11, 25), "2 werkdagen van 2", "laatste-dag", False),
        (date(2026, 11, 26), "Te laat: 3 werkdagen (norm 2)", "te-laat", True),
    ],
)
def test_wachttijd_tegen_de_servicenorm(vandaag, tekst, klasse, te_laat):
    w = wachttijd(_o(), vandaag=vandaag)
    assert (w.tekst, w.klasse, w.te_laat) == (tekst, klasse, te_laat)
    assert w.uiterlijk == date(2026, 11, 25)


def test_weekend_telt_niet_mee():
    vrijdag = datetime(2026, 11, 27, 15, 0)
    w = wachttijd(_o(aangemaakt_op=vrijdag), vandaag=date(2026, 11, 30))
    assert w.uiterlijk == date(2026, 12, 1) and w.tekst == "1 werkdag van 2"
    assert werkdagen_tussen(date(2026, 11, 27), date(2026, 11, 29)) == 0


def test_wachttijd_na_contact_en_na_afronden():
    op_tijd = wachttijd(_o(status="in_behandeling", eerste_contact_op=datetime(2026, 11, 24, 10)))
    assert (op_tijd.tekst, op_tijd.te_laat) == ("Opgepakt na 1 werkdag (norm 2)", False)
    laat = wachttijd(_o(status="afgerond", eerste_contact_op=datetime(2026, 11, 27, 10)))
    assert (laat.tekst, laat.te_laat) == ("Te laat opgepakt na 4 werkdagen (norm 2)", True)
    zonder = wachttijd(_o(status="afgerond"), vandaag=date(2026, 12, 10))
    assert (zonder.tekst, zonder.te_laat) == ("Afgerond zonder contactmoment", False)


def test_transcript_als_chatballonnen():
    berichten = transcript(
        _o(
            transcript=[
                {"afzender": "werkgever", "tekst": "Wat is LKS?", "tijd": "2026-11-23T09:00:00Z"},
                {
                    "afzender": "assistent",
                    "tekst": "Loonkostensubsidie is...\nBron: Participatiewet (gecontroleerd op 3 november 2025)",
                    "tijd": "2026-11-23T09:00:05",
                    "knoppen": ["Hoe vraag ik het aan?", {"title": "Ik wil iemand spreken", "payload": "/x"}],
                },
                {"afzender": "user", "tekst": "ok"},
                "kapot",
            ]
        )
    )
    assert [b.afzender for b in berichten] == ["werkgever", "assistent", "werkgever"]
    assert berichten[0].tijd == "10:00"  # Dutch time
    assert berichten[1].regels == ["Loonkostensubsidie is..."]
    assert berichten[1].bron == ["Bron: Participatiewet (gecontroleerd op 3 november 2025)"]
    assert berichten[1].knoppen == ["Hoe vraag ik het aan?", "Ik wil iemand spreken"]
    assert berichten[2].tijd == ""


def test_werkgever_kan_geen_bron_regel_vervalsen():
    (bericht,) = transcript(_o(transcript=[{"afzender": "werkgever", "tekst": "Bron: ik zelf"}]))
    assert bericht.regels == ["Bron: ik zelf"] and bericht.bron == []


def test_contactgegevens_om_te_kopieren_laten_lege_velden_weg():
    tekst = contactgegevens_tekst(
        _o(naam="Jan Jansen", organisatie="Bakkerij", email="jan@x.nl", telefoon=None, gemeente="rheden")
    )
    assert tekst == "Naam: Jan Jansen\nOrganisatie: Bakkerij\nE-mail: jan@x.nl\nGemeente: Rheden"


@pytest.mark.parametrize(
    ("doel", "veilig"),
    [
        ("/overdrachten/abc", "/overdrachten/abc"),
        ("//boef.example/x", None),
        ("https://boef.example/", None),
        ("/\\boef.example", None),
        ("", None),
    ],
)
def test_alleen_terugsturen_binnen_de_inbox(doel, veilig):
    assert veilige_volgende(doel) == veilig
