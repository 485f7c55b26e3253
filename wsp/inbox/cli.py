"""``python -m wsp.inbox``: start the inbox, or manage accounts.

python -m wsp.inbox                                  start (127.0.0.1:8090)
python -m wsp.inbox gebruiker toevoegen --email a@b.nl --accountmanager am-arnhem-1 --rol accountmanager
python -m wsp.inbox gebruiker uitschakelen --email a@b.nl
python -m wsp.inbox gebruiker inschakelen --email a@b.nl
python -m wsp.inbox gebruiker wachtwoord --email a@b.nl
python -m wsp.inbox gebruiker lijst
python -m wsp.inbox gebruiker token --email a@b.nl
python -m wsp.inbox demo [--voorbeelden]
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from wsp.db import database_url, session_scope
from wsp.inbox import gebruikers
from wsp.inbox.models import ROLLEN, Gebruiker
from wsp.inbox.rooster import Rooster

DEMO_WACHTWOORD = "demo-wachtwoord"
DEMO_TEAMLEIDER = "teamleider@wsp-voorbeeld.nl"

# argparse's own messages, in Dutch
_VERTALING = {
    "usage: ": "gebruik: ",
    "options": "opties",
    "positional arguments": "onderdelen",
    "show this help message and exit": "toon deze hulp en stop",
    "the following arguments are required: %s": "deze opties zijn verplicht: %s",
    "unrecognized arguments: %s": "onbekende opties: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ongeldige keuze: %(value)r (kies uit %(choices)s)",
    "expected one argument": "hier hoort één waarde bij",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
}


def _parser() -> argparse.ArgumentParser:
    argparse._ = lambda tekst: _VERTALING.get(tekst, tekst)  # type: ignore[attr-defined]
    p = argparse.ArgumentParser(
        prog="python -m wsp.inbox",
        description="Inbox voor accountmanagers. Zonder opdracht start de inbox op "
        "WSP_INBOX_HOST:WSP_INBOX_PORT (standaard 127.0.0.1:8090).",
    )
    p.add_argument("--database-url", help="standaard WSP_DATABASE_URL of var/wsp.sqlite")
    p.add_argument("--rooster", help="standaard regional_rules/accountmanagers.yml")
    sub = p.add_subparsers(dest="opdracht", metavar="opdracht")

    sub.add_parser("start", help="start de inbox (standaard)")

    g = sub.add_parser("gebruiker", help="accounts beheren").add_subparsers(
        dest="actie", metavar="actie"
    )
    g.required = True
    toevoegen = g.add_parser("toevoegen", help="nieuw account")
    toevoegen.add_argument("--email", required=True)
    toevoegen.add_argument("--rol", choices=ROLLEN, default="accountmanager")
    toevoegen.add_argument(
        "--accountmanager", help="id uit regional_rules/accountmanagers.yml, bijv. am-arnhem-1"
    )
    toevoegen.add_argument(
        "--wachtwoord", help="liever niet: zonder deze optie wordt erom gevraagd"
    )
    for naam, uitleg in (
        ("uitschakelen", "account blokkeren (sessies en API-sleutel werken niet meer)"),
        ("inschakelen", "geblokkeerd account weer toestaan"),
        ("wachtwoord", "nieuw wachtwoord instellen"),
        ("token", "nieuwe API-sleutel maken (wordt één keer getoond)"),
    ):
        actie = g.add_parser(naam, help=uitleg)
        actie.add_argument("--email", required=True)
        if naam == "wachtwoord":
            actie.add_argument(
                "--wachtwoord", help="liever niet: zonder deze optie wordt erom gevraagd"
            )
    g.add_parser("lijst", help="alle accounts")

    demo = sub.add_parser("demo", help="voorbeeldaccounts voor lokaal gebruik")
    demo.add_argument("--voorbeelden", action="store_true", help="maak ook voorbeeld-overdrachten")
    demo.add_argument(
        "--forceer", action="store_true", help="ook op een andere database dan SQLite"
    )
    demo.add_argument("--stil", action="store_true", help="alleen nieuwe accounts melden")
    return p


def _vraag_wachtwoord() -> str:
    eerste = getpass.getpass("Wachtwoord: ")
    if getpass.getpass("Nog een keer: ") != eerste:
        raise gebruikers.GebruikerFout("De wachtwoorden zijn niet gelijk.")
    return eerste


def _moet_bestaan(db: Session, email: str) -> Gebruiker:
    gebruiker = gebruikers.zoek(db, email)
    if gebruiker is None:
        raise gebruikers.GebruikerFout(
            f"Er is geen account voor {gebruikers.normaliseer_email(email)}."
        )
    return gebruiker


def _controleer_rooster(am_id: str | None, rooster: Rooster) -> None:
    if not am_id:
        return
    if not rooster.bestaat():
        print(
            f"Let op: {rooster.pad} bestaat niet; '{am_id}' is niet gecontroleerd.", file=sys.stderr
        )
    elif am_id not in rooster.alle():
        raise gebruikers.GebruikerFout(f"Accountmanager '{am_id}' staat niet in {rooster.pad}.")


def gebruiker_opdracht(args: argparse.Namespace, url: str, rooster: Rooster) -> None:
    with session_scope(url) as db:
        if args.actie == "toevoegen":
            _controleer_rooster(args.accountmanager, rooster)
            wachtwoord = args.wachtwoord or _vraag_wachtwoord()
            g = gebruikers.maak_gebruiker(db, args.email, wachtwoord, args.rol, args.accountmanager)
            wie = f" voor {rooster.naam(g.accountmanager_id)}" if g.accountmanager_id else ""
            print(f"Account {g.email} ({g.rol}{wie}) is aangemaakt.")
        elif args.actie == "uitschakelen":
            g = _moet_bestaan(db, args.email)
            g.actief = False
            gebruikers.beeindig_sessies(g)
            print(
                f"Account {g.email} is uitgeschakeld. Open sessies en de API-sleutel werken niet meer."
            )
        elif args.actie == "inschakelen":
            g = _moet_bestaan(db, args.email)
            g.actief = True
            print(f"Account {g.email} is weer actief.")
        elif args.actie == "wachtwoord":
            g = _moet_bestaan(db, args.email)
            gebruikers.zet_wachtwoord(g, args.wachtwoord or _vraag_wachtwoord())
            print(f"Het wachtwoord van {g.email} is gewijzigd. Open sessies zijn beëindigd.")
        elif args.actie == "token":
            g = _moet_bestaan(db, args.email)
            if not g.actief:
                raise gebruikers.GebruikerFout(f"Account {g.email} is uitgeschakeld.")
            token = gebruikers.maak_token(g)
            print(
                f"Nieuwe API-sleutel voor {g.email}. Bewaar hem nu: hij wordt maar één keer getoond."
            )
            print("Een eerdere sleutel van dit account werkt niet meer.")
            print(token)
        elif args.actie == "lijst":
            _toon_lijst(db, rooster)


def _toon_lijst(db: Session, rooster: Rooster) -> None:
    rijen = db.execute(select(Gebruiker).order_by(Gebruiker.rol, Gebruiker.email)).scalars().all()
    if not rijen:
        print(
            "Er zijn nog geen accounts. Maak er een met: python -m wsp.inbox gebruiker toevoegen ..."
        )
        return
    kop = ("E-mail", "Rol", "Accountmanager", "Actief", "API-sleutel", "Laatst aangemeld")
    tabel = [kop] + [
        (
            g.email,
            g.rol,
            f"{rooster.naam(g.accountmanager_id)} ({g.accountmanager_id})"
            if g.accountmanager_id
            else "-",
            "ja" if g.actief else "nee",
            "ja" if g.api_token_hash else "nee",
            g.laatst_aangemeld_op.strftime("%d-%m-%Y %H:%M") + " UTC"
            if g.laatst_aangemeld_op
            else "nooit",
        )
        for g in rijen
    ]
    breedte = [max(len(r[i]) for r in tabel) for i in range(len(kop))]
    for rij in tabel:
        print("  ".join(waarde.ljust(b) for waarde, b in zip(rij, breedte, strict=True)).rstrip())


def demo_opdracht(args: argparse.Namespace, url: str, rooster: Rooster) -> None:
    if not url.startswith("sqlite") and not args.forceer:
        raise gebruikers.GebruikerFout(
            "De demo maakt accounts met een bekend wachtwoord en is alleen voor lokaal gebruik (SQLite). "
            "Weet u het zeker? Gebruik dan --forceer."
        )
    accountmanagers = list(rooster.alle().values())
    if not accountmanagers:
        print(
            f"Let op: geen accountmanagers gevonden in {rooster.pad}; alleen de teamleider wordt gemaakt."
        )
    from wsp.inbox.voorbeelden import maak_voorbeelden

    accounts = [
        (am.email or f"{am.id}@wsp-voorbeeld.nl", "accountmanager", am.id) for am in accountmanagers
    ]
    accounts.append((DEMO_TEAMLEIDER, "teamleider", None))
    nieuw = []
    breedte = max(len(email) for email, _, _ in accounts) + 2
    with session_scope(url) as db:
        for email, rol, am_id in accounts:
            if gebruikers.zoek(db, email) is not None:
                if not args.stil:
                    nieuw.append(f"  {email:<{breedte}}bestaat al, niet gewijzigd")
                continue
            gebruikers.maak_gebruiker(db, email, DEMO_WACHTWOORD, rol, am_id)
            wie = f"{rooster.naam(am_id)} ({am_id})" if am_id else "teamleider, ziet alles"
            nieuw.append(f"  {email:<{breedte}}{wie}")
        if args.voorbeelden:
            for am in accountmanagers[:3]:
                maak_voorbeelden(db, am.id)
    if nieuw:
        print(f"Demo-accounts (alleen voor lokaal gebruik), wachtwoord: {DEMO_WACHTWOORD}")
        print("\n".join(nieuw))
    if args.voorbeelden and accountmanagers:
        print(
            f"Voorbeeld-overdrachten gemaakt voor {', '.join(am.naam for am in accountmanagers[:3])}."
        )
    if not args.stil:
        poort = os.environ.get("WSP_INBOX_PORT", "8090")
        print(f"Start de inbox met: python -m wsp.inbox  en open http://127.0.0.1:{poort}/")


def start(url: str, rooster: Rooster) -> None:
    from wsp.inbox import create_app

    host = os.environ.get("WSP_INBOX_HOST", "127.0.0.1")
    poort = int(os.environ.get("WSP_INBOX_PORT", "8090"))
    app = create_app(url, {"ROOSTER_PAD": str(rooster.pad)})
    print(f"Inbox draait op http://{host}:{poort}/ (stoppen met Ctrl+C)")
    # werkzeug's threaded server: fine for local use and a handful of users; in production run
    # a WSGI server (e.g. gunicorn "wsp.inbox:create_app()") behind nginx, see docs/inbox.md
    app.run(host=host, port=poort, threaded=True, debug=False, use_reloader=False)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    url = args.database_url or database_url()
    rooster = Rooster(args.rooster)
    try:
        if args.opdracht in (None, "start"):
            start(url, rooster)
        elif args.opdracht == "gebruiker":
            gebruiker_opdracht(args, url, rooster)
        elif args.opdracht == "demo":
            demo_opdracht(args, url, rooster)
    except gebruikers.GebruikerFout as fout:
        print(f"Fout: {fout}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nAfgebroken.", file=sys.stderr)
        return 130
    return 0
