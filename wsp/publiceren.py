"""``python -m wsp.publiceren``: announce changes in the editors' files to subscribed employers.
See ``wsp.abonnementen.cli`` and docs/redactie.md ("Wijzigingen bekendmaken")."""

from __future__ import annotations

from wsp.abonnementen.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
