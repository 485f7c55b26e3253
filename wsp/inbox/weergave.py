"""How handovers read for an accountmanager: Dutch labels, local times, waiting time against the norm,
the transcript as chat bubbles. Pure functions, shared by the pages and the JSON API.

Names of instruments and the deadline come from ``wsp.overdracht`` so the inbox says exactly what the
notification mail said."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from wsp.overdracht.mail import (
    REDEN_LABELS,
    REDEN_TEKSTEN,
    datum_nl,
    gemeente_naam,
    moment_nl,
    regeling_naam,
)
from wsp.overdracht.models import Overdracht
from wsp.overdracht.toewijzing import TIJDZONE, uiterlijk_contact, vandaag_lokaal
from wsp.regels import regeling_namen  # noqa: F401 - the list's filter (paginas, toegang)

STATUS = {
    "nieuw": "Nieuw",
    "in_behandeling": "In behandeling",
    "wacht_op_werkgever": "Wacht op werkgever",
    "afgerond": "Afgerond",
}
CONTACT_MANIER = {"telefoon": "Gebeld", "e-mail": "Gemaild", "anders": "Anders"}
CONTACT_RESULTAAT = {
    "gesproken": "Gesproken",
    "voicemail": "Niet bereikt, voicemail ingesproken",
    "niet_bereikt": "Niet bereikt",
}

# short labels for the list (REDEN_LABELS); the detail page shows REDEN_TEKSTEN
REDENEN = REDEN_LABELS

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
    return [regeling_naam(r) for r in (o.regelingen or [])]


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
    # employer lines on which the assistant got stuck: why, in the accountmanager's words
    vastgelopen: str = ""
    nummer: int = 0  # position in the transcript (anchor "bericht-<nummer>")


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


VASTGELOPEN = {
    "onbegrepen": "De assistent begreep deze vraag niet",
    "buiten_bereik": "Buiten wat de assistent beantwoordt",
    "niet_geholpen": "Het antwoord hielp de werkgever niet",
}


def _begin(tekst: str) -> str:
    return " ".join(tekst.split())[:60].lower()


def _vastloop_teksten() -> dict[str, str]:
    """Start of each assistant text that means it got stuck on the employer's line before it."""
    from wsp import teksten

    uit = {}
    for naam, reden in (("ONBEGREPEN_1", "onbegrepen"), ("ONBEGREPEN_2", "onbegrepen"),
                        ("BUITEN_BEREIK", "buiten_bereik"), ("BUITEN_BEREIK_WERK", "buiten_bereik")):
        tekst = getattr(teksten, naam, None)
        if isinstance(tekst, str) and tekst:
            uit[_begin(tekst)] = reden
    return uit


def _niet_geholpen_teksten() -> set[str]:
    """What an employer line reads like when she said an answer did not help (👎, "dit helpt niet")."""
    from wsp.overdracht.transcript import FEEDBACK_LEESBAAR, INTENT_LEESBAAR

    return {t.lower() for t in (FEEDBACK_LEESBAAR.get("negatief"), INTENT_LEESBAAR.get("not_helpful"))
            if t}


def vastgelopen(items: list[dict]) -> dict[int, str]:
    """{index of an employer line: reason} for the lines the assistant got stuck on.

    A line carries the reason itself when the transcript was made with it (key ``vastgelopen``);
    otherwise it is read from what happened next: the assistant's "did not understand" or "out of
    scope" reply, or the employer saying the answer to this question did not help."""
    stuk = _vastloop_teksten()
    niet_geholpen = _niet_geholpen_teksten()
    uit: dict[int, str] = {}
    laatste_vraag: int | None = None
    for i, item in enumerate(items):
        afzender = _AFZENDERS.get(str(item.get("afzender", "")).lower(), "assistent")
        tekst = str(item.get("tekst") or "")
        if afzender == "werkgever":
            if item.get("vastgelopen") in VASTGELOPEN:
                uit[i] = item["vastgelopen"]
            if " ".join(tekst.split()).lower() in niet_geholpen:
                if laatste_vraag is not None:
                    uit.setdefault(laatste_vraag, "niet_geholpen")
                continue
            laatste_vraag = i
        else:
            begin = _begin(tekst)
            for sleutel, reden in stuk.items():
                if begin.startswith(sleutel[:40]) and laatste_vraag is not None:
                    uit.setdefault(laatste_vraag, reden)
                    break
    return uit


def transcript(o: Overdracht) -> list[Bericht]:
    berichten = []
    items = [item for item in o.transcript or [] if isinstance(item, dict)]
    stuk = vastgelopen(items)
    for nummer, item in enumerate(items):
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
                vastgelopen=VASTGELOPEN.get(stuk.get(nummer, ""), ""),
                nummer=nummer,
            )
        )
    return berichten


# ---- case view: reminder, question preview, history ---------------------------------------------


@dataclass(frozen=True)
class Herinnering:
    dag: date
    tekst: str  # "Herinnering: vandaag" / "Herinnering: do 3 dec"
    klasse: str  # css: herinnering-later | herinnering-nu
    nu: bool  # the day has come (or passed)


_DAGEN_KORT = ("ma", "di", "wo", "do", "vr", "za", "zo")


def dag_kort(dag: date) -> str:
    """'do 3 dec' (with the year when it is not this year)."""
    tekst = f"{_DAGEN_KORT[dag.weekday()]} {dag.day} {_MAANDEN[dag.month - 1]}"
    return tekst if dag.year == vandaag_lokaal().year else f"{tekst} {dag.year}"


def herinnering(o: Overdracht, vandaag: date | None = None) -> Herinnering | None:
    dag = getattr(o, "herinnering_op", None)
    if dag is None or o.status == "afgerond":
        return None
    vandaag = vandaag or vandaag_lokaal()
    if dag < vandaag:
        return Herinnering(dag, f"Herinnering was {dag_kort(dag)}", "herinnering-nu", True)
    if dag == vandaag:
        return Herinnering(dag, "Herinnering: vandaag", "herinnering-nu", True)
    return Herinnering(dag, f"Herinnering: {dag_kort(dag)}", "herinnering-later", False)


def vraag_voorbeeld(o: Overdracht, lengte: int = 120) -> str:
    """The start of the employer's question, on one line, for the list."""
    vraag = " ".join((o.vraag or "").split())
    if len(vraag) <= lengte:
        return vraag
    return vraag[: lengte - 1].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


@dataclass(frozen=True)
class Gebeurtenis:
    op: datetime
    wat: str  # one line: "Gebeld: niet bereikt", "Nieuw → In behandeling", ...
    door: str  # roster id or e-mail (the template shows the name)
    tekst: str  # free text (reason, note with the attempt, the mailed reply)
    soort: str  # status | toewijzing | contactpoging | antwoord | herinnering | aanvulling | ontvangen


def _wat(s) -> str:  # noqa: ANN001 - a Statuswijziging
    soort = getattr(s, "soort", None) or ("toewijzing" if s.van and s.van == s.naar else "status")
    if soort == "contactpoging":
        wat = f"{CONTACT_MANIER.get(s.manier, s.manier or 'Contact')}: " \
              f"{CONTACT_RESULTAAT.get(s.resultaat, s.resultaat or '').lower()}"
    elif soort == "antwoord":
        wat = "E-mail aan de werkgever gestuurd"
    elif soort == "toewijzing":
        wat = "Toegewezen"
    elif soort == "aanvulling":
        wat = "Aanvulling van de werkgever in de chat"
    elif s.van:
        wat = f"{STATUS.get(s.van, s.van)} → {STATUS.get(s.naar, s.naar)}"
    else:
        wat = STATUS.get(s.naar, s.naar)
    if soort in ("contactpoging", "antwoord") and s.van != s.naar:
        wat += f" · status nu {STATUS.get(s.naar, s.naar)}"
    return wat


def geschiedenis(o: Overdracht) -> list[Gebeurtenis]:
    """Everything that happened with the handover, oldest first (the first line is its arrival)."""
    uit = []
    regels = list(o.statuswijzigingen or [])
    if not regels or regels[0].van is not None:
        uit.append(Gebeurtenis(o.aangemaakt_op, "Doorgegeven door de assistent", "assistent", "",
                               "ontvangen"))
    for s in regels:
        soort = getattr(s, "soort", None) or ("toewijzing" if s.van and s.van == s.naar else "status")
        uit.append(Gebeurtenis(s.op, _wat(s), s.door, s.toelichting or "", soort))
    return uit


def contactpogingen(o: Overdracht) -> list:
    return [s for s in (o.statuswijzigingen or []) if getattr(s, "soort", None) == "contactpoging"]
