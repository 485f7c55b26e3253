"""The outbox worker: delivers stored notifications (mail, webhook) with retries.

Delivery semantics — at least once, recognisably the same:

1. A due row (``wachtend`` and ``volgende_poging_op <= now``, or ``bezig`` whose lease
   ``geclaimd_tot`` has expired) is claimed in a short transaction: ``SELECT ... FOR UPDATE SKIP
   LOCKED`` on PostgreSQL, and on both databases a compare-and-set ``UPDATE ... WHERE status ...``
   so two workers never claim the same row.
2. It is sent outside any transaction, exactly as stored when the handover was made.
3. A ``Bezorgpoging`` is recorded; the row becomes ``verzonden``, or ``wachtend`` again with an
   exponential back-off (10 s, 30 s, 2 min, 10 min, 30 min, then hourly), or ``opgegeven`` after
   ``max_pogingen`` attempts (still listed by ``--status``).

If the worker dies between 2 and 3, the lease expires and the row is sent again. The copy is
byte-for-byte the same message: the same ``Message-ID`` (derived from the idempotency key) for
mail, the same body and ``X-WSP-Idempotency-Key`` for a webhook, so the receiver can recognise
and drop the duplicate. In spool mode (no SMTP host) the ``<key>.eml`` file is written atomically
and an existing file counts as delivered, so there the duplicate never appears.

Run: ``python -m wsp.overdracht.outbox [--eenmalig] [--interval 5] [--status]``.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import signal
import smtplib
import ssl
import sys
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

import requests
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from wsp.overdracht.instellingen import Instellingen
from wsp.overdracht.mail import IDEMPOTENCY_HEADER, SIGNATURE_HEADER, onderteken
from wsp.overdracht.models import Bezorgpoging, OutboxBericht, Overdracht

log = logging.getLogger("wsp.outbox")

BACKOFF_SECONDEN = (10, 30, 120, 600, 1800, 3600)


class Bezorgfout(Exception):
    """Delivery failed; the row is retried later."""


@dataclass(frozen=True)
class GeclaimdBericht:
    id: int
    soort: str
    ontvanger: str
    inhoud: str
    idempotentie_sleutel: str
    pogingen: int
    overdracht: str | None  # publieke_id, for log lines


def volgende_wachttijd(pogingen: int) -> timedelta:
    """Back-off after the ``pogingen``-th failed attempt."""
    index = min(max(pogingen, 1), len(BACKOFF_SECONDEN)) - 1
    return timedelta(seconds=BACKOFF_SECONDEN[index])


def _te_bezorgen(now: datetime):  # type: ignore[no-untyped-def]
    return or_(
        and_(OutboxBericht.status == "wachtend", OutboxBericht.volgende_poging_op <= now),
        and_(OutboxBericht.status == "bezig", OutboxBericht.geclaimd_tot < now),
    )


def claim_een(session_factory: sessionmaker, now: datetime, lease_seconden: int
              ) -> GeclaimdBericht | None:
    """Claim the next due row with a lease, in a short transaction of its own."""
    with session_factory() as session:
        for _ in range(5):  # another worker may win a row; try the next one
            stmt = (select(OutboxBericht.id).where(_te_bezorgen(now))
                    .order_by(OutboxBericht.volgende_poging_op, OutboxBericht.id).limit(1))
            if session.get_bind().dialect.name == "postgresql":
                stmt = stmt.with_for_update(skip_locked=True)
            bericht_id = session.execute(stmt).scalar_one_or_none()
            if bericht_id is None:
                session.rollback()
                return None
            claimed = session.execute(
                update(OutboxBericht)
                .where(OutboxBericht.id == bericht_id, _te_bezorgen(now))
                .values(status="bezig", geclaimd_tot=now + timedelta(seconds=lease_seconden))
                .execution_options(synchronize_session=False)
            ).rowcount
            if claimed != 1:
                session.rollback()
                continue
            row = session.execute(
                select(OutboxBericht, Overdracht.publieke_id)
                .outerjoin(Overdracht, Overdracht.id == OutboxBericht.overdracht_id)
                .where(OutboxBericht.id == bericht_id)
            ).one()
            bericht, publieke_id = row
            result = GeclaimdBericht(bericht.id, bericht.soort, bericht.ontvanger, bericht.inhoud,
                                     bericht.idempotentie_sleutel, bericht.pogingen, publieke_id)
            session.commit()
            return result
    return None


# ---- senders -----------------------------------------------------------------------------------

def _stuur_smtp(bericht: GeclaimdBericht, inst: Instellingen) -> str:
    data = re.sub(r"\r?\n", "\r\n", bericht.inhoud).encode("utf-8")
    with smtplib.SMTP(inst.smtp_host or "", inst.smtp_port, timeout=inst.smtp_timeout) as smtp:
        smtp.ehlo()
        if inst.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
        if inst.smtp_user:
            smtp.login(inst.smtp_user, inst.smtp_password or "")
        smtp.sendmail(inst.mail_afzender, [bericht.ontvanger], data)
    return "smtp"


def spool_pad(spool: Path, sleutel: str) -> Path:
    return spool / (re.sub(r"[^A-Za-z0-9_.-]", "_", sleutel) + ".eml")


def _schrijf_spool(bericht: GeclaimdBericht, inst: Instellingen) -> str:
    """Write ``<key>.eml`` atomically; an existing file means it was delivered before."""
    inst.mail_spool.mkdir(parents=True, exist_ok=True)
    target = spool_pad(inst.mail_spool, bericht.idempotentie_sleutel)
    if target.exists():
        return "spool_bestond_al"
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(bericht.inhoud.encode("utf-8"))
        fh.flush()
        os.fsync(fh.fileno())
    try:
        os.link(tmp, target)  # fails if the target exists: never two different files
    except FileExistsError:
        return "spool_bestond_al"
    except OSError:
        os.replace(tmp, target)  # file systems without hard links
    finally:
        tmp.unlink(missing_ok=True)
    return "spool"


def _stuur_webhook(bericht: GeclaimdBericht, inst: Instellingen) -> str:
    if not inst.webhook_secret:
        raise Bezorgfout("WSP_WEBHOOK_SECRET is niet ingesteld; webhook niet ondertekend.")
    body = bericht.inhoud.encode("utf-8")
    response = requests.post(
        bericht.ontvanger,
        data=body,
        headers={
            "Content-Type": "application/json; charset=utf-8",
            SIGNATURE_HEADER: onderteken(body, inst.webhook_secret),
            IDEMPOTENCY_HEADER: bericht.idempotentie_sleutel,
            "User-Agent": "wsp-outbox/1",
        },
        timeout=inst.webhook_timeout,
    )
    if not 200 <= response.status_code < 300:
        raise Bezorgfout(f"HTTP {response.status_code}")
    return "webhook"


def verstuur(bericht: GeclaimdBericht, inst: Instellingen) -> str:
    """Deliver one claimed message; raises on failure. Returns how it went out."""
    if bericht.soort == "mail":
        return _stuur_smtp(bericht, inst) if inst.smtp_host else _schrijf_spool(bericht, inst)
    if bericht.soort == "webhook":
        return _stuur_webhook(bericht, inst)
    raise Bezorgfout(f"Onbekende soort {bericht.soort!r}")


def registreer(session_factory: sessionmaker, bericht_id: int, fout: str | None,
               now: datetime, inst: Instellingen) -> str:
    """Record the attempt and the row's next state. Returns the new status."""
    with session_factory() as session:
        bericht = session.get(OutboxBericht, bericht_id)
        if bericht is None:
            return "onbekend"
        session.add(Bezorgpoging(bericht_id=bericht_id, op=now, gelukt=0 if fout else 1,
                                 fout=fout[:1000] if fout else None))
        bericht.pogingen = (bericht.pogingen or 0) + 1
        if bericht.status == "verzonden":
            pass  # another worker finished it after our lease ran out; keep its result
        elif fout is None:
            bericht.status, bericht.verzonden_op = "verzonden", now
            bericht.geclaimd_tot, bericht.laatste_fout = None, None
        else:
            bericht.laatste_fout = fout[:1000]
            bericht.geclaimd_tot = None
            if bericht.pogingen >= inst.max_pogingen:
                bericht.status = "opgegeven"
            else:
                bericht.status = "wachtend"
                bericht.volgende_poging_op = now + volgende_wachttijd(bericht.pogingen)
        status = bericht.status
        session.commit()
        return status


def bezorg_wachtende(session_factory: sessionmaker, settings: Instellingen,
                     now: datetime | None = None, limit: int = 50,
                     stop: threading.Event | None = None) -> int:
    """Deliver up to ``limit`` due messages; returns how many were delivered. ``now`` (naive
    UTC) fixes the clock, for tests; ``stop`` ends the round early between two messages."""
    clock: Callable[[], datetime] = (lambda: now) if now is not None else datetime.utcnow
    geleverd = 0
    for _ in range(limit):
        if stop is not None and stop.is_set():
            break
        bericht = claim_een(session_factory, clock(), settings.lease_seconden)
        if bericht is None:
            break
        fout: str | None = None
        fouttype = ""
        try:
            hoe = verstuur(bericht, settings)
        except Exception as exc:  # every failure is retried; the type goes to the log
            hoe, fout = "", f"{type(exc).__name__}: {exc}"
            fouttype = type(exc).__name__
        status = registreer(session_factory, bericht.id, fout, clock(), settings)
        if fout is None:
            geleverd += 1
            log.info("event=bezorgd bericht=%s overdracht=%s soort=%s via=%s poging=%s",
                     bericht.id, bericht.overdracht, bericht.soort, hoe, bericht.pogingen + 1)
        else:
            log.warning("event=bezorging_mislukt bericht=%s overdracht=%s soort=%s fout=%s "
                        "poging=%s status=%s", bericht.id, bericht.overdracht, bericht.soort,
                        fouttype, bericht.pogingen + 1, status)
    return geleverd


def verwerk_wachtrij(database_url: str | None, settings: Instellingen) -> int:
    """Store handovers that waited on disk while the database was away (see
    ``wsp.overdracht.wachtrij``); their notifications then go out in the same round."""
    from wsp.overdracht import wachtrij

    if not wachtrij.bestanden():
        return 0
    from wsp.overdracht.service import sla_wachtrij_op
    from wsp.regels import default_store

    roster = default_store().current().roster
    aantal = wachtrij.verwerk_wachtrij(
        lambda gegevens: sla_wachtrij_op(gegevens, roster=roster, database_url=database_url,
                                         instellingen=settings))
    if aantal:
        log.info("event=wachtrij_verwerkt overdrachten=%s", aantal)
    return aantal


# ---- operators' view ---------------------------------------------------------------------------

def _fmt(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S") if moment else "-"


def _tabel(koppen: list[str], rijen: list[list[str]]) -> str:
    breedtes = [max([len(k)] + [len(r[i]) for r in rijen]) for i, k in enumerate(koppen)]
    regels = ["  ".join(k.ljust(b) for k, b in zip(koppen, breedtes, strict=True)),
              "  ".join("-" * b for b in breedtes)]
    regels += ["  ".join(c.ljust(b) for c, b in zip(r, breedtes, strict=True)) for r in rijen]
    return "\n".join(regels)


def status_tabel(session: Session, max_rijen: int = 200) -> str:
    """A Dutch overview of the outbox and its delivery attempts (UTC times)."""
    berichten = session.execute(
        select(OutboxBericht, Overdracht.publieke_id)
        .outerjoin(Overdracht, Overdracht.id == OutboxBericht.overdracht_id)
        .order_by(OutboxBericht.id.desc()).limit(max_rijen)
    ).all()
    telling = dict(session.execute(
        select(OutboxBericht.status, func.count()).group_by(OutboxBericht.status)).all())
    rijen = [[str(b.id), b.soort, b.status, str(b.pogingen), _fmt(b.volgende_poging_op),
              # rows without a handover (subscription mails): their idempotency key says what
              _fmt(b.verzonden_op), pid or b.idempotentie_sleutel, b.ontvanger[:40],
              (b.laatste_fout or "")[:50].replace("\n", " ")] for b, pid in berichten]
    uit = ["Outbox (tijden in UTC)",
           "Totaal: " + ", ".join(f"{k}: {v}" for k, v in sorted(telling.items()))
           if telling else "Totaal: geen berichten", "",
           _tabel(["nr", "soort", "status", "pogingen", "volgende poging", "verzonden op",
                   "overdracht", "ontvanger", "laatste fout"], rijen)]
    pogingen = session.execute(
        select(Bezorgpoging).order_by(Bezorgpoging.id.desc()).limit(max_rijen)).scalars().all()
    uit += ["", "Bezorgpogingen (nieuwste eerst)", "",
            _tabel(["bericht", "op", "resultaat", "fout"],
                   [[str(p.bericht_id), _fmt(p.op), "gelukt" if p.gelukt else "mislukt",
                     (p.fout or "")[:70].replace("\n", " ")] for p in pogingen])]
    return "\n".join(uit)


# ---- command line ------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m wsp.overdracht.outbox",
        description="Bezorgt meldingen van overdrachten (e-mail, webhook) met herhaalpogingen.")
    parser.add_argument("--eenmalig", action="store_true", help="één ronde en dan stoppen")
    parser.add_argument("--interval", type=float, default=5.0, help="seconden tussen rondes")
    parser.add_argument("--status", action="store_true", help="toon de outbox en pogingen")
    parser.add_argument("--database-url", default=None, help="standaard: WSP_DATABASE_URL")
    args = parser.parse_args(argv)

    from wsp.abonnementen import automatisch as aankondigingen
    from wsp.db import session_factory

    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s level=%(levelname)s logger=%(name)s %(message)s")
    factory = session_factory(args.database_url)
    if args.status:
        with factory() as session:
            print(status_tabel(session))
        return 0

    settings = Instellingen.from_env()
    log.info("event=outbox_gestart modus=%s interval=%s",
             "smtp" if settings.smtp_host else "spool", args.interval)
    if args.eenmalig:
        try:
            verwerk_wachtrij(args.database_url, settings)
        except Exception as exc:  # database or rules unavailable: the files stay for later
            log.error("event=wachtrij_ronde_mislukt fout=%s", type(exc).__name__)
        bezorg_wachtende(factory, settings)
        return 0

    stop = threading.Event()

    def _stop(signum: int, _frame: object) -> None:
        log.info("event=outbox_stopt signaal=%s", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    while not stop.is_set():
        try:
            verwerk_wachtrij(args.database_url, settings)
        except Exception as exc:  # database still away: the files wait for the next round
            log.error("event=wachtrij_ronde_mislukt fout=%s", type(exc).__name__)
        try:
            bezorg_wachtende(factory, settings, stop=stop)
        except Exception as exc:  # database away for a moment: try again next round
            log.error("event=ronde_mislukt fout=%s", type(exc).__name__)
        # dated statutory amounts due for announcement (at most hourly; never raises)
        aankondigingen.misschien_aankondigen(args.database_url)
        stop.wait(args.interval)
    log.info("event=outbox_gestopt")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
