"""Subscriptions and publications, framework-free (no rasa, no rasa_sdk, no Flask).

- ``vraag_aan``: the chat asked; store a *waiting* subscription with the consent text and queue
  the confirmation mail. Nothing else is ever sent to a subscription that is not confirmed.
- ``bevestig`` / ``meld_af`` / ``registreer_opening``: what the links in the mails do
  (idempotent; tokens are compared in constant time, see ``tokens``).
- ``maak_voorstel`` + ``publiceer``: compare the last published snapshot with the files, decide
  which subscribers each change concerns, and queue one mail per e-mail address that groups all
  of its changes, naming the employer's own accountmanager. Mails go through the handover outbox
  (``wsp.overdracht.outbox``: retries, nothing lost, nothing sent twice, ``--status``).
- ``kondig_bedragen_aan``: dated statutory amounts (minimum wage per half-year, LKV per year) are
  announced ahead of their date, once.

Every function works in the caller's session and leaves committing to the caller, except where
it says otherwise.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable, Sequence

import yaml
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from wsp.abonnementen import mail as abonnementmail
from wsp.abonnementen import teksten
from wsp.abonnementen.models import (
    AangekondigdBedrag,
    Abonnement,
    GepubliceerdeVersie,
    Publicatie,
    PublicatieOntvanger,
)
from wsp.abonnementen.momentopname import (
    Snapshot,
    Wijziging,
    betrokken,
    datum_tekst,
    komende_bedragen,
    maak_momentopname,
    naar_json,
    regeling_namen,
    uit_json,
    vergelijk,
    vingerafdruk,
)
from wsp.abonnementen.tokens import geldige_vorm, klopt, nieuw_token, token_hash
from wsp.overdracht.instellingen import STANDAARD_INBOX_URL, mail_afzender
from wsp.overdracht.models import OutboxBericht, Werkgever
from wsp.overdracht.toewijzing import (
    Roster,
    normaliseer_email,
    vandaag_lokaal,
    wijs_toe,
    zoek_werkgever,
)

log = logging.getLogger("wsp.abonnementen")

ENV_BASIS_URL = "WSP_ABONNEMENT_URL"
ENV_AANKONDIGEN_DAGEN = "WSP_AANKONDIGEN_DAGEN"
STANDAARD_AANKONDIGEN_DAGEN = 31
MAX_PER_ADRES_PER_DAG = 3  # confirmation mails to one address
MAX_PER_GESPREK_PER_DAG = 5  # requests from one conversation


class AbonnementFout(ValueError):
    """A Dutch message for the employer or the editor."""


# ---- settings and content -------------------------------------------------------------------------

def content_root() -> Path:
    from wsp.regels.store import standaard_root

    return standaard_root()


def basis_url(env: dict[str, str] | None = None) -> str:
    """Where employers open the confirmation and unsubscribe links: ``WSP_ABONNEMENT_URL``
    (the public site, whose proxy passes ``/abonnement/`` to the inbox), else ``WSP_INBOX_URL``."""
    env = dict(os.environ) if env is None else env
    return (env.get(ENV_BASIS_URL) or env.get("WSP_INBOX_URL") or STANDAARD_INBOX_URL).rstrip("/")


def bewaardagen() -> int:
    """The retention period ``wsp.bewaren opschonen`` applies (``WSP_BEWAARTERMIJN_DAGEN``, 30);
    read here without importing ``wsp.bewaren``, which the action server does not need."""
    waarde = os.environ.get("WSP_BEWAARTERMIJN_DAGEN", "").strip()
    return int(waarde) if waarde.isdigit() and int(waarde) >= 1 else 30


def aankondigen_dagen() -> int:
    waarde = os.environ.get(ENV_AANKONDIGEN_DAGEN, "").strip()
    return int(waarde) if waarde.isdigit() and int(waarde) > 0 else STANDAARD_AANKONDIGEN_DAGEN


@dataclass
class Inhoud:
    """Names and the roster as the editors' files give them."""

    root: Path

    def __post_init__(self) -> None:
        self.root = Path(self.root)

    def _yaml(self, rel: str) -> Any:
        try:
            with open(self.root / rel, encoding="utf-8") as fh:
                return yaml.safe_load(fh) or {}
        except (OSError, yaml.YAMLError):
            return {}

    @cached_property
    def roster(self) -> Roster:
        return Roster.from_file(self.root / "regional_rules" / "accountmanagers.yml")

    @cached_property
    def regeling_namen(self) -> dict[str, str]:
        return regeling_namen(self.root)

    @cached_property
    def plaatsen(self) -> dict:
        return self._yaml("knowledge/plaatsen.yml")

    @cached_property
    def gemeente_namen(self) -> dict[str, str]:
        namen = {}
        for gid, g in (self.plaatsen.get("gemeenten") or {}).items():
            if isinstance(g, dict):
                namen[str(gid)] = str(g.get("naam") or gid)
        for pad in sorted((self.root / "regional_rules" / "gemeenten").glob("*.yml")):
            namen.setdefault(pad.stem, pad.stem.replace("_", " ").title())
        return namen

    @property
    def regio_naam(self) -> str:
        regio = self.plaatsen.get("regio") or {}
        return str(regio.get("naam") or "Midden-Gelderland")

    @property
    def organisatie(self) -> str:
        try:
            naam = self.roster.organisatie.get("naam")
        except (OSError, ValueError, KeyError, TypeError, yaml.YAMLError):
            naam = None
        return str(naam or os.environ.get("WSP_ORGANISATIE") or "WerkgeversServicepunt")

    @classmethod
    def van_repository(cls, repository: Any) -> Inhoud:
        """Names and roster from the action server's validated, hot-reloaded rules (no reading)."""
        inhoud = cls(Path(repository.root))
        try:
            inhoud.__dict__["roster"] = repository.roster
            inhoud.__dict__["regeling_namen"] = {
                rid: r.naam for rid, r in repository.regelingen.items()}
            inhoud.__dict__["gemeente_namen"] = {
                gid: g.naam for gid, g in repository.gemeenten.items()}
        except AttributeError:  # another shape of the rules: read the files instead
            for naam in ("roster", "regeling_namen", "gemeente_namen"):
                inhoud.__dict__.pop(naam, None)
        return inhoud

    def gemeente_naam(self, gemeente: str | None) -> str | None:
        if not gemeente:
            return None
        return self.gemeente_namen.get(gemeente) or gemeente.replace("_", " ").title()


def _naive(moment: dt.datetime | None) -> dt.datetime:
    moment = moment or dt.datetime.utcnow()
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return moment


def _schoon_regelingen(regelingen: Iterable[str] | None) -> list[str]:
    return list(dict.fromkeys(str(r).strip() for r in (regelingen or []) if r and str(r).strip()))


# ---- asking in the chat -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Aanvraag:
    publieke_id: str | None
    email: str
    is_nieuw: bool  # False: an earlier call of this conversation already asked
    al_actief: bool  # an active subscription already covers it: no mail was sent


def toestemmingstekst(inhoud: Inhoud, regelingen: Sequence[str], gemeente: str | None) -> str:
    return teksten.toestemmingstekst(regelingen, inhoud.regeling_namen,
                                     inhoud.gemeente_naam(gemeente), bewaardagen())


def _dekt(actief: Abonnement, gemeente: str | None, regelingen: list[str]) -> bool:
    if actief.gemeente != gemeente:
        return False
    bestaand = list(actief.regelingen or [])
    return not bestaand or (bool(regelingen) and set(regelingen) <= set(bestaand))


def vraag_aan(session: Session, *, email: str, gemeente: str | None,
              regelingen: Iterable[str] | None, toestemming: str, inhoud: Inhoud,
              gesprek_id: str | None = None, kanaal: str = "rest",
              nu: dt.datetime | None = None, basis: str | None = None,
              afzender: str | None = None) -> Aanvraag:
    """Store a waiting subscription and queue its confirmation mail (one transaction; commits).

    ``toestemming`` is the text the employer was shown. Idempotent per conversation and address:
    asking again in the same conversation sends no second mail."""
    adres = normaliseer_email(email)
    if not adres or len(adres) > 254:
        raise AbonnementFout("Dat is geen geldig e-mailadres.")
    regelingen = _schoon_regelingen(regelingen)
    nu = _naive(nu)
    basis = (basis or basis_url()).rstrip("/")
    afzender = afzender or mail_afzender()
    try:
        zorg_voor_startpunt(session, inhoud.root, nu)
    except Exception:  # noqa: BLE001 - the subscription matters more than the baseline
        session.rollback()
        log.exception("event=startpunt_mislukt")

    for poging in (1, 2):
        try:
            actief = session.execute(
                select(Abonnement).where(Abonnement.email == adres,
                                         Abonnement.status == "actief")).scalars().all()
            if any(_dekt(a, gemeente, regelingen) for a in actief):
                session.commit()
                return Aanvraag(None, adres, is_nieuw=False, al_actief=True)
            # nobody can use the chat to flood an address (or the outbox) with confirmation mails
            sinds = nu - dt.timedelta(days=1)
            recent = [
                session.execute(select(func.count()).select_from(Abonnement).where(
                    voorwaarde, Abonnement.aangevraagd_op > sinds)).scalar_one()
                for voorwaarde in (Abonnement.email == adres,
                                   Abonnement.gesprek_id == (gesprek_id or ""))]
            if recent[0] >= MAX_PER_ADRES_PER_DAG or recent[1] >= MAX_PER_GESPREK_PER_DAG:
                session.commit()
                log.warning("event=abonnement_begrensd")
                return Aanvraag(None, adres, is_nieuw=False, al_actief=False)
            if gesprek_id:
                eerder = session.execute(
                    select(Abonnement).where(Abonnement.gesprek_id == gesprek_id,
                                             Abonnement.email == adres,
                                             Abonnement.status == "wachtend",
                                             Abonnement.gemeente == gemeente)
                ).scalars().first()
                if eerder is not None and list(eerder.regelingen or []) == regelingen:
                    session.commit()
                    return Aanvraag(eerder.publieke_id, adres, is_nieuw=False, al_actief=False)
            toewijzing = wijs_toe(session, inhoud.roster, gemeente, email=adres,
                                  vandaag=vandaag_lokaal(nu))
            bevestig, afmeld = nieuw_token(), nieuw_token()
            abonnement = Abonnement(
                email=adres, gemeente=gemeente, regelingen=regelingen, status="wachtend",
                accountmanager_id=toewijzing.vaste_accountmanager.id,
                toestemmingstekst=toestemming, toestemming_versie=teksten.TOESTEMMING_VERSIE,
                gesprek_id=gesprek_id, kanaal=(kanaal or "rest")[:32], aangevraagd_op=nu,
                bevestig_hash=token_hash(bevestig), afmeld_hash=token_hash(afmeld),
            )
            session.add(abonnement)
            session.flush()
            sleutel = f"abon-{abonnement.publieke_id}-bevestig"
            bericht = abonnementmail.stel_bevestigingsmail_op(
                email=adres, wat=teksten.wat(regelingen, inhoud.regeling_namen),
                waar=teksten.waar(inhoud.gemeente_naam(gemeente)),
                bevestig_url=abonnementmail.publieke_link(basis, "bevestigen", bevestig),
                afmeld_url=abonnementmail.publieke_link(basis, "afmelden", afmeld),
                verloopt_op=vandaag_lokaal(nu) + dt.timedelta(days=teksten.BEVESTIG_DAGEN),
                organisatie=inhoud.organisatie, afzender=afzender, sleutel=sleutel, moment=nu)
            session.add(OutboxBericht(
                soort="mail", ontvanger=adres, onderwerp=str(bericht["Subject"])[:300],
                inhoud=bericht.as_string(), idempotentie_sleutel=sleutel, status="wachtend",
                pogingen=0, volgende_poging_op=nu, aangemaakt_op=nu))
            session.commit()
            log.info("event=abonnement_aangevraagd abonnement=%s gemeente=%s regelingen=%s",
                     abonnement.publieke_id, gemeente or "-", ",".join(regelingen) or "alle")
            return Aanvraag(abonnement.publieke_id, adres, is_nieuw=True, al_actief=False)
        except IntegrityError:
            session.rollback()
            if poging == 2:
                raise
    raise AssertionError("unreachable")


# ---- the links in the mails -------------------------------------------------------------------------

@dataclass(frozen=True)
class LinkUitkomst:
    uitkomst: str  # bevestigd | al_bevestigd | verlopen | afgemeld | al_afgemeld | onbekend
    wat: str = ""
    waar: str = ""


def _zoek(session: Session, kolom: Any, token: str) -> Any:
    """The row whose ``kolom`` holds the hash of ``token``, or None."""
    if not geldige_vorm(token):
        return None
    gevonden = session.execute(select(kolom.class_).where(kolom == token_hash(token))
                               ).scalars().first()
    if gevonden is None or not klopt(token, getattr(gevonden, kolom.key)):
        return None
    return gevonden


def _omschrijving(abonnement: Abonnement, inhoud: Inhoud | None) -> tuple[str, str]:
    namen = inhoud.regeling_namen if inhoud else {}
    gemeente = (inhoud.gemeente_naam(abonnement.gemeente) if inhoud
                else (abonnement.gemeente or "").title() or None)
    return teksten.wat(abonnement.regelingen or [], namen), teksten.waar(gemeente)


def bevestig(session: Session, token: str, nu: dt.datetime | None = None,
             inhoud: Inhoud | None = None) -> LinkUitkomst:
    """The confirmation link was used: the subscription becomes active (commits). Idempotent."""
    nu = _naive(nu)
    abonnement = _zoek(session, Abonnement.bevestig_hash, token)
    if abonnement is None:
        return LinkUitkomst("onbekend")
    wat, waar = _omschrijving(abonnement, inhoud)
    if abonnement.status == "actief":
        return LinkUitkomst("al_bevestigd", wat, waar)
    if abonnement.status == "afgemeld":
        return LinkUitkomst("al_afgemeld", wat, waar)
    if abonnement.aangevraagd_op + dt.timedelta(days=teksten.BEVESTIG_DAGEN) < nu:
        return LinkUitkomst("verlopen", wat, waar)
    abonnement.status, abonnement.bevestigd_op = "actief", nu
    _bewaar_werkgever(session, abonnement)
    session.commit()
    log.info("event=abonnement_bevestigd abonnement=%s", abonnement.publieke_id)
    return LinkUitkomst("bevestigd", wat, waar)


def _bewaar_werkgever(session: Session, abonnement: Abonnement) -> None:
    """A confirmed subscriber keeps the accountmanager named to them (as a handover would)."""
    if not abonnement.email or not abonnement.accountmanager_id:
        return
    if zoek_werkgever(session, abonnement.email, None) is not None:
        return
    try:
        with session.begin_nested():
            session.add(Werkgever(email=abonnement.email,
                                  accountmanager_id=abonnement.accountmanager_id))
    except IntegrityError:
        pass  # a handover stored the same employer at this moment: it keeps that one


def meld_af(session: Session, token: str, nu: dt.datetime | None = None,
            wijze: str = "link", inhoud: Inhoud | None = None) -> LinkUitkomst:
    """An unsubscribe link (or a mail program's one-click POST) was used (commits). A link from a
    change mail stops every subscription of that address; the link in a confirmation mail
    withdraws that request. Idempotent."""
    nu = _naive(nu)
    ontvanger = _zoek(session, PublicatieOntvanger.afmeld_hash, token)
    if ontvanger is not None:
        if not ontvanger.email:
            return LinkUitkomst("al_afgemeld")
        abonnementen = session.execute(
            select(Abonnement).where(Abonnement.email == ontvanger.email,
                                     Abonnement.status != "afgemeld")).scalars().all()
        if ontvanger.afgemeld_op is None and abonnementen:
            ontvanger.afgemeld_op = nu
    else:
        abonnement = _zoek(session, Abonnement.afmeld_hash, token)
        if abonnement is None:
            return LinkUitkomst("onbekend")
        abonnementen = [abonnement] if abonnement.status != "afgemeld" else []
    if not abonnementen:
        return LinkUitkomst("al_afgemeld")
    for a in abonnementen:
        a.status, a.afgemeld_op, a.afmeldwijze = "afgemeld", nu, wijze[:16]
    session.flush()
    _stop_wachtende_mails(session, {a.email for a in abonnementen if a.email}, nu)
    session.commit()
    log.info("event=abonnement_afgemeld abonnementen=%s wijze=%s",
             ",".join(a.publieke_id for a in abonnementen), wijze)
    wat, waar = _omschrijving(abonnementen[0], inhoud)
    return LinkUitkomst("afgemeld", wat, waar)


def _stop_wachtende_mails(session: Session, adressen: set[str], nu: dt.datetime) -> None:
    """Change mails not yet delivered to an address without running subscriptions are not sent:
    after unsubscribing, nothing more arrives."""
    for adres in adressen:
        lopend = session.execute(select(func.count()).select_from(Abonnement).where(
            Abonnement.email == adres, Abonnement.status != "afgemeld")).scalar_one()
        if lopend:
            continue
        sleutels = session.execute(select(PublicatieOntvanger.outbox_sleutel).where(
            PublicatieOntvanger.email == adres)).scalars().all()
        if not sleutels:
            continue
        session.execute(
            update(OutboxBericht).where(OutboxBericht.idempotentie_sleutel.in_(sleutels),
                                        OutboxBericht.status == "wachtend")
            .values(status="opgegeven", laatste_fout="Niet verstuurd: de werkgever heeft zich "
                    "afgemeld.", volgende_poging_op=nu)
            .execution_options(synchronize_session=False))


def registreer_opening(session: Session, token: str, nu: dt.datetime | None = None) -> bool:
    ontvanger = _zoek(session, PublicatieOntvanger.open_hash, token)
    if ontvanger is None:
        return False
    if ontvanger.geopend_op is None:
        ontvanger.geopend_op = _naive(nu)
        session.commit()
    return True


# ---- the published version --------------------------------------------------------------------------

def laatste_versie(session: Session) -> GepubliceerdeVersie | None:
    return session.execute(select(GepubliceerdeVersie)
                           .order_by(GepubliceerdeVersie.volgnummer.desc()).limit(1)
                           ).scalars().first()


def _nieuwe_versie(session: Session, snapshot: Snapshot, vorige: GepubliceerdeVersie | None,
                   nu: dt.datetime) -> GepubliceerdeVersie:
    versie = GepubliceerdeVersie(volgnummer=(vorige.volgnummer + 1) if vorige else 1,
                                 vingerafdruk=vingerafdruk(snapshot), inhoud=naar_json(snapshot),
                                 aangemaakt_op=nu)
    session.add(versie)
    session.flush()
    return versie


def zorg_voor_startpunt(session: Session, root: Path, nu: dt.datetime | None = None) -> bool:
    """Record the content as published when nothing was published yet (commits); True when it
    did. The first subscription does this, so later changes can be told from what was there."""
    if laatste_versie(session) is not None:
        return False
    snapshot = maak_momentopname(root, _invuller(root))
    try:
        _nieuwe_versie(session, snapshot, None, _naive(nu))
        session.add(Publicatie(soort="startpunt", notitie=None, door="assistent",
                               wijzigingen=[], aangemaakt_op=_naive(nu)))
        session.commit()
    except IntegrityError:
        session.rollback()  # another process recorded it first
        return False
    log.info("event=startpunt_vastgelegd")
    return True


def controleer_inhoud(root: Path) -> Any:
    """The validated Repository of the files; AbonnementFout with the editors' messages if the
    files have errors (the assistant then still serves the previous version: announcing the
    broken one would tell employers something the assistant does not say)."""
    from wsp.regels import controleer

    uitkomst = controleer(Path(root))
    if uitkomst.repository is None:
        meldingen = "\n".join(f"- {f}" for f in uitkomst.fouten)
        raise AbonnementFout(
            "De bestanden bevatten fouten; er is niets gepubliceerd. Herstel ze eerst "
            f"(python -m wsp.regels check):\n{meldingen}")
    return uitkomst.repository


def _invuller(root: Path, repository: Any = None) -> Any:
    if repository is None:
        try:
            from wsp.regels import controleer

            repository = controleer(Path(root)).repository
        except Exception:  # noqa: BLE001 - figures stay as {name}
            repository = None
    return getattr(repository, "vul_in", None)


# ---- who a change concerns --------------------------------------------------------------------------

@dataclass
class MailPlan:
    email: str
    abonnement_ids: list[int] = field(default_factory=list)
    gemeenten: list[str | None] = field(default_factory=list)
    regelingen: list[str] = field(default_factory=list)  # what the subscriptions name
    wijzigingen: list[int] = field(default_factory=list)  # indexes into the announced changes
    alle_regelingen: bool = False  # one of the subscriptions is for every regeling


def ontvangers_voor(session: Session, wijzigingen: Sequence[Wijziging]) -> list[MailPlan]:
    """Active (confirmed, not unsubscribed) subscriptions concerned by the changes, one plan per
    e-mail address with all of its changes."""
    plannen: dict[str, MailPlan] = {}
    if not wijzigingen:
        return []
    abonnementen = session.execute(
        select(Abonnement).where(Abonnement.status == "actief", Abonnement.email.is_not(None))
        .order_by(Abonnement.id)).scalars().all()
    for a in abonnementen:
        passend = [i for i, w in enumerate(wijzigingen)
                   if betrokken(w, a.gemeente, a.regelingen or [])]
        if not passend:
            continue
        plan = plannen.setdefault(a.email, MailPlan(a.email))
        plan.abonnement_ids.append(a.id)
        if a.gemeente not in plan.gemeenten:
            plan.gemeenten.append(a.gemeente)
        plan.alle_regelingen = plan.alle_regelingen or not a.regelingen
        plan.regelingen += [r for r in a.regelingen or [] if r not in plan.regelingen]
        plan.wijzigingen = sorted(set(plan.wijzigingen) | set(passend))
    return list(plannen.values())


@dataclass
class Voorstel:
    """What publishing now would do."""

    nieuw: Snapshot
    vorige: GepubliceerdeVersie | None
    wijzigingen: list[Wijziging]  # everything that differs
    aan_te_kondigen: list[Wijziging]
    voorbeeld: list[Wijziging]  # sample data: never announced
    al_aangekondigd: list[Wijziging]  # dated amounts the daily run already announced
    plannen: list[MailPlan] = field(default_factory=list)

    @property
    def startpunt(self) -> bool:
        return self.vorige is None


def maak_voorstel(session: Session, root: Path, repository: Any = None) -> Voorstel:
    nieuw = maak_momentopname(root, _invuller(root, repository))
    vorige = laatste_versie(session)
    if vorige is None:
        return Voorstel(nieuw, None, [], [], [], [])
    alle = vergelijk(uit_json(vorige.inhoud), nieuw)
    aangekondigd = set(session.execute(select(AangekondigdBedrag.sleutel)).scalars().all())
    aan, voorbeeld, al = [], [], []
    for w in alle:
        if not w.aankondigen:
            voorbeeld.append(w)
        elif w.reeks and w.soort == "nieuw" and w.sleutel in aangekondigd:
            al.append(w)
        else:
            aan.append(w)
    return Voorstel(nieuw, vorige, alle, aan, voorbeeld, al, ontvangers_voor(session, aan))


def _contact(inhoud: Inhoud, session: Session, email: str, gemeente: str | None,
             vandaag: dt.date) -> abonnementmail.Contactpersoon:
    toewijzing = wijs_toe(session, inhoud.roster, gemeente, email=email, vandaag=vandaag)
    vast = toewijzing.vaste_accountmanager
    afwezig_tot = next((a.tot for a in vast.afwezig if a.geldt_op(vandaag)), None)
    return abonnementmail.Contactpersoon(vast, toewijzing.accountmanager, afwezig_tot)


def _queue_mails(session: Session, publicatie: Publicatie, wijzigingen: list[Wijziging],
                 plannen: list[MailPlan], inhoud: Inhoud, nu: dt.datetime, basis: str,
                 afzender: str) -> int:
    vandaag = vandaag_lokaal(nu)
    aantal = 0
    for plan in plannen:
        eigen = [wijzigingen[i] for i in plan.wijzigingen]
        gemeente = next((g for g in plan.gemeenten if g), None)
        contact = _contact(inhoud, session, plan.email, gemeente, vandaag)
        afmeld, geopend = nieuw_token(), nieuw_token()
        sleutel = f"publ-{publicatie.publieke_id}-{aantal + 1:05d}"
        waar = teksten.opsomming(teksten.waar(inhoud.gemeente_naam(g)) for g in plan.gemeenten)
        bericht = abonnementmail.stel_wijzigingsmail_op(
            email=plan.email, wijzigingen=eigen, notitie=publicatie.notitie, gepubliceerd=vandaag,
            wat=teksten.wat([] if plan.alle_regelingen else plan.regelingen,
                            inhoud.regeling_namen), waar=waar, contact=contact,
            regeling_namen=inhoud.regeling_namen, gemeente_namen=inhoud.gemeente_namen,
            organisatie=inhoud.organisatie, afzender=afzender,
            afmeld_url=abonnementmail.publieke_link(basis, "afmelden", afmeld),
            open_url=abonnementmail.publieke_link(basis, "geopend.gif", geopend),
            sleutel=sleutel, moment=nu)
        session.add(PublicatieOntvanger(
            publicatie_id=publicatie.id, email=plan.email, abonnement_ids=plan.abonnement_ids,
            gemeenten=plan.gemeenten, wijzigingen=plan.wijzigingen,
            accountmanager_id=contact.vast.id, outbox_sleutel=sleutel,
            afmeld_hash=token_hash(afmeld), open_hash=token_hash(geopend), aangemaakt_op=nu))
        session.add(OutboxBericht(
            soort="mail", ontvanger=plan.email, onderwerp=str(bericht["Subject"])[:300],
            inhoud=bericht.as_string(), idempotentie_sleutel=sleutel, status="wachtend",
            pogingen=0, volgende_poging_op=nu, aangemaakt_op=nu))
        aantal += 1
    return aantal


def controleer_notitie(notitie: str | None) -> str | None:
    """A short note in plain Dutch: at most 600 characters; None when empty."""
    notitie = " ".join((notitie or "").split())
    if not notitie:
        return None
    if len(notitie) > 600:
        raise AbonnementFout("De toelichting is te lang: houd het bij 600 tekens (een paar korte "
                             "zinnen).")
    return notitie


def lange_zinnen(notitie: str | None, max_woorden: int = 20) -> list[str]:
    """Sentences longer than ``max_woorden`` words (B1: keep sentences short)."""
    import re

    zinnen = [z.strip() for z in re.split(r"(?<=[.!?])\s+", notitie or "") if z.strip()]
    return [z for z in zinnen if len(z.split()) > max_woorden]


@dataclass(frozen=True)
class PublicatieUitkomst:
    publicatie_id: str | None
    soort: str
    wijzigingen: int
    mails: int


def publiceer(session: Session, voorstel: Voorstel, *, inhoud: Inhoud, notitie: str | None,
              door: str | None = None, stil: bool = False, nu: dt.datetime | None = None,
              basis: str | None = None, afzender: str | None = None) -> PublicatieUitkomst:
    """Store the new published version, the publication and its mails in one transaction
    (commits). ``stil``: record the version without telling anyone (e.g. a typo fix).

    Raises AbonnementFout when someone else published since the proposal was made."""
    nu = _naive(nu)
    notitie = controleer_notitie(notitie)
    try:
        versie = _nieuwe_versie(session, voorstel.nieuw, voorstel.vorige, nu)
        if voorstel.startpunt:
            soort = "startpunt"
        elif stil or not voorstel.aan_te_kondigen:
            soort = "stil"
        else:
            soort = "redactie"
        wijzigingen = voorstel.aan_te_kondigen if soort == "redactie" else []
        publicatie = Publicatie(
            soort=soort, notitie=notitie if soort == "redactie" else None,
            door=(door or "")[:100] or None, versie_id=versie.id,
            wijzigingen=[w.als_dict() for w in (wijzigingen or voorstel.wijzigingen)],
            aangemaakt_op=nu)
        session.add(publicatie)
        session.flush()
        for w in wijzigingen:
            if w.reeks and session.get(AangekondigdBedrag, w.sleutel) is None:
                session.add(AangekondigdBedrag(sleutel=w.sleutel, publicatie_id=publicatie.id, op=nu))
        mails = 0
        if soort == "redactie":
            plannen = ontvangers_voor(session, wijzigingen)
            mails = _queue_mails(session, publicatie, wijzigingen, plannen, inhoud, nu,
                                 (basis or basis_url()).rstrip("/"), afzender or mail_afzender())
        session.commit()
    except IntegrityError as fout:
        session.rollback()
        raise AbonnementFout("Iemand anders heeft net gepubliceerd. Start het commando opnieuw; "
                             "u ziet dan wat er nog over is.") from fout
    log.info("event=gepubliceerd publicatie=%s soort=%s wijzigingen=%s mails=%s",
             publicatie.publieke_id, soort, len(wijzigingen), mails)
    return PublicatieUitkomst(publicatie.publieke_id, soort, len(wijzigingen), mails)


# ---- dated amounts ahead of their date --------------------------------------------------------------

def notitie_bedragen(wijzigingen: Sequence[Wijziging]) -> str:
    zinnen = []
    for w in wijzigingen:
        wanneer = datum_tekst(w.vanaf) if w.vanaf else "binnenkort"
        if (w.reeks or "").startswith("minimumloon"):
            zinnen.append(f"Op {wanneer} verandert het wettelijk minimumloon. Daarmee verandert "
                          "ook de loonkostensubsidie die u kunt krijgen.")
        else:
            zinnen.append(f"Op {wanneer} verandert het {teksten.klein(w.onderwerp)}.")
    return " ".join(dict.fromkeys(zinnen))


def kondig_bedragen_aan(session: Session, *, inhoud: Inhoud, vandaag: dt.date | None = None,
                        dagen: int | None = None, nu: dt.datetime | None = None,
                        basis: str | None = None, afzender: str | None = None,
                        repository: Any = None) -> PublicatieUitkomst | None:
    """Announce the dated amounts that start within ``dagen`` days and were not announced yet
    (commits). Run it daily; a second run on the same day finds nothing to do."""
    nu = _naive(nu)
    vandaag = vandaag or vandaag_lokaal(nu)
    dagen = dagen or aankondigen_dagen()
    snapshot = maak_momentopname(inhoud.root, _invuller(inhoud.root, repository))
    aangekondigd = set(session.execute(select(AangekondigdBedrag.sleutel)).scalars().all())
    komend = [w for w in komende_bedragen(snapshot, vandaag, dagen)
              if w.aankondigen and w.sleutel not in aangekondigd]
    if not komend:
        return None
    try:
        publicatie = Publicatie(soort="automatisch", notitie=notitie_bedragen(komend),
                                door="automatisch", wijzigingen=[w.als_dict() for w in komend],
                                aangemaakt_op=nu)
        session.add(publicatie)
        session.flush()
        for w in komend:
            session.add(AangekondigdBedrag(sleutel=w.sleutel, publicatie_id=publicatie.id, op=nu))
        session.flush()
        plannen = ontvangers_voor(session, komend)
        mails = _queue_mails(session, publicatie, komend, plannen, inhoud, nu,
                             (basis or basis_url()).rstrip("/"), afzender or mail_afzender())
        session.commit()
    except IntegrityError:
        session.rollback()  # another run announced them at this moment
        return None
    log.info("event=bedragen_aangekondigd publicatie=%s bedragen=%s mails=%s",
             publicatie.publieke_id, len(komend), mails)
    return PublicatieUitkomst(publicatie.publieke_id, "automatisch", len(komend), mails)


def aantal_actief(session: Session) -> int:
    return session.execute(select(func.count()).select_from(Abonnement)
                           .where(Abonnement.status == "actief")).scalar_one()
