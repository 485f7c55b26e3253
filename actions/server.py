"""The action server, locked down: ``python -m actions.server`` instead of ``python -m rasa_sdk``.

rasa-sdk 3.6 listens on 0.0.0.0 unless told otherwise, accepts any request on ``/webhook``
(even ``text/plain`` from any web page, CORS ``*`` by default) and answers an error with the
exception text and the request body. One forged request was enough to store a handover. Here:

1. **Only Rasa may call it.** Every request except ``GET /health`` must carry the shared secret
   ``WSP_ACTIE_GEHEIM`` in the header ``X-WSP-Actie-Geheim`` (compared in constant time); Rasa
   sends it because its endpoints file says so (``action_endpoint.headers``, supported by Rasa's
   ``EndpointConfig`` since 1.x; rasa-sdk itself checks nothing, see RasaHQ/rasa-sdk#56). No
   secret configured: the server does not start.
2. **Loopback by default.** ``--host`` (or ``WSP_ACTIE_HOST``) defaults to 127.0.0.1; the
   container image passes 0.0.0.0 on its internal network.
3. **JSON only, no CORS, bounded bodies.** ``POST`` needs ``Content-Type: application/json``
   (a browser cannot send that cross-site without a preflight, which gets no CORS headers);
   bodies above ``WSP_ACTIE_MAX_BYTES`` (default 5 MB) are refused.
4. **Errors say nothing.** An exception is logged with its type and answered with a short JSON
   error, never with the exception text or the request body.

The secret is read from the environment (or from the file named by ``WSP_ACTIE_GEHEIM_BESTAND``),
never from the command line, so it does not show in ``ps``.
"""

from __future__ import annotations

import argparse
import hmac
import logging
import os
import sys
from pathlib import Path
from typing import Mapping

from rasa_sdk import utils
from rasa_sdk.endpoint import create_app as sdk_app
from rasa_sdk.endpoint import create_argument_parser
from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

log = logging.getLogger(__name__)

ENV_GEHEIM = "WSP_ACTIE_GEHEIM"
ENV_GEHEIM_BESTAND = "WSP_ACTIE_GEHEIM_BESTAND"
ENV_HOST = "WSP_ACTIE_HOST"
ENV_MAX_BYTES = "WSP_ACTIE_MAX_BYTES"
HEADER = "X-WSP-Actie-Geheim"
OPEN_PADEN = frozenset({"/health"})
MIN_LENGTE = 16


class GeenGeheim(RuntimeError):
    """No usable shared secret: the action server must not start."""


def lees_geheim(env: Mapping[str, str] | None = None) -> str:
    env = os.environ if env is None else env
    geheim = (env.get(ENV_GEHEIM) or "").strip()
    bestand = (env.get(ENV_GEHEIM_BESTAND) or "").strip()
    if not geheim and bestand:
        geheim = Path(bestand).read_text(encoding="utf-8").strip()
    if len(geheim) < MIN_LENGTE:
        raise GeenGeheim(
            f"{ENV_GEHEIM} is not set (or shorter than {MIN_LENGTE} characters): the action "
            "server only starts with the secret Rasa sends (action_endpoint.headers "
            f"{HEADER} in the endpoints file). Generate one with: python3 -c \"import secrets; "
            "print(secrets.token_urlsafe(32))\"")
    return geheim


def _fout(status: int, tekst: str) -> HTTPResponse:
    return response.json({"fout": tekst}, status=status)


def create_app(geheim: str, actions_package: str = "actions",
               max_bytes: int | None = None) -> Sanic:
    """rasa-sdk's app with the secret check, JSON-only bodies, no CORS and silent errors."""
    if len(geheim or "") < MIN_LENGTE:
        raise GeenGeheim(f"{ENV_GEHEIM} is too short")
    app = sdk_app(actions_package, cors_origins=[])
    app.config.REQUEST_MAX_SIZE = max_bytes or int(os.environ.get(ENV_MAX_BYTES, 5_000_000))
    verwacht = geheim.encode("utf-8")

    @app.middleware("request")
    async def alleen_rasa(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PADEN and request.method in ("GET", "HEAD"):
            return None
        gegeven = (request.headers.get(HEADER) or "").encode("utf-8", "replace")
        if not hmac.compare_digest(gegeven, verwacht):
            log.warning("event=actieserver_geweigerd reden=geen_geheim pad=%s", request.path[:64])
            return _fout(401, "Alleen de assistent mag de action server aanroepen.")
        if request.method == "POST":
            soort = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
            if soort != "application/json":
                return _fout(415, "Alleen JSON (application/json).")
        return None

    async def stil(request: Request, exception: Exception) -> HTTPResponse:
        if isinstance(exception, SanicException) and 400 <= exception.status_code < 500:
            return _fout(exception.status_code, "Dit verzoek klopt niet.")
        log.error("event=actieserver_fout fout=%s pad=%s", type(exception).__name__,
                  request.path[:64], exc_info=exception)
        return _fout(500, "Er ging iets mis in de action server.")

    # replaces rasa-sdk's handler, which echoes the exception text and the request body
    app.error_handler.add(Exception, stil)
    return app


def argumenten(argv: list[str] | None = None) -> argparse.Namespace:
    parser = create_argument_parser()
    parser.description = "WSP action server (rasa-sdk with a shared secret)"
    parser.add_argument("--host", default=os.environ.get(ENV_HOST, "127.0.0.1"),
                        help="interface to listen on (default 127.0.0.1)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = argumenten(argv)
    utils.configure_colored_logging(args.loglevel)
    utils.configure_file_logging(logging.getLogger("rasa_sdk"), args.log_file, args.loglevel,
                                 args.logging_config_file)
    utils.update_sanic_log_level()
    try:
        geheim = lees_geheim()
    except (GeenGeheim, OSError) as fout:
        print(f"Action server not started: {fout}", file=sys.stderr)
        return 2
    if args.cors:
        print("Action server: --cors is ignored (only Rasa calls it, never a browser).",
              file=sys.stderr)
    app = create_app(geheim, args.actions or "actions")
    try:  # the answer library's search index (a classifier is fitted): before the first question
        from wsp.regels import default_store

        _ = default_store().current().vraag_index
    except Exception:  # broken files are reported by the store; the server still starts
        log.exception("event=zoekindex_niet_voorbereid")
    log.info("event=actieserver_start host=%s poort=%s", args.host, args.port)
    app.run(args.host, args.port, workers=utils.number_of_sanic_workers(), access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
