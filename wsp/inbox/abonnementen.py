"""Proactive information in the inbox.

Public, no sign-in (the links in the employers' mails; the random token in the path is the only
credential, compared in constant time, see ``wsp.abonnementen.tokens``):

- ``GET /abonnement/bevestigen?t=<token>`` shows one button, ``POST`` confirms (a mail scanner
  that opens links does not confirm anybody's subscription);
- ``GET /abonnement/afmelden?t=<token>`` shows one button, ``POST`` unsubscribes; mail programs
  POST to the same address for one-click unsubscribe (RFC 8058, ``List-Unsubscribe-Post``);
- ``GET /abonnement/geopend.gif?t=<token>`` counts an opened mail.

The token is in the query string: the access logs (nginx ``$uri``, gunicorn ``%(U)s``) record
the path only.

Every action is idempotent; no route redirects anywhere, so there is no redirect to abuse.

Signed in: ``/publicaties`` and ``/publicaties/<id>``: per publication the changes, which of the
accountmanager's employers were told, and which of their employers' handovers were about a
changed rule; team leads see everyone's, and the figures.
"""

from __future__ import annotations

import base64
from typing import Any

from flask import Blueprint, Response, abort, current_app, g, render_template, request
from sqlalchemy import String, and_, cast, false, or_, select, true

from wsp.abonnementen import inzichten as abonnement_inzichten
from wsp.abonnementen import service
from wsp.abonnementen.mail import regels_van, titel
from wsp.abonnementen.models import Publicatie, PublicatieOntvanger
from wsp.abonnementen.momentopname import Wijziging
from wsp.abonnementen.tokens import geldige_vorm
from wsp.inbox import toegang
from wsp.inbox.beveiliging import aanmelden_vereist, huidige_gebruiker
from wsp.overdracht.models import OutboxBericht, Overdracht

# its own copy of the inbox styles under /abonnement/, the only public path of the inbox
publiek = Blueprint("abonnement", __name__, static_folder="static",
                    static_url_path="/abonnement/static")
publicaties = Blueprint("publicaties", __name__)

PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
ZICHTBARE_SOORTEN = ("redactie", "automatisch")


def _inhoud() -> service.Inhoud:
    root = current_app.config.get("CONTENT_ROOT")
    return service.Inhoud(root if root else service.content_root())


def _pagina(toestand: str, code: int = 200, **extra: Any):  # type: ignore[no-untyped-def]
    return render_template("abonnement.html", toestand=toestand, **extra), code


# ---- public -------------------------------------------------------------------------------------

@publiek.route("/abonnement/bevestigen", methods=["GET", "POST"])
def bevestigen():  # type: ignore[no-untyped-def]
    token = request.args.get("t", "")
    if request.method == "GET":
        return _pagina("bevestig_vraag") if geldige_vorm(token) else _pagina("onbekend", 404)
    uitkomst = service.bevestig(g.db, token, inhoud=_inhoud())
    if uitkomst.uitkomst == "onbekend":
        return _pagina("onbekend", 404)
    return _pagina(uitkomst.uitkomst, 200, wat=uitkomst.wat, waar=uitkomst.waar)


@publiek.route("/abonnement/afmelden", methods=["GET", "POST"])
def afmelden():  # type: ignore[no-untyped-def]
    token = request.args.get("t", "")
    if request.method == "GET":
        return _pagina("afmeld_vraag") if geldige_vorm(token) else _pagina("onbekend", 404)
    wijze = "link" if request.form.get("via") == "pagina" else "een_klik"
    uitkomst = service.meld_af(g.db, token, wijze=wijze, inhoud=_inhoud())
    if uitkomst.uitkomst == "onbekend":
        return _pagina("onbekend", 404)
    return _pagina(uitkomst.uitkomst, 200, wat=uitkomst.wat, waar=uitkomst.waar)


@publiek.get("/abonnement/geopend.gif")
def geopend():  # type: ignore[no-untyped-def]
    token = request.args.get("t", "")
    try:
        service.registreer_opening(g.db, token)
    except Exception:  # noqa: BLE001 - an image request must never fail visibly
        g.db.rollback()
        current_app.logger.exception("Opening niet geregistreerd")
    return Response(PIXEL, mimetype="image/gif")


# ---- accountmanagers ----------------------------------------------------------------------------

def _eigen(gebruiker: Any) -> Any:
    """Recipients this person may see: their own employers; a team lead sees all."""
    if toegang.is_teamleider(gebruiker):
        return true()
    if not gebruiker.accountmanager_id:
        return false()
    return PublicatieOntvanger.accountmanager_id == gebruiker.accountmanager_id


@publicaties.get("/publicaties")
@aanmelden_vereist
def lijst():  # type: ignore[no-untyped-def]
    gebruiker = huidige_gebruiker()
    items = g.db.execute(select(Publicatie).where(Publicatie.soort.in_(ZICHTBARE_SOORTEN))
                         .order_by(Publicatie.aangemaakt_op.desc(), Publicatie.id.desc())
                         .limit(100)).scalars().all()
    aantallen = {}
    for p in items:
        aantallen[p.id] = len(g.db.execute(
            select(PublicatieOntvanger.id).where(PublicatieOntvanger.publicatie_id == p.id,
                                                 _eigen(gebruiker))).all())
    teamleider = toegang.is_teamleider(gebruiker)
    cijfers = abonnement_inzichten.cijfers(g.db) if teamleider else None
    inhoud = _inhoud()
    return render_template("publicaties.html", publicaties=items, aantallen=aantallen,
                           teamleider=teamleider, cijfers=cijfers, ALLE=abonnement_inzichten.ALLE,
                           gemeente_naam=lambda x: inhoud.gemeente_naam(x) or "geen gemeente",
                           regeling_naam=lambda r: inhoud.regeling_namen.get(r, r))


def _overdrachten_over(wijzigingen: list[Wijziging], gebruiker: Any) -> list[Overdracht]:
    """This person's handovers (or everyone's, for a team lead) about a changed rule: same
    instrument, and same municipality unless the change applies everywhere."""
    voorwaarden = []
    for w in wijzigingen:
        deel = []
        if w.regeling:
            deel.append(cast(Overdracht.regelingen, String).like(f'%"{w.regeling}"%'))
        if w.gemeente:
            deel.append(Overdracht.gemeente == w.gemeente)
        voorwaarden.append(and_(*deel) if deel else true())
    if not voorwaarden:
        return []
    wie = true() if toegang.is_teamleider(gebruiker) else or_(
        Overdracht.accountmanager_id == gebruiker.accountmanager_id,
        Overdracht.vaste_accountmanager_id == gebruiker.accountmanager_id,
    ) if gebruiker.accountmanager_id else false()
    return list(g.db.execute(
        select(Overdracht).where(or_(*voorwaarden), wie,
                                 or_(Overdracht.organisatie.is_not(None),
                                     Overdracht.naam.is_not(None),
                                     Overdracht.email.is_not(None)))
        .order_by(Overdracht.aangemaakt_op.desc()).limit(200)).scalars().all())


@publicaties.get("/publicaties/<publieke_id>")
@aanmelden_vereist
def detail(publieke_id: str):  # type: ignore[no-untyped-def]
    gebruiker = huidige_gebruiker()
    publicatie = g.db.execute(select(Publicatie).where(
        Publicatie.publieke_id == publieke_id, Publicatie.soort.in_(ZICHTBARE_SOORTEN))
    ).scalar_one_or_none()
    if publicatie is None:
        abort(404)
    wijzigingen = [Wijziging.uit_dict(w) for w in publicatie.wijzigingen or []]
    ontvangers = g.db.execute(
        select(PublicatieOntvanger, OutboxBericht.status)
        .outerjoin(OutboxBericht,
                   OutboxBericht.idempotentie_sleutel == PublicatieOntvanger.outbox_sleutel)
        .where(PublicatieOntvanger.publicatie_id == publicatie.id, _eigen(gebruiker))
        .order_by(PublicatieOntvanger.accountmanager_id, PublicatieOntvanger.email)).all()
    inhoud = _inhoud()
    datum = publicatie.aangemaakt_op.date()
    return render_template(
        "publicatie.html", publicatie=publicatie, wijzigingen=wijzigingen, ontvangers=ontvangers,
        overdrachten=_overdrachten_over(wijzigingen, gebruiker),
        teamleider=toegang.is_teamleider(gebruiker),
        titel=lambda w: titel(w, inhoud.regeling_namen, inhoud.gemeente_namen),
        regels=lambda w: regels_van(w, datum),
        gemeente_naam=lambda x: inhoud.gemeente_naam(x) or "geen gemeente",
        gemeenten_tekst=lambda gs: ", ".join(inhoud.gemeente_naam(x) or "" for x in gs or [] if x),
        regelingen_tekst=lambda rs: ", ".join(inhoud.regeling_namen.get(r, r) for r in rs or []))
