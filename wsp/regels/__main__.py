"""python -m wsp.regels — see cli.py."""

from .cli import main

raise SystemExit(main())
