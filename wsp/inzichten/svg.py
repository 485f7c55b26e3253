"""Horizontal bar charts as inline SVG, made on the server: no script, no inline style (the inbox's
Content-Security-Policy allows neither), colours through CSS classes with ``fill`` as fallback.

Each chart is ``role="img"`` with a title and a description that states the figures; the page shows
the same figures in a table next to it."""

from __future__ import annotations

from html import escape
from typing import Callable, Sequence

KLEUREN = ("#00558c", "#b42318", "#1b7f4b", "#9a5b00")
BREEDTE = 640
LABEL_BREEDTE = 170
WAARDE_BREEDTE = 70
STAAF_HOOGTE = 16
TUSSENRUIMTE = 10


def _standaard(waarde: float) -> str:
    return f"{waarde:g}".replace(".", ",")


def staafdiagram(
    ident: str,
    titel: str,
    rijen: Sequence[tuple[str, Sequence[float | None]]],
    reeksen: Sequence[str] = ("",),
    opmaak: Callable[[float], str] = _standaard,
    maximum: float | None = None,
) -> str:
    """``rijen``: (label, one value per series); a None value is drawn as 'geen gegevens'."""
    e = escape
    legenda = len(reeksen) > 1
    boven = 26 if legenda else 6
    rij_hoogte = len(reeksen) * STAAF_HOOGTE + TUSSENRUIMTE
    hoogte = boven + max(1, len(rijen)) * rij_hoogte + 4
    grootste = maximum or max(
        (v for _, waarden in rijen for v in waarden if v is not None), default=0
    ) or 1
    ruimte = BREEDTE - LABEL_BREEDTE - WAARDE_BREEDTE

    beschrijving = "; ".join(
        f"{label}: "
        + ", ".join(
            (f"{reeks} " if legenda else "") + ("geen gegevens" if v is None else opmaak(v))
            for reeks, v in zip(reeksen, waarden, strict=True)
        )
        for label, waarden in rijen
    ) or "geen gegevens"
    delen = [
        f'<svg class="diagram" role="img" aria-labelledby="{e(ident)}-titel {e(ident)}-uitleg" '
        f'viewBox="0 0 {BREEDTE} {hoogte}" width="{BREEDTE}" height="{hoogte}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{e(ident)}-titel">{e(titel)}</title>',
        f'<desc id="{e(ident)}-uitleg">{e(beschrijving)}</desc>',
    ]
    if legenda:
        x = LABEL_BREEDTE
        for i, reeks in enumerate(reeksen):
            kleur = KLEUREN[i % len(KLEUREN)]
            delen.append(
                f'<rect class="reeks-{i}" x="{x}" y="4" width="12" height="12" fill="{kleur}"/>'
                f'<text class="legenda" x="{x + 16}" y="14">{e(reeks)}</text>'
            )
            x += 24 + 8 * len(reeks)
    for r, (label, waarden) in enumerate(rijen):
        y0 = boven + r * rij_hoogte
        delen.append(
            f'<text class="label" x="{LABEL_BREEDTE - 8}" y="{y0 + len(reeksen) * STAAF_HOOGTE / 2 + 4:.0f}" '
            f'text-anchor="end">{e(label)}</text>'
        )
        for i, (reeks, waarde) in enumerate(zip(reeksen, waarden, strict=True)):
            y = y0 + i * STAAF_HOOGTE
            tekst = "geen gegevens" if waarde is None else opmaak(waarde)
            lengte = 0.0 if waarde is None else max(0.0, waarde) / grootste * ruimte
            tip = f"{label}{' – ' + reeks if legenda else ''}: {tekst}"
            delen.append(
                f"<g><title>{e(tip)}</title>"
                f'<rect class="reeks-{i}" x="{LABEL_BREEDTE}" y="{y + 1}" width="{lengte:.1f}" '
                f'height="{STAAF_HOOGTE - 3}" fill="{KLEUREN[i % len(KLEUREN)]}"/>'
                f'<text class="waarde" x="{LABEL_BREEDTE + lengte + 4:.1f}" y="{y + STAAF_HOOGTE - 4}">'
                f"{e(tekst)}</text></g>"
            )
    delen.append("</svg>")
    return "".join(delen)
