"""``rasa run`` with the REST API token from the environment, never on the command line.

``rasa run --auth-token <token>`` puts the token in the process's arguments, where every user of
the machine can read it (``ps``, ``/proc/<pid>/cmdline``). This starter reads it from
``RASA_AUTH_TOKEN`` (or from the file named by ``RASA_AUTH_TOKEN_FILE``), adds it to Rasa's
arguments inside this process only, and runs Rasa's own command line:

    python -m assistant.addons.rasa_start run --model models --enable-api ...

It also installs the Rasa patches of ``assistant/addons/performance.py`` (and refuses to start
another Rasa version than they were written for). Used by ``wsp.devstack`` (``make run``, the tests)
and by the Rasa image.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ENV_TOKEN = "RASA_AUTH_TOKEN"
ENV_TOKEN_BESTAND = "RASA_AUTH_TOKEN_FILE"


def lees_token() -> str:
    token = os.environ.get(ENV_TOKEN, "").strip()
    bestand = os.environ.get(ENV_TOKEN_BESTAND, "").strip()
    if not token and bestand:
        token = Path(bestand).read_text(encoding="utf-8").strip()
    return token


def main(argv: list[str] | None = None) -> int:
    argumenten = list(sys.argv[1:] if argv is None else argv)
    if any(a == "--auth-token" or a.startswith("--auth-token=") for a in argumenten):
        print("Give the token in RASA_AUTH_TOKEN, not as --auth-token (ps shows arguments).",
              file=sys.stderr)
        return 2
    token = lees_token()
    if not token:
        print(f"{ENV_TOKEN} (or {ENV_TOKEN_BESTAND}) is not set: Rasa's API would be open.",
              file=sys.stderr)
        return 2
    sys.argv = ["rasa", *argumenten, "--auth-token", token]
    from assistant.addons import performance  # noqa: PLC0415 - imports rasa

    try:
        performance.install()  # the one place Rasa's behaviour is patched
    except performance.OnverwachteRasaVersie as fout:
        print(f"Rasa not started: {fout}", file=sys.stderr)
        return 2
    from rasa.__main__ import main as rasa_main  # noqa: PLC0415 - only after the arguments are set

    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
