"""The inbox web app: ``create_app(database_url=None, config=None)``."""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any, Mapping

from flask import Flask, g, jsonify, render_template, request
from sqlalchemy import text
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from wsp.db import REPO_ROOT, session_factory
from wsp.db import database_url as standaard_database_url
from wsp.inbox import weergave
from wsp.inbox.abonnementen import publicaties
from wsp.inbox.abonnementen import publiek as abonnement_publiek
from wsp.inbox.api import api
from wsp.inbox.beveiliging import (
    Aanmeldbegrenzer,
    beveiligingskoppen,
    controleer_csrf,
    csrf_token,
    geheime_sleutel,
)
from wsp.inbox.inzichten import inzichten
from wsp.inbox.paginas import pagina
from wsp.inbox.rooster import Rooster
from wsp.inbox.zaak import zaak
from wsp.overdracht.toewijzing import ROSTER_PATH

FOUTEN = {
    400: "Dit verzoek klopt niet.",
    401: "U bent niet aangemeld.",
    403: "Dat mag u niet doen.",
    404: "Deze pagina of overdracht bestaat niet, of is niet aan u toegewezen.",
    405: "Deze actie werkt zo niet.",
    413: "Wat u stuurt is te groot.",
    429: "Te veel verzoeken. Wacht even en probeer het opnieuw.",
    500: "Er ging iets mis in de inbox. Probeer het later opnieuw.",
}


def _is_waar(waarde: str | None) -> bool:
    return (waarde or "").strip().lower() in ("1", "true", "ja", "yes", "on")


def create_app(database_url: str | None = None, config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    publieke_url = os.environ.get("WSP_INBOX_URL", "").rstrip("/")
    https = publieke_url.startswith("https://")
    app.config.update(
        DATABASE_URL=database_url or standaard_database_url(),
        INBOX_URL=publieke_url,
        ORGANISATIE=os.environ.get("WSP_ORGANISATIE"),  # else organisatie.naam from the roster
        ROOSTER_PAD=str(ROSTER_PATH),  # the file handovers are assigned from
        SECRET_KEY=None,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=8),
        SESSION_COOKIE_NAME="__Host-wsp_inbox" if https else "wsp_inbox",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=https,
        MAX_CONTENT_LENGTH=64 * 1024,
        AANMELD_MAX_POGINGEN=5,
        AANMELD_VENSTER_SECONDEN=15 * 60,
        ACHTER_PROXY=_is_waar(os.environ.get("WSP_INBOX_PROXY")),
    )
    if config:
        app.config.update(config)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = geheime_sleutel(REPO_ROOT / "var" / "inbox_secret")
    if app.config["ACHTER_PROXY"]:
        # behind nginx: trust one proxy for the client address (rate limit) and the scheme
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]

    sessies = session_factory(app.config["DATABASE_URL"])
    app.extensions["wsp_rooster"] = Rooster(app.config["ROOSTER_PAD"])
    app.extensions["wsp_begrenzer"] = Aanmeldbegrenzer(
        app.config["AANMELD_MAX_POGINGEN"], app.config["AANMELD_VENSTER_SECONDEN"]
    )

    @app.before_request
    def _open_database() -> None:
        g.db = sessies()

    @app.before_request
    def _csrf() -> None:
        # the API uses tokens; the public subscription links carry their own secret token
        if request.method == "POST" and request.blueprint not in ("api", "abonnement"):
            controleer_csrf()

    @app.teardown_request
    def _sluit_database(_fout: BaseException | None) -> None:
        db = g.pop("db", None)
        if db is not None:
            db.close()

    app.after_request(beveiligingskoppen)

    @app.context_processor
    def _sjabloon() -> dict[str, Any]:
        return {
            "csrf_token": csrf_token,
            # the person loaded by the view, if any: error pages must render without the database
            "gebruiker": g.get("gebruiker"),
            "rooster": app.extensions["wsp_rooster"],
            "organisatie": app.config["ORGANISATIE"]
            or app.extensions["wsp_rooster"].organisatie_naam()
            or "WerkgeversServicepunt",
            "w": weergave,
        }

    @app.errorhandler(HTTPException)
    def _fout(fout: HTTPException):  # type: ignore[no-untyped-def]
        code = fout.code or 500
        # our own descriptions are Dutch; werkzeug's defaults are English and replaced
        eigen = fout.description if fout.description != type(fout).description else None
        melding = eigen or FOUTEN.get(code, FOUTEN[500])
        if request.path.startswith("/api/"):
            antwoord = jsonify({"fout": melding})
            antwoord.status_code = code
        else:
            antwoord = app.make_response(
                (render_template("fout.html", code=code, melding=melding), code)
            )
        for kop, waarde in fout.get_headers():  # e.g. Allow on 405
            if kop.lower() != "content-type":
                antwoord.headers[kop] = waarde
        return antwoord

    @app.get("/gezondheid")
    def gezondheid():  # type: ignore[no-untyped-def]
        try:
            g.db.execute(text("SELECT 1"))
        except Exception:  # noqa: BLE001 - any database failure means "not healthy"
            app.logger.exception("Databasecontrole mislukt")
            return jsonify({"status": "fout", "fout": "De database is niet bereikbaar."}), 503
        return jsonify({"status": "ok"})

    app.register_blueprint(pagina)
    app.register_blueprint(zaak)  # contact attempts and replies on one handover
    app.register_blueprint(api)
    app.register_blueprint(inzichten)  # /inzichten for team leads
    app.register_blueprint(abonnement_publiek)  # /abonnement/...: mail links, no sign-in
    app.register_blueprint(publicaties)  # /publicaties: changes told to employers
    return app
