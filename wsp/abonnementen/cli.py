"""``python -m wsp.publiceren``: the editors' command to announce changes to subscribers.

    python -m wsp.publiceren                      show the changes, who they concern, ask a note
    python -m wsp.publiceren --notitie "..." --ja  the same without questions (scripts)
    python -m wsp.publiceren --droog               only show
    python -m wsp.publiceren --stil                record the version, tell nobody (a typo fix)
    python -m wsp.publiceren aankondigen           dated amounts ahead of their date (run daily)
    python -m wsp.publiceren overzicht             earlier publications
    python -m wsp.publiceren inzichten             subscribers, opens and unsubscribes

Exit code 0 on success (also "nothing to do"), 1 when the editor stopped, 2 on an error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Callable, TextIO

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from wsp.abonnementen import inzichten as abonnement_inzichten
from wsp.abonnementen import service
from wsp.abonnementen.mail import regels_van, titel
from wsp.abonnementen.models import Abonnement, Publicatie
from wsp.abonnementen.momentopname import InhoudFout, Wijziging, datum_tekst
from wsp.db import session_factory


def _groepeer(wijzigingen: list[Wijziging]) -> list[tuple[Wijziging, list[str]]]:
    """A baseline change shows once, with the municipalities it applies to."""
    groepen: dict[tuple, tuple[Wijziging, list[str]]] = {}
    for w in wijzigingen:
        if w.herkomst == "regio" and w.gemeente:
            sleutel: tuple = ("regio", w.regeling, w.onderwerp, w.oud, w.nieuw, w.vanaf, w.veld,
                              w.status)
        else:
            sleutel = ("los", w.sleutel)
        if sleutel in groepen:
            groepen[sleutel][1].append(w.gemeente or "")
        else:
            groepen[sleutel] = (w, [w.gemeente] if w.herkomst == "regio" and w.gemeente else [])
    return list(groepen.values())


def _toon_wijziging(nummer: str, w: Wijziging, gemeenten: list[str], inhoud: service.Inhoud,
                    vandaag: dt.date, betreft: int | None, uit: TextIO) -> None:
    if gemeenten:
        kop = titel(Wijziging(**{**w.__dict__, "gemeente": None}), inhoud.regeling_namen, {})
        namen = ", ".join(inhoud.gemeente_naam(g) or g for g in gemeenten)
        kop += f" (regionale afspraak; geldt in {namen})"
    else:
        kop = titel(w, inhoud.regeling_namen, inhoud.gemeente_namen)
    print(f"{nummer} {kop}", file=uit)
    for label, waarde in regels_van(w, vandaag):
        print(f"      {label.lower()}: {waarde}", file=uit)
    if betreft is not None:
        print(f"      betreft {betreft} abonnee(s)", file=uit)


def toon_voorstel(voorstel: service.Voorstel, inhoud: service.Inhoud, session,  # type: ignore[no-untyped-def]
                  vandaag: dt.date, toon_adressen: bool, uit: TextIO) -> None:
    vorige = voorstel.vorige
    if vorige is not None:
        print(f"Wijzigingen sinds de vorige publicatie (versie {vorige.volgnummer}, "
              f"{datum_tekst(vorige.aangemaakt_op.date())}):", file=uit)
    if voorstel.aan_te_kondigen:
        print(f"\nAan te kondigen ({len(voorstel.aan_te_kondigen)}):", file=uit)
        index = {id(w): i for i, w in enumerate(voorstel.aan_te_kondigen)}
        for n, (w, gemeenten) in enumerate(_groepeer(voorstel.aan_te_kondigen), 1):
            groep = [x for x in voorstel.aan_te_kondigen
                     if x is w or (gemeenten and x.herkomst == "regio" and x.gemeente in gemeenten
                                   and x.onderwerp == w.onderwerp and x.regeling == w.regeling
                                   and x.oud == w.oud and x.nieuw == w.nieuw)]
            idx = {index[id(x)] for x in groep}
            betreft = sum(1 for p in voorstel.plannen if idx & set(p.wijzigingen))
            _toon_wijziging(f"{n:>3}.", w, gemeenten, inhoud, vandaag, betreft, uit)
    if voorstel.voorbeeld:
        print(f"\nNiet aangekondigd: voorbeeldgegevens (status: voorbeeld) "
              f"({len(voorstel.voorbeeld)}):", file=uit)
        for w, gemeenten in _groepeer(voorstel.voorbeeld):
            _toon_wijziging("   -", w, gemeenten, inhoud, vandaag, None, uit)
    if voorstel.al_aangekondigd:
        print(f"\nAl eerder automatisch aangekondigd ({len(voorstel.al_aangekondigd)}):",
              file=uit)
        for w in voorstel.al_aangekondigd:
            _toon_wijziging("   -", w, [], inhoud, vandaag, None, uit)
    if not voorstel.aan_te_kondigen:
        return
    plannen = voorstel.plannen
    print(f"\nWie krijgt een mail: {len(plannen)} werkgever(s), één mail per werkgever met al "
          "zijn wijzigingen.", file=uit)
    if plannen:
        per_am: Counter = Counter()
        for p in plannen:
            contact = service._contact(inhoud, session, p.email,
                                       next((g for g in p.gemeenten if g), None), vandaag)
            per_am[contact.vast.naam] += 1
            if toon_adressen:
                print(f"   {p.email} ({', '.join(inhoud.gemeente_naam(g) or 'geen gemeente' for g in p.gemeenten)}; "
                      f"{len(p.wijzigingen)} wijziging(en); accountmanager {contact.vast.naam})",
                      file=uit)
        print("   per accountmanager: " + ", ".join(f"{naam}: {n}" for naam, n in
                                                     sorted(per_am.items())), file=uit)
        if not toon_adressen:
            print("   (--toon-adressen toont de e-mailadressen)", file=uit)


def _vraag(tekst: str, invoer: Callable[[str], str]) -> str:
    try:
        return invoer(tekst)
    except EOFError:
        return ""


def publiceer_cmd(args: argparse.Namespace, uit: TextIO, invoer: Callable[[str], str]) -> int:
    root = Path(args.content_root) if args.content_root else service.content_root()
    inhoud = service.Inhoud(root)
    repository = service.controleer_inhoud(root)
    vandaag = dt.date.today()
    with session_factory(args.database_url)() as session:
        voorstel = service.maak_voorstel(session, root, repository)
        if args.vanaf:
            try:
                vanaf = dt.date.fromisoformat(args.vanaf).isoformat()
            except ValueError:
                raise service.AbonnementFout(
                    f"'{args.vanaf}' is geen datum; schrijf bijvoorbeeld 2027-01-01.") from None
            for w in voorstel.aan_te_kondigen:
                w.vanaf = w.vanaf or vanaf
        if voorstel.startpunt:
            print("Er is nog niets gepubliceerd. De huidige versie wordt het startpunt: volgende "
                  "wijzigingen worden daarmee vergeleken. Er gaat nu geen mail uit.", file=uit)
            if args.droog:
                return 0
            if not args.ja and _vraag("Startpunt vastleggen? [j/N] ", invoer).strip().lower() \
                    not in ("j", "ja"):
                print("Gestopt; er is niets vastgelegd.", file=uit)
                return 1
            service.publiceer(session, voorstel, inhoud=inhoud, notitie=None, door=args.door)
            print("Het startpunt is vastgelegd.", file=uit)
            return 0
        if not voorstel.wijzigingen:
            print("Er is niets veranderd sinds de vorige publicatie.", file=uit)
            return 0
        toon_voorstel(voorstel, inhoud, session, vandaag, args.toon_adressen, uit)
        if args.droog:
            return 0
        stil = args.stil or not voorstel.aan_te_kondigen
        if stil:
            print("\nDeze versie wordt vastgelegd zonder bericht aan werkgevers.", file=uit)
            if not args.ja and _vraag("Vastleggen? [j/N] ", invoer).strip().lower() not in ("j", "ja"):
                print("Gestopt; er is niets vastgelegd.", file=uit)
                return 1
            service.publiceer(session, voorstel, inhoud=inhoud, notitie=None, door=args.door,
                              stil=True)
            print("Vastgelegd. Er is geen mail verstuurd.", file=uit)
            return 0
        notitie = args.notitie
        if notitie is None:
            print("\nSchrijf een korte toelichting voor de werkgevers: gewone taal, 1 tot 3 korte "
                  "zinnen, 'u'. Die staat bovenaan de mail.", file=uit)
            notitie = _vraag("Toelichting: ", invoer)
        notitie = service.controleer_notitie(notitie)
        if not notitie:
            print("Fout: een toelichting is nodig (of gebruik --stil om niemand te berichten).",
                  file=sys.stderr)
            return 2
        for zin in service.lange_zinnen(notitie):
            print(f"Let op, lange zin (meer dan 20 woorden): \"{zin}\"", file=uit)
        if not args.ja:
            antwoord = _vraag(f"{len(voorstel.plannen)} mail(s) versturen? [j/N] ", invoer)
            if antwoord.strip().lower() not in ("j", "ja"):
                print("Gestopt; er is niets gepubliceerd of verstuurd.", file=uit)
                return 1
        uitkomst = service.publiceer(session, voorstel, inhoud=inhoud, notitie=notitie,
                                     door=args.door)
    print(f"Gepubliceerd: {uitkomst.wijzigingen} wijziging(en), {uitkomst.mails} mail(s) klaargezet. "
          "De outbox verstuurt ze (python -m wsp.overdracht.outbox --status).", file=uit)
    return 0


def aankondigen_cmd(args: argparse.Namespace, uit: TextIO) -> int:
    root = Path(args.content_root) if args.content_root else service.content_root()
    repository = service.controleer_inhoud(root)
    vandaag = dt.date.fromisoformat(args.datum) if args.datum else None
    with session_factory(args.database_url)() as session:
        uitkomst = service.kondig_bedragen_aan(session, inhoud=service.Inhoud(root),
                                               vandaag=vandaag, dagen=args.dagen,
                                               repository=repository)
    if uitkomst is None:
        print("Geen nieuwe bedragen om aan te kondigen.", file=uit)
    else:
        print(f"Aangekondigd: {uitkomst.wijzigingen} bedrag(en), {uitkomst.mails} mail(s) "
              "klaargezet.", file=uit)
    return 0


def overzicht_cmd(args: argparse.Namespace, uit: TextIO) -> int:
    with session_factory(args.database_url)() as session:
        publicaties = session.execute(select(Publicatie).order_by(Publicatie.id.desc()).limit(50)
                                      ).scalars().all()
        if not publicaties:
            print("Er is nog niets gepubliceerd.", file=uit)
        for p in publicaties:
            print(f"{p.aangemaakt_op:%d-%m-%Y %H:%M} {p.soort:<11} {len(p.wijzigingen or []):>3} "
                  f"wijziging(en) {len(p.ontvangers):>4} mail(s)  {p.notitie or ''}"[:160], file=uit)
        wachtend = session.execute(select(Abonnement).where(Abonnement.status == "wachtend")
                                   ).scalars().all()
        print(f"\nAbonnementen: {service.aantal_actief(session)} actief, {len(wachtend)} wacht(en) "
              "op bevestiging.", file=uit)
    return 0


def inzichten_cmd(args: argparse.Namespace, uit: TextIO) -> int:
    root = Path(args.content_root) if args.content_root else service.content_root()
    inhoud = service.Inhoud(root)
    with session_factory(args.database_url)() as session:
        cijfers = abonnement_inzichten.cijfers(session)
    print(abonnement_inzichten.als_tekst(
        cijfers, gemeente_naam=lambda g: inhoud.gemeente_naam(g) or g,
        regeling_naam=lambda r: inhoud.regeling_namen.get(r, r)), file=uit)
    return 0


def maak_parser() -> argparse.ArgumentParser:
    gedeeld = argparse.ArgumentParser(add_help=False)
    gedeeld.add_argument("--database-url", default=None, help="standaard: $WSP_DATABASE_URL")
    gedeeld.add_argument("--content-root", default=None,
                         help="map met knowledge/ en regional_rules/ (standaard: $WSP_CONTENT_ROOT)")
    parser = argparse.ArgumentParser(
        prog="python -m wsp.publiceren",
        description="Wijzigingen in knowledge/ en regional_rules/ bekendmaken aan werkgevers die "
                    "zich hebben aangemeld.")
    sub = parser.add_subparsers(dest="opdracht", metavar="opdracht")
    p = sub.add_parser("publiceer", parents=[gedeeld],
                       help="toon de wijzigingen en wie ze aangaan, en verstuur (standaard)")
    p.add_argument("--notitie", default=None, help="korte toelichting in gewone taal")
    p.add_argument("--ja", action="store_true", help="niets vragen")
    p.add_argument("--droog", action="store_true", help="alleen tonen")
    p.add_argument("--stil", action="store_true", help="vastleggen zonder bericht")
    p.add_argument("--toon-adressen", action="store_true", help="toon de e-mailadressen")
    p.add_argument("--vanaf", default=None,
                   help="datum waarop de wijzigingen ingaan (JJJJ-MM-DD), als dat niet vandaag is")
    p.add_argument("--door", default=os.environ.get("WSP_REDACTEUR") or _gebruiker(),
                   help="naam van de redacteur (standaard: uw gebruikersnaam)")
    a = sub.add_parser("aankondigen", parents=[gedeeld],
                       help="kondig wettelijke bedragen met een ingangsdatum vooraf aan")
    a.add_argument("--dagen", type=int, default=None,
                   help=f"hoeveel dagen vooraf (standaard: ${service.ENV_AANKONDIGEN_DAGEN} of "
                        f"{service.STANDAARD_AANKONDIGEN_DAGEN})")
    a.add_argument("--datum", default=None, help="doe alsof het vandaag deze datum is (JJJJ-MM-DD)")
    sub.add_parser("overzicht", parents=[gedeeld], help="eerdere publicaties")
    sub.add_parser("inzichten", parents=[gedeeld], help="abonnees, geopend, afgemeld")
    return parser


def _gebruiker() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None


def main(argv: list[str] | None = None, uit: TextIO | None = None,
         invoer: Callable[[str], str] = input) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv.insert(0, "publiceer")
    args = maak_parser().parse_args(argv)
    uit = uit or sys.stdout
    try:
        if args.opdracht == "aankondigen":
            return aankondigen_cmd(args, uit)
        if args.opdracht == "overzicht":
            return overzicht_cmd(args, uit)
        if args.opdracht == "inzichten":
            return inzichten_cmd(args, uit)
        return publiceer_cmd(args, uit, invoer)
    except (service.AbonnementFout, InhoudFout) as fout:
        print(f"Fout: {fout}", file=sys.stderr)
        return 2
    except DBAPIError as fout:
        eerste = str(fout.orig).strip().splitlines()[0] if fout.orig else type(fout).__name__
        print(f"Fout: de database is niet bereikbaar: {eerste}", file=sys.stderr)
        return 2
