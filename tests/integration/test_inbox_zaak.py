"""The accountmanager's case view and case actions (wsp/inbox: dossier, zaak, handelingen), through
Flask's test client on a real SQLite file and a real PostgreSQL database; mails go through the real
outbox worker to a real SMTP server (aiosmtpd) started by the test.

Covered: the company's and the employee's municipality apart; the facts block; the questions the
assistant got stuck on; the effective rules as ``python -m wsp.regels toon`` shows them; replying to
the employer (Reply-To, outbox, history); "wacht op werkgever" with a reminder mail; contact attempts
apart from "in behandeling"; the question preview; the employer's other handovers (only those one
may see); the mail to a new accountmanager on reassignment; adding columns to an older database.
"""

from __future__ import annotations

import html
import io
import re
from datetime import datetime, time, timedelta, timezone

import pytest
from sqlalchemy import inspect, select, text

from tests.support.databases import database
from tests.support.inbox import (
    ANNA,
    BERT,
    TEAMLEIDER,
    Account,
    leeg_database,
    maak_accounts,
    schrijf_rooster,
)
from wsp import teksten
from wsp.db import Base, make_engine, session_factory, session_scope, voeg_kolommen_toe
from wsp.inbox import create_app
from wsp.inbox.gebruikers import maak_token, zoek
from wsp.inbox.handelingen import voorstel_herinnering
from wsp.inbox.voorbeelden import maak_overdracht
from wsp.overdracht.instellingen import Instellingen
from wsp.overdracht.models import OutboxBericht, Overdracht, Statuswijziging, utcnow
from wsp.overdracht.outbox import bezorg_wachtende
from wsp.overdracht.service import Contact
from wsp.overdracht.service import maak_overdracht as service_overdracht
from wsp.overdracht.toewijzing import TIJDZONE, vandaag_lokaal
from wsp.regels import default_store
from wsp.regels.cli import main as regels_cli


@pytest.fixture(
    scope="module",
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def database_url(request, tmp_path_factory):
    with database(request.param, tmp_path_factory.mktemp(request.param)) as url:
        yield url


@pytest.fixture(scope="module")
def rooster_pad(tmp_path_factory):
    return schrijf_rooster(tmp_path_factory.mktemp("rooster") / "accountmanagers.yml")


@pytest.fixture
def app(database_url, rooster_pad):
    leeg_database(database_url)
    maak_accounts(database_url)
    return create_app(
        database_url,
        {"SECRET_KEY": "test-geheim", "TESTING": True, "ROOSTER_PAD": str(rooster_pad),
         "INBOX_URL": "https://inbox.wsp-voorbeeld.nl"},
    )


def csrf(client) -> str:  # noqa: ANN001 - a Flask test client
    with client.session_transaction() as s:
        return s.get("csrf", "")


def client_voor(app, account: Account):  # noqa: ANN001, ANN201
    client = app.test_client()
    client.get("/aanmelden")
    antwoord = client.post("/aanmelden", data={"email": account.email, "wachtwoord": account.wachtwoord,
                                               "csrf_token": csrf(client)})
    assert antwoord.status_code == 302, antwoord.get_data(as_text=True)
    return client


def post(client, pad: str, **data):  # noqa: ANN001, ANN201
    return client.post(pad, data={"csrf_token": csrf(client), **data})


def overdracht(url: str, publieke_id: str) -> Overdracht:
    with session_scope(url) as db:
        o = db.execute(select(Overdracht).where(Overdracht.publieke_id == publieke_id)).scalar_one()
        o.notities, o.statuswijzigingen  # noqa: B018 - load before the session closes
        return o


def token_voor(url: str, account: Account) -> str:
    with session_scope(url) as db:
        return maak_token(zoek(db, account.email))


def nieuw(url: str, am: str = "am-arnhem-1", **velden) -> str:
    with session_scope(url) as db:
        return maak_overdracht(db, am, **velden).publieke_id


def pagina(client, publieke_id: str) -> str:
    antwoord = client.get(f"/overdrachten/{publieke_id}")
    assert antwoord.status_code == 200
    return antwoord.get_data(as_text=True)


def veld(html_tekst: str, naam: str) -> str:
    """The words of a summary field (data-veld) or a fact (data-feit; 'feit-gemeente' for the facts
    block's municipality, which shares its name with the summary's)."""
    soort, naam = ("feit", naam[5:]) if naam.startswith("feit-") else ("(?:veld|feit)", naam)
    m = re.search(rf'data-{soort}="{naam}"[^>]*>(.*?)</dd>', html_tekst, re.S)
    assert m, f"veld {naam} ontbreekt"
    return html.unescape(re.sub(r"<[^>]+>", " ", m.group(1))).split()


def tekst_van(html_tekst: str, naam: str) -> str:
    return " ".join(veld(html_tekst, naam))


def bezorg(url: str, smtp) -> int:  # noqa: ANN001
    inst = Instellingen(smtp_host=smtp.host, smtp_port=smtp.port, inbox_url="https://inbox.wsp-voorbeeld.nl")
    return bezorg_wachtende(session_factory(url), inst)


def berichten(url: str, publieke_id: str) -> list[OutboxBericht]:
    with session_scope(url) as db:
        o = db.execute(select(Overdracht).where(Overdracht.publieke_id == publieke_id)).scalar_one()
        return list(db.execute(select(OutboxBericht).where(OutboxBericht.overdracht_id == o.id)
                               .order_by(OutboxBericht.id)).scalars())


def geschiedenis(url: str, publieke_id: str) -> list[Statuswijziging]:
    o = overdracht(url, publieke_id)
    return list(o.statuswijzigingen)


# --- municipalities and facts --------------------------------------------------------------------

def test_gemeente_van_bedrijf_en_werknemer_apart_met_feiten_van_de_assistent(app, database_url):
    publieke_id = nieuw(
        database_url, gemeente="duiven", woongemeente="overbetuwe", regelingen=["loonkostensubsidie"],
        feiten={"gemeente": "duiven", "woongemeente": "overbetuwe", "regeling": "loonkostensubsidie",
                "uitkering": "Participatiewet", "doelgroepregister": "ja", "uren": 24,
                "startdatum": "1 maart 2027", "bedrijfsgrootte": "klein"},
        transcript=[],
    )
    html_tekst = pagina(client_voor(app, ANNA), publieke_id)
    assert tekst_van(html_tekst, "gemeente") == "Duiven"
    assert tekst_van(html_tekst, "woongemeente") == "Overbetuwe"
    assert tekst_van(html_tekst, "uitkering").startswith("Participatiewet vastgelegd door de assistent")
    assert tekst_van(html_tekst, "doelgroepregister").startswith("staat erin")
    assert tekst_van(html_tekst, "uren").startswith("24 uur per week")
    assert tekst_van(html_tekst, "startdatum").startswith("1 maart 2027")
    assert tekst_van(html_tekst, "bedrijfsgrootte").startswith("klein")
    assert "De assistent vraagt nooit naar gezondheid" in html_tekst
    # the rules of the municipality that decides (LKS: where the employee lives)
    assert "Loonkostensubsidie in Overbetuwe" in html_tekst
    assert "Beslist: de woongemeente van de werknemer." in html_tekst


def test_oude_overdracht_feiten_uit_het_gesprek_en_eerlijk_over_een_onbekende_gemeente(app, database_url):
    # voorbeeldgesprek: "wij zitten in Velp en willen iemand uit de Participatiewet aannemen"
    uit_gesprek = nieuw(database_url, gemeente="rheden")
    zonder_aanwijzing = nieuw(database_url, gemeente="arnhem", transcript=[
        {"afzender": "werkgever", "tekst": "Arnhem", "tijd": "2026-11-20T10:00:00Z"}])
    client = client_voor(app, ANNA)

    html_tekst = pagina(client, uit_gesprek)
    assert tekst_van(html_tekst, "gemeente") == "Rheden"
    assert tekst_van(html_tekst, "woongemeente") == "niet genoemd"
    # the employer's own line, as evidence, quoted once at the first fact it gave
    assert "wij zitten in Velp" in tekst_van(html_tekst, "feit-gemeente")
    uitkering = tekst_van(html_tekst, "uitkering")
    assert uitkering == "Participatiewet (bijstand) uit het gesprek, zelfde zin als hierboven"
    for sleutel in ("doelgroepregister", "uren", "startdatum"):
        assert tekst_van(html_tekst, sleutel) == "niet genoemd", sleutel
    # LKS is decided where the employee lives, which is unknown: said so, with the company's rules
    assert "De woongemeente van de werknemer is niet bekend" in html.unescape(html_tekst)
    assert "Loonkostensubsidie in Rheden" in html_tekst

    html_tekst = pagina(client, zonder_aanwijzing)
    assert tekst_van(html_tekst, "gemeente") == "Arnhem"
    assert "of dat de gemeente van het bedrijf of van de werknemer is, staat er niet bij" in html_tekst


# --- where the assistant got stuck ---------------------------------------------------------------

def test_vragen_waar_de_assistent_vastliep_worden_gemarkeerd(app, database_url):
    gesprek = [
        {"afzender": "werkgever", "tekst": "Mag mijn kandidaat met de scootmobiel naar binnen?"},
        {"afzender": "assistent", "tekst": teksten.ONBEGREPEN_1},
        {"afzender": "werkgever", "tekst": "Wat is de no-riskpolis?"},
        {"afzender": "assistent", "tekst": "De no-riskpolis helpt u als ...\nBron: UWV (gecontroleerd op 1 mei 2026)"},
        {"afzender": "werkgever", "tekst": "Dit antwoord hielp niet (duim omlaag)"},
        {"afzender": "werkgever", "tekst": "Wat kost een jobcoach?"},
        {"afzender": "assistent", "tekst": "Een jobcoach ..."},
        {"afzender": "werkgever", "tekst": "Kunt u mijn btw-aangifte doen?", "vastgelopen": "buiten_bereik"},
    ]
    publieke_id = nieuw(database_url, transcript=gesprek)
    html_tekst = pagina(client_voor(app, ANNA), publieke_id)
    assert html_tekst.count('class="bericht werkgever vastgelopen"') == 3
    assert html_tekst.count('class="bericht werkgever"') == 2  # the 👎 line and the jobcoach question
    blok = html_tekst.split('id="vastgelopen"', 1)[1].split("</section>", 1)[0]
    assert [html.unescape(t) for t in re.findall(r'<a href="#bericht-\d+">(.*?)</a>', blok)] == [
        "Mag mijn kandidaat met de scootmobiel naar binnen?",
        "Wat is de no-riskpolis?",
        "Kunt u mijn btw-aangifte doen?",
    ]
    assert "De assistent begreep deze vraag niet" in blok
    assert "Het antwoord hielp de werkgever niet" in blok
    assert "Buiten wat de assistent beantwoordt" in blok
    assert 'href="#bericht-0"' in blok and 'id="bericht-0"' in html_tekst


# --- the rules, as `toon` shows them -------------------------------------------------------------

def test_regels_zoals_toon_ze_laat_zien(app, database_url):
    publieke_id = nieuw(database_url, gemeente="rheden", woongemeente="arnhem",
                        regelingen=["loonkostensubsidie", "no_risk_polis"], transcript=[])
    html_tekst = html.unescape(pagina(client_voor(app, ANNA), publieke_id))
    blok = html_tekst.split('id="regels"', 1)[1].split("</section>\n      </section>", 1)[0]

    repo = default_store().current()
    effectief = repo.effective_rules("arnhem", "loonkostensubsidie")
    assert effectief.items, "de regio heeft regels voor loonkostensubsidie"
    uit = io.StringIO()
    assert regels_cli(["toon", "arnhem", "loonkostensubsidie"], out=uit, err=io.StringIO()) == 0
    toon = uit.getvalue()
    for item in effectief.items:
        assert item.label in toon and item.tekst in toon  # what `toon` prints ...
        assert item.label in blok and item.tekst in blok  # ... is on the page too
        if item.is_afwijking:
            assert item.regio_tekst in blok
    assert "Loonkostensubsidie in Arnhem" in blok
    assert "python -m wsp.regels toon arnhem loonkostensubsidie" in blok
    assert "Landelijke regeling: in elke gemeente gelijk." in blok  # no-riskpolis


# --- reply to the employer -----------------------------------------------------------------------

def test_antwoord_aan_de_werkgever_via_de_outbox_met_reply_to(app, database_url, smtp_server):
    publieke_id = nieuw(database_url, melding=None)
    client = client_voor(app, ANNA)
    pad = f"/overdrachten/{publieke_id}/antwoord"
    assert "Beste Jan Jansen," in pagina(client, publieke_id)  # the form starts the letter

    # empty, or a header injection in the subject: nothing is queued for the empty one
    post(client, pad, onderwerp="Uw vraag", tekst="   ")
    assert "Schrijf eerst uw bericht." in pagina(client, publieke_id)
    assert berichten(database_url, publieke_id) == []

    brief = "Beste Jan,\n\nIk bel u morgen over de loonwaardemeting.\n\nAnna"
    antwoord = post(client, pad, onderwerp="Uw vraag over LKS\r\nBcc: boef@example.com", tekst=brief)
    assert antwoord.status_code == 302 and antwoord.headers["Location"].endswith("#antwoord")
    o = overdracht(database_url, publieke_id)
    assert o.status == "in_behandeling" and o.eerste_contact_op is not None
    regel = o.statuswijzigingen[-1]
    assert (regel.soort, regel.van, regel.naar, regel.door) == ("antwoord", "nieuw", "in_behandeling", "am-arnhem-1")
    assert brief in regel.toelichting
    html_tekst = pagina(client, publieke_id)
    assert "E-mail aan de werkgever gestuurd" in html_tekst and "Ik bel u morgen" in html_tekst

    [rij] = berichten(database_url, publieke_id)
    assert rij.ontvanger == "jan@korenaar-voorbeeld.nl" and rij.status == "wachtend"
    assert bezorg(database_url, smtp_server) == 1
    [mail] = smtp_server.mails
    bericht = mail.bericht
    assert mail.rcpt_tos == ["jan@korenaar-voorbeeld.nl"]
    assert bericht["Reply-To"] == "Anna de Vries <anna@wsp-voorbeeld.nl>"
    assert bericht["To"] == "Jan Jansen <jan@korenaar-voorbeeld.nl>"
    assert "Anna de Vries" in bericht["From"] and "chatassistent@" in bericht["From"]
    assert bericht["Subject"] == "Uw vraag over LKS Bcc: boef@example.com"  # one line, no extra header
    assert bericht["Bcc"] is None
    body = mail.tekst()
    assert "Ik bel u morgen over de loonwaardemeting." in body
    assert "Uw antwoord gaat naar Anna de Vries (anna@wsp-voorbeeld.nl)" in body
    assert "026 000 00 01" in body
    assert "verzonden" in pagina(client, publieke_id)

    # no usable address: refused, nothing queued
    zonder = nieuw(database_url, email="", melding=None)
    post(client, f"/overdrachten/{zonder}/antwoord", onderwerp="x", tekst="y")
    assert berichten(database_url, zonder) == []
    assert "geen e-mailadres bekend" in pagina(client, zonder)


def test_overdrachtsmail_aan_accountmanager_heeft_reply_to_van_de_werkgever(database_url, smtp_server, tmp_path):
    from wsp.overdracht.toewijzing import Roster

    leeg_database(database_url)
    roster = Roster.from_file(schrijf_rooster(tmp_path / "rooster.yml"))
    with session_factory(database_url)() as db:
        service_overdracht(
            db, gesprek_id="gesprek-reply-to", reden="gevraagd", gemeente="arnhem",
            regelingen=["jobcoaching"], vraag="Wie betaalt de jobcoach?",
            contact=Contact(naam="Ilse Peters", organisatie="Hovenier Peters", email="ilse@hovenier.example"),
            toestemming_op=utcnow(), transcript=[], kanaal="rest", roster=roster,
            inbox_base_url="https://inbox.wsp-voorbeeld.nl",
        )
    assert bezorg(database_url, smtp_server) == 1
    bericht = smtp_server.mails[0].bericht
    assert bericht["Reply-To"] == "Ilse Peters <ilse@hovenier.example>"
    assert "anna@wsp-voorbeeld.nl" in bericht["To"]


# --- statuses, reminders and contact attempts ----------------------------------------------------

def test_wacht_op_werkgever_met_herinneringsmail(app, database_url, smtp_server):
    publieke_id = nieuw(database_url, organisatie="Wachtende Werkgever BV", melding=None)
    client = client_voor(app, ANNA)
    pad = f"/overdrachten/{publieke_id}/status"
    vandaag = vandaag_lokaal()

    post(client, pad, naar="wacht_op_werkgever", huidige_status="nieuw")
    assert "Kies een datum waarop u een herinnering wilt krijgen." in pagina(client, publieke_id)
    post(client, pad, naar="wacht_op_werkgever", huidige_status="nieuw",
         herinnering_op=(vandaag - timedelta(days=1)).isoformat())
    assert "De herinnering moet vandaag of later zijn." in pagina(client, publieke_id)
    assert overdracht(database_url, publieke_id).status == "nieuw"

    dag = voorstel_herinnering(vandaag)
    assert dag.weekday() < 5 and dag > vandaag
    post(client, pad, naar="wacht_op_werkgever", huidige_status="nieuw", herinnering_op=dag.isoformat(),
         toelichting="Wacht op loonstrook")
    o = overdracht(database_url, publieke_id)
    assert o.status == "wacht_op_werkgever" and o.herinnering_op == dag and o.eerste_contact_op is None
    html_tekst = pagina(client, publieke_id)
    assert "Status: Wacht op werkgever" in html_tekst and "Herinnering: " in html_tekst
    lijst = client.get("/?status=open").get_data(as_text=True)
    assert "Wachtende Werkgever BV" in lijst and "Wacht op werkgever" in lijst

    [herinnering] = berichten(database_url, publieke_id)
    assert herinnering.ontvanger == "anna@wsp-voorbeeld.nl"
    gepland = datetime.combine(dag, time(8, 0), tzinfo=TIJDZONE).astimezone(timezone.utc).replace(tzinfo=None)
    assert herinnering.volgende_poging_op == gepland
    assert bezorg(database_url, smtp_server) == 0  # not yet
    inst = Instellingen(smtp_host=smtp_server.host, smtp_port=smtp_server.port)
    assert bezorg_wachtende(session_factory(database_url), inst, now=gepland + timedelta(minutes=1)) == 1
    mail = smtp_server.mails[0]
    assert mail.bericht["Subject"] == "Herinnering: Wachtende Werkgever BV"
    assert "wacht op Wachtende Werkgever BV" in mail.tekst()
    assert f"/overdrachten/{publieke_id}" in mail.tekst()

    # a new reminder replaces a pending one; the employer answering ends it
    post(client, pad, naar="in_behandeling", huidige_status="wacht_op_werkgever")
    o = overdracht(database_url, publieke_id)
    assert o.status == "in_behandeling" and o.herinnering_op is None
    post(client, pad, naar="wacht_op_werkgever", huidige_status="in_behandeling", herinnering_op=dag.isoformat())
    post(client, pad, naar="afgerond", huidige_status="wacht_op_werkgever", toelichting="Geregeld")
    wachtend = [b for b in berichten(database_url, publieke_id) if b.status == "wachtend"]
    assert wachtend == [] and overdracht(database_url, publieke_id).herinnering_op is None


def test_lijst_zet_herinnering_van_vandaag_bij_het_werk_van_vandaag(app, database_url):
    vandaag = vandaag_lokaal()
    nieuw(database_url, organisatie="Oud Wachtend BV", aangemaakt_op=utcnow() - timedelta(days=9))
    with session_scope(database_url) as db:
        for naam, dag in (("Herinnering Vandaag BV", vandaag), ("Herinnering Later BV", vandaag + timedelta(days=7))):
            o = maak_overdracht(db, "am-arnhem-1", organisatie=naam, aangemaakt_op=utcnow() - timedelta(days=3))
            o.status, o.herinnering_op = "wacht_op_werkgever", dag
        o = maak_overdracht(db, "am-arnhem-1", organisatie="In Behandeling BV", aangemaakt_op=utcnow() - timedelta(days=1))
        o.status = "in_behandeling"
    lijst = client_voor(app, ANNA).get("/").get_data(as_text=True)
    volgorde = re.findall(r'">((?:Oud Wachtend|Herinnering Vandaag|Herinnering Later|In Behandeling) BV)</a>', lijst)
    assert volgorde == ["Oud Wachtend BV", "In Behandeling BV", "Herinnering Vandaag BV", "Herinnering Later BV"]
    assert "Herinnering: vandaag" in lijst


def test_contactpoging_staat_los_van_in_behandeling(app, database_url):
    publieke_id = nieuw(database_url, melding=None)
    client = client_voor(app, ANNA)
    # taking it on is not contact
    post(client, f"/overdrachten/{publieke_id}/status", naar="in_behandeling", huidige_status="nieuw")
    o = overdracht(database_url, publieke_id)
    assert o.status == "in_behandeling" and o.eerste_contact_op is None
    assert "nog niet" in tekst_van(pagina(client, publieke_id), "contact")

    pad = f"/overdrachten/{publieke_id}/contactpoging"
    post(client, pad, manier="fax", resultaat="gesproken")
    assert "Kies hoe u contact zocht" in pagina(client, publieke_id)
    dag = voorstel_herinnering(vandaag_lokaal(), 1)
    antwoord = post(client, pad, manier="telefoon", resultaat="voicemail", toelichting="Voicemail ingesproken",
                    opnieuw_op=dag.isoformat())
    assert antwoord.headers["Location"].endswith("#contact")
    o = overdracht(database_url, publieke_id)
    assert o.eerste_contact_op is None and o.herinnering_op == dag
    html_tekst = pagina(client, publieke_id)
    assert "Contactpoging vastgelegd: gebeld, niet bereikt, voicemail ingesproken." in html_tekst
    assert "Gebeld: niet bereikt, voicemail ingesproken" in html_tekst
    assert "nog niet · 1 poging" in tekst_van(html_tekst, "contact")
    assert "Opgepakt" not in html_tekst  # the service norm still counts

    post(client, pad, manier="telefoon", resultaat="gesproken", toelichting="LKS besproken")
    o = overdracht(database_url, publieke_id)
    assert o.eerste_contact_op is not None
    pogingen = [(s.soort, s.manier, s.resultaat) for s in o.statuswijzigingen if s.soort == "contactpoging"]
    assert pogingen == [("contactpoging", "telefoon", "voicemail"), ("contactpoging", "telefoon", "gesproken")]
    assert "Opgepakt na 0 werkdagen" in pagina(client, publieke_id)

    # on a new handover, a contact attempt means someone is on it
    tweede = nieuw(database_url, melding=None)
    post(client, f"/overdrachten/{tweede}/contactpoging", manier="telefoon", resultaat="niet_bereikt")
    o = overdracht(database_url, tweede)
    assert o.status == "in_behandeling" and o.eerste_contact_op is None


def test_andermans_overdracht_kan_geen_contact_of_antwoord_krijgen(app, database_url):
    van_bert = nieuw(database_url, am="am-zevenaar-1", melding=None)
    client = client_voor(app, ANNA)
    assert post(client, f"/overdrachten/{van_bert}/contactpoging", manier="telefoon", resultaat="gesproken").status_code == 404
    assert post(client, f"/overdrachten/{van_bert}/antwoord", onderwerp="x", tekst="y").status_code == 404
    # and without a CSRF token nothing happens on her own
    eigen = nieuw(database_url, melding=None)
    assert client.post(f"/overdrachten/{eigen}/antwoord", data={"onderwerp": "x", "tekst": "y"}).status_code == 400
    assert berichten(database_url, van_bert) == [] and berichten(database_url, eigen) == []
    assert len(geschiedenis(database_url, van_bert)) == 1 and len(geschiedenis(database_url, eigen)) == 1


# --- the list, earlier handovers, reassignment ---------------------------------------------------

def test_lijst_toont_een_voorproefje_van_de_vraag(app, database_url):
    lang = ("Wij willen een medewerker via de Praktijkroute aannemen en vragen ons af wie de loonwaarde meet, "
            "hoe lang dat duurt en of de gemeente Rheden daarvoor een vaste werkwijze heeft.")
    nieuw(database_url, organisatie="Voorproef BV", vraag=lang)
    lijst = client_voor(app, ANNA).get("/").get_data(as_text=True)
    m = re.search(r'<span class="vraagvoorbeeld" title="([^"]*)">“(.*?)”</span>', lijst)
    assert m, lijst
    assert html.unescape(m.group(1)) == lang
    voorbeeld = html.unescape(m.group(2))
    assert voorbeeld.endswith("…") and len(voorbeeld) <= 120 and lang.startswith(voorbeeld[:-1])


def test_eerdere_overdrachten_van_dezelfde_werkgever(app, database_url):
    huidig = nieuw(database_url, email="jan@korenaar-voorbeeld.nl", kvk="12345678", vraag="Huidige vraag")
    zelfde_mail = nieuw(database_url, email="JAN@korenaar-voorbeeld.nl", kvk=None, vraag="Vraag over jobcoaching",
                        aangemaakt_op=utcnow() - timedelta(days=40))
    zelfde_kvk = nieuw(database_url, email="inkoop@korenaar-voorbeeld.nl", kvk="12345678", vraag="Vraag over LKV",
                       aangemaakt_op=utcnow() - timedelta(days=80))
    van_bert = nieuw(database_url, am="am-zevenaar-1", email="jan@korenaar-voorbeeld.nl", vraag="Vraag bij Bert")
    nieuw(database_url, email="ander@bedrijf.example", kvk="87654321", vraag="Andere werkgever")

    anna = pagina(client_voor(app, ANNA), huidig)
    blok = anna.split('id="eerdere"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r'/overdrachten/([0-9a-f]+)"', blok) == [zelfde_mail, zelfde_kvk]
    assert "Vraag bij Bert" not in anna and "Andere werkgever" not in anna

    teamleider = pagina(client_voor(app, TEAMLEIDER), huidig)
    blok = teamleider.split('id="eerdere"', 1)[1].split("</section>", 1)[0]
    assert set(re.findall(r'/overdrachten/([0-9a-f]+)"', blok)) == {zelfde_mail, zelfde_kvk, van_bert}
    assert "bij Bert Jansen" in blok
    # Bert sees none of Anna's
    assert 'id="eerdere"' not in pagina(client_voor(app, BERT), van_bert)


def test_toewijzing_mailt_de_nieuwe_accountmanager(app, database_url, smtp_server):
    publieke_id = nieuw(database_url, organisatie="Garage Van Dijk", melding=None)
    client = client_voor(app, TEAMLEIDER)
    post(client, f"/overdrachten/{publieke_id}/toewijzing", accountmanager_id="am-zevenaar-1",
         toelichting="Anna is met verlof")
    assert overdracht(database_url, publieke_id).accountmanager_id == "am-zevenaar-1"
    assert bezorg(database_url, smtp_server) == 1
    mail = smtp_server.mails[0]
    assert mail.rcpt_tos == ["bert@wsp-voorbeeld.nl"]
    assert mail.bericht["Subject"] == "Aan u toegewezen: vraag van Garage Van Dijk (Rheden)"
    assert mail.bericht["Reply-To"] == "Jan Jansen <jan@korenaar-voorbeeld.nl>"
    body = mail.tekst()
    assert "Beste Bert," in body and "Anna is met verlof" in body
    assert f"https://inbox.wsp-voorbeeld.nl/overdrachten/{publieke_id}" in body
    assert "Hoe lang krijg ik loonkostensubsidie" in body
    regel = geschiedenis(database_url, publieke_id)[-1]
    assert regel.soort == "toewijzing" and regel.bericht_id is not None


def test_api_geeft_de_nieuwe_velden(app, database_url):
    publieke_id = nieuw(database_url, woongemeente="arnhem", feiten={"uren": 20}, melding=None)
    client = client_voor(app, ANNA)
    post(client, f"/overdrachten/{publieke_id}/contactpoging", manier="telefoon", resultaat="gesproken")
    kop = {"Authorization": f"Bearer {token_voor(database_url, ANNA)}"}
    detail = client.get(f"/api/escalations/{publieke_id}", headers=kop).get_json()
    assert detail["woongemeente"] == "arnhem" and detail["feiten"] == {"uren": 20}
    assert detail["vraag_voorbeeld"].startswith("Hoe lang krijg ik")
    assert detail["statuswijzigingen"][-1]["soort"] == "contactpoging"
    assert detail["eerste_contact_op"] is not None and detail["status"] == "in_behandeling"


# --- an older database gets the new columns ------------------------------------------------------

NIEUWE_KOLOMMEN = {
    "overdrachten": ("woongemeente", "feiten", "herinnering_op"),
    "statuswijzigingen": ("soort", "manier", "resultaat", "bericht_id"),
}


def test_nieuwe_kolommen_worden_aan_een_oudere_database_toegevoegd(database_url):
    engine = make_engine(database_url)
    try:
        leeg_database(database_url)
        with engine.begin() as conn:
            for tabel, kolommen in NIEUWE_KOLOMMEN.items():
                for kolom in kolommen:
                    conn.execute(text(f"ALTER TABLE {tabel} DROP COLUMN {kolom}"))
        with engine.begin() as conn:  # a handover stored by the older version
            conn.execute(text(
                "INSERT INTO overdrachten (publieke_id, gesprek_id, accountmanager_id, reden, gemeente, regelingen,"
                " laatste_antwoorden, transcript, kanaal, status, servicenorm_werkdagen, aangemaakt_op, bijgewerkt_op)"
                " VALUES ('oud1', 'g1', 'am-arnhem-1', 'gevraagd', 'rheden', '[]', '[]', '[]', 'rest', 'nieuw', 2,"
                " :nu, :nu)"), {"nu": utcnow()})
        toegevoegd = voeg_kolommen_toe(engine)
        assert sorted(toegevoegd) == sorted(f"{t}.{k}" for t, ks in NIEUWE_KOLOMMEN.items() for k in ks)
        assert voeg_kolommen_toe(engine) == []  # a second start changes nothing
        for tabel, kolommen in NIEUWE_KOLOMMEN.items():
            namen = {k["name"] for k in inspect(engine).get_columns(tabel)}
            assert set(kolommen) <= namen
        with session_factory(database_url)() as db:
            oud = db.execute(select(Overdracht).where(Overdracht.publieke_id == "oud1")).scalar_one()
            assert oud.woongemeente is None and oud.feiten is None and oud.herinnering_op is None
    finally:
        engine.dispose()
    assert set(Base.metadata.tables) >= set(NIEUWE_KOLOMMEN)


def test_bewaartermijn_wist_feiten_contactnotities_en_antwoorden(app, database_url, tmp_path):
    from wsp import bewaren

    publieke_id = nieuw(database_url, feiten={"uitkering": "Wajong", "uren": 12}, melding=None)
    client = client_voor(app, ANNA)
    post(client, f"/overdrachten/{publieke_id}/contactpoging", manier="telefoon", resultaat="gesproken",
         toelichting="Kandidaat Piet begint maandag")
    post(client, f"/overdrachten/{publieke_id}/antwoord", onderwerp="Uw vraag", tekst="Beste Jan, tot maandag.")
    post(client, f"/overdrachten/{publieke_id}/status", naar="afgerond", huidige_status="in_behandeling",
         toelichting="Geregeld")
    with session_scope(database_url) as db:
        o = db.execute(select(Overdracht).where(Overdracht.publieke_id == publieke_id)).scalar_one()
        o.bijgewerkt_op = utcnow() - timedelta(days=40)
    bewaren.opschonen(30, database_url=database_url, tracker_database_url=f"sqlite:///{tmp_path / 'geen.sqlite'}",
                      mail_spool=tmp_path / "mail", nu=utcnow())
    o = overdracht(database_url, publieke_id)
    assert o.feiten is None and o.email is None
    assert all(s.toelichting is None for s in o.statuswijzigingen)
    assert [s.soort for s in o.statuswijzigingen][-3:] == ["contactpoging", "antwoord", "status"]
