"""``/inzichten`` and ``/inzichten.csv``: the management figures and the regional differences, for
team leads only (anyone else gets 404, as for a handover that is not theirs). Aggregates only: no
names, addresses, conversation ids or free text on this page."""

from __future__ import annotations

import io
from datetime import date
from functools import wraps
from typing import Callable

from flask import Blueprint, Response, abort, current_app, g, render_template, request
from markupsafe import Markup

from wsp.inbox import toegang
from wsp.inbox.beveiliging import aanmelden_vereist, huidige_gebruiker
from wsp.inbox.weergave import REDENEN
from wsp.inzichten import BronFout, DatumFout, Periode, laad_gesprekken, tracker_url
from wsp.inzichten.bronnen import lees_overdrachten
from wsp.inzichten.management import (
    gemeente_label,
    koppel,
    maak_managementrapport,
    schrijf_csv,
)
from wsp.inzichten.periode import lees_datum, mediaan, p90
from wsp.inzichten.regio import maak_regiorapport
from wsp.inzichten.svg import staafdiagram
from wsp.overdracht.mail import regeling_naam

inzichten = Blueprint("inzichten", __name__)


def alleen_teamleider(view: Callable) -> Callable:
    @wraps(view)
    def omhulsel(*args, **kwargs):  # type: ignore[no-untyped-def]
        gebruiker = huidige_gebruiker()
        if gebruiker is None or not toegang.is_teamleider(gebruiker):
            abort(404)  # the page's existence is not revealed to accountmanagers
        return view(*args, **kwargs)

    return omhulsel


def _periode() -> tuple[Periode, list[str]]:
    fouten: list[str] = []
    waarden: dict[str, date | None] = {"van": None, "tot": None}
    for naam in waarden:
        tekst = (request.args.get(naam) or "").strip()
        if tekst:
            try:
                waarden[naam] = lees_datum(tekst)
            except DatumFout as fout:
                fouten.append(str(fout))
    try:
        return Periode.maak(waarden["van"], waarden["tot"]), fouten
    except DatumFout as fout:
        return Periode.maak(), [*fouten, str(fout)]


def _gegevens(periode: Periode):  # type: ignore[no-untyped-def]
    fout = None
    try:
        gesprekken = laad_gesprekken(
            periode, current_app.config.get("TRACKER_DATABASE_URL") or tracker_url()
        )
    except BronFout:
        current_app.logger.exception("Gespreksdatabase niet leesbaar")
        gesprekken = ()
        fout = (
            "De gesprekken van de assistent konden niet worden gelezen. De cijfers hieronder komen "
            "alleen uit de overdrachten. Vraag de beheerder om WSP_TRACKER_DATABASE_URL te controleren."
        )
    overdrachten = lees_overdrachten(g.db, periode)
    return gesprekken, overdrachten, fout


def _repository():  # type: ignore[no-untyped-def]
    from wsp.regels import RuleStore, default_store

    try:
        winkel = current_app.extensions.get("wsp_inzichten_regels")
        if winkel is None:
            root = current_app.config.get("CONTENT_ROOT")
            winkel = RuleStore(root) if root else default_store()
            current_app.extensions["wsp_inzichten_regels"] = winkel
        return winkel.current()
    except Exception:  # noqa: BLE001 - the page works without the regional part
        current_app.logger.exception("Regelbestanden niet leesbaar")
        return None


def week_label(week: str) -> str:
    jaar, nummer = week.split("-W")
    return f"week {int(nummer)} ({jaar})"


def _getal(waarde: float | None, decimalen: int = 1) -> str:
    if waarde is None:
        return "–"
    return f"{waarde:.{decimalen}f}".replace(".", ",")


def _pct(waarde: float | None) -> str:
    return "–" if waarde is None else f"{_getal(100 * waarde, 0)}%"


def _diagram(ident: str, titel: str, *args, **kwargs) -> tuple[str, Markup]:  # type: ignore[no-untyped-def]
    """(visible caption, SVG); the SVG is built from escaped text only (wsp.inzichten.svg)."""
    return titel, Markup(staafdiagram(ident, titel, *args, **kwargs))


def _diagrammen(rapport) -> dict[str, tuple[str, Markup]]:  # type: ignore[no-untyped-def]
    heel = lambda v: f"{v:.0f}"  # noqa: E731
    totaal = rapport.totaal
    return {
        "weken": _diagram(
            "diagram-weken", "Gesprekken per week, en hoeveel daarvan naar een accountmanager gingen",
            [(week_label(c.week), [c.gesprekken, c.met_overdracht]) for c in rapport.per_week],
            ("Gesprekken", "Naar accountmanager"), heel,
        ),
        "escalatie": _diagram(
            "diagram-escalatie", "Escalatiegraad per gemeente (% van de gesprekken)",
            [(gemeente_label(c.gemeente),
              [None if c.escalatiegraad is None else 100 * c.escalatiegraad])
             for c in rapport.per_gemeente],
            opmaak=lambda v: f"{_getal(v, 0)}%", maximum=100,
        ),
        "onderwerpen": _diagram(
            "diagram-onderwerpen", "Gesprekken per regeling",
            [(regeling_naam(r), [n]) for r, n in totaal.onderwerpen.most_common()],
            opmaak=heel,
        ),
        "waardering": _diagram(
            "diagram-waardering", "Beoordeelde antwoorden per week",
            [(week_label(c.week), [c.positief, c.negatief]) for c in rapport.per_week],
            ("Duim omhoog", "Duim omlaag"), heel,
        ),
        "contact": _diagram(
            "diagram-contact", "Tijd tot eerste contact per gemeente (mediaan, werkuren)",
            [(gemeente_label(c.gemeente), [mediaan(c.contact_werkuren)])
             for c in rapport.per_gemeente if c.overdrachten],
            opmaak=lambda v: f"{_getal(v)} u",
        ),
    }


@inzichten.get("/inzichten")
@aanmelden_vereist
@alleen_teamleider
def pagina():  # type: ignore[no-untyped-def]
    periode, fouten = _periode()
    gesprekken, overdrachten, bronfout = _gegevens(periode)
    rapport = maak_managementrapport(gesprekken, overdrachten, periode)
    repo = _repository()
    regio = (
        maak_regiorapport(repo, gesprekken, koppel(gesprekken, overdrachten), periode)
        if repo is not None
        else None
    )
    return render_template(
        "inzichten.html",
        periode=periode,
        fouten=fouten,
        bronfout=bronfout,
        rapport=rapport,
        regio=regio,
        diagrammen=_diagrammen(rapport),
        csv_args={"van": periode.van.isoformat(), "tot": periode.tot.isoformat()},
        week_label=week_label,
        gemeente_label=gemeente_label,
        regeling_naam=regeling_naam,
        reden_label=lambda r: REDENEN.get(r, r),
        getal=_getal,
        pct=_pct,
        mediaan=mediaan,
        p90=p90,
    )


@inzichten.get("/inzichten.csv")
@aanmelden_vereist
@alleen_teamleider
def csv_export():  # type: ignore[no-untyped-def]
    periode, fouten = _periode()
    if fouten:
        abort(400, description=" ".join(fouten))
    gesprekken, overdrachten, bronfout = _gegevens(periode)
    if bronfout:
        abort(503, description=bronfout)
    buffer = io.StringIO()
    schrijf_csv(maak_managementrapport(gesprekken, overdrachten, periode), buffer)
    naam = f"inzichten-{periode.van.isoformat()}-{periode.tot.isoformat()}.csv"
    return Response(
        "\ufeff" + buffer.getvalue(),  # BOM: Excel then reads UTF-8
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{naam}"'},
    )
