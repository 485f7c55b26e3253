"""Proactive information end to end, on SQLite and on PostgreSQL, with a real SMTP server and the
inbox on a real HTTP port: employers subscribe (through the same framework-free layer the chat
action calls), confirm by mail, an editor changes Zevenaar's jobcoach hours and publishes with
``python -m wsp.publiceren``; exactly one change mail arrives, for the Zevenaar subscriber, naming
the accountmanager; none for the Duiven subscriber nor for the one who never confirmed;
unsubscribing stops the next one; erasure removes the subscription."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Iterator

import pytest
import yaml
from sqlalchemy import create_engine, func, insert, select

from tests.support.abonnementen import http, inbox_server, kopieer_inhoud, links, wijzig
from tests.support.inbox import TEAMLEIDER, WACHTWOORD, Account, maak_accounts
from tests.support.smtp import ReceivedMail, SmtpServer
from tests.support.waiting import wait_until
from wsp import bewaren
from wsp.abonnementen import chat, cli, service
from wsp.abonnementen import inzichten as abonnement_inzichten
from wsp.abonnementen.models import Abonnement, Publicatie, PublicatieOntvanger
from wsp.abonnementen.momentopname import datum_tekst, euro
from wsp.db import REPO_ROOT, session_factory, session_scope
from wsp.inzichten.bronnen import EVENTS
from wsp.overdracht.instellingen import Instellingen
from wsp.overdracht.models import OutboxBericht, Werkgever
from wsp.overdracht.outbox import bezorg_wachtende, status_tabel
from wsp.overdracht.service import Contact, maak_overdracht
from wsp.regels import controleer

JAN = "jan@bouwbedrijf-giesbeek.nl"  # Zevenaar (Giesbeek), jobcoaching
PIET = "piet@transport-duiven.nl"  # Duiven, jobcoaching
KEES = "kees@kwekerij-lobith.nl"  # Zevenaar, never confirms
FATIMA = Account("f.elamrani@wsp-midden-gelderland.example", "am-liemers-1", "accountmanager")
SANNE = Account("s.devries@wsp-midden-gelderland.example", "am-arnhem-1", "accountmanager")


@dataclass
class Omgeving:
    db_url: str
    content: Path
    basis: str
    smtp: SmtpServer
    instellingen: Instellingen
    repo: object
    tmp: Path
    gezien: int = 0
    uitvoer: list[str] = field(default_factory=list)

    def bezorg(self) -> list[ReceivedMail]:
        """One outbox round; the mails the SMTP server received since the previous call."""
        bezorg_wachtende(session_factory(self.db_url), self.instellingen)
        nieuw = self.smtp.mails[self.gezien:]
        self.gezien = len(self.smtp.mails)
        return nieuw

    def abonneer(self, email: str, gemeente: str, regelingen: list[str], gesprek: str) -> str:
        toestemming = chat.toestemmingstekst(self.repo, regelingen, gemeente)
        uitkomst = chat.vraag_aan(self.repo, email=email, gemeente=gemeente,
                                  regelingen=regelingen, gesprek_id=gesprek, kanaal="socketio",
                                  aangevraagd=None, toestemming=toestemming,
                                  database_url=self.db_url)
        assert uitkomst.gelukt, uitkomst.tekst
        return uitkomst.tekst

    def publiceer(self, *antwoorden: str, extra: tuple[str, ...] = ()) -> int:
        invoer = iter(antwoorden)
        uit = io.StringIO()
        code = cli.main(["publiceer", "--content-root", str(self.content), "--database-url",
                         self.db_url, *extra], uit=uit, invoer=lambda _vraag: next(invoer))
        self.uitvoer.append(uit.getvalue())
        return code


@pytest.fixture
def omgeving(tmp_path: Path, db_url: str, smtp_server: SmtpServer, monkeypatch
             ) -> Iterator[Omgeving]:
    content = kopieer_inhoud(tmp_path / "content")
    uitkomst = controleer(content)
    assert uitkomst.repository is not None, [str(f) for f in uitkomst.fouten]
    monkeypatch.setenv("WSP_CONTENT_ROOT", str(content))
    monkeypatch.setenv("WSP_MAIL_AFZENDER", "chatassistent@wsp-voorbeeld.nl")
    with inbox_server(db_url, content) as basis:
        monkeypatch.setenv("WSP_ABONNEMENT_URL", basis)
        inst = Instellingen(smtp_host="127.0.0.1", smtp_port=smtp_server.port,
                            mail_afzender="chatassistent@wsp-voorbeeld.nl",
                            mail_spool=tmp_path / "spool")
        yield Omgeving(db_url, content, basis, smtp_server, inst, uitkomst.repository, tmp_path)


def voeg_minimumloon_toe(content: Path) -> tuple[dict, date, float]:
    """The editor adds the minimum wage of the half-year after the last one in the file."""
    bedragen = content / "knowledge" / "bedragen.yml"
    data = yaml.safe_load(bedragen.read_text(encoding="utf-8"))
    perioden = data["minimumloon"]["perioden"]
    vorige = max(perioden, key=lambda p: p["ingangsdatum"])
    start = vorige["ingangsdatum"]
    ingang = date(start.year + 1, 1, 1) if start.month >= 7 else date(start.year, 7, 1)
    bedrag = round(float(vorige["per_uur"]) + 0.41, 2)
    perioden.append({"ingangsdatum": ingang, "per_uur": bedrag, "bron": vorige["bron"],
                     "geverifieerd_op": vorige["geverifieerd_op"]})
    bedragen.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
    return vorige, ingang, bedrag


def _abonnement(db_url: str, email: str) -> list[Abonnement]:
    with session_scope(db_url) as s:
        return list(s.execute(select(Abonnement).where(Abonnement.email == email)).scalars())


def _aanmelden(client, account: Account) -> None:  # type: ignore[no-untyped-def]
    client.get("/aanmelden")
    with client.session_transaction() as sessie:
        token = sessie.get("csrf", "")
    antwoord = client.post("/aanmelden", data={"email": account.email, "wachtwoord": WACHTWOORD,
                                                "csrf_token": token})
    assert antwoord.status_code == 302, antwoord.get_data(as_text=True)


def test_aanmelden_bevestigen_publiceren_afmelden_vergeten(omgeving: Omgeving) -> None:
    o = omgeving
    # --- three employers subscribe in the chat -------------------------------------------------
    antwoord = o.abonneer(JAN, "zevenaar", ["jobcoaching"], "gesprek-jan")
    assert JAN in antwoord and "link" in antwoord
    o.abonneer(PIET, "duiven", ["jobcoaching"], "gesprek-piet")
    o.abonneer(KEES, "zevenaar", ["jobcoaching"], "gesprek-kees")
    # asking twice in the same conversation sends no second mail
    o.abonneer(JAN, "zevenaar", ["jobcoaching"], "gesprek-jan")
    [jan] = _abonnement(o.db_url, JAN)
    assert jan.status == "wachtend" and jan.toestemming_versie
    assert "gemeente Zevenaar" in jan.toestemmingstekst and "één klik afmelden" in jan.toestemmingstekst
    assert jan.toestemmingstekst == chat.toestemmingstekst(o.repo, ["jobcoaching"], "zevenaar")
    assert jan.aangevraagd_op is not None and jan.bevestigd_op is None
    assert jan.accountmanager_id == "am-liemers-1"

    bevestigingen = o.bezorg()
    assert sorted(m.rcpt_tos[0] for m in bevestigingen) == sorted([JAN, PIET, KEES])
    for mail in bevestigingen:
        assert mail.bericht["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "Bevestig" in mail.bericht["Subject"]

    # --- Jan and Piet confirm by mail; Kees does not --------------------------------------------
    for mail in bevestigingen:
        if KEES in mail.rcpt_tos:
            continue
        url = links(mail.tekst())["bevestigen"]
        assert url.startswith(o.basis)
        pagina = http(url)  # opening the link (or a mail scanner) confirms nothing yet
        assert pagina.status == 200 and "Ja, ik wil deze berichten" in pagina.tekst
        assert _abonnement(o.db_url, mail.rcpt_tos[0])[0].status == "wachtend"
        bevestigd = http(url, data=b"", methode="POST")
        assert bevestigd.status == 200 and "U bent aangemeld" in bevestigd.tekst
        nog_eens = http(url, data=b"", methode="POST")  # idempotent
        assert nog_eens.status == 200 and "al aangemeld" in nog_eens.tekst
        assert "Location" not in nog_eens.headers
    assert _abonnement(o.db_url, JAN)[0].status == "actief"
    assert _abonnement(o.db_url, JAN)[0].bevestigd_op is not None
    assert _abonnement(o.db_url, KEES)[0].status == "wachtend"
    # asking again once subscribed: the same answer (the chat does not reveal who is on the
    # list) and no mail
    assert o.abonneer(JAN, "zevenaar", ["jobcoaching"], "gesprek-jan-2") == antwoord
    assert o.bezorg() == []
    with session_scope(o.db_url) as s:  # the confirmed employer keeps the named accountmanager
        assert s.execute(select(Werkgever.accountmanager_id).where(Werkgever.email == JAN)
                         ).scalar_one() == "am-liemers-1"

    # an earlier handover of another Zevenaar employer about jobcoaching, and one in Arnhem
    roster = service.Inhoud(o.content).roster
    with session_scope(o.db_url) as s:
        for gemeente, organisatie in (("zevenaar", "Garage Giesbeek"), ("arnhem", "Bakkerij Arnhem")):
            maak_overdracht(
                s, gesprek_id=f"gesprek-{gemeente}", reden="gevraagd", gemeente=gemeente,
                regelingen=["jobcoaching"], vraag="Hoeveel uur komt de jobcoach?",
                contact=Contact(naam="Eigenaar", organisatie=organisatie,
                                email=f"info@{gemeente}-voorbeeld.nl"),
                toestemming_op=datetime.utcnow(), transcript=[], kanaal="rest", roster=roster,
                inbox_base_url=o.basis)
    assert {m.rcpt_tos[0] for m in o.bezorg()} == {
        "f.elamrani@wsp-midden-gelderland.example", "s.devries@wsp-midden-gelderland.example"}

    # --- an editor changes Zevenaar's jobcoach hours and publishes ------------------------------
    zevenaar = o.content / "regional_rules" / "gemeenten" / "zevenaar.yml"
    wijzig(zevenaar, "waarde: 3\n", "waarde: 6\n")
    wijzig(zevenaar, "gemiddeld 3 uur per week", "gemiddeld 6 uur per week")
    notitie = "Zevenaar geeft meer uren jobcoaching. Uw werknemer krijgt zo meer hulp."
    assert o.publiceer(notitie, "j") == 0, o.uitvoer[-1]
    toon = o.uitvoer[-1]
    assert "Jobcoaching in Zevenaar: Uren jobcoaching" in toon and "betreft 1 abonnee(s)" in toon
    assert "Fatima El Amrani: 1" in toon and "1 mail(s) klaargezet" in toon

    [wijzigingsmail] = o.bezorg()  # exactly one mail, for Jan
    assert wijzigingsmail.rcpt_tos == [JAN]
    tekst = wijzigingsmail.tekst()
    assert "Er verandert iets bij jobcoaching in Zevenaar" == wijzigingsmail.bericht["Subject"]
    assert notitie in tekst
    assert "Was: 3 uur per week" in tekst and "Wordt: 6 uur per week" in tekst
    assert "Vanaf: " in tekst and "Bron: Beleidsregels jobcoaching gemeente Zevenaar" in tekst
    assert "Fatima El Amrani" in tekst and "026 000 00 03" in tekst
    assert "f.elamrani@wsp-midden-gelderland.example" in tekst
    afmeld_url = wijzigingsmail.bericht["List-Unsubscribe"].strip("<>")
    assert links(tekst)["afmelden"] == afmeld_url
    assert wijzigingsmail.bericht["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    with session_factory(o.db_url)() as s:  # visible to operators
        assert "publ-" in status_tabel(s) and JAN in status_tabel(s)

    # nothing changed since: nothing is sent
    assert o.publiceer() == 0 and "niets veranderd" in o.uitvoer[-1]
    assert o.bezorg() == []

    # the mail is opened (image in the HTML part)
    assert http(links(wijzigingsmail.html())["geopend"]).headers["Content-Type"] == "image/gif"

    # --- the accountmanager sees which of her employers were told -------------------------------
    from wsp.inbox.app import create_app

    maak_accounts(o.db_url, FATIMA, SANNE)
    app = create_app(o.db_url, {"TESTING": True, "SECRET_KEY": "x", "CONTENT_ROOT": str(o.content)})
    with session_scope(o.db_url) as s:
        publicatie_id = s.execute(select(Publicatie.publieke_id)
                                  .where(Publicatie.soort == "redactie")).scalar_one()
    fatima = app.test_client()
    _aanmelden(fatima, FATIMA)
    assert 'href="/publicaties"' in fatima.get("/").get_data(as_text=True)  # in the menu
    lijst = fatima.get("/publicaties").get_data(as_text=True)
    assert notitie in lijst and f"/publicaties/{publicatie_id}" in lijst
    detail = fatima.get(f"/publicaties/{publicatie_id}").get_data(as_text=True)
    assert JAN in detail and PIET not in detail and KEES not in detail
    assert "Garage Giesbeek" in detail and "Bakkerij Arnhem" not in detail
    sanne = app.test_client()
    _aanmelden(sanne, SANNE)
    detail_sanne = sanne.get(f"/publicaties/{publicatie_id}").get_data(as_text=True)
    assert JAN not in detail_sanne and "Garage Giesbeek" not in detail_sanne
    assert app.test_client().get("/publicaties").status_code == 302  # sign-in required
    maak_accounts(o.db_url, TEAMLEIDER)
    teamleider = app.test_client()
    _aanmelden(teamleider, TEAMLEIDER)
    overzicht = teamleider.get("/publicaties").get_data(as_text=True)
    assert "Actieve abonnees per gemeente en regeling" in overzicht
    assert "Zevenaar" in overzicht and "Duiven" in overzicht and JAN not in overzicht
    alles = teamleider.get(f"/publicaties/{publicatie_id}").get_data(as_text=True)
    assert JAN in alles and "Fatima El Amrani" in alles and "Garage Giesbeek" in alles
    assert "Bakkerij Arnhem" not in alles  # Arnhem did not change

    with session_scope(o.db_url) as s:
        cijfers = abonnement_inzichten.cijfers(s)
    assert cijfers.per_gemeente_regeling == {("duiven", "jobcoaching"): 1,
                                             ("zevenaar", "jobcoaching"): 1}
    assert cijfers.per_status["wachtend"] == 1 and cijfers.per_status["actief"] == 2
    [p] = cijfers.publicaties
    assert (p.mails, p.verzonden, p.geopend, p.afgemeld) == (1, 1, 1, 0)

    # --- Jan unsubscribes with one click (his mail program POSTs, RFC 8058) ---------------------
    afgemeld = http(afmeld_url, data=b"List-Unsubscribe=One-Click", methode="POST")
    assert afgemeld.status == 200 and "U bent afgemeld" in afgemeld.tekst
    assert http(afmeld_url, data=b"List-Unsubscribe=One-Click", methode="POST").status == 200
    [jan] = _abonnement(o.db_url, JAN)
    assert (jan.status, jan.afmeldwijze) == ("afgemeld", "een_klik")

    # the next change concerns Jan again (Zevenaar) and Piet (the regional baseline): only Piet
    wijzig(zevenaar, "waarde: 6\n", "waarde: 8\n")
    regio = o.content / "regional_rules" / "regio.yml"
    tekst_regio = regio.read_text(encoding="utf-8")
    blok = tekst_regio.split("  jobcoaching:", 1)[1]
    regio.write_text(tekst_regio.replace(blok, blok.replace("waarde: 4\n", "waarde: 5\n", 1), 1),
                     encoding="utf-8")
    assert o.publiceer("Er komen uren jobcoaching bij.", "j") == 0, o.uitvoer[-1]
    volgende = o.bezorg()
    assert [m.rcpt_tos for m in volgende] == [[PIET]]
    assert "Jobcoaching in Duiven: Uren jobcoaching" in volgende[0].tekst()
    assert "Was: 4 uur" in volgende[0].tekst() and "Zevenaar" not in volgende[0].tekst()

    # --- erasure removes the subscription, its mails and its conversation -----------------------
    tracker = create_engine(o.db_url, future=True)
    EVENTS.metadata.create_all(tracker)
    with tracker.begin() as conn:
        conn.execute(insert(EVENTS).values(sender_id="gesprek-jan", type_name="user",
                                           timestamp=datetime.utcnow().timestamp(),
                                           intent_name="subscribe_updates", action_name=None,
                                           data='{"event": "user", "text": "houd me op de hoogte"}'))
    uitkomst = bewaren.vergeet(email=JAN, database_url=o.db_url, tracker_database_url=o.db_url,
                               mail_spool=o.tmp / "spool", wachtrij_map=o.tmp / "wachtrij")
    assert uitkomst.abonnementen == 1 and uitkomst.gesprekken == 1
    assert "abonnement(en) op wijzigingen" in uitkomst.tekst()
    assert _abonnement(o.db_url, JAN) == []
    with session_scope(o.db_url) as s:
        assert s.execute(select(func.count()).select_from(PublicatieOntvanger)
                         .where(PublicatieOntvanger.email == JAN)).scalar_one() == 0
        assert s.execute(select(func.count()).select_from(OutboxBericht)
                         .where(OutboxBericht.ontvanger == JAN)).scalar_one() == 0
        assert s.execute(select(func.count()).select_from(Werkgever)
                         .where(Werkgever.email == JAN)).scalar_one() == 0
    with tracker.connect() as conn:
        assert conn.execute(select(func.count()).select_from(EVENTS)
                            .where(EVENTS.c.sender_id == "gesprek-jan")).scalar_one() == 0
    tracker.dispose()
    assert _abonnement(o.db_url, PIET)[0].status == "actief"  # others are untouched


def test_links_zijn_veilig_en_idempotent(omgeving: Omgeving) -> None:
    o = omgeving
    o.abonneer(JAN, "zevenaar", ["jobcoaching"], "gesprek-jan")
    [mail] = o.bezorg()
    # nobody can flood an address with confirmation mails through the chat: 3 a day at most
    for n in range(4):
        o.abonneer(JAN, "zevenaar", ["jobcoaching"], f"gesprek-ander-{n}")
    assert [m.rcpt_tos for m in o.bezorg()] == [[JAN], [JAN]]
    url = links(mail.tekst())["bevestigen"]
    token = url.rsplit("=", 1)[1]
    vervalst = token[:-1] + ("A" if token[-1] != "A" else "B")
    for pad in (f"/abonnement/bevestigen?t={vervalst}", "/abonnement/bevestigen?t=kort",
                "/abonnement/bevestigen", "/abonnement/afmelden?t=" + "x" * 43,
                f"/abonnement/afmelden?t={token}", f"/abonnement/bevestigen?t={token}%0A"):
        antwoord = http(o.basis + pad, data=b"", methode="POST")
        assert antwoord.status == 404 and "Deze link werkt niet" in antwoord.tekst, pad
        assert "Location" not in antwoord.headers
    assert _abonnement(o.db_url, JAN)[0].status == "wachtend"
    # a POST without a CSRF token is accepted here (the token in the path is the credential),
    # and the confirmation link cannot be used to unsubscribe and vice versa
    afmeld_url = links(mail.tekst())["afmelden"]
    assert http(afmeld_url.replace("/afmelden?", "/bevestigen?"), b"", "POST").status == 404
    # the public pages carry the inbox's security headers and are never cached
    pagina = http(url)
    assert pagina.headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in pagina.headers["Content-Security-Policy"]
    assert http(o.basis + "/abonnement/static/inbox.css").status == 200
    # after a week the link has expired; a new request in the chat gives a new link
    with session_scope(o.db_url) as s:
        a = s.execute(select(Abonnement).where(Abonnement.gesprek_id == "gesprek-jan")).scalar_one()
        a.aangevraagd_op = datetime.utcnow() - timedelta(days=8)
    verlopen = http(url, b"", "POST")
    assert verlopen.status == 200 and "verlopen" in verlopen.tekst
    assert {a.status for a in _abonnement(o.db_url, JAN)} == {"wachtend"}
    # the link in the confirmation mail withdraws the request
    ingetrokken = http(afmeld_url, b"via=pagina", "POST")
    assert ingetrokken.status == 200 and "U bent afgemeld" in ingetrokken.tekst
    assert http(url, b"", "POST").tekst.count("al afgemeld") == 1
    # retention: the expired request is deleted, the stopped one anonymised after the period
    o.abonneer(KEES, "zevenaar", [], "gesprek-kees")
    with session_scope(o.db_url) as s:
        kees = s.execute(select(Abonnement).where(Abonnement.email == KEES)).scalar_one()
        kees.aangevraagd_op = datetime.utcnow() - timedelta(days=8)
    uitkomst = bewaren.opschonen(30, database_url=o.db_url, tracker_database_url=o.db_url,
                                 mail_spool=o.tmp / "spool")
    assert (uitkomst.abonnementen_verlopen, uitkomst.abonnementen_geanonimiseerd) == (1, 0)
    assert _abonnement(o.db_url, KEES) == []
    uitkomst = bewaren.opschonen(30, database_url=o.db_url, tracker_database_url=o.db_url,
                                 mail_spool=o.tmp / "spool",
                                 nu=datetime.utcnow() + timedelta(days=31))
    assert (uitkomst.abonnementen_verlopen, uitkomst.abonnementen_geanonimiseerd) == (2, 1)
    with session_scope(o.db_url) as s:
        [jan] = s.execute(select(Abonnement)).scalars().all()
        assert jan.email is None and jan.status == "afgemeld" and jan.gemeente == "zevenaar"
        assert s.execute(select(func.count()).select_from(OutboxBericht)
                         .where(OutboxBericht.ontvanger == JAN)).scalar_one() == 0


def test_wettelijke_bedragen_worden_vooraf_aangekondigd(omgeving: Omgeving) -> None:
    o = omgeving
    o.abonneer(JAN, "arnhem", ["loonkostensubsidie"], "gesprek-jan")
    o.abonneer(PIET, "duiven", ["jobcoaching"], "gesprek-piet")
    for mail in o.bezorg():
        http(links(mail.tekst())["bevestigen"], b"", "POST")
    vorige, ingang, bedrag = voeg_minimumloon_toe(o.content)
    assert controleer(o.content).repository is not None

    def aankondigen(datum: str) -> str:
        uit = io.StringIO()
        assert cli.main(["aankondigen", "--datum", datum, "--content-root", str(o.content),
                         "--database-url", o.db_url], uit=uit) == 0
        return uit.getvalue()

    assert "Geen nieuwe bedragen" in aankondigen(str(ingang - timedelta(days=60)))  # not yet
    assert o.bezorg() == []
    assert "1 mail(s)" in aankondigen(str(ingang - timedelta(days=27)))
    [mail] = o.bezorg()
    assert mail.rcpt_tos == [JAN]
    tekst = mail.tekst()
    assert "Wettelijk minimumloon per uur" in tekst
    assert f"Was: {euro(vorige['per_uur'])} per uur" in tekst
    assert f"Wordt: {euro(bedrag)} per uur" in tekst
    assert f"Vanaf: {datum_tekst(ingang)}" in tekst
    assert "Sanne de Vries" in tekst  # Arnhem's accountmanager
    assert "Geen nieuwe bedragen" in aankondigen(str(ingang - timedelta(days=26)))  # never twice
    assert o.bezorg() == []
    # the editor's next publication knows it was announced already
    assert o.publiceer(extra=("--droog",)) == 0
    assert "Al eerder automatisch aangekondigd" in o.uitvoer[-1]


@pytest.mark.process
@pytest.mark.process
def test_de_outbox_kondigt_bedragen_vanzelf_aan(omgeving: Omgeving, tmp_path: Path) -> None:
    """The running outbox worker (a real process) announces a due amount without any command."""
    o = omgeving
    o.abonneer(JAN, "arnhem", ["loonkostensubsidie"], "gesprek-jan")
    [mail] = o.bezorg()
    http(links(mail.tekst())["bevestigen"], b"", "POST")
    vorige, ingang, bedrag = voeg_minimumloon_toe(o.content)
    env = {**os.environ, "WSP_DATABASE_URL": o.db_url, "WSP_CONTENT_ROOT": str(o.content),
           "WSP_SMTP_HOST": "127.0.0.1", "WSP_SMTP_PORT": str(o.smtp.port),
           "WSP_ABONNEMENT_URL": o.basis, "WSP_WACHTRIJ_MAP": str(tmp_path / "wachtrij"),
           # wide enough for the next half-year, whatever today's date
           "WSP_AANKONDIGEN_DAGEN": str((ingang - date.today()).days + 1)}
    worker = subprocess.Popen([sys.executable, "-m", "wsp.overdracht.outbox", "--interval", "0.5"],
                              cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    try:
        wait_until(lambda: len(o.smtp.mails) > o.gezien, timeout=90)
    finally:
        worker.send_signal(signal.SIGTERM)
        _, fouten = worker.communicate(timeout=30)
    [aankondiging] = o.smtp.mails[o.gezien:]
    assert aankondiging.rcpt_tos == [JAN]
    assert f"Wordt: {euro(bedrag)} per uur" in aankondiging.tekst()
    assert f"Vanaf: {datum_tekst(ingang)}" in aankondiging.tekst()
    assert "event=aankondigen_mislukt" not in fouten
