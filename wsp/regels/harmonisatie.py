"""The harmonisation overview for the region: a matrix of municipalities x regelingen, showing
where each municipality follows the regional baseline and where it deviates. Markdown and one
self-contained, accessible HTML page (no external assets)."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from pathlib import Path

from .model import EffectiveRules, Gemeente, RegelItem
from .opmaak import datum_nl, kort_bron
from .repository import Repository

GELIJK, AFWIJKING, MAATWERK, GEEN_REGEL = "gelijk", "afwijking", "maatwerk", "geen_regel"
LABELS = {
    GELIJK: "Gelijk aan regio",
    AFWIJKING: "Afwijking",
    MAATWERK: "Maatwerk",
    GEEN_REGEL: "Geen regel",
}


@dataclass(frozen=True)
class Cel:
    status: str
    details: tuple[str, ...]  # one line per deviating rule


def _detail(item: RegelItem) -> str:
    if item.maatwerk:
        return f"{item.label}: maatwerk"
    if item.geen_regel:
        return f"{item.label}: geen regel"
    return f"{item.label}: {item.tekst} (regio: {item.regio_tekst_kort})"


def cel(regels: EffectiveRules) -> Cel:
    afw = regels.afwijkingen
    if regels.geen_regel:
        status = GEEN_REGEL
    elif regels.maatwerk:
        status = MAATWERK
    elif afw:
        status = AFWIJKING
    else:
        status = GELIJK
    return Cel(status, tuple(_detail(i) for i in afw))


def matrix(repo: Repository) -> list[tuple[Gemeente, list[Cel]]]:
    gemeenten = sorted(repo.gemeenten.values(), key=lambda g: g.naam)
    return [
        (g, [cel(repo.effective_rules(g.id, r)) for r in repo.gemeentelijke_regelingen]) for g in gemeenten
    ]


def _gemeente_label(g: Gemeente) -> str:
    if not g.in_regio:
        return f"{g.naam} (buiten de regio)"
    if not g.lidmaatschap_bevestigd:
        return f"{g.naam} *"
    return g.naam


def _voorbeeld(repo: Repository) -> bool:
    return any(s == "voorbeeld" for f, s in repo.statussen.items() if f.startswith("regional_rules/"))


def _afwijkingen_per_regeling(repo: Repository) -> list[tuple[str, list[tuple[Gemeente, RegelItem]]]]:
    uit = []
    for r in repo.gemeentelijke_regelingen:
        rijen = []
        for g in sorted(repo.gemeenten.values(), key=lambda x: x.naam):
            rijen += [(g, i) for i in repo.effective_rules(g.id, r).afwijkingen]
        uit.append((repo.regeling(r).naam, rijen))
    return uit


def markdown(repo: Repository, vandaag: dt.date | None = None) -> str:
    vandaag = vandaag or dt.date.today()
    regelingen = [repo.regeling(r).naam for r in repo.gemeentelijke_regelingen]
    regels = [
        f"# Harmonisatie: regionale afspraken {repo.regio_naam}",
        "",
        f"Gemaakt op {datum_nl(vandaag)} uit `regional_rules/` met `python -m wsp.regels harmonisatie`.",
    ]
    if _voorbeeld(repo):
        regels += ["", "> **Let op:** dit overzicht bevat VOORBEELDGEGEVENS die de redactie nog niet heeft gecontroleerd."]
    regels += ["", "| Gemeente | " + " | ".join(regelingen) + " |", "|---" * (len(regelingen) + 1) + "|"]
    for g, cellen in matrix(repo):
        teksten = []
        for c in cellen:
            tekst = f"**{LABELS[c.status]}**"
            if c.details:
                tekst += ": " + "; ".join(c.details)
            teksten.append(tekst.replace("|", "/"))
        regels.append(f"| {_gemeente_label(g)} | " + " | ".join(teksten) + " |")
    landelijk = [repo.regeling(r).naam for r in repo.regelingen if r not in repo.regio]
    regels += ["", "Landelijke regelingen (in elke gemeente gelijk): " + ", ".join(landelijk) + "."]
    if any(not g.lidmaatschap_bevestigd for g in repo.gemeenten.values()):
        regels += ["", "\\* Lidmaatschap van de regio nog niet bevestigd (zie `knowledge/plaatsen.yml`)."]
    regels += ["", "## Afwijkingen per regeling"]
    for naam, rijen in _afwijkingen_per_regeling(repo):
        regels += ["", f"### {naam}", ""]
        if not rijen:
            regels.append("Alle gemeenten volgen de regionale afspraak.")
        for g, i in rijen:
            regels.append(
                f"- **{g.naam}** — {_detail(i)}. Reden: {i.reden} "
                f"Bron: {kort_bron(i.bron)}, gecontroleerd op {datum_nl(i.geverifieerd_op)}."
            )
    return "\n".join(regels) + "\n"


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:2rem;color:#1a1a1a;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2rem}h3{font-size:1.1rem}
.let-op{border-left:.4rem solid #b35c00;background:#fff4e5;padding:.6rem 1rem;max-width:60rem}
.tabel{overflow-x:auto}
table{border-collapse:collapse;margin:1rem 0;min-width:40rem}
caption{text-align:left;font-weight:600;padding:.4rem 0}
th,td{border:1px solid #8a8a8a;padding:.5rem .6rem;vertical-align:top;text-align:left}
thead th{background:#e8eef5}
th[scope=row]{background:#f5f5f5;white-space:nowrap}
.status{display:inline-block;font-weight:700;padding:.05rem .4rem;border-radius:.25rem}
.gelijk .status{background:#e3f1e3;color:#1d5a1d}
.afwijking .status{background:#fff1c2;color:#6b4e00}
.maatwerk .status{background:#e2e6fb;color:#27357a}
.geen_regel .status{background:#fbe3e3;color:#8a1c1c}
td ul{margin:.3rem 0 0 1rem;padding:0}
.legenda li{margin:.2rem 0}
"""


def html_pagina(repo: Repository, vandaag: dt.date | None = None) -> str:
    vandaag = vandaag or dt.date.today()
    e = html.escape
    namen = [repo.regeling(r).naam for r in repo.gemeentelijke_regelingen]
    delen = [
        "<!doctype html>",
        '<html lang="nl">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Harmonisatie regionale afspraken {e(repo.regio_naam)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>Harmonisatie: regionale afspraken {e(repo.regio_naam)}</h1>",
        f"<p>Gemaakt op {e(datum_nl(vandaag))} uit <code>regional_rules/</code>. Per gemeente en regeling ziet u "
        "of de gemeente de regionale afspraak volgt of daarvan afwijkt.</p>",
    ]
    if _voorbeeld(repo):
        delen.append(
            '<p class="let-op"><strong>Let op:</strong> dit overzicht bevat VOORBEELDGEGEVENS die de redactie '
            "nog niet heeft gecontroleerd.</p>"
        )
    delen += [
        '<h2 id="legenda">Betekenis</h2>',
        '<ul class="legenda">',
        '<li class="gelijk"><span class="status">Gelijk aan regio</span>: de gemeente volgt de regionale afspraak.</li>',
        '<li class="afwijking"><span class="status">Afwijking</span>: de gemeente heeft op een of meer punten een eigen regel.</li>',
        '<li class="maatwerk"><span class="status">Maatwerk</span>: de gemeente beslist per situatie; de assistent verwijst naar de accountmanager.</li>',
        '<li class="geen_regel"><span class="status">Geen regel</span>: de gemeente heeft hiervoor (nog) niets vastgelegd; de assistent verwijst naar de accountmanager.</li>',
        "</ul>",
        '<div class="tabel" role="region" aria-label="Overzicht per gemeente" tabindex="0"><table>',
        f"<caption>Gemeenten en regelingen in {e(repo.regio_naam)}</caption>",
        "<thead><tr>",
        '<th scope="col">Gemeente</th>',
        *[f'<th scope="col">{e(n)}</th>' for n in namen],
        "</tr></thead>",
        "<tbody>",
    ]
    for g, cellen in matrix(repo):
        delen.append(f'<tr><th scope="row">{e(_gemeente_label(g))}</th>')
        for c in cellen:
            inhoud = f'<span class="status">{e(LABELS[c.status])}</span>'
            if c.details:
                inhoud += "<ul>" + "".join(f"<li>{e(d)}</li>" for d in c.details) + "</ul>"
            delen.append(f'<td class="{c.status}">{inhoud}</td>')
        delen.append("</tr>")
    delen += ["</tbody>", "</table></div>"]
    landelijk = [repo.regeling(r).naam for r in repo.regelingen if r not in repo.regio]
    delen.append(f"<p>Landelijke regelingen (in elke gemeente gelijk): {e(', '.join(landelijk))}.</p>")
    if any(not g.lidmaatschap_bevestigd for g in repo.gemeenten.values()):
        delen.append("<p>* Lidmaatschap van de regio nog niet bevestigd (zie <code>knowledge/plaatsen.yml</code>).</p>")
    delen.append("<h2>Afwijkingen per regeling</h2>")
    for naam, rijen in _afwijkingen_per_regeling(repo):
        delen.append(f"<h3>{e(naam)}</h3>")
        if not rijen:
            delen.append("<p>Alle gemeenten volgen de regionale afspraak.</p>")
            continue
        delen.append("<ul>")
        for g, i in rijen:
            delen.append(
                f"<li><strong>{e(g.naam)}</strong>: {e(_detail(i))}. Reden: {e(i.reden or '')} "
                f"Bron: {e(kort_bron(i.bron))}, gecontroleerd op {e(datum_nl(i.geverifieerd_op))}.</li>"
            )
        delen.append("</ul>")
    delen += ["</main>", "</body>", "</html>"]
    return "\n".join(delen) + "\n"


def schrijf(repo: Repository, uit: Path, vandaag: dt.date | None = None) -> tuple[Path, Path]:
    uit.mkdir(parents=True, exist_ok=True)
    md, htm = uit / "harmonisatie.md", uit / "harmonisatie.html"
    md.write_text(markdown(repo, vandaag), encoding="utf-8")
    htm.write_text(html_pagina(repo, vandaag), encoding="utf-8")
    return md, htm
