"""HTML pages: sign-in, the list of handovers, one handover with its notes and status."""

from __future__ import annotations

import math

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from wsp.inbox import handelingen, toegang
from wsp.inbox.beveiliging import aanmelden_vereist, huidige_gebruiker, meld_aan, veilige_volgende
from wsp.inbox.gebruikers import (
    aangemeld,
    beeindig_sessies,
    controleer_wachtwoord,
    normaliseer_email,
    zoek,
)
from wsp.inbox.weergave import STATUS, regeling_namen

pagina = Blueprint("pagina", __name__)

def te_veel_pogingen(seconden: int) -> str:
    if seconden >= 120:
        wacht = f"{(seconden + 59) // 60} minuten"
    else:
        wacht = "1 seconde" if seconden == 1 else f"{seconden} seconden"
    return (
        f"Er is een paar keer een verkeerd wachtwoord ingevuld. Wacht nog {wacht} en probeer het "
        "dan opnieuw. Wachtwoord vergeten? Vraag uw teamleider om een nieuw wachtwoord."
    )


@pagina.route("/aanmelden", methods=["GET", "POST"])
def aanmelden():  # type: ignore[no-untyped-def]
    volgende = veilige_volgende(request.values.get("volgende"))
    if huidige_gebruiker() is not None:
        return redirect(volgende or url_for(".lijst"))
    if request.method == "GET":
        return render_template("aanmelden.html", volgende=volgende, email="")

    email = normaliseer_email(request.form.get("email", ""))
    wachtwoord = request.form.get("wachtwoord", "")
    begrenzer = current_app.extensions["wsp_begrenzer"]
    adres = request.remote_addr or ""

    def opnieuw(melding: str, code: int = 200):  # type: ignore[no-untyped-def]
        return render_template(
            "aanmelden.html", volgende=volgende, email=email, melding=melding
        ), code

    # growing delays per account and per address; the password is not even checked meanwhile
    wacht = math.ceil(begrenzer.wachttijd(adres, email))
    if wacht > 0:
        current_app.logger.warning("event=aanmelden_vertraagd ip=%s seconden=%s", adres, wacht)
        antwoord = current_app.make_response(opnieuw(te_veel_pogingen(wacht), 429))
        antwoord.headers["Retry-After"] = str(wacht)
        return antwoord
    gebruiker = zoek(g.db, email) if email else None
    if not controleer_wachtwoord(gebruiker, wachtwoord):
        begrenzer.mislukt(adres, email)
        current_app.logger.info("event=aanmelden_mislukt ip=%s", adres)
        return opnieuw("Het e-mailadres of het wachtwoord klopt niet.")
    if not gebruiker.actief:
        return opnieuw("Uw account is uitgeschakeld. Neem contact op met uw teamleider.")
    begrenzer.gelukt(adres, email)
    aangemeld(gebruiker)
    g.db.commit()
    meld_aan(gebruiker)
    return redirect(volgende or url_for(".lijst"))


@pagina.post("/afmelden")
def afmelden():  # type: ignore[no-untyped-def]
    gebruiker = huidige_gebruiker()
    if gebruiker is not None:
        beeindig_sessies(gebruiker)  # signs out on every device
        g.db.commit()
    session.clear()
    flash("U bent afgemeld.", "ok")
    return redirect(url_for(".aanmelden"))


@pagina.get("/overdrachten")
@pagina.get("/")  # registered first: the canonical address
@aanmelden_vereist
def lijst():  # type: ignore[no-untyped-def]
    gebruiker = huidige_gebruiker()
    filters = toegang.Filters.uit(request.args)
    resultaat = toegang.lijst(g.db, gebruiker, filters)
    return render_template(
        "lijst.html",
        filters=filters,
        resultaat=resultaat,
        gemeenten=toegang.gemeenten(g.db, gebruiker),
        regelingen=regeling_namen(),
        statussen=STATUS,
        teamleider=toegang.is_teamleider(gebruiker),
    )


def _overdracht_of_404(publieke_id: str):  # type: ignore[no-untyped-def]
    overdracht = toegang.haal(g.db, huidige_gebruiker(), publieke_id)
    if overdracht is None:
        abort(404)  # also when it exists but belongs to someone else: existence is not revealed
    return overdracht


@pagina.get("/overdrachten/<publieke_id>")
@aanmelden_vereist
def detail(publieke_id: str):  # type: ignore[no-untyped-def]
    overdracht = _overdracht_of_404(publieke_id)
    gebruiker = huidige_gebruiker()
    from wsp.inbox import dossier, zaak

    rooster = current_app.extensions["wsp_rooster"]
    return render_template(
        "detail.html",
        o=overdracht,
        overgangen=handelingen.OVERGANGEN.get(overdracht.status, ()),
        teamleider=toegang.is_teamleider(gebruiker),
        accountmanagers=sorted(rooster.alle().values(), key=lambda am: am.naam),
        **dossier.context(g.db, overdracht, gebruiker, zaak.omgeving().organisatie,
                          rooster.alle().get(gebruiker.accountmanager_id or "")),
    )


def _omgeving():  # type: ignore[no-untyped-def]
    from wsp.inbox import zaak

    return zaak.omgeving()


def _terug(publieke_id: str, anker: str):  # type: ignore[no-untyped-def]
    return redirect(url_for(".detail", publieke_id=publieke_id, _anchor=anker))


@pagina.post("/overdrachten/<publieke_id>/notities")
@aanmelden_vereist
def notitie(publieke_id: str):  # type: ignore[no-untyped-def]
    overdracht = _overdracht_of_404(publieke_id)
    try:
        handelingen.voeg_notitie_toe(
            g.db, overdracht, huidige_gebruiker(), request.form.get("tekst")
        )
    except handelingen.Geweigerd as fout:
        flash(str(fout), "fout")
        return _terug(publieke_id, "notities")
    g.db.commit()
    flash("Uw notitie is opgeslagen.", "ok")
    return _terug(publieke_id, "notities")


@pagina.post("/overdrachten/<publieke_id>/status")
@aanmelden_vereist
def status(publieke_id: str):  # type: ignore[no-untyped-def]
    overdracht = _overdracht_of_404(publieke_id)
    naar = request.form.get("naar", "")
    try:
        handelingen.wijzig_status(
            g.db,
            overdracht,
            huidige_gebruiker(),
            naar,
            request.form.get("toelichting"),
            verwacht_van=request.form.get("huidige_status"),
            herinnering_op=request.form.get("herinnering_op"),
            omgeving=_omgeving(),
        )
    except handelingen.Geweigerd as fout:
        flash(str(fout), "fout")
        return _terug(publieke_id, "status")
    g.db.commit()
    flash(f"De status is nu: {STATUS[naar]}.", "ok")
    return _terug(publieke_id, "status")


@pagina.post("/overdrachten/<publieke_id>/toewijzing")
@aanmelden_vereist
def toewijzing(publieke_id: str):  # type: ignore[no-untyped-def]
    overdracht = _overdracht_of_404(publieke_id)
    gebruiker = huidige_gebruiker()
    if not toegang.is_teamleider(gebruiker):
        abort(403, description="Alleen een teamleider kan een overdracht aan iemand anders geven.")
    rooster = current_app.extensions["wsp_rooster"]
    try:
        handelingen.wijs_toe(
            g.db,
            overdracht,
            gebruiker,
            request.form.get("accountmanager_id", ""),
            rooster,
            request.form.get("toelichting"),
            omgeving=_omgeving(),
        )
    except handelingen.Geweigerd as fout:
        flash(str(fout), "fout")
        return _terug(publieke_id, "toewijzing")
    g.db.commit()
    flash(f"De overdracht staat nu bij {rooster.naam(overdracht.accountmanager_id)}.", "ok")
    return _terug(publieke_id, "status")
