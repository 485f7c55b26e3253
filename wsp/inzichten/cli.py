"""python -m wsp.inzichten <redactie|management|regio>. Dutch output."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from wsp.regels.store import ENV_CONTENT_ROOT, standaard_root

from . import management, redactie, regio
from .bronnen import ENV_TRACKER_URL, BronFout
from .groeperen import DREMPEL
from .periode import STANDAARD_WEKEN, DatumFout, Periode, lees_datum


def _datum(tekst: str):  # type: ignore[no-untyped-def]
    try:
        return lees_datum(tekst)
    except DatumFout as fout:
        raise argparse.ArgumentTypeError(str(fout)) from None


def _drempel(tekst: str) -> float:
    try:
        waarde = float(tekst.replace(",", "."))
    except ValueError:
        waarde = -1.0
    if not 0 < waarde <= 1:
        raise argparse.ArgumentTypeError(f"'{tekst}' is geen getal tussen 0 en 1, bijvoorbeeld 0.5.")
    return waarde


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m wsp.inzichten",
        description="Inzichten uit de gesprekken en overdrachten: voor de redactie, het management en de regio.",
    )
    p.add_argument(
        "--tracker-database-url",
        default=None,
        help=f"database met de gesprekken (standaard: ${ENV_TRACKER_URL} of sqlite:///var/tracker.sqlite)",
    )
    p.add_argument(
        "--database-url",
        default=None,
        help="database met de overdrachten (standaard: $WSP_DATABASE_URL of sqlite:///var/wsp.sqlite)",
    )
    p.add_argument(
        "--root",
        type=Path,
        default=None,
        help=f"map met knowledge/ en regional_rules/ (standaard: ${ENV_CONTENT_ROOT} of de projectmap)",
    )
    sub = p.add_subparsers(dest="opdracht", metavar="opdracht", required=True)

    def periode(s: argparse.ArgumentParser) -> None:
        s.add_argument("--van", type=_datum, default=None,
                       help=f"eerste dag, bijvoorbeeld 2026-11-02 (standaard: maandag {STANDAARD_WEKEN - 1} weken terug)")
        s.add_argument("--tot", type=_datum, default=None, help="laatste dag (tot en met; standaard: vandaag)")

    r = sub.add_parser("redactie", help="vragen die de assistent niet goed beantwoordde, en verouderde bronnen")
    periode(r)
    r.add_argument("--export-nlu", type=Path, default=None, metavar="PAD",
                   help="schrijf de vragen als kandidaat-trainingsvoorbeelden (Rasa-YAML) naar PAD")
    r.add_argument("--export-voorbeelden", type=Path, default=None, metavar="PAD",
                   help='schrijf wat werkgevers typten voordat zij een vraag kozen na "Bedoelt u...?" als '
                        "kandidaat-voorbeelden voor de antwoordbibliotheek naar PAD (toevoegen: python -m wsp.regels voorbeelden PAD)")
    r.add_argument("--drempel", type=_drempel, default=DREMPEL,
                   help=f"hoe gelijk vragen moeten zijn om samen een groep te vormen, 0 tot 1 (standaard {DREMPEL})")
    m = sub.add_parser("management", help="cijfers per week en gemeente")
    periode(m)
    m.add_argument("--csv", type=Path, default=None, metavar="PAD", help="schrijf de cijfers ook als CSV naar PAD")
    g = sub.add_parser("regio", help="afwijkingen van de regionale afspraken naast de vragen van werkgevers")
    periode(g)
    return p


def main(argv: list[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    from wsp.inzichten import laad, laad_gesprekken

    out = out or sys.stdout
    err = err or sys.stderr
    args = _parser().parse_args(argv)
    root = args.root or standaard_root()
    try:
        periode = Periode.maak(args.van, args.tot)
        if args.opdracht == "redactie":
            gesprekken = laad_gesprekken(periode, args.tracker_database_url)
            rapport = redactie.maak_redactierapport(gesprekken, periode, root, drempel=args.drempel)
            out.write(redactie.als_tekst(rapport))
            if args.export_nlu:
                n = redactie.schrijf_nlu_kandidaten(rapport, args.export_nlu)
                out.write(f"\n{n} voorbeeld(en) geschreven naar {args.export_nlu}.\n")
            if args.export_voorbeelden:
                n = redactie.schrijf_voorbeeld_kandidaten(rapport, args.export_voorbeelden)
                out.write(
                    f"\n{n} kandidaat-voorbeeld(en) voor de antwoordbibliotheek geschreven naar {args.export_voorbeelden}.\n"
                    f"Controleer ze en voeg ze toe met: python -m wsp.regels voorbeelden {args.export_voorbeelden}\n"
                )
            return 0
        gegevens = laad(periode, args.tracker_database_url, args.database_url)
        if args.opdracht == "management":
            rapport = management.maak_managementrapport(gegevens.gesprekken, gegevens.overdrachten, periode)
            out.write(management.als_tekst(rapport))
            if args.csv:
                args.csv.parent.mkdir(parents=True, exist_ok=True)
                with args.csv.open("w", encoding="utf-8-sig", newline="") as f:
                    management.schrijf_csv(rapport, f)
                out.write(f"\nCSV geschreven naar {args.csv}.\n")
            return 0
        from wsp.regels import OngeldigeGegevens, load_repository

        try:
            repo = load_repository(root)
        except OngeldigeGegevens as fout:
            raise BronFout(f"De regelbestanden bevatten fouten; los die eerst op.\n{fout}") from None
        koppeling = management.koppel(gegevens.gesprekken, gegevens.overdrachten)
        out.write(regio.als_tekst(regio.maak_regiorapport(repo, gegevens.gesprekken, koppeling, periode)))
        return 0
    except (BronFout, DatumFout) as fout:
        print(f"Fout: {fout}", file=err)
        return 1
