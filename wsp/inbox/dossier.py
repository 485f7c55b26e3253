"""The case view of one handover, as the accountmanager needs it before she calls:

- the company's municipality and the employee's municipality, each with where it came from;
- the facts the employer gave the assistant (instrument, type of benefit, register status, hours,
  start date; never anything about health);
- the effective rules for that municipality and instrument, as ``python -m wsp.regels toon`` shows
  them (read from the editors' files through ``wsp.regels``' repository, read-only);
- the employer's other handovers this person may see.

Pure functions over the stored handover; ``context()`` gathers them for the template.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from wsp import teksten
from wsp.inbox import handelingen, toegang, weergave
from wsp.inbox.models import Gebruiker
from wsp.overdracht.feiten import Feit, feiten_uit_transcript
from wsp.overdracht.mail import gemeente_naam, regeling_naam
from wsp.overdracht.models import Overdracht

log = logging.getLogger(__name__)

BEVOEGD_TEKST = {
    "woongemeente_werknemer": "de woongemeente van de werknemer",
    "vestigingsgemeente_werkgever": "de gemeente waar het bedrijf is gevestigd",
}
BRON_TEKST = {
    "assistent": "vastgelegd door de assistent",
    "gesprek": "uit het gesprek",
    "overdracht": "vastgelegd bij de overdracht",
}


@dataclass(frozen=True)
class FeitRegel:
    sleutel: str
    label: str
    waarde: str  # "" = not mentioned
    bron: str = ""  # assistent | gesprek | overdracht
    citaat: str = ""  # the employer's line, for facts read from the conversation
    opmerking: str = ""
    zelfde_zin: bool = False  # read from the line quoted at a fact above
    id: str = ""  # for a municipality: its id (the value is its name)

    @property
    def bron_tekst(self) -> str:
        tekst = BRON_TEKST.get(self.bron, "")
        return f"{tekst}, zelfde zin als hierboven" if self.zelfde_zin else tekst


@dataclass(frozen=True)
class RegelRegel:
    label: str
    waarde: str
    afwijking: bool
    regionaal: str
    reden: str
    uitleg: str
    bron: str
    gecontroleerd: str


@dataclass
class RegelBlok:
    regeling: str
    naam: str
    gemeente: str | None = None  # id
    gemeente_naam: str = ""
    beslist: str = ""
    landelijk: bool = False
    maatwerk: bool = False
    geen_regel: bool = False
    opmerking: str = ""
    regels: list[RegelRegel] = field(default_factory=list)

    @property
    def gedeelde_bron(self) -> str:
        """The source and check date when every rule shares them (shown once under the table)."""
        bronnen = {(r.bron, r.gecontroleerd) for r in self.regels}
        if len(bronnen) != 1:
            return ""
        bron, datum = bronnen.pop()
        return f"{bron}, gecontroleerd op {datum}" if datum else bron

    @property
    def commando(self) -> str:
        return f"python -m wsp.regels toon {self.gemeente or '<gemeente>'} {self.regeling}"


def repository() -> Any | None:
    """The editors' current rules, or None when they cannot be read (the page still works)."""
    try:
        from wsp.regels import default_store

        return default_store().current()
    except Exception:  # noqa: BLE001 - broken rule files must not take the inbox down
        log.exception("event=regels_niet_geladen")
        return None


def _naam_gemeente(repo: Any, gemeente: str | None) -> str:
    if not gemeente:
        return ""
    try:
        return repo.gemeenten[gemeente].naam
    except Exception:  # noqa: BLE001 - unknown id or no repository: the id, readable
        return gemeente_naam(gemeente)


def _transcriptfeiten(o: Overdracht, repo: Any | None) -> dict[str, Feit]:
    vind = getattr(repo, "find_plaatsen", None) if repo is not None else None
    return feiten_uit_transcript(o.transcript or [], vind)


@dataclass(frozen=True)
class Gemeenten:
    bedrijf: FeitRegel
    werknemer: FeitRegel

    @property
    def bedrijf_id(self) -> str | None:
        return self.bedrijf.id or None

    @property
    def werknemer_id(self) -> str | None:
        return self.werknemer.id or None


def gemeenten(o: Overdracht, repo: Any | None = None,
              uit_gesprek: dict[str, Feit] | None = None) -> Gemeenten:
    """Where the company is and where the employee lives, kept apart.

    Stored facts (``feiten``, ``woongemeente``) come first; then what the employer wrote; the
    handover's single ``gemeente`` column fills what is left, with a note when it is not known
    whose municipality it is (handovers stored before the two were kept apart)."""
    opgeslagen = o.feiten if isinstance(o.feiten, dict) else {}
    uit_gesprek = uit_gesprek if uit_gesprek is not None else _transcriptfeiten(o, repo)
    waarden: dict[str, tuple[str, str, str]] = {}  # sleutel -> (gemeente id, bron, citaat)
    for sleutel in ("gemeente", "woongemeente"):
        kolom = getattr(o, "woongemeente", None) if sleutel == "woongemeente" else None
        if kolom or opgeslagen.get(sleutel):
            waarden[sleutel] = (str(kolom or opgeslagen[sleutel]), "assistent", "")
        elif sleutel in uit_gesprek:
            waarden[sleutel] = (uit_gesprek[sleutel].waarde, "gesprek", uit_gesprek[sleutel].citaat)
    opmerking = ""
    ids = {w[0] for w in waarden.values()}
    if o.gemeente and o.gemeente not in ids:
        if "gemeente" not in waarden:
            waarden["gemeente"] = (o.gemeente, "overdracht", "")
            if "woongemeente" not in waarden and not opgeslagen:
                opmerking = ("Bij deze overdracht is één gemeente vastgelegd; of dat de gemeente van "
                             "het bedrijf of van de werknemer is, staat er niet bij.")
        elif "woongemeente" not in waarden:
            waarden["woongemeente"] = (o.gemeente, "overdracht", "")

    def regel(sleutel: str, label: str) -> FeitRegel:
        if sleutel not in waarden:
            return FeitRegel(sleutel, label, "")
        gid, bron, citaat = waarden[sleutel]
        return FeitRegel(sleutel, label, _naam_gemeente(repo, gid), bron, citaat,
                         opmerking if sleutel == "gemeente" else "", id=gid)

    return Gemeenten(regel("gemeente", "Gemeente van het bedrijf"),
                     regel("woongemeente", "Woongemeente van de werknemer"))


def _tekst_van(sleutel: str, waarde: Any) -> str:
    if waarde in (None, "", []):
        return ""
    if sleutel == "regeling":
        lijst = waarde if isinstance(waarde, (list, tuple)) else [waarde]
        return ", ".join(regeling_naam(str(r)) for r in lijst if r)
    if sleutel == "uren" and isinstance(waarde, (int, float)):
        getal = f"{waarde:g}".replace(".", ",")
        return f"{getal} uur per week"
    if sleutel == "loonwaarde" and isinstance(waarde, (int, float)):
        return f"{waarde:g}%".replace(".", ",")
    if sleutel == "doelgroepregister":
        if waarde is True or str(waarde).lower() in ("ja", "true", "staat erin"):
            return "staat erin"
        if waarde is False or str(waarde).lower() in ("nee", "false", "staat er niet in"):
            return "staat er niet in"
    return " ".join(str(waarde).split())


# label, shown when missing
FEITEN = (
    ("regeling", "Regeling", True),
    ("uitkering", "Soort uitkering", True),
    ("doelgroepregister", "Doelgroepregister", True),
    ("uren", "Uren per week", True),
    ("startdatum", "Startdatum", True),
    ("loonwaarde", "Loonwaarde (voor de berekening)", False),
    ("bedrijfsgrootte", "Bedrijfsgrootte", False),
)


def feiten(o: Overdracht, repo: Any | None = None,
           uit_gesprek: dict[str, Feit] | None = None) -> list[FeitRegel]:
    """The facts block: what the assistant stored, else what the employer wrote, else 'niet genoemd'."""
    opgeslagen = o.feiten if isinstance(o.feiten, dict) else {}
    uit_gesprek = uit_gesprek if uit_gesprek is not None else _transcriptfeiten(o, repo)
    uit = []
    for sleutel, label, altijd in FEITEN:
        tekst = _tekst_van(sleutel, opgeslagen.get(sleutel))
        if tekst:
            uit.append(FeitRegel(sleutel, label, tekst, "assistent"))
        elif sleutel == "regeling" and o.regelingen:
            uit.append(FeitRegel(sleutel, label, ", ".join(weergave.regelingen(o)), "overdracht"))
        elif sleutel in uit_gesprek:
            f = uit_gesprek[sleutel]
            uit.append(FeitRegel(sleutel, label, f.waarde, "gesprek", f.citaat))
        elif altijd:
            uit.append(FeitRegel(sleutel, label, ""))
    return uit


def _regelingen(o: Overdracht) -> list[str]:
    opgeslagen = o.feiten if isinstance(o.feiten, dict) else {}
    lijst = list(o.regelingen or [])
    extra = opgeslagen.get("regeling")
    for r in extra if isinstance(extra, (list, tuple)) else [extra]:
        if r and r not in lijst:
            lijst.append(str(r))
    return lijst


def regels(o: Overdracht, repo: Any | None, plaats: Gemeenten) -> list[RegelBlok]:
    """The effective rules per instrument of the handover, for the municipality that decides on it."""
    if repo is None:
        return []
    blokken = []
    bekende = getattr(repo, "regelingen", {}) or {}
    for regeling in _regelingen(o):
        if regeling not in bekende:
            continue
        try:
            naam = repo.regeling(regeling).naam
        except Exception:  # noqa: BLE001
            naam = regeling_naam(regeling)
        blok = RegelBlok(regeling=regeling, naam=naam)
        regio = getattr(repo, "regio", {}) or {}
        basis = regio.get(regeling) if hasattr(regio, "get") else None
        bevoegd = getattr(basis, "bevoegde_gemeente", None) if basis is not None else None
        if basis is None:
            blok.landelijk = True
            blokken.append(blok)
            continue
        blok.beslist = BEVOEGD_TEKST.get(bevoegd or "", "")
        if bevoegd == "woongemeente_werknemer":
            keuze = plaats.werknemer_id
            anders, anders_wie = plaats.bedrijf_id, "het bedrijf"
            wie = "de woongemeente van de werknemer"
        else:
            keuze = plaats.bedrijf_id
            anders, anders_wie = plaats.werknemer_id, "de werknemer"
            wie = "de gemeente van het bedrijf"
        if not keuze and anders:
            keuze = anders
            blok.opmerking = (f"{wie[0].upper()}{wie[1:]} is niet bekend. Hieronder staan de regels "
                              f"van de gemeente van {anders_wie}; vraag de werkgever naar {wie}.")
        if not keuze or keuze not in getattr(repo, "gemeenten", {}):
            blok.opmerking = blok.opmerking or (
                "Geen gemeente bekend: vraag de werkgever waar het bedrijf zit en waar de werknemer "
                "woont.")
            blokken.append(blok)
            continue
        try:
            effectief = repo.effective_rules(keuze, regeling)
        except Exception:  # noqa: BLE001 - an unknown combination: say so, keep the page
            log.exception("event=regels_niet_te_tonen gemeente=%s regeling=%s", keuze, regeling)
            blok.opmerking = "De regels voor deze gemeente konden niet worden gelezen."
            blokken.append(blok)
            continue
        blok.gemeente = keuze
        blok.gemeente_naam = _naam_gemeente(repo, keuze)
        blok.landelijk = bool(effectief.landelijk)
        blok.maatwerk = bool(effectief.maatwerk)
        blok.geen_regel = bool(effectief.geen_regel)
        for item in effectief.items:
            datum = getattr(item, "geverifieerd_op", None)
            blok.regels.append(RegelRegel(
                label=str(item.label),
                waarde=str(item.tekst),
                afwijking=bool(item.is_afwijking),
                regionaal=str(item.regio_tekst) if item.is_afwijking else "",
                reden=str(getattr(item, "reden", None) or ""),
                uitleg=str(getattr(item, "uitleg", None) or ""),
                bron=str(item.bron or ""),
                gecontroleerd=teksten.datum_nl(datum) if datum else "",
            ))
        blokken.append(blok)
    return blokken


def eerdere(db: Session, gebruiker: Gebruiker, o: Overdracht, limiet: int = 20) -> list[Overdracht]:
    """The employer's other handovers (same e-mail address, KvK number or employer record) that
    this person may see, newest first."""
    zelfde = []
    if o.email:
        zelfde.append(func.lower(Overdracht.email) == o.email.strip().lower())
    if o.kvk:
        zelfde.append(Overdracht.kvk == o.kvk)
    if o.werkgever_id is not None:
        zelfde.append(Overdracht.werkgever_id == o.werkgever_id)
    if not zelfde:
        return []
    return list(
        db.execute(
            select(Overdracht)
            .where(or_(*zelfde), Overdracht.id != o.id, toegang.zichtbaar(gebruiker))
            .order_by(Overdracht.aangemaakt_op.desc(), Overdracht.id.desc())
            .limit(limiet)
        ).scalars()
    )


def aanhef(o: Overdracht, am: Any | None, organisatie: str) -> str:
    """The start of a reply mail: greeting, room to write, signature with direct contact details."""
    naam = " ".join((o.naam or "").split())
    ondertekening = [getattr(am, "naam", "") or "", getattr(am, "rol", "") or "", organisatie,
                     getattr(am, "telefoon", "") or ""]
    return (f"Beste {naam}," if naam else "Goedendag,") + "\n\n\n\nMet vriendelijke groet,\n" + \
        "\n".join(r for r in ondertekening if r)


def context(db: Session, o: Overdracht, gebruiker: Gebruiker, organisatie: str,
            am: Any | None = None) -> dict[str, Any]:
    """Everything detail.html shows besides the handover itself (``am``: the signed-in person's
    roster entry, for the signature of a reply)."""
    repo = repository()
    uit_gesprek = _transcriptfeiten(o, repo)
    plaats = gemeenten(o, repo, uit_gesprek)
    berichten = weergave.transcript(o)
    # a line that states several facts is quoted once, at the first of them
    gezien: set[str] = set()
    blok = []
    for f in [plaats.bedrijf, plaats.werknemer, *feiten(o, repo, uit_gesprek)]:
        if f.citaat in gezien:
            f = replace(f, citaat="", zelfde_zin=True)
        elif f.citaat:
            gezien.add(f.citaat)
        blok.append(f)
    return {
        "gemeenten": plaats,
        "feiten": blok,
        "regelblokken": regels(o, repo, plaats),
        "regels_geladen": repo is not None,
        "berichten": berichten,
        "vastgelopen": [b for b in berichten if b.vastgelopen],
        "eerdere": eerdere(db, gebruiker, o),
        "geschiedenis": weergave.geschiedenis(o),
        "contactpogingen": weergave.contactpogingen(o),
        "herinnering": weergave.herinnering(o),
        "herinnering_voorstel": handelingen.voorstel_herinnering().isoformat(),
        "vandaag": weergave.vandaag_lokaal().isoformat(),
        "onderwerp_voorstel": handelingen.onderwerp_voorstel(o, organisatie),
        "aanhef_voorstel": aanhef(o, am, organisatie),
        "kan_mailen": handelingen.mail.geldig_adres(o.email),
        "manieren": weergave.CONTACT_MANIER,
        "resultaten": weergave.CONTACT_RESULTAAT,
    }
