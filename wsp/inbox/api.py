"""JSON API under /api/escalations: the same handovers and permissions as the pages, read-only.

Authentication: ``Authorization: Bearer <token>`` (create one with ``python -m wsp.inbox gebruiker token``).
"""

from __future__ import annotations

from functools import wraps
from typing import Any, Callable

from flask import Blueprint, current_app, g, jsonify, request, url_for

from wsp.inbox import toegang, weergave
from wsp.inbox.gebruikers import zoek_op_token
from wsp.overdracht.models import Overdracht

api = Blueprint("api", __name__, url_prefix="/api/escalations")


def _fout(code: int, melding: str):  # type: ignore[no-untyped-def]
    antwoord = jsonify({"fout": melding})
    antwoord.status_code = code
    if code == 401:
        antwoord.headers["WWW-Authenticate"] = 'Bearer realm="wsp-inbox"'
    return antwoord


def token_vereist(view: Callable) -> Callable:
    @wraps(view)
    def omhulsel(*args, **kwargs):  # type: ignore[no-untyped-def]
        soort, _, token = request.headers.get("Authorization", "").partition(" ")
        gebruiker = zoek_op_token(g.db, token.strip()) if soort.lower() == "bearer" else None
        if gebruiker is None:
            return _fout(
                401, "Geen geldige API-sleutel. Stuur de kop 'Authorization: Bearer <sleutel>'."
            )
        g.api_gebruiker = gebruiker
        return view(*args, **kwargs)

    return omhulsel


def _url(o: Overdracht) -> str:
    basis = current_app.config["INBOX_URL"]
    if basis:
        return f"{basis}/overdrachten/{o.publieke_id}"
    return url_for("pagina.detail", publieke_id=o.publieke_id, _external=True)


def samenvatting(o: Overdracht) -> dict[str, Any]:
    return {
        "publieke_id": o.publieke_id,
        "kenmerk": o.kenmerk,
        "url": _url(o),
        "status": o.status,
        "ontvangen_op": weergave.iso_utc(o.aangemaakt_op),
        "accountmanager_id": o.accountmanager_id,
        "vaste_accountmanager_id": o.vaste_accountmanager_id,
        "reden": o.reden,
        "gemeente": o.gemeente,
        "woongemeente": o.woongemeente,
        "regelingen": list(o.regelingen or []),
        "vraag_voorbeeld": weergave.vraag_voorbeeld(o),
        "herinnering_op": o.herinnering_op.isoformat() if o.herinnering_op else None,
        "organisatie": o.organisatie,
        "naam": o.naam,
        "wachttijd": weergave.wachttijd(o).als_json(),
    }


def volledig(o: Overdracht) -> dict[str, Any]:
    return {
        **samenvatting(o),
        "email": o.email,
        "telefoon": o.telefoon,
        "kvk": o.kvk,
        "contactvoorkeur": o.contactvoorkeur,
        "vraag": o.vraag,
        "toestemming_op": weergave.iso_utc(o.toestemming_op),
        "kanaal": o.kanaal,
        "eerste_contact_op": weergave.iso_utc(o.eerste_contact_op),
        "feiten": dict(o.feiten) if isinstance(o.feiten, dict) else None,
        "afsluitreden": o.afsluitreden,
        "transcript": list(o.transcript or []),
        "notities": [
            {"auteur": n.auteur, "tekst": n.tekst, "op": weergave.iso_utc(n.op)} for n in o.notities
        ],
        "statuswijzigingen": [
            {
                "van": s.van,
                "naar": s.naar,
                "door": s.door,
                "toelichting": s.toelichting,
                "op": weergave.iso_utc(s.op),
                "soort": s.soort,
                "manier": s.manier,
                "resultaat": s.resultaat,
            }
            for s in o.statuswijzigingen
        ],
        "meldingen": [
            {
                "soort": b.soort,
                "status": b.status,
                "pogingen": b.pogingen,
                "verzonden_op": weergave.iso_utc(b.verzonden_op),
                "volgende_poging_op": weergave.iso_utc(b.volgende_poging_op)
                if b.status == "wachtend"
                else None,
                "laatste_fout": b.laatste_fout,
            }
            for b in sorted(o.berichten, key=lambda b: b.id)
        ],
    }


@api.get("")
@token_vereist
def lijst():  # type: ignore[no-untyped-def]
    filters = toegang.Filters.uit(request.args)
    if filters.fouten:
        return _fout(400, " ".join(filters.fouten))
    resultaat = toegang.lijst(g.db, g.api_gebruiker, filters)
    return jsonify(
        {
            "overdrachten": [samenvatting(o) for o in resultaat.items],
            "totaal": resultaat.totaal,
            "pagina": resultaat.pagina,
            "per_pagina": resultaat.per_pagina,
            "paginas": resultaat.paginas,
        }
    )


@api.get("/<publieke_id>")
@token_vereist
def detail(publieke_id: str):  # type: ignore[no-untyped-def]
    o = toegang.haal(g.db, g.api_gebruiker, publieke_id)
    if o is None:
        return _fout(404, "Deze overdracht bestaat niet, of is niet aan u toegewezen.")
    return jsonify(volledig(o))
