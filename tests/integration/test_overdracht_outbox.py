"""Delivering handover notifications: a real SMTP server, a real webhook receiver, a real database
(SQLite file and PostgreSQL). Nothing stored is lost; a retry is recognisably the same message.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.support.overdracht import BSN, INBOX, NU
from tests.support.waiting import wait_until
from wsp.db import REPO_ROOT
from wsp.overdracht.instellingen import Instellingen
from wsp.overdracht.models import Bezorgpoging, OutboxBericht
from wsp.overdracht.outbox import bezorg_wachtende, claim_een, main, verstuur
from wsp.overdracht.service import Contact

GEHEIM = "test-geheim-voor-de-webhook"


def smtp_instellingen(server, tmp_path: Path, **anders) -> Instellingen:  # type: ignore[no-untyped-def]
    waarden = dict(smtp_host=server.host, smtp_port=server.port, smtp_timeout=3.0,
                   mail_spool=tmp_path / "spool-niet-gebruikt", webhook_secret=GEHEIM)
    waarden.update(anders)
    return Instellingen(**waarden)


def berichten(sessions) -> list[OutboxBericht]:  # type: ignore[no-untyped-def]
    with sessions() as s:
        return list(s.execute(select(OutboxBericht).order_by(OutboxBericht.id)).scalars())


def pogingen(sessions) -> list[Bezorgpoging]:  # type: ignore[no-untyped-def]
    with sessions() as s:
        return list(s.execute(select(Bezorgpoging).order_by(Bezorgpoging.id)).scalars())


def test_mail_met_samenvatting_link_en_geschoond_gesprek(
        nieuwe_overdracht, db_sessions, smtp_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    resultaat = nieuwe_overdracht()
    assert bezorg_wachtende(db_sessions, smtp_instellingen(smtp_server, tmp_path), now=NU) == 1

    assert len(smtp_server.mails) == 1
    mail = smtp_server.mails[0]
    assert mail.rcpt_tos == ["s.devries@wsp-voorbeeld.nl"]
    assert mail.mail_from == "chatassistent@wsp-voorbeeld.nl"
    bericht = mail.message
    assert bericht["Subject"] == ("Nieuwe vraag van Bakkerij Jansen & Zn via de chatassistent "
                                  "(Arnhem)")
    assert bericht["Message-ID"] == f"<{resultaat.publieke_id}-mail@wsp-voorbeeld.nl>"
    assert bericht["X-WSP-Idempotency-Key"] == f"{resultaat.publieke_id}-mail"

    tekst = mail.text()
    link = f"{INBOX}/overdrachten/{resultaat.publieke_id}"
    # Summary first, then the link, then the conversation.
    assert tekst.index("Wie: Jan Jansen") < tekst.index(link) < tekst.index("Werkgever: ")
    for regel in ("Organisatie: Bakkerij Jansen & Zn (KvK 12345678)",
                  "Bereikbaar: telefoon 06 12345678, e-mail jan@bakkerij-jansen.nl; "
                  "voorkeur: bellen, dinsdagochtend",
                  "Gemeente: Arnhem", "Regeling(en): Loonkostensubsidie",
                  "Open vraag: Hoe vraag ik LKS aan? BSN [BSN verwijderd]",
                  "Reden van overdracht: De werkgever vroeg zelf om contact met een medewerker.",
                  "Uiterlijk contact: vóór het einde van donderdag 12 november 2026"):
        assert regel in tekst
    assert "Werkgever: Kan ik loonkostensubsidie krijgen? Kandidaat heeft BSN [BSN verwijderd] " \
           "en [medisch gegeven verwijderd]." in tekst
    assert "Werkgever: Ik wil iemand spreken" in tekst
    assert "Assistent: Uw vaste contactpersoon is Sanne de Vries." in tekst

    html = mail.html()
    assert "Bakkerij Jansen &amp; Zn" in html and f'href="{link}"' in html
    ruw = mail.data.decode("ascii")  # ASCII-safe on the wire
    for verboden in (BSN, BSN.replace(" ", ""), "autisme"):
        assert verboden not in tekst and verboden not in html and verboden not in ruw

    [rij] = berichten(db_sessions)
    assert (rij.status, rij.pogingen, rij.verzonden_op) == ("verzonden", 1, NU)
    assert [p.gelukt for p in pogingen(db_sessions)] == [1]
    # Nothing left to do.
    assert bezorg_wachtende(db_sessions, smtp_instellingen(smtp_server, tmp_path),
                            now=NU + timedelta(hours=2)) == 0
    assert len(smtp_server.mails) == 1


def test_smtp_server_plat_niets_kwijt_en_later_precies_een_mail(
        nieuwe_overdracht, db_sessions, smtp_server_down, tmp_path) -> None:  # type: ignore[no-untyped-def]
    inst = smtp_instellingen(smtp_server_down, tmp_path)
    nieuwe_overdracht()

    assert bezorg_wachtende(db_sessions, inst, now=NU) == 0  # nothing listens on the port
    [rij] = berichten(db_sessions)
    assert rij.status == "wachtend" and rij.pogingen == 1
    assert rij.volgende_poging_op == NU + timedelta(seconds=10)
    assert "ConnectionRefusedError" in rij.laatste_fout
    [poging] = pogingen(db_sessions)
    assert poging.gelukt == 0 and "ConnectionRefusedError" in poging.fout

    # Before the back-off has passed nothing is tried.
    assert bezorg_wachtende(db_sessions, inst, now=NU + timedelta(seconds=5)) == 0
    assert len(pogingen(db_sessions)) == 1
    # Second failure: longer back-off.
    assert bezorg_wachtende(db_sessions, inst, now=NU + timedelta(seconds=11)) == 0
    assert berichten(db_sessions)[0].volgende_poging_op == NU + timedelta(seconds=41)

    smtp_server_down.start()
    assert bezorg_wachtende(db_sessions, inst, now=NU + timedelta(seconds=41)) == 1
    assert bezorg_wachtende(db_sessions, inst, now=NU + timedelta(hours=5)) == 0
    assert len(smtp_server_down.mails) == 1
    [rij] = berichten(db_sessions)
    assert (rij.status, rij.pogingen) == ("verzonden", 3)
    assert [p.gelukt for p in pogingen(db_sessions)] == [0, 0, 1]


def test_crash_na_verzenden_geeft_geen_tweede_ander_bericht(
        nieuwe_overdracht, db_sessions, smtp_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    inst = smtp_instellingen(smtp_server, tmp_path)
    nieuwe_overdracht()
    # A worker claims and sends, then dies before it can record the result.
    geclaimd = claim_een(db_sessions, NU, inst.lease_seconden)
    assert geclaimd is not None
    verstuur(geclaimd, inst)
    assert berichten(db_sessions)[0].status == "bezig"

    # While the lease runs, no other worker touches the row.
    assert bezorg_wachtende(db_sessions, inst, now=NU + timedelta(seconds=60)) == 0
    assert len(smtp_server.mails) == 1
    # After the lease the row is delivered again: at least once, and recognisably the same.
    na_lease = NU + timedelta(seconds=inst.lease_seconden + 1)
    assert bezorg_wachtende(db_sessions, inst, now=na_lease) == 1
    assert len(smtp_server.mails) == 2
    assert len({m.message["Message-ID"] for m in smtp_server.mails}) == 1
    assert smtp_server.mails[0].data == smtp_server.mails[1].data
    [rij] = berichten(db_sessions)
    assert rij.status == "verzonden"
    assert bezorg_wachtende(db_sessions, inst, now=na_lease + timedelta(hours=1)) == 0
    assert len(smtp_server.mails) == 2


def test_opgegeven_na_het_maximum_aantal_pogingen(
        nieuwe_overdracht, db_sessions, smtp_server_down, tmp_path) -> None:  # type: ignore[no-untyped-def]
    inst = smtp_instellingen(smtp_server_down, tmp_path, max_pogingen=3)
    nieuwe_overdracht()
    moment = NU
    for _ in range(5):
        bezorg_wachtende(db_sessions, inst, now=moment)
        moment += timedelta(hours=2)
    [rij] = berichten(db_sessions)
    assert (rij.status, rij.pogingen) == ("opgegeven", 3)
    with db_sessions() as s:
        from wsp.overdracht.outbox import status_tabel

        tabel = status_tabel(s)
    assert "opgegeven" in tabel and "mislukt" in tabel


def test_webhook_ondertekend_en_opnieuw_na_een_fout(
        nieuwe_overdracht, db_sessions, webhook_receiver, smtp_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    inst = smtp_instellingen(smtp_server, tmp_path)
    resultaat = nieuwe_overdracht(webhook_url=webhook_receiver.url, webhook_secret=GEHEIM)
    webhook_receiver.responses = [503]

    assert bezorg_wachtende(db_sessions, inst, now=NU) == 1  # the mail; the webhook got a 503
    webhook = next(b for b in berichten(db_sessions) if b.soort == "webhook")
    assert webhook.status == "wachtend" and webhook.laatste_fout.endswith("HTTP 503")
    assert bezorg_wachtende(db_sessions, inst, now=NU + timedelta(seconds=10)) == 1

    assert len(webhook_receiver.requests) == 2
    for verzoek in webhook_receiver.requests:
        verwacht = "sha256=" + hmac.new(GEHEIM.encode(), verzoek.body, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(verzoek.headers["X-WSP-Signature"], verwacht)
        assert verzoek.headers["X-WSP-Idempotency-Key"] == f"{resultaat.publieke_id}-webhook"
        assert verzoek.headers["Content-Type"].startswith("application/json")
    assert webhook_receiver.requests[0].body == webhook_receiver.requests[1].body
    payload = json.loads(webhook_receiver.requests[-1].body)
    assert payload["publieke_id"] == resultaat.publieke_id
    assert payload["url"] == f"{INBOX}/overdrachten/{resultaat.publieke_id}"
    assert payload["accountmanager"]["naam"] == "Sanne de Vries"
    assert payload["uiterlijk_contact"] == "2026-11-12"
    assert payload["contact"]["organisatie"] == "Bakkerij Jansen & Zn"
    assert BSN not in verzoek.body.decode() and "autisme" not in verzoek.body.decode()
    # A forged signature would not match.
    vals = "sha256=" + hmac.new(b"ander-geheim", verzoek.body, hashlib.sha256).hexdigest()
    assert not hmac.compare_digest(verzoek.headers["X-WSP-Signature"], vals)
    assert all(b.status == "verzonden" for b in berichten(db_sessions))


def test_webhook_zonder_geheim_wordt_niet_onondertekend_verstuurd(
        nieuwe_overdracht, db_sessions, webhook_receiver, smtp_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    inst = smtp_instellingen(smtp_server, tmp_path, webhook_secret=None)
    nieuwe_overdracht(webhook_url=webhook_receiver.url)
    bezorg_wachtende(db_sessions, inst, now=NU)
    assert webhook_receiver.requests == []
    webhook = next(b for b in berichten(db_sessions) if b.soort == "webhook")
    assert webhook.status == "wachtend" and "WSP_WEBHOOK_SECRET" in webhook.laatste_fout


def test_eml_spool_zonder_smtp_server(
        nieuwe_overdracht, db_sessions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    spool = tmp_path / "mail"
    inst = Instellingen(smtp_host=None, mail_spool=spool)
    resultaat = nieuwe_overdracht()

    # Crash after writing the file, before recording it: the next run must not write another.
    geclaimd = claim_een(db_sessions, NU, inst.lease_seconden)
    assert geclaimd is not None
    assert verstuur(geclaimd, inst) == "spool"
    assert bezorg_wachtende(db_sessions, inst, now=NU + timedelta(hours=1)) == 1

    bestanden = sorted(p.name for p in spool.iterdir())
    assert bestanden == [f"{resultaat.publieke_id}-mail.eml"]  # no temporary files left
    bericht = message_from_bytes((spool / bestanden[0]).read_bytes(), policy=policy.default)
    assert bericht["To"] == "Sanne de Vries <s.devries@wsp-voorbeeld.nl>"
    assert bericht["Message-ID"] == f"<{resultaat.publieke_id}-mail@wsp-voorbeeld.nl>"
    tekst = bericht.get_body(preferencelist=("plain",)).get_content()
    assert f"{INBOX}/overdrachten/{resultaat.publieke_id}" in tekst
    assert BSN not in tekst
    assert berichten(db_sessions)[0].status == "verzonden"


def test_twee_workers_tegelijk_bezorgen_elk_bericht_een_keer(
        nieuwe_overdracht, db_sessions, smtp_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    inst = smtp_instellingen(smtp_server, tmp_path)
    for i in range(8):
        nieuwe_overdracht(contact=Contact(naam=f"Werkgever {i}", email=f"w{i}@bedrijf.nl"))
    totaal: list[int] = []
    start = threading.Barrier(2)

    def worker() -> None:
        start.wait()
        totaal.append(bezorg_wachtende(db_sessions, inst, now=NU))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sum(totaal) == 8
    assert len(smtp_server.mails) == 8
    assert len({m.message["Message-ID"] for m in smtp_server.mails}) == 8
    assert all(b.status == "verzonden" and b.pogingen == 1 for b in berichten(db_sessions))


def test_statusoverzicht_voor_beheerders(
        db_url, nieuwe_overdracht, db_sessions, smtp_server_down, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    nieuwe_overdracht()
    bezorg_wachtende(db_sessions, smtp_instellingen(smtp_server_down, tmp_path), now=NU)
    assert main(["--status", "--database-url", db_url]) == 0
    uit = capsys.readouterr().out
    for kop in ("Outbox", "soort", "status", "pogingen", "volgende poging", "Bezorgpogingen",
                "wachtend: 1", "mislukt", "ConnectionRefusedError"):
        assert kop in uit
    assert "Jan Jansen" not in uit and "06 12345678" not in uit  # no employer data


def _worker_env(db_url: str, spool: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WSP_")}
    env.update(WSP_DATABASE_URL=db_url, WSP_MAIL_SPOOL=str(spool), PYTHONPATH=str(REPO_ROOT))
    return env


@pytest.mark.process
def test_worker_als_proces_eenmalig_en_netjes_stoppen_op_sigterm(
        db_url, nieuwe_overdracht, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Handovers made "now", so the real clock of the worker process finds them due.
    resultaat = nieuwe_overdracht(nu=None)
    spool = tmp_path / "mail"
    env = _worker_env(db_url, spool)
    klaar = subprocess.run([sys.executable, "-m", "wsp.overdracht.outbox", "--eenmalig"],
                           env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert klaar.returncode == 0, klaar.stderr
    assert (spool / f"{resultaat.publieke_id}-mail.eml").exists()
    assert "event=bezorgd" in klaar.stderr and "Jan Jansen" not in klaar.stderr

    tweede = nieuwe_overdracht(nu=None, gesprek_id="tweede")
    proces = subprocess.Popen([sys.executable, "-m", "wsp.overdracht.outbox", "--interval", "0.2"],
                              env=env, cwd=REPO_ROOT, stderr=subprocess.PIPE, text=True)
    try:
        assert wait_until(lambda: (spool / f"{tweede.publieke_id}-mail.eml").exists(), 30)
        time.sleep(0.3)
        proces.send_signal(signal.SIGTERM)
        assert proces.wait(timeout=15) == 0
    finally:
        if proces.poll() is None:
            proces.kill()
    log = proces.stderr.read() if proces.stderr else ""
    assert "event=outbox_gestopt" in log
