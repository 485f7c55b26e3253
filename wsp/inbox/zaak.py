"""Case actions on one handover besides status and notes: record a contact attempt, mail the
employer a reply. Same rules as the other pages: signed in, CSRF token (checked in app.py for every
POST outside the API), and a handover someone may not see answers 404."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, request, url_for

from wsp.inbox import handelingen, toegang
from wsp.inbox.beveiliging import aanmelden_vereist, huidige_gebruiker
from wsp.inbox.weergave import CONTACT_MANIER, CONTACT_RESULTAAT, STATUS, datum_nl

zaak = Blueprint("zaak", __name__)


def omgeving() -> handelingen.Omgeving:
    rooster = current_app.extensions["wsp_rooster"]
    return handelingen.Omgeving(
        rooster=rooster,
        inbox_url=current_app.config.get("INBOX_URL") or request.url_root.rstrip("/"),
        organisatie=current_app.config.get("ORGANISATIE")
        or rooster.organisatie_naam()
        or "WerkgeversServicepunt",
    )


def _overdracht_of_404(publieke_id: str):  # type: ignore[no-untyped-def]
    overdracht = toegang.haal(g.db, huidige_gebruiker(), publieke_id)
    if overdracht is None:
        abort(404)
    return overdracht


def _terug(publieke_id: str, anker: str):  # type: ignore[no-untyped-def]
    return redirect(url_for("pagina.detail", publieke_id=publieke_id, _anchor=anker))


@zaak.post("/overdrachten/<publieke_id>/contactpoging")
@aanmelden_vereist
def contactpoging(publieke_id: str):  # type: ignore[no-untyped-def]
    o = _overdracht_of_404(publieke_id)
    try:
        poging = handelingen.leg_contactpoging_vast(
            g.db, o, huidige_gebruiker(),
            request.form.get("manier", ""), request.form.get("resultaat", ""),
            request.form.get("toelichting"), request.form.get("opnieuw_op"), omgeving(),
        )
    except handelingen.Geweigerd as fout:
        flash(str(fout), "fout")
        return _terug(publieke_id, "contact")
    g.db.commit()
    melding = (f"Contactpoging vastgelegd: {CONTACT_MANIER[poging.manier].lower()}, "
               f"{CONTACT_RESULTAAT[poging.resultaat].lower()}.")
    if poging.van != poging.naar:
        melding += f" De status is nu: {STATUS[poging.naar]}."
    if o.herinnering_op and request.form.get("opnieuw_op"):
        melding += f" U krijgt een herinnering op {datum_nl(o.herinnering_op)}."
    flash(melding, "ok")
    return _terug(publieke_id, "contact")


@zaak.post("/overdrachten/<publieke_id>/antwoord")
@aanmelden_vereist
def antwoord(publieke_id: str):  # type: ignore[no-untyped-def]
    o = _overdracht_of_404(publieke_id)
    try:
        handelingen.stuur_antwoord(
            g.db, o, huidige_gebruiker(), request.form.get("onderwerp"),
            request.form.get("tekst"), omgeving(),
        )
    except handelingen.Geweigerd as fout:
        flash(str(fout), "fout")
        return _terug(publieke_id, "antwoord")
    g.db.commit()
    flash(f"Uw e-mail aan {o.email} staat klaar om te versturen. U vindt hem in de geschiedenis.",
          "ok")
    return _terug(publieke_id, "antwoord")
