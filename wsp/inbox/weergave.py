"""How handovers read for an accountmanager: Dutch labels, local times, waiting time against the norm,
the transcript as chat bubbles. Pure functions, shared by the pages and the JSON API.

Names of instruments and the deadline come from ``wsp.overdracht`` so the inbox says exactly what the
notification mail said."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from wsp.overdracht.mail import REDEN_TEKSTEN, REGELING_NAMEN, datum_nl, gemeente_naam, moment_nl
from wsp.overdracht.models import Overdracht
from wsp.overdracht.toewijzing import TIJDZONE, uiterlijk_contact, vandaag_lokaal

REGELINGEN = REGELING_NAMEN

STATUS = {"nieuw": "Nieuw", "in_behandeling": "In behandeling", "afgerond": "Afgerond"}

# short labels for the list; the detail page shows the full sentence of the mail (REDEN_TEKSTEN)
REDENEN = {
    "gevraagd": "Werkgever vroeg om een persoon",
    "onbegrepen": "Assistent begreep de vraag niet",
    "buiten_bereik": "Vraag buiten het onderwerp",
    "maatwerk": "Maatwerk nodig",
    "geen_regel": "Geen regel voor deze gemeente",
    "niet_geholpen": "Werkgever voelde zich niet geholpen",
}

MELDING_STATUS = {
    "wachtend": "wacht op verzending",
    "bezig": "wordt nu verzonden",
    "verzonden": "verzonden",
    "opgegeven": "niet gelukt, opgegeven",
}

_MAANDEN = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def lokaal(utc: datetime | None) -> datetime | None:
    """Stored naive UTC → Dutch local time."""
    if utc is None:
        return None
    if utc.tzinfo is None:
        utc = utc.replace(tzinfo=timezone.utc)
    return utc.astimezone(TIJDZONE)


def nu_lokaal() -> datetime:
    return datetime.now(TIJDZONE)


def iso_utc(utc: datetime | None) -> str | None:
    if utc is None:
        return None
    if utc.tzinfo is not None:
        utc = utc.astimezone(timezone.utc).replace(tzinfo=None)
    return utc.isoformat(timespec="seconds") + "Z"


def datum_tijd(utc: datetime | None) -> str:
    """'vandaag 14:05', 'gisteren 09:12' or '21 nov 2025 14:05'."""
    t = lokaal(utc)
    if t is None:
        return ""
    vandaag = nu_lokaal().date()
    klok = t.strftime("%H:%M")
    if t.date() == vandaag:
        return f"vandaag {klok}"
    if (vandaag - t.date()).days == 1:
        return f"gisteren {klok}"
    return f"{t.day} {_MAANDEN[t.month - 1]} {t.year} {klok}"


def uiterlijk_tekst(dag: date) -> str:
    """'dinsdag 25 november 2026' (as in the notification mail), or 'vandaag' / 'morgen'."""
    vandaag = vandaag_lokaal()
    if dag == vandaag:
        return f"vandaag, {datum_nl(dag)}"
    if dag == vandaag + timedelta(days=1):
        return f"morgen, {datum_nl(dag)}"
    return datum_nl(dag)


def werkdagen_tekst(n: int) -> str:
    return f"{n} werkdag" if n == 1 else f"{n} werkdagen"


@dataclass(frozen=True)
class Wachttijd:
    werkdagen: int  # working days since receipt (until first contact, once there was contact)
    norm: int
    uiterlijk: date  # last day for first contact
    te_laat: bool
    tekst: str
    klasse: str  # css: op-tijd | laatste-dag | te-laat | klaar

    def als_json(self) -> dict:
        return {
            "werkdagen": self.werkdagen,
            "servicenorm_werkdagen": self.norm,
            "uiterlijk_contact": self.uiterlijk.isoformat(),
            "te_laat": self.te_laat,
            "tekst": self.tekst,
        }


def werkdagen_tussen(begin: date, eind: date) -> int:
    """Working days (Mon–Fri, as ``uiterlijk_contact`` counts them) after ``begin`` up to ``eind``."""
    return sum(
        1 for i in range(1, (eind - begin).days + 1) if (begin + timedelta(days=i)).weekday() < 5
    )


def wachttijd(o: Overdracht, vandaag: date | None = None) -> Wachttijd:
    norm = o.servicenorm_werkdagen if o.servicenorm_werkdagen is not None else 2
    ontvangen = vandaag_lokaal(o.aangemaakt_op)
    uiterlijk = uiterlijk_contact(o.aangemaakt_op, norm)
    if o.eerste_contact_op is not None:
        contact = vandaag_lokaal(o.eerste_contact_op)
        n = werkdagen_tussen(ontvangen, contact)
        te_laat = contact > uiterlijk
        tekst = (
            f"{'Te laat opgepakt' if te_laat else 'Opgepakt'} na {werkdagen_tekst(n)} (norm {norm})"
        )
        return Wachttijd(n, norm, uiterlijk, te_laat, tekst, "klaar")
    vandaag = vandaag or vandaag_lokaal()
    n = werkdagen_tussen(ontvangen, vandaag)
    if o.status == "afgerond":
        return Wachttijd(n, norm, uiterlijk, False, "Afgerond zonder contactmoment", "klaar")
    if vandaag > uiterlijk:
        return Wachttijd(
            n, norm, uiterlijk, True, f"Te laat: {werkdagen_tekst(n)} (norm {norm})", "te-laat"
        )
    klasse = "laatste-dag" if vandaag == uiterlijk else "op-tijd"
    return Wachttijd(n, norm, uiterlijk, False, f"{werkdagen_tekst(n)} van {norm}", klasse)


def reden_tekst(o: Overdracht) -> str:
    """The reason as the notification mail words it."""
    return REDEN_TEKSTEN.get(o.reden) or REDENEN.get(o.reden, o.reden)


def regelingen(o: Overdracht) -> list[str]:
    return [REGELINGEN.get(r, r) for r in (o.regelingen or [])]


def gemeente(o: Overdracht) -> str:
    return gemeente_naam(o.gemeente) if o.gemeente else ""


def contactgegevens_tekst(o: Overdracht) -> str:
    """The block the 'Kopieer contactgegevens' button puts on the clipboard."""
    regels = [
        ("Naam", o.naam),
        ("Organisatie", o.organisatie),
        ("E-mail", o.email),
        ("Telefoon", o.telefoon),
        ("KvK", o.kvk),
        ("Contactvoorkeur", o.contactvoorkeur),
        ("Gemeente", gemeente(o)),
        ("Vraag", o.vraag),
    ]
    return "\n".join(f"{label}: {waarde}" for label, waarde in regels if waarde)


def tel_link(telefoon: str | None) -> str:
    return "".join(c for c in (telefoon or "") if c.isdigit() or c == "+")


@dataclass(frozen=True)
class Bericht:
    afzender: str  # werkgever | assistent
    regels: list[str]
    bron: list[str]  # the assistant's "Bron: ..." lines, shown quieter
    knoppen: list[str]
    tijd: str
    tijd_volledig: str


_AFZENDERS = {
    "werkgever": "werkgever",
    "user": "werkgever",
    "assistent": "assistent",
    "bot": "assistent",
}


def _tijd(waarde: object) -> datetime | None:
    if not isinstance(waarde, str) or not waarde:
        return None
    try:
        t = datetime.fromisoformat(waarde.replace("Z", "+00:00"))
    except ValueError:
        return None
    return lokaal(t)


def _knop(knop: object) -> str:
    if isinstance(knop, dict):
        return str(knop.get("title") or knop.get("titel") or knop.get("payload") or "")
    return str(knop)


def transcript(o: Overdracht) -> list[Bericht]:
    berichten = []
    for item in o.transcript or []:
        if not isinstance(item, dict):
            continue
        afzender = _AFZENDERS.get(str(item.get("afzender", "")).lower(), "assistent")
        regels, bron = [], []
        for regel in str(item.get("tekst") or "").splitlines():
            (
                bron if afzender == "assistent" and regel.strip().startswith("Bron:") else regels
            ).append(regel)
        t = _tijd(item.get("tijd"))
        berichten.append(
            Bericht(
                afzender=afzender,
                regels=regels,
                bron=bron,
                knoppen=[k for k in (_knop(k) for k in item.get("knoppen") or []) if k],
                tijd=t.strftime("%H:%M") if t else "",
                tijd_volledig=moment_nl(t) if t else "",
            )
        )
    return berichten
