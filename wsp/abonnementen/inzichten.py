"""Figures about proactive information, without names or addresses: subscribers per regeling and
municipality, how many requests were confirmed or stopped, and per publication how many mails
went out, were opened and led to an unsubscribe."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wsp.abonnementen.models import Abonnement, Publicatie, PublicatieOntvanger
from wsp.overdracht.models import OutboxBericht

ALLE = "alle regelingen"


@dataclass
class PublicatieCijfers:
    publieke_id: str
    soort: str
    op: object
    notitie: str | None
    wijzigingen: int
    mails: int
    verzonden: int
    geopend: int
    afgemeld: int

    @property
    def open_pct(self) -> float | None:
        return self.geopend / self.verzonden if self.verzonden else None


@dataclass
class AbonnementCijfers:
    per_status: Counter = field(default_factory=Counter)
    # (gemeente or "", regeling or ALLE) -> distinct active addresses
    per_gemeente_regeling: dict[tuple[str, str], int] = field(default_factory=dict)
    actieve_adressen: int = 0
    afmeldwijze: Counter = field(default_factory=Counter)
    publicaties: list[PublicatieCijfers] = field(default_factory=list)

    @property
    def gemeenten(self) -> list[str]:
        return sorted({g for g, _ in self.per_gemeente_regeling})

    @property
    def regelingen(self) -> list[str]:
        namen = {r for _, r in self.per_gemeente_regeling}
        return sorted(namen - {ALLE}) + ([ALLE] if ALLE in namen else [])


def cijfers(session: Session, max_publicaties: int = 50) -> AbonnementCijfers:
    uit = AbonnementCijfers()
    uit.per_status = Counter(dict(session.execute(
        select(Abonnement.status, func.count()).group_by(Abonnement.status)).all()))
    uit.afmeldwijze = Counter(dict(session.execute(
        select(Abonnement.afmeldwijze, func.count()).where(Abonnement.status == "afgemeld")
        .group_by(Abonnement.afmeldwijze)).all()))
    adressen: dict[tuple[str, str], set[str]] = {}
    alle: set[str] = set()
    for email, gemeente, regelingen in session.execute(
            select(Abonnement.email, Abonnement.gemeente, Abonnement.regelingen)
            .where(Abonnement.status == "actief")).all():
        alle.add(email or "")
        for regeling in (regelingen or [ALLE]):
            adressen.setdefault((gemeente or "", regeling), set()).add(email or "")
    uit.per_gemeente_regeling = {k: len(v) for k, v in sorted(adressen.items())}
    uit.actieve_adressen = len(alle)

    publicaties = session.execute(
        select(Publicatie).where(Publicatie.soort.in_(("redactie", "automatisch")))
        .order_by(Publicatie.aangemaakt_op.desc(), Publicatie.id.desc()).limit(max_publicaties)
    ).scalars().all()
    for p in publicaties:
        rijen = session.execute(
            select(PublicatieOntvanger.geopend_op, PublicatieOntvanger.afgemeld_op,
                   OutboxBericht.status)
            .outerjoin(OutboxBericht,
                       OutboxBericht.idempotentie_sleutel == PublicatieOntvanger.outbox_sleutel)
            .where(PublicatieOntvanger.publicatie_id == p.id)).all()
        uit.publicaties.append(PublicatieCijfers(
            publieke_id=p.publieke_id, soort=p.soort, op=p.aangemaakt_op, notitie=p.notitie,
            wijzigingen=len(p.wijzigingen or []), mails=len(rijen),
            verzonden=sum(1 for _, _, s in rijen if s == "verzonden"),
            geopend=sum(1 for g, _, _ in rijen if g is not None),
            afgemeld=sum(1 for _, a, _ in rijen if a is not None)))
    return uit


def als_tekst(c: AbonnementCijfers, gemeente_naam=lambda g: g, regeling_naam=lambda r: r) -> str:  # type: ignore[no-untyped-def]
    regels = [
        "Abonnementen op wijzigingen",
        f"Aangemeld en bevestigd: {c.per_status.get('actief', 0)} "
        f"({c.actieve_adressen} e-mailadres(sen)); wacht op bevestiging: "
        f"{c.per_status.get('wachtend', 0)}; afgemeld: {c.per_status.get('afgemeld', 0)}",
    ]
    if c.afmeldwijze:
        regels.append("Afgemeld via: " + ", ".join(
            f"{w or 'onbekend'}: {n}" for w, n in sorted(c.afmeldwijze.items(), key=str)))
    regels += ["", "Actieve abonnees per gemeente en regeling"]
    if not c.per_gemeente_regeling:
        regels.append("  (nog geen)")
    for (gemeente, regeling), aantal in c.per_gemeente_regeling.items():
        regels.append(f"  {gemeente_naam(gemeente) if gemeente else 'geen gemeente'}: "
                      f"{regeling if regeling == ALLE else regeling_naam(regeling)}: {aantal}")
    regels += ["", "Berichten per publicatie (nieuwste eerst)"]
    if not c.publicaties:
        regels.append("  (nog geen)")
    for p in c.publicaties:
        pct = "" if p.open_pct is None else f" ({round(100 * p.open_pct)}%)"
        regels.append(f"  {p.op:%d-%m-%Y} {p.soort}: {p.wijzigingen} wijziging(en), {p.mails} mail(s), "
                      f"{p.verzonden} verzonden, {p.geopend} geopend{pct}, {p.afgemeld} afgemeld")
    return "\n".join(regels)
