"""Retention and the right to erasure (AVG) for everything the assistant stores.

    python -m wsp.bewaren opschonen [--dagen N] [--droog]
    python -m wsp.bewaren vergeet --email adres@voorbeeld.nl [--droog]
    python -m wsp.bewaren vergeet --kvk 12345678 [--droog]

``opschonen`` (run it daily, e.g. from cron or a systemd timer) applies the retention period the
widget and the privacy page promise ("maximaal 30 dagen"; ``--dagen`` or
``WSP_BEWAARTERMIJN_DAGEN``):

- **conversations**: every tracker event of a conversation whose *last* event is older than the
  period is deleted (Rasa's ``events`` table in ``WSP_TRACKER_DATABASE_URL``);
- **handovers**: a *closed* (``afgerond``) handover last changed before the period is anonymised:
  name, organisation, e-mail, phone, KvK, contact preference, question, transcript, last answers,
  closing reason, status-change remarks and notes are removed and the link to the employer row is
  cut. What the management figures need stays: municipality, instruments, reason, status, channel,
  times. Open handovers are kept until they are closed (reported);
- **notifications**: the body and subject of outbox rows delivered (or given up) before the
  period are emptied, and spooled ``.eml`` files older than the period are deleted;
- the on-disk queue (``wsp.overdracht.wachtrij``) is left alone: it empties itself.

``vergeet`` removes one employer (by e-mail address or KvK number) completely: every handover
with that address or number or linked to that employer row, their notes, status history,
outbox rows and delivery attempts, spooled mails, queued handovers, the employer row itself, and
every tracker event of the conversations of those handovers. Conversations without a handover
carry no e-mail address or KvK number and cannot be found this way; they disappear with the
retention period.

Databases: ``WSP_DATABASE_URL`` (handovers) and ``WSP_TRACKER_DATABASE_URL`` (conversations; the
same setting ``wsp.inzichten`` reads). All output is Dutch; exit code 0 on success, 2 on a usage
or database error.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterable, Sequence

from sqlalchemy import create_engine, delete, func, inspect, or_, select, update
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session

from wsp.abonnementen import bewaren as abonnement_bewaren
from wsp.db import database_url as standaard_database_url
from wsp.db import session_factory
from wsp.inzichten.bronnen import EVENTS, tracker_url
from wsp.overdracht import wachtrij
from wsp.overdracht.instellingen import Instellingen
from wsp.overdracht.models import (
    Bezorgpoging,
    Notitie,
    OutboxBericht,
    Overdracht,
    Statuswijziging,
    Werkgever,
)
from wsp.overdracht.outbox import spool_pad
from wsp.overdracht.toewijzing import normaliseer_email, normaliseer_kvk

log = logging.getLogger(__name__)

ENV_BEWAARTERMIJN = "WSP_BEWAARTERMIJN_DAGEN"
STANDAARD_DAGEN = 30
VERWIJDERD = "[verwijderd na bewaartermijn]"
_BATCH = 500


class BewaarFout(RuntimeError):
    """A Dutch message for the operator."""


def bewaartermijn(env: dict[str, str] | None = None) -> int:
    env = dict(os.environ) if env is None else env
    waarde = (env.get(ENV_BEWAARTERMIJN) or "").strip()
    if not waarde:
        return STANDAARD_DAGEN
    try:
        dagen = int(waarde)
    except ValueError:
        raise BewaarFout(f"{ENV_BEWAARTERMIJN}={waarde!r} is geen heel aantal dagen.") from None
    return _controleer_dagen(dagen)


def _controleer_dagen(dagen: int) -> int:
    if dagen < 1:
        raise BewaarFout("De bewaartermijn moet minstens 1 dag zijn.")
    return dagen


def _veilig(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(onleesbare database-URL)"


# ---- tracker database ----------------------------------------------------------------------------

def tracker_engine(url: str | None = None) -> Engine | None:
    """A writable engine on the tracker database, or None when there is none yet (a missing
    SQLite file is not created, a database without an ``events`` table is skipped)."""
    url = url or tracker_url()
    try:
        u = make_url(url)
        if u.get_backend_name() == "sqlite":
            if not u.database or u.database == ":memory:" or not Path(u.database).is_file():
                return None
            engine = create_engine(u, future=True, connect_args={"timeout": 30})
        else:
            engine = create_engine(u, future=True, pool_pre_ping=True)
    except (ArgumentError, NoSuchModuleError):
        raise BewaarFout(f"'{_veilig(url)}' is geen bruikbare database-URL.") from None
    try:
        if not inspect(engine).has_table("events"):
            engine.dispose()
            return None
    except DBAPIError as fout:
        raise BewaarFout(f"De gespreksdatabase {_veilig(url)} is niet bereikbaar: "
                         f"{str(fout.orig).strip().splitlines()[0] if fout.orig else fout}"
                         ) from None
    return engine


def _in_stukken(waarden: Sequence[str], grootte: int = _BATCH) -> Iterable[Sequence[str]]:
    for i in range(0, len(waarden), grootte):
        yield waarden[i:i + grootte]


def oude_gesprekken(engine: Engine, grens: float) -> list[str]:
    """Sender ids whose last event is before ``grens`` (seconds since the epoch)."""
    e = EVENTS.c
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(
            select(e.sender_id).group_by(e.sender_id).having(func.max(e.timestamp) < grens)
        )]


def verwijder_gesprekken(engine: Engine, sender_ids: Sequence[str], droog: bool = False) -> int:
    """Delete every event of these conversations; returns the number of events."""
    e = EVENTS.c
    totaal = 0
    with engine.begin() as conn:
        for stuk in _in_stukken(list(dict.fromkeys(sender_ids))):
            if droog:
                totaal += conn.execute(
                    select(func.count()).select_from(EVENTS).where(e.sender_id.in_(stuk))
                ).scalar_one()
            else:
                totaal += conn.execute(delete(EVENTS).where(e.sender_id.in_(stuk))).rowcount or 0
    return totaal


# ---- results -------------------------------------------------------------------------------------

@dataclass
class Opschoning:
    dagen: int
    grens: datetime  # naive UTC
    droog: bool = False
    gesprekken: int = 0
    gebeurtenissen: int = 0
    tracker_beschikbaar: bool = True
    geanonimiseerd: int = 0
    open_ouder: int = 0
    berichten_geleegd: int = 0
    spoolbestanden: int = 0
    abonnementen_verlopen: int = 0
    abonnementen_geanonimiseerd: int = 0

    def tekst(self) -> str:
        wordt = "zou worden" if self.droog else "is"
        regels = [
            ("Proefdraaien: er is niets gewijzigd. " if self.droog else "")
            + f"Bewaartermijn: {self.dagen} dagen (alles van vóór "
            f"{self.grens:%d-%m-%Y %H:%M} UTC).",
        ]
        if self.tracker_beschikbaar:
            regels.append(
                f"Gesprekken: {self.gesprekken} {'zouden worden' if self.droog else 'zijn'} "
                f"verwijderd ({self.gebeurtenissen} gebeurtenissen)."
            )
        else:
            regels.append("Gesprekken: geen gespreksdatabase gevonden; niets verwijderd.")
        regels.append(
            f"Overdrachten: {self.geanonimiseerd} afgeronde overdracht(en) "
            f"{'zouden worden' if self.droog else 'zijn'} geanonimiseerd."
        )
        if self.open_ouder:
            regels.append(
                f"Let op: {self.open_ouder} open overdracht(en) ouder dan de bewaartermijn blijven "
                "bewaard tot ze zijn afgerond."
            )
        regels.append(
            f"Abonnementen: {self.abonnementen_verlopen} nooit bevestigde aanvraag/aanvragen "
            f"{'zouden worden' if self.droog else 'zijn'} verwijderd en "
            f"{self.abonnementen_geanonimiseerd} stopgezet(te) abonnement(en) geanonimiseerd."
        )
        regels.append(
            f"Meldingen: inhoud van {self.berichten_geleegd} verzonden of opgegeven bericht(en) "
            f"en {self.spoolbestanden} mailbestand(en) {wordt} verwijderd."
        )
        return "\n".join(regels)


@dataclass
class Vergeten:
    sleutel: str
    droog: bool = False
    overdrachten: int = 0
    werkgevers: int = 0
    berichten: int = 0
    gesprekken: int = 0
    gebeurtenissen: int = 0
    tracker_beschikbaar: bool = True
    spoolbestanden: int = 0
    wachtrij: int = 0
    abonnementen: int = 0
    gesprek_ids: list[str] = field(default_factory=list)

    def tekst(self) -> str:
        if not (self.overdrachten or self.werkgevers or self.wachtrij or self.abonnementen):
            return (f"Geen gegevens gevonden van {self.sleutel}. Er is niets verwijderd.\n"
                    "Gesprekken zonder overdracht zijn niet aan een e-mailadres of KvK-nummer te "
                    "koppelen; die verdwijnen na de bewaartermijn.")
        regels = [
            f"Proefdraaien: er is niets gewijzigd. Dit zou worden verwijderd van {self.sleutel}:"
            if self.droog else f"Verwijderd van {self.sleutel}:",
            f"- {self.overdrachten} overdracht(en), met notities, statusgeschiedenis en "
            f"{self.berichten} melding(en);",
            f"- {self.werkgevers} werkgeversregistratie(s);",
        ]
        if self.tracker_beschikbaar:
            regels.append(f"- {self.gesprekken} gesprek(ken) ({self.gebeurtenissen} "
                          "gebeurtenissen);")
        else:
            regels.append("- geen gesprekken: geen gespreksdatabase gevonden;")
        regels.append(f"- {self.abonnementen} abonnement(en) op wijzigingen, met toestemming en "
                      "berichten;")
        regels.append(f"- {self.spoolbestanden} mailbestand(en) en {self.wachtrij} overdracht(en) "
                      "uit de wachtrij.")
        regels.append("Gesprekken zonder overdracht zijn niet aan een e-mailadres of KvK-nummer "
                      "te koppelen; die verdwijnen na de bewaartermijn.")
        return "\n".join(regels)


def _epoch(moment: datetime) -> float:
    """Seconds since the epoch of a naive UTC time (Rasa stores event times that way)."""
    return moment.replace(tzinfo=timezone.utc).timestamp()


# ---- opschonen -----------------------------------------------------------------------------------

_PERSOONSVELDEN = ("naam", "organisatie", "email", "telefoon", "kvk", "contactvoorkeur", "vraag",
                   "afsluitreden")


def _heeft_persoonsgegevens(o: Overdracht) -> bool:
    return (any(getattr(o, veld) for veld in _PERSOONSVELDEN) or bool(o.transcript)
            or bool(o.laatste_antwoorden) or o.werkgever_id is not None or bool(o.feiten))


def _anonimiseer(session: Session, o: Overdracht) -> None:
    # Core UPDATE: bijgewerkt_op keeps its value (the ORM would set it to now).
    session.execute(
        update(Overdracht).where(Overdracht.id == o.id).values(
            naam=None, organisatie=None, email=None, telefoon=None, kvk=None,
            contactvoorkeur=None, vraag=None, afsluitreden=None, transcript=[],
            laatste_antwoorden=[], werkgever_id=None, feiten=None, bijgewerkt_op=o.bijgewerkt_op,
        ).execution_options(synchronize_session=False)
    )
    session.execute(
        update(Statuswijziging).where(Statuswijziging.overdracht_id == o.id)
        .values(toelichting=None).execution_options(synchronize_session=False)
    )
    session.execute(delete(Notitie).where(Notitie.overdracht_id == o.id)
                    .execution_options(synchronize_session=False))


def opschonen(dagen: int | None = None, *, database_url: str | None = None,
              tracker_database_url: str | None = None, mail_spool: Path | None = None,
              nu: datetime | None = None, droog: bool = False) -> Opschoning:
    dagen = _controleer_dagen(dagen) if dagen is not None else bewaartermijn()
    nu = nu or datetime.utcnow()
    grens = nu - timedelta(days=dagen)
    uitkomst = Opschoning(dagen=dagen, grens=grens, droog=droog)

    # 1. conversations
    engine = tracker_engine(tracker_database_url)
    if engine is None:
        uitkomst.tracker_beschikbaar = False
    else:
        try:
            oud = oude_gesprekken(engine, _epoch(grens))
            uitkomst.gesprekken = len(oud)
            uitkomst.gebeurtenissen = verwijder_gesprekken(engine, oud, droog)
        finally:
            engine.dispose()

    # 2. handovers and 3. notifications
    with session_factory(database_url or standaard_database_url())() as session:
        gesloten = session.execute(
            select(Overdracht).where(Overdracht.status == "afgerond",
                                     Overdracht.bijgewerkt_op < grens)
        ).scalars().all()
        te_doen = [o for o in gesloten if _heeft_persoonsgegevens(o)]
        uitkomst.geanonimiseerd = len(te_doen)
        uitkomst.open_ouder = session.execute(
            select(func.count()).select_from(Overdracht).where(
                Overdracht.status != "afgerond", Overdracht.aangemaakt_op < grens)
        ).scalar_one()
        berichten = session.execute(
            select(OutboxBericht).where(
                or_(OutboxBericht.status == "verzonden", OutboxBericht.status == "opgegeven"),
                func.coalesce(OutboxBericht.verzonden_op, OutboxBericht.aangemaakt_op) < grens,
                OutboxBericht.inhoud != VERWIJDERD,
            )
        ).scalars().all()
        uitkomst.berichten_geleegd = len(berichten)
        if not droog:
            for o in te_doen:
                _anonimiseer(session, o)
            for b in berichten:
                b.inhoud, b.onderwerp = VERWIJDERD, None
            session.flush()
        abonnementen = abonnement_bewaren.opschonen(session, grens, nu, droog)
        uitkomst.abonnementen_verlopen = abonnementen.verlopen
        uitkomst.abonnementen_geanonimiseerd = abonnementen.geanonimiseerd
        if not droog:
            session.commit()
        else:
            session.rollback()

    # 4. spooled mails (no SMTP server configured)
    spool = mail_spool or Instellingen.from_env().mail_spool
    grens_mtime = _epoch(grens)
    if spool.is_dir():
        for pad in spool.glob("*.eml"):
            try:
                if pad.stat().st_mtime < grens_mtime:
                    if not droog:
                        pad.unlink()
                    uitkomst.spoolbestanden += 1
            except FileNotFoundError:
                continue
    return uitkomst


# ---- vergeet -------------------------------------------------------------------------------------

def vergeet(*, email: str | None = None, kvk: str | None = None, database_url: str | None = None,
            tracker_database_url: str | None = None, mail_spool: Path | None = None,
            wachtrij_map: Path | None = None, droog: bool = False) -> Vergeten:
    email_n, kvk_n = normaliseer_email(email), normaliseer_kvk(kvk)
    if email and not email_n:
        raise BewaarFout(f"'{email}' is geen geldig e-mailadres.")
    if kvk and not kvk_n:
        raise BewaarFout(f"'{kvk}' is geen geldig KvK-nummer (8 cijfers).")
    if not email_n and not kvk_n:
        raise BewaarFout("Geef een e-mailadres (--email) of een KvK-nummer (--kvk).")
    uitkomst = Vergeten(sleutel=email_n or f"KvK {kvk_n}", droog=droog)

    with session_factory(database_url or standaard_database_url())() as session:
        voorwaarden_w = []
        if email_n:
            voorwaarden_w.append(func.lower(Werkgever.email) == email_n)
        if kvk_n:
            voorwaarden_w.append(Werkgever.kvk == kvk_n)
        werkgevers = session.execute(select(Werkgever).where(or_(*voorwaarden_w))).scalars().all()
        werkgever_ids = [w.id for w in werkgevers]
        voorwaarden_o = []
        if email_n:
            voorwaarden_o.append(func.lower(Overdracht.email) == email_n)
        if kvk_n:
            voorwaarden_o.append(Overdracht.kvk == kvk_n)
        if werkgever_ids:
            voorwaarden_o.append(Overdracht.werkgever_id.in_(werkgever_ids))
        overdrachten = session.execute(
            select(Overdracht).where(or_(*voorwaarden_o))).scalars().all()
        ids = [o.id for o in overdrachten]
        publieke_ids = [o.publieke_id for o in overdrachten]
        uitkomst.gesprek_ids = sorted({o.gesprek_id for o in overdrachten})
        uitkomst.overdrachten, uitkomst.werkgevers = len(ids), len(werkgever_ids)
        bericht_ids = session.execute(
            select(OutboxBericht.id).where(OutboxBericht.overdracht_id.in_(ids))
        ).scalars().all() if ids else []
        uitkomst.berichten = len(bericht_ids)
        if not droog:
            if bericht_ids:
                session.execute(delete(Bezorgpoging).where(Bezorgpoging.bericht_id.in_(bericht_ids)))
                session.execute(delete(OutboxBericht).where(OutboxBericht.id.in_(bericht_ids)))
            if ids:
                session.execute(delete(Notitie).where(Notitie.overdracht_id.in_(ids)))
                session.execute(delete(Statuswijziging).where(Statuswijziging.overdracht_id.in_(ids)))
                session.execute(delete(Overdracht).where(Overdracht.id.in_(ids)))
            if werkgever_ids:
                session.execute(delete(Werkgever).where(Werkgever.id.in_(werkgever_ids)))
        # subscriptions to changes (by e-mail address only: they carry no KvK number)
        abonnementen = (abonnement_bewaren.vergeet(session, email_n, droog) if email_n
                        else abonnement_bewaren.Vergeten())
        uitkomst.abonnementen = abonnementen.abonnementen
        uitkomst.berichten += abonnementen.berichten
        uitkomst.gesprek_ids += [g for g in abonnementen.gesprek_ids
                                 if g not in uitkomst.gesprek_ids]
        if not droog:
            session.commit()
        else:
            session.rollback()

    # queued handovers (database was away when they were made)
    for pad, gegevens in list(wachtrij.alle(wachtrij_map)):
        contact = gegevens.get("contact") or {}
        if ((email_n and normaliseer_email(contact.get("email")) == email_n)
                or (kvk_n and normaliseer_kvk(contact.get("kvk")) == kvk_n)):
            uitkomst.wachtrij += 1
            if gegevens.get("gesprek_id") and gegevens["gesprek_id"] not in uitkomst.gesprek_ids:
                uitkomst.gesprek_ids.append(gegevens["gesprek_id"])
            if not droog:
                pad.unlink(missing_ok=True)

    # spooled mails of those handovers and subscriptions
    spool = mail_spool or Instellingen.from_env().mail_spool
    sleutels = [f"{p}-{soort}" for p in publieke_ids for soort in ("mail", "webhook")]
    for sleutel in sleutels + abonnementen.sleutels:
        pad = spool_pad(spool, sleutel)
        if pad.exists():
            uitkomst.spoolbestanden += 1
            if not droog:
                pad.unlink(missing_ok=True)

    # their conversations
    engine = tracker_engine(tracker_database_url)
    if engine is None:
        uitkomst.tracker_beschikbaar = False
    else:
        try:
            e = EVENTS.c
            if uitkomst.gesprek_ids:
                with engine.connect() as conn:
                    uitkomst.gesprekken = conn.execute(
                        select(func.count(func.distinct(e.sender_id)))
                        .where(e.sender_id.in_(uitkomst.gesprek_ids))
                    ).scalar_one()
            uitkomst.gebeurtenissen = verwijder_gesprekken(engine, uitkomst.gesprek_ids, droog)
        finally:
            engine.dispose()
    return uitkomst


# ---- command line --------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m wsp.bewaren",
        description="Bewaartermijn en recht op vergetelheid: verwijdert oude gesprekken, "
                    "anonimiseert afgeronde overdrachten en wist alle gegevens van één werkgever.")
    databases = argparse.ArgumentParser(add_help=False)
    databases.add_argument("--database-url", default=None,
                           help="overdrachtendatabase (standaard: $WSP_DATABASE_URL)")
    databases.add_argument("--tracker-database-url", default=None,
                           help="gespreksdatabase van Rasa (standaard: $WSP_TRACKER_DATABASE_URL)")
    sub = parser.add_subparsers(dest="opdracht", required=True, metavar="opdracht")
    p_op = sub.add_parser("opschonen", parents=[databases], help="pas de bewaartermijn toe")
    p_op.add_argument("--dagen", type=int, default=None,
                      help=f"bewaartermijn in dagen (standaard: ${ENV_BEWAARTERMIJN} of "
                           f"{STANDAARD_DAGEN})")
    p_op.add_argument("--droog", action="store_true", help="alleen tellen, niets wijzigen")
    p_ve = sub.add_parser("vergeet", parents=[databases], help="wis alle gegevens van één werkgever")
    groep = p_ve.add_mutually_exclusive_group(required=True)
    groep.add_argument("--email", help="e-mailadres van de werkgever")
    groep.add_argument("--kvk", help="KvK-nummer van de werkgever (8 cijfers)")
    p_ve.add_argument("--droog", action="store_true", help="alleen tellen, niets wijzigen")
    args = parser.parse_args(argv)

    try:
        if args.opdracht == "opschonen":
            uitkomst = opschonen(args.dagen, database_url=args.database_url,
                                 tracker_database_url=args.tracker_database_url, droog=args.droog)
        else:
            uitkomst = vergeet(email=args.email, kvk=args.kvk, database_url=args.database_url,
                               tracker_database_url=args.tracker_database_url, droog=args.droog)
    except BewaarFout as fout:
        print(f"Fout: {fout}", file=sys.stderr)
        return 2
    except DBAPIError as fout:
        eerste = str(fout.orig).strip().splitlines()[0] if fout.orig else type(fout).__name__
        print(f"Fout: de database is niet bereikbaar: {eerste}", file=sys.stderr)
        return 2
    print(uitkomst.tekst())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
