"""Indicative loonkostensubsidie (LKS) per month. All figures come from knowledge/bedragen.yml."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from .model import Bedragen, Berekening, Bronvermelding, Stap
from .opmaak import centen, datum_nl, euro, getal_nl, pct

MIN_UREN, MAX_UREN = Decimal(1), Decimal(40)


class InvoerFout(ValueError):
    """Invalid input for a calculation; the message is Dutch and can be shown to the employer."""


def _getal(waarde: object, wat: str) -> Decimal:
    if isinstance(waarde, bool):
        raise InvoerFout(f"Ik begrijp {wat} niet. Vul een getal in.")
    tekst = str(waarde).strip().replace("%", "").replace("uur", "").strip().replace(",", ".")
    try:
        getal = Decimal(tekst)
    except (InvalidOperation, ValueError):
        raise InvoerFout(f"Ik begrijp {wat} '{waarde}' niet. Vul een getal in.") from None
    if not getal.is_finite():
        raise InvoerFout(f"Ik begrijp {wat} '{waarde}' niet. Vul een getal in.")
    return getal


def _volgende_wijziging(d: dt.date) -> dt.date:
    """The WML changes on 1 January and 1 July."""
    return dt.date(d.year, 7, 1) if d.month < 7 else dt.date(d.year + 1, 1, 1)


def _peildatum(jaar: int, maand: int | None, vandaag: dt.date) -> dt.date:
    if maand is not None:
        return dt.date(jaar, maand, 1)
    if jaar == vandaag.year:
        return dt.date(jaar, vandaag.month, 1)
    if jaar < vandaag.year:
        return dt.date(jaar, 12, 1)
    return dt.date(jaar, 1, 1)


def lks_indicatie(
    bedragen: Bedragen,
    uren_per_week: object,
    loonwaarde_pct: object,
    jaar: object,
    maand: object | None = None,
    vandaag: dt.date | None = None,
) -> Berekening:
    vandaag = vandaag or dt.date.today()
    uren = _getal(uren_per_week, "het aantal uren")
    if not MIN_UREN <= uren <= MAX_UREN:
        raise InvoerFout(f"Vul een aantal uren per week in van 1 tot en met 40 (u gaf {getal_nl(uren)}).")
    loonwaarde = _getal(loonwaarde_pct, "de loonwaarde")
    if not Decimal(0) <= loonwaarde <= Decimal(100):
        raise InvoerFout(f"De loonwaarde is een percentage van 0 tot en met 100 (u gaf {getal_nl(loonwaarde)}).")
    jaar_getal = _getal(jaar, "het jaar")
    jaren = sorted({p.ingangsdatum.year for p in bedragen.perioden})
    if jaar_getal != jaar_getal.to_integral_value() or int(jaar_getal) not in range(jaren[0], jaren[-1] + 1):
        # a year is written without a thousands separator: "2019", not "2.019"
        jaar_tekst = str(int(jaar_getal)) if jaar_getal == jaar_getal.to_integral_value() else getal_nl(jaar_getal)
        raise InvoerFout(
            f"Voor {jaar_tekst} heb ik geen minimumloon. Kies een jaar van {jaren[0]} tot en met {jaren[-1]}."
        )
    maand_getal: int | None = None
    if maand is not None:
        m = _getal(maand, "de maand")
        if m != m.to_integral_value() or not 1 <= int(m) <= 12:
            raise InvoerFout("De maand is een getal van 1 tot en met 12.")
        maand_getal = int(m)

    peildatum = _peildatum(int(jaar_getal), maand_getal, vandaag)
    wml = bedragen.wml_op(peildatum)
    if wml is None:
        raise InvoerFout(f"Voor {datum_nl(peildatum)} heb ik geen minimumloon.")
    waarschuwingen: list[str] = []
    laatste = bedragen.perioden[-1]
    if wml is laatste and peildatum >= _volgende_wijziging(laatste.ingangsdatum):
        waarschuwingen.append(
            f"Het minimumloon dat geldt vanaf {datum_nl(_volgende_wijziging(laatste.ingangsdatum))} staat nog niet "
            f"in onze gegevens. Ik reken met het bedrag vanaf {datum_nl(laatste.ingangsdatum)}; "
            "het echte bedrag is waarschijnlijk iets hoger."
        )

    weken = bedragen.weken_per_jaar
    wml_maand = centen(wml.per_uur * uren * weken / 12)
    vb_pct = bedragen.vakantiebijslag.waarde
    vakantiebijslag = centen(wml_maand * vb_pct / 100)
    grondslag = wml_maand + vakantiebijslag
    lw_bedrag = centen(grondslag * loonwaarde / 100)
    verschil = grondslag - lw_bedrag
    max_pct = bedragen.maximum_wml.waarde
    maximum = centen(grondslag * max_pct / 100)
    begrensd = verschil > maximum
    lks = maximum if begrensd else verschil
    opslag_pct = bedragen.werkgeverslasten.waarde
    opslag = centen(lks * opslag_pct / 100)
    totaal = lks + opslag

    stappen = [
        Stap(
            f"Minimumloon per maand: {euro(wml.per_uur)} per uur × {getal_nl(uren)} uur per week × "
            f"{getal_nl(weken)} weken ÷ 12 maanden",
            wml_maand,
        )
    ]
    if vb_pct:
        stappen += [
            Stap(f"Vakantiegeld: {pct(vb_pct)} van {euro(wml_maand)}", vakantiebijslag),
            Stap(f"Minimumloon met vakantiegeld: {euro(wml_maand)} + {euro(vakantiebijslag)}", grondslag),
        ]
    stappen += [
        Stap(f"Loonwaarde: {pct(loonwaarde)} van {euro(grondslag)}", lw_bedrag),
        Stap(f"Verschil: {euro(grondslag)} − {euro(lw_bedrag)}", verschil),
        Stap(f"Maximum: {pct(max_pct)} van {euro(grondslag)}", maximum),
        Stap(
            "Loonkostensubsidie: het verschil, maar niet meer dan het maximum"
            + (" (hier geldt het maximum)" if begrensd else ""),
            lks,
        ),
        Stap(f"Vergoeding werkgeverslasten: {pct(opslag_pct)} van {euro(lks)}", opslag),
        Stap(f"Totaal per maand: {euro(lks)} + {euro(opslag)}", totaal),
    ]
    bronnen = (
        Bronvermelding(wml.bron, wml.geverifieerd_op),
        Bronvermelding(bedragen.maximum_wml.bron, bedragen.maximum_wml.geverifieerd_op),
        Bronvermelding(bedragen.vakantiebijslag.bron, bedragen.vakantiebijslag.geverifieerd_op),
        Bronvermelding(bedragen.werkgeverslasten.bron, bedragen.werkgeverslasten.geverifieerd_op),
    )
    return Berekening(
        uren_per_week=uren,
        loonwaarde_pct=loonwaarde,
        peildatum=peildatum,
        wml=wml,
        weken_per_jaar=weken,
        wml_per_maand=wml_maand,
        vakantiebijslag_pct=vb_pct,
        vakantiebijslag=vakantiebijslag,
        grondslag=grondslag,
        loonwaarde_bedrag=lw_bedrag,
        verschil=verschil,
        maximum_pct=max_pct,
        maximum=maximum,
        begrensd=begrensd,
        lks=lks,
        werkgeverslasten_pct=opslag_pct,
        werkgeverslasten=opslag,
        totaal=totaal,
        stappen=tuple(stappen),
        bronnen=bronnen,
        waarschuwingen=tuple(waarschuwingen),
    )
