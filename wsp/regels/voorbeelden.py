"""New ``voorbeelden`` for the answer library from what employers typed.

When the assistant answers a question with "Bedoelt u...?" and the employer picks one of the
buttons, the typed question is a wording employers use for the picked entry. ``python -m
wsp.inzichten redactie --export-voorbeelden PAD`` writes those wordings as a candidates file
(``kandidaten_tekst``); the editor deletes what does not fit and adds the rest with ``python -m
wsp.regels voorbeelden PAD`` (``voeg_toe``). The search counts them as soon as the action server
reads the files again: no training.

``voeg_toe`` writes into the knowledge files as text, so the editors' layout and comments stay: each
wording becomes one more ``- ...`` line at the end of the entry's ``voorbeelden:`` list. The files are
checked afterwards and restored when the check finds an error.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .laden import controleer
from .namen import kennis_bestand
from .opmaak import datum_nl
from .repository import Repository
from .zoeken import normaliseer

SLEUTEL = "voorbeelden"  # the top-level key of a candidates file: {entry id: [wording, ...]}


class KandidatenFout(ValueError):
    """A candidates file that cannot be used; the message is Dutch, for the editor."""


@dataclass(frozen=True)
class Kandidaat:
    """Wordings employers typed before they picked this entry, most frequent first."""

    vraag_id: str
    vraag: str
    wordingen: tuple[tuple[str, int], ...]  # (wording, times picked)
    gesprekken: int


def kandidaten_tekst(kandidaten: Sequence[Kandidaat], periode: str, gemaakt_op: dt.date | None = None) -> str:
    """The candidates file: YAML the editor reviews, then adds with ``python -m wsp.regels voorbeelden``."""
    gemaakt_op = gemaakt_op or dt.date.today()
    regels = [
        "# Kandidaat-voorbeelden voor de antwoordbibliotheek, uit het redactierapport",
        f"# (python -m wsp.inzichten redactie, {periode}, gemaakt op {datum_nl(gemaakt_op)}).",
        '# Werkgevers typten deze vragen; de assistent vroeg "Bedoelt u...?" en zij kozen de vraag erboven.',
        "# Controleer elke regel: verwijder regels die niet bij de vraag passen of die nog persoonsgegevens",
        "# bevatten. Voeg de rest toe met:  python -m wsp.regels voorbeelden <dit bestand>",
        "# De assistent gebruikt ze zodra hij de bestanden opnieuw leest; trainen is niet nodig.",
    ]
    if not kandidaten:
        return "\n".join([*regels, "# (geen kandidaten in deze periode)", f"{SLEUTEL}: {{}}"]) + "\n"
    regels.append(f"{SLEUTEL}:")
    for k in kandidaten:
        keer = sum(n for _, n in k.wordingen)
        regels += [
            f"  # {' '.join(k.vraag.split())} ({keer}x gekozen in {k.gesprekken} gesprek(ken))",
            f"  {k.vraag_id}:",
            *[f"    - {yaml_scalar(w)}" for w, _ in k.wordingen],
        ]
    return "\n".join(regels) + "\n"


def lees_kandidaten(pad: Path) -> dict[str, list[str]]:
    """A reviewed candidates file: {entry id: [wording, ...]}. Raises KandidatenFout (Dutch)."""
    try:
        data = yaml.safe_load(pad.read_text(encoding="utf-8"))
    except OSError:
        raise KandidatenFout(f"Het bestand {pad} kan niet worden gelezen.") from None
    except yaml.YAMLError as fout:
        plek = getattr(fout, "problem_mark", None)
        waar = f", regel {plek.line + 1}" if plek is not None else ""
        raise KandidatenFout(f"{pad}{waar}: dit is geen geldige YAML. Controleer de inspringing en de streepjes.") from None
    if not isinstance(data, dict) or not isinstance(data.get(SLEUTEL, {}), dict) or set(data) - {SLEUTEL}:
        raise KandidatenFout(
            f"{pad}: verwacht '{SLEUTEL}:' met daaronder per vraag-id een lijst van voorbeelden, "
            "zoals python -m wsp.inzichten redactie --export-voorbeelden die schrijft."
        )
    uit: dict[str, list[str]] = {}
    for vraag_id, lijst in (data.get(SLEUTEL) or {}).items():
        if lijst is None:
            continue
        if not isinstance(lijst, list) or not all(isinstance(t, str) for t in lijst):
            raise KandidatenFout(f"{pad}: onder '{vraag_id}' hoort een lijst van zinnen (regels die met '- ' beginnen).")
        uit[str(vraag_id)] = [" ".join(t.split()) for t in lijst if t.strip()]
    return uit


def yaml_scalar(tekst: str) -> str:
    """``tekst`` as a YAML list item value: plain where YAML reads it back unchanged, else quoted."""
    tekst = " ".join(tekst.split())
    try:
        if yaml.safe_load(f"- {tekst}") == [tekst]:
            return tekst
    except yaml.YAMLError:
        pass
    return json.dumps(tekst, ensure_ascii=False)


@dataclass
class Toevoeging:
    """What ``voeg_toe`` did."""

    toegevoegd: dict[str, list[str]] = field(default_factory=dict)  # entry id -> wordings added
    bestanden: list[str] = field(default_factory=list)  # knowledge files changed (relative paths)
    overgeslagen: list[tuple[str, str, str]] = field(default_factory=list)  # (entry id, wording, reason)

    @property
    def aantal(self) -> int:
        return sum(len(v) for v in self.toegevoegd.values())


class ToevoegFout(RuntimeError):
    """The files would not pass the check with the new examples; they were restored. Dutch messages."""

    def __init__(self, meldingen: Sequence[str]) -> None:
        super().__init__("\n".join(meldingen))
        self.meldingen = tuple(meldingen)


def bekende_wordingen(repo: Repository) -> dict[str, str]:
    """Every question and example of the library, normalised (case, accents and punctuation aside),
    with the entry it belongs to."""
    bekend: dict[str, str] = {}
    for v in repo.vragen.values():
        for t in (v.vraag, *v.voorbeelden):
            bekend.setdefault(normaliseer(t), v.id)
    return bekend


def voeg_toe(root: Path, repo: Repository, kandidaten: Mapping[str, Sequence[str]]) -> Toevoeging:
    """Add each wording to its entry's ``voorbeelden`` in knowledge/. A wording that is already the
    question or an example of any entry (spelling, case and punctuation aside) is skipped, as is an
    unknown entry id. Raises ToevoegFout (files restored) when the check fails afterwards."""
    bekend = bekende_wordingen(repo)
    uit = Toevoeging()
    per_bestand: dict[str, dict[str, list[str]]] = {}
    for vraag_id, wordingen in kandidaten.items():
        vraag = repo.vragen.get(vraag_id)
        for tekst in wordingen:
            norm = normaliseer(tekst)
            if vraag is None:
                uit.overgeslagen.append((vraag_id, tekst, "deze vraag-id bestaat niet (meer)"))
            elif not norm:
                uit.overgeslagen.append((vraag_id, tekst, "bevat geen woorden"))
            elif norm in bekend:
                waar = "deze vraag" if bekend[norm] == vraag_id else bekend[norm]
                uit.overgeslagen.append((vraag_id, tekst, f"staat al bij {waar}"))
            else:
                bekend[norm] = vraag_id
                per_bestand.setdefault(kennis_bestand(vraag.regeling), {}).setdefault(vraag_id, []).append(tekst)
                uit.toegevoegd.setdefault(vraag_id, []).append(tekst)
    origineel: dict[Path, str] = {}
    try:
        for rel, per_vraag in per_bestand.items():
            pad = root / rel
            origineel[pad] = tekst = pad.read_text(encoding="utf-8")
            for vraag_id, wordingen in per_vraag.items():
                tekst = _voeg_in(tekst, vraag_id, wordingen, rel)
            pad.write_text(tekst, encoding="utf-8")
            uit.bestanden.append(rel)
        if origineel:
            controle = controleer(root)
            if controle.fouten:
                raise ToevoegFout([str(m) for m in controle.fouten])
    except BaseException:
        for pad, tekst in origineel.items():
            pad.write_text(tekst, encoding="utf-8")
        raise
    return uit


def _voeg_in(tekst: str, vraag_id: str, wordingen: Sequence[str], rel: str) -> str:
    """``tekst`` (a knowledge file) with ``wordingen`` appended to the entry's voorbeelden list."""
    regels = tekst.splitlines(keepends=True)
    kop = re.compile(r"^(\s*)-\s+id:\s*['\"]?" + re.escape(vraag_id) + r"['\"]?\s*(#.*)?$")
    begin = next((i for i, r in enumerate(regels) if kop.match(r.rstrip("\n"))), None)
    if begin is None:
        raise ToevoegFout([f"{rel}: de vraag '{vraag_id}' staat niet als '- id: {vraag_id}' in dit bestand."])
    inspring = len(kop.match(regels[begin].rstrip("\n")).group(1)) + 2  # the entry's keys
    eind = begin + 1
    while eind < len(regels):
        r = regels[eind]
        if r.strip() and not r.lstrip().startswith("#") and len(r) - len(r.lstrip()) < inspring:
            break
        eind += 1
    sp = " " * inspring
    sleutel = re.compile("^" + sp + r"voorbeelden:\s*(#.*)?$")
    item = " " * (inspring + 2) + "- "
    nieuw = [f"{item}{yaml_scalar(w)}\n" for w in wordingen]
    plek = next((i for i in range(begin + 1, eind) if sleutel.match(regels[i].rstrip("\n"))), None)
    if plek is None:  # the schema requires voorbeelden; here they are not one '- ' line each
        raise ToevoegFout([
            f"{rel}: de voorbeelden van '{vraag_id}' staan niet als lijst met '- ' per regel; "
            "zet ze zo onder elkaar en probeer het opnieuw."
        ])
    laatste = plek
    for i in range(plek + 1, eind):
        r = regels[i]
        if r.startswith(item) or (r.strip() and len(r) - len(r.lstrip()) > inspring + 2):
            laatste = i
        elif r.strip():
            break
    if not regels[laatste].endswith("\n"):
        regels[laatste] += "\n"
    return "".join(regels[: laatste + 1] + nieuw + regels[laatste + 1 :])
