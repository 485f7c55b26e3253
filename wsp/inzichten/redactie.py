"""The editors' report: questions the assistant did not understand, turned away as out of scope,
answered with an answer that got a 👎, or answered with "Bedoelt u...?" buttons none of which fitted
— grouped, with counts and example wordings —; the wordings employers typed before they picked one
of those buttons (candidate examples for the picked entry, exported with ``--export-voorbeelden`` and
added with ``python -m wsp.regels voorbeelden``); and the knowledge sources whose verification date
has expired (from ``wsp.regels``' own check).

Wordings are cleaned with ``wsp.privacy.redact`` (plus e-mail addresses and phone numbers) before
they are shown or exported."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from wsp.regels import Controle, Melding, Repository, controleer
from wsp.regels.voorbeelden import Kandidaat, bekende_wordingen, kandidaten_tekst
from wsp.regels.zoeken import is_aanvulling, normaliseer

from .gesprekken import BUITEN_BEREIK, GEEN_KEUZE, NEGATIEF, ONBEGREPEN, Gesprek, Keuze, Vraag
from .groeperen import DREMPEL, groepeer
from .herkenning import sleutel
from .periode import Periode, datum_nl

SOORT_LABELS = {
    ONBEGREPEN: "niet begrepen",
    BUITEN_BEREIK: "buiten het onderwerp",
    NEGATIEF: "duim omlaag",
    GEEN_KEUZE: '"Bedoelt u...?" zonder passende keuze',
}
MAX_VOORBEELDEN = 5
# the warning wsp.regels' schema gives for a source checked too long ago (pas 'geverifieerd_op' aan)
_VEROUDERD = "'geverifieerd_op'"


@dataclass(frozen=True)
class Groep:
    nummer: int
    aantal: int  # questions
    gesprekken: int  # distinct conversations
    soorten: dict[str, int]  # per SOORT_LABELS key
    herkend: dict[str, int]  # intents the assistant recognised for the 👎 questions
    voorbeelden: tuple[str, ...]  # most frequent wordings first, at most MAX_VOORBEELDEN
    getypte_teksten: tuple[str, ...]  # every distinct typed wording (for the NLU export)


@dataclass(frozen=True)
class OnbekendWoord:
    """A word the assistant took for an instrument that names none (no synonym, no close spelling)."""

    tekst: str  # the most frequent wording
    aantal: int
    gesprekken: int


@dataclass(frozen=True)
class Redactierapport:
    periode: Periode
    aantallen: dict[str, int]  # per soort
    groepen: tuple[Groep, ...]
    verouderd: tuple[Melding, ...]  # sources past their verification date
    overige_waarschuwingen: int  # other warnings of `python -m wsp.regels check`
    max_dagen: int | None
    onbekende_regelingen: tuple[OnbekendWoord, ...] = ()  # most frequent first
    gekozen: tuple[Kandidaat, ...] = ()  # wordings per entry picked after "Bedoelt u...?", most picked first

    @property
    def totaal(self) -> int:
        return sum(self.aantallen.values())


def verouderde_bronnen(
    root: Path, vandaag: dt.date | None = None, max_dagen: int | None = None
) -> tuple[tuple[Melding, ...], int]:
    """(warnings about expired verification dates, number of other findings) — exactly what
    ``python -m wsp.regels check`` reports; the check itself decides what is too old. Known states
    (sample files, drafts, answers marked unconfirmed) are no finding, as in ``check``'s own list."""
    return _verouderd(controleer(root, vandaag, max_dagen))


def _verouderd(uitkomst: Controle) -> tuple[tuple[Melding, ...], int]:
    meldingen = [m for m in uitkomst.fouten + uitkomst.waarschuwingen if m.groep is None]
    verouderd = tuple(m for m in meldingen if not m.is_fout and _VEROUDERD in m.tekst)
    return verouderd, len(meldingen) - len(verouderd)


def _groep(nummer: int, leden: list[Vraag]) -> Groep:
    # distinct wordings (ignoring case and spacing), most frequent first
    wordingen: dict[str, str] = {}
    for tekst, _ in Counter(v.tekst for v in leden).most_common():
        wordingen.setdefault(" ".join(tekst.casefold().split()), tekst)
    voorbeelden = list(wordingen.values())
    getypt = {v.tekst for v in leden if v.getypt}
    return Groep(
        nummer=nummer,
        aantal=len(leden),
        gesprekken=len({v.gesprek for v in leden}),
        soorten=dict(Counter(v.soort for v in leden)),
        herkend=dict(Counter(v.herkend for v in leden if v.soort == NEGATIEF and v.herkend)),
        voorbeelden=tuple(voorbeelden[:MAX_VOORBEELDEN]),
        getypte_teksten=tuple(t for t in voorbeelden if t in getypt),
    )


def maak_redactierapport(
    gesprekken: Iterable[Gesprek],
    periode: Periode,
    root: Path | None = None,
    vandaag: dt.date | None = None,
    max_dagen: int | None = None,
    drempel: float = DREMPEL,
) -> Redactierapport:
    gesprekken = list(gesprekken)
    vragen = [v for g in gesprekken for v in g.vragen if periode.bevat(v.moment)]
    vragen.sort(key=lambda v: v.moment)
    clusters = groepeer(vragen, lambda v: v.tekst, drempel)
    groepen = tuple(_groep(i, c.leden) for i, c in enumerate(clusters, start=1))
    uitkomst = controleer(root, vandaag, max_dagen) if root else None
    verouderd, overig = _verouderd(uitkomst) if uitkomst else ((), 0)
    aantallen = {soort: 0 for soort in SOORT_LABELS}
    aantallen.update(Counter(v.soort for v in vragen))
    keuzes = [k for g in gesprekken for k in g.keuzes if periode.bevat(k.moment)]
    return Redactierapport(
        periode, aantallen, groepen, verouderd, overig, max_dagen, onbekende_regelingen(gesprekken, periode),
        gekozen_vragen(keuzes, uitkomst.repository if uitkomst else None),
    )


def gekozen_vragen(keuzes: Iterable[Keuze], repo: Repository | None = None) -> tuple[Kandidaat, ...]:
    """Per picked entry, the distinct wordings (case, accents and punctuation aside) that are not yet
    its question or an example of any entry, most frequent first; entries picked most first. Left
    out: follow-ups that only make sense after the previous question ("en voor een Wajonger?"), and
    with ``repo``, entries that no longer exist."""
    bekend = bekende_wordingen(repo) if repo else {}
    per_vraag: dict[str, list[Keuze]] = {}
    for k in keuzes:
        norm = normaliseer(k.tekst)
        if not norm or norm in bekend or is_aanvulling(k.tekst):
            continue
        if repo is not None and k.vraag_id not in repo.vragen:
            continue
        per_vraag.setdefault(k.vraag_id, []).append(k)
    uit = []
    for vraag_id, lijst in per_vraag.items():
        wordingen: dict[str, list[str]] = {}
        for k in lijst:
            wordingen.setdefault(normaliseer(k.tekst), []).append(k.tekst)
        geteld = sorted(
            ((Counter(ts).most_common(1)[0][0], len(ts)) for ts in wordingen.values()),
            key=lambda t: (-t[1], t[0].casefold()),
        )
        vraag = repo.vragen[vraag_id].vraag if repo else vraag_id
        uit.append(Kandidaat(vraag_id, vraag, tuple(geteld), len({k.gesprek for k in lijst})))
    uit.sort(key=lambda k: (-sum(n for _, n in k.wordingen), k.vraag_id))
    return tuple(uit)


def onbekende_regelingen(gesprekken: Iterable[Gesprek], periode: Periode) -> tuple[OnbekendWoord, ...]:
    """Words taken for an instrument that name none, grouped by spelling (case, accents, markup and
    punctuation aside), most frequent first."""
    per_sleutel: dict[str, list[tuple[str, str]]] = {}
    for g in gesprekken:
        for woord, moment in g.onbekende_regelingen:
            if periode.bevat(moment) and sleutel(woord):
                per_sleutel.setdefault(sleutel(woord), []).append((woord, g.sleutel))
    uit = [
        OnbekendWoord(Counter(w for w, _ in lijst).most_common(1)[0][0], len(lijst), len({k for _, k in lijst}))
        for lijst in per_sleutel.values()
    ]
    uit.sort(key=lambda w: (-w.aantal, w.tekst.casefold()))
    return tuple(uit)


def _soorten_tekst(soorten: dict[str, int]) -> str:
    return ", ".join(f"{SOORT_LABELS[s]} {n}" for s, n in soorten.items() if n)


def als_tekst(r: Redactierapport) -> str:
    regels = [
        f"Redactierapport — {r.periode.tekst}",
        "",
        f"Vragen die de assistent niet goed beantwoordde: {r.totaal}"
        + (f" ({_soorten_tekst(r.aantallen)})" if r.totaal else ""),
    ]
    if r.groepen:
        regels += [f"Gegroepeerd in {len(r.groepen)} groep(en) van vergelijkbare vragen:", ""]
        for gr in r.groepen:
            kop = f"{gr.nummer:>3}. {gr.aantal}× in {gr.gesprekken} gesprek(ken) — {_soorten_tekst(gr.soorten)}"
            if gr.herkend:
                kop += "; assistent herkende: " + ", ".join(f"{i} {n}" for i, n in gr.herkend.items())
            regels.append(kop)
            regels += [f"       “{t}”" for t in gr.voorbeelden]
        regels.append("")
    else:
        regels += ["Geen vragen in deze periode.", ""]
    if r.onbekende_regelingen:
        regels += [
            f"Woorden die de assistent voor een regeling hield, maar die geen regeling zijn ({len(r.onbekende_regelingen)}):",
            *[f"  “{w.tekst}”: {w.aantal}× in {w.gesprekken} gesprek(ken)" for w in r.onbekende_regelingen],
            "  Hoort een woord bij een regeling? Zet het als synoniem in assistant/data/nlu/synonyms.yml en train",
            "  opnieuw; dan telt het voortaan mee bij die regeling.",
            "",
        ]
    if r.gekozen:
        regels += [
            f'Vragen die werkgevers kozen na "Bedoelt u...?" ({len(r.gekozen)}), met wat zij eerst typten:',
        ]
        for k in r.gekozen:
            regels.append(f"  {k.vraag_id}: {' '.join(k.vraag.split())}")
            regels += [f"       “{w}”" + (f" ({n}×)" if n > 1 else "") for w, n in k.wordingen[:MAX_VOORBEELDEN]]
            if len(k.wordingen) > MAX_VOORBEELDEN:
                regels.append(f"       … en nog {len(k.wordingen) - MAX_VOORBEELDEN}")
        regels += [
            "  Voeg ze toe als voorbeelden: dan beantwoordt de assistent zulke vragen voortaan meteen.",
            "  Schrijf ze weg met --export-voorbeelden PAD, controleer het bestand en voeg ze toe met",
            "  python -m wsp.regels voorbeelden PAD (trainen is niet nodig).",
            "",
        ]
    if r.verouderd:
        regels.append(f"Bronnen waarvan de controledatum verlopen is ({len(r.verouderd)}):")
        regels += [f"  {m}" for m in r.verouderd]
    else:
        regels.append("Bronnen: geen controledatum verlopen.")
    if r.overige_waarschuwingen:
        regels.append(
            f"Verder meldt de controle {r.overige_waarschuwingen} andere waarschuwing(en) of fout(en); "
            "zie python -m wsp.regels check."
        )
    return "\n".join(regels) + "\n"


def _voorbeeld_regel(tekst: str) -> str:
    """One example line for Rasa's YAML: no line breaks, no entity annotation by accident."""
    tekst = " ".join(tekst.split())
    return tekst.replace("](", "] (").replace("]{", "] {")


def nlu_kandidaten(r: Redactierapport, gemaakt_op: dt.date | None = None) -> str:
    """Rasa NLU YAML with one block per group; the intent is left to the editor (``# intent: ?``).
    Only typed wordings: clicked buttons are not examples."""
    gemaakt_op = gemaakt_op or dt.date.today()
    regels = [
        "# Kandidaten voor NLU-trainingsvoorbeelden uit het redactierapport",
        f"# (python -m wsp.inzichten redactie, {r.periode.tekst}, gemaakt op {datum_nl(gemaakt_op)}).",
        "# Per groep: kies een bestaande intent (of maak een nieuwe) en zet die in plaats van",
        "# 'kandidaat_NN'; verwijder voorbeelden die niet passen of die nog persoonsgegevens bevatten.",
        "# Zet de goedgekeurde voorbeelden daarna in assistant/data/nlu/ en train opnieuw.",
        'version: "3.1"',
        "nlu:",
    ]
    n = 0
    for gr in r.groepen:
        if not gr.getypte_teksten:
            continue
        n += 1
        toelichting = f"groep {gr.nummer}: {gr.aantal}x, {_soorten_tekst(gr.soorten)}"
        if gr.herkend:
            toelichting += "; assistent herkende: " + ", ".join(gr.herkend)
        regels += [
            f"# intent: ?   ({toelichting})",
            f"- intent: kandidaat_{n:02d}",
            "  examples: |",
            *[f"    - {_voorbeeld_regel(t)}" for t in gr.getypte_teksten],
        ]
    if n == 0:
        regels.append("# (geen kandidaten in deze periode)")
        regels[-2] = "nlu: []"
    return "\n".join(regels) + "\n"


def schrijf_voorbeeld_kandidaten(r: Redactierapport, pad: Path, gemaakt_op: dt.date | None = None) -> int:
    """Write the candidate examples of the answer library (``python -m wsp.regels voorbeelden``
    adds them after review); returns the number of wordings."""
    pad.parent.mkdir(parents=True, exist_ok=True)
    pad.write_text(kandidaten_tekst(r.gekozen, r.periode.tekst, gemaakt_op), encoding="utf-8")
    return sum(len(k.wordingen) for k in r.gekozen)


def schrijf_nlu_kandidaten(r: Redactierapport, pad: Path, gemaakt_op: dt.date | None = None) -> int:
    """Write the candidates file; returns the number of example lines."""
    tekst = nlu_kandidaten(r, gemaakt_op)
    pad.parent.mkdir(parents=True, exist_ok=True)
    pad.write_text(tekst, encoding="utf-8")
    return sum(len(g.getypte_teksten) for g in r.groepen)
