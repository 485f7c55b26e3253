"""Editors' command line: python -m wsp.regels <check|toon|harmonisatie|lookups|voorbeelden>. Dutch throughout."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path
from typing import TextIO

from . import harmonisatie, lookups, voorbeelden
from .laden import ENV_MAX_DAGEN, controleer
from .meldingen import Melding
from .model import EffectiveRules, RegelItem
from .namen import LOOKUP_PLAATS
from .opmaak import datum_nl, kort_bron
from .repository import Repository
from .store import ENV_CONTENT_ROOT, standaard_root

BEVOEGD_TEKST = {
    "woongemeente_werknemer": "de woongemeente van de werknemer",
    "vestigingsgemeente_werkgever": "de gemeente waar het bedrijf is gevestigd",
}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m wsp.regels",
        description="Hulpmiddelen voor de redactie: regelbestanden controleren, bekijken en overzichten maken.",
    )
    p.add_argument(
        "--root",
        type=Path,
        default=None,
        help=f"map met knowledge/ en regional_rules/ (standaard: ${ENV_CONTENT_ROOT} of de projectmap)",
    )
    sub = p.add_subparsers(dest="opdracht", metavar="opdracht", required=True)
    c = sub.add_parser("check", help="controleer alle bestanden (fouten en waarschuwingen)")
    c.add_argument("--strikt", action="store_true", help="ook waarschuwingen tellen als fout")
    c.add_argument("--details", action="store_true", help="ook elke melding over voorbeeldgegevens en concepten tonen")
    t = sub.add_parser("toon", help="toon de regels die in een gemeente gelden")
    t.add_argument("plaats", help="gemeente of plaats, bijvoorbeeld Velp of Arnhem")
    t.add_argument("regeling", nargs="?", help="bijvoorbeeld loonkostensubsidie (leeg: alle regelingen)")
    h = sub.add_parser("harmonisatie", help="maak het harmonisatie-overzicht (Markdown en HTML)")
    h.add_argument("--uit", type=Path, default=None, help="map voor de bestanden (standaard: build/harmonisatie)")
    lk = sub.add_parser("lookups", help=f"schrijf de NLU-lijst met plaatsnamen ({LOOKUP_PLAATS})")
    lk.add_argument("--uit", type=Path, default=None, help=f"bestand (standaard: {LOOKUP_PLAATS})")
    vb = sub.add_parser(
        "voorbeelden",
        help="voeg gecontroleerde kandidaat-voorbeelden (python -m wsp.inzichten redactie --export-voorbeelden) "
             "toe aan de antwoordbibliotheek",
    )
    vb.add_argument("bestand", type=Path, help="het kandidatenbestand, na uw controle")
    return p


def _print_meldingen(kop: str, meldingen: tuple[Melding, ...], out: TextIO) -> None:
    if not meldingen:
        return
    print(f"{kop} ({len(meldingen)}):", file=out)
    for m in meldingen:
        print(f"  {m}", file=out)
    print(file=out)


def cmd_check(root: Path, strikt: bool, out: TextIO, details: bool = False) -> int:
    uitkomst = controleer(root)
    verlopen = [m for m in uitkomst.waarschuwingen if m.ernst == "verlopen"]
    status, onbevestigd, overig = _bekende_staten([m for m in uitkomst.waarschuwingen if m.ernst != "verlopen"])
    if details:
        overig = overig + status + onbevestigd
    _print_meldingen("FOUTEN", uitkomst.fouten, out)
    _print_meldingen("VERLOPEN BEDRAGEN (de assistent noemt de datum van het bedrag dat hij gebruikt)", tuple(verlopen), out)
    _print_meldingen("WAARSCHUWINGEN", tuple(overig), out)
    if status or onbevestigd:
        if status:
            print(_status_samenvatting(status), file=out)
        if onbevestigd:
            print(_onbevestigd_samenvatting(onbevestigd), file=out)
        print(file=out)
    f, v, w = len(uitkomst.fouten), len(verlopen), len(uitkomst.waarschuwingen) - len(verlopen)
    if f:
        print(
            f"Resultaat: {f} fout(en), {w} waarschuwing(en). Herstel de fouten: zolang ze er zijn, "
            "gebruikt de assistent de vorige goede versie.",
            file=out,
        )
        return 1
    if v:
        print(
            f"Resultaat: {v} verlopen bedrag(en). Vul de nieuwe bedragen in (met bron); tot dan noemt de assistent "
            "de datum van het oude bedrag.",
            file=out,
        )
        return 1
    if strikt and w:
        print(f"Resultaat: geen fouten, maar {w} waarschuwing(en) en --strikt staat aan.", file=out)
        return 1
    print(f"Resultaat: alles in orde ({w} waarschuwing(en)). De assistent gebruikt deze versie.", file=out)
    return 0


def _bekende_staten(meldingen: list[Melding]) -> tuple[list[Melding], list[Melding], list[Melding]]:
    """Split off what the editors already chose -- a file's 'status: voorbeeld/concept', an answer's
    'status: onbevestigd' -- from the findings that need work: the first two are summarised in one line each."""
    status = [m for m in meldingen if m.groep == "status"]
    onbevestigd = [m for m in meldingen if m.groep == "onbevestigd"]
    return status, onbevestigd, [m for m in meldingen if m.groep is None]


def _status_samenvatting(status: list[Melding]) -> str:
    voorbeeld = sum("VOORBEELDGEGEVENS" in m.tekst for m in status)
    concept = len(status) - voorbeeld
    return (
        f"Nog niet door de redactie gecontroleerd: {voorbeeld} bestand(en) met voorbeeldgegevens en {concept} "
        "concept(en). Zet na controle 'status: geverifieerd' (python -m wsp.regels check --details toont ze)."
    )


def _onbevestigd_samenvatting(onbevestigd: list[Melding]) -> str:
    bestanden = len({m.bestand for m in onbevestigd})
    return (
        f"Bewust onbevestigd: {len(onbevestigd)} antwoord(en) in {bestanden} bestand(en) hebben 'status: onbevestigd' "
        "en geen geverifieerd_op; de assistent zegt daar 'niet bevestigd' bij en biedt een medewerker aan."
    )


def _item_regels(item: RegelItem) -> list[str]:
    soort = "afwijking" if item.is_afwijking else "regio"
    regels = [f"  [{soort:9}] {item.label}: {item.tekst}"]
    if item.is_afwijking:
        regels.append(f"              regionaal: {item.regio_tekst}")
        regels.append(f"              reden: {item.reden}")
    regels.append(f"              bron: {kort_bron(item.bron)}, gecontroleerd op {datum_nl(item.geverifieerd_op)}")
    return regels


def _toon_regeling(repo: Repository, regels: EffectiveRules, out: TextIO) -> None:
    naam = repo.regeling(regels.regeling).naam
    if regels.landelijk:
        print(f"{naam}: landelijke regeling, in elke gemeente gelijk.", file=out)
        return
    beslist = BEVOEGD_TEKST.get(regels.bevoegde_gemeente or "", "")
    print(f"{naam} (beslist: {beslist}):", file=out)
    for item in regels.items:
        for regel in _item_regels(item):
            print(regel, file=out)
    if regels.maatwerk:
        print("  Let op: maatwerk; de assistent verwijst naar de accountmanager.", file=out)
    if regels.geen_regel:
        print("  Let op: geen regel; de assistent verwijst naar de accountmanager.", file=out)
    print(file=out)


def cmd_toon(repo: Repository, plaats: str, regeling: str | None, out: TextIO, err: TextIO) -> int:
    regelingen = list(repo.regelingen)
    if regeling is not None and regeling not in regelingen:
        tip = difflib.get_close_matches(regeling, regelingen, n=1)
        extra = f" Bedoelt u '{tip[0]}'?" if tip else f" Kies uit: {', '.join(regelingen)}."
        print(f"Onbekende regeling '{regeling}'.{extra}", file=err)
        return 2
    if plaats in repo.gemeenten:
        g = repo.gemeenten[plaats]
        r = repo.resolve_plaats(g.naam)
    else:
        r = repo.resolve_plaats(plaats)
    if not r.gevonden:
        print(f"Onbekende gemeente of plaats '{plaats}'. Voeg de plaats toe aan knowledge/plaatsen.yml.", file=err)
        return 2
    if r.gemeente is None or not r.in_regio:
        waar = f" maar bij arbeidsmarktregio {r.arbeidsmarktregio}" if r.arbeidsmarktregio else ""
        print(f"{r.naam} hoort niet bij {repo.regio_naam}{waar}. Daar gelden de regels van die regio.", file=out)
        return 0
    g = repo.gemeenten[r.gemeente]
    waar = f"{r.naam} ligt in gemeente {g.naam}" if r.naam != g.naam else f"Gemeente {g.naam}"
    print(f"{waar} ({repo.regio_naam}).", file=out)
    if not r.exact:
        print(f"(Gevonden ondanks een tikfout in '{plaats}'.)", file=out)
    print(file=out)
    regelingen = [regeling] if regeling else list(repo.gemeentelijke_regelingen)
    for reg in regelingen:
        _toon_regeling(repo, repo.effective_rules(g.id, reg), out)
    if not regeling:
        landelijk = [repo.regeling(x).naam for x in repo.regelingen if x not in repo.regio]
        print("Landelijke regelingen (in elke gemeente gelijk): " + ", ".join(landelijk) + ".", file=out)
    return 0


def cmd_voorbeelden(root: Path, repo: Repository, bestand: Path, out: TextIO, err: TextIO) -> int:
    try:
        kandidaten = voorbeelden.lees_kandidaten(bestand)
        uit = voorbeelden.voeg_toe(root, repo, kandidaten)
    except voorbeelden.KandidatenFout as fout:
        print(str(fout), file=err)
        return 1
    except voorbeelden.ToevoegFout as fout:
        print("De voorbeelden zijn niet toegevoegd: met deze voorbeelden zou de controle fouten vinden. "
              "De bestanden zijn teruggezet.", file=err)
        for m in fout.meldingen:
            print(f"  {m}", file=err)
        return 1
    if uit.aantal:
        print(f"Toegevoegd: {uit.aantal} voorbeeld(en) in {', '.join(uit.bestanden)}:", file=out)
        for vraag_id, wordingen in uit.toegevoegd.items():
            print(f"  {vraag_id}: {len(wordingen)}", file=out)
    else:
        print("Geen nieuwe voorbeelden toegevoegd.", file=out)
    if uit.overgeslagen:
        print(f"Overgeslagen ({len(uit.overgeslagen)}):", file=out)
        for vraag_id, tekst, reden in uit.overgeslagen:
            print(f"  “{tekst}” ({vraag_id}): {reden}", file=out)
    if uit.aantal:
        print("De controle vond geen fouten. De assistent gebruikt de nieuwe voorbeelden zodra hij de bestanden "
              "opnieuw leest (binnen enkele seconden); trainen is niet nodig.", file=out)
    return 0


def _repository(root: Path, err: TextIO) -> Repository | None:
    uitkomst = controleer(root)
    if uitkomst.repository is None:
        print("De regelbestanden bevatten fouten; herstel die eerst (python -m wsp.regels check):", file=err)
        for f in uitkomst.fouten:
            print(f"  {f}", file=err)
    return uitkomst.repository


def main(argv: list[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    args = _parser().parse_args(argv)
    root: Path = args.root or standaard_root()
    if args.opdracht == "check":
        return cmd_check(root, args.strikt, out, args.details)
    repo = _repository(root, err)
    if repo is None:
        return 1
    if args.opdracht == "toon":
        return cmd_toon(repo, args.plaats, args.regeling, out, err)
    if args.opdracht == "harmonisatie":
        md, htm = harmonisatie.schrijf(repo, args.uit or root / "build" / "harmonisatie")
        print(f"Geschreven: {md}\nGeschreven: {htm}", file=out)
        return 0
    if args.opdracht == "lookups":
        pad = lookups.schrijf(repo, args.uit or root / LOOKUP_PLAATS)
        print(f"Geschreven: {pad} ({len(lookups.plaatsnamen(repo))} plaatsnamen)", file=out)
        return 0
    if args.opdracht == "voorbeelden":
        return cmd_voorbeelden(root, repo, args.bestand, out, err)
    return 2  # pragma: no cover - argparse rejects other commands


__all__ = ["main", "ENV_MAX_DAGEN"]
