"""For the region: every place where a municipality deviates from the regional baseline (the
harmonisation matrix of ``wsp.regels``), next to how often employers asked about exactly that
instrument in exactly that municipality, and how often such a conversation ended with a person.

A conversation counts for (regeling X, gemeente Y) when X was the instrument under discussion while
Y was the employer's municipality (``gemeente``) or the employee's (``woongemeente``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from wsp.regels import Repository
from wsp.regels.harmonisatie import GELIJK, LABELS, matrix

from .gesprekken import Gesprek
from .management import Koppeling
from .periode import Periode


@dataclass(frozen=True)
class RegioRij:
    gemeente: str
    gemeente_naam: str
    regeling: str
    regeling_naam: str
    status: str  # afwijking | maatwerk | geen_regel
    status_label: str
    details: tuple[str, ...]  # one line per deviating rule
    gesprekken: int
    overgedragen: int  # of those conversations: ended in a handover
    # the same instrument in the municipalities that follow the regional baseline, for comparison
    regio_gesprekken: int
    regio_overgedragen: int

    @property
    def escalatiegraad(self) -> float | None:
        return self.overgedragen / self.gesprekken if self.gesprekken else None

    @property
    def regio_escalatiegraad(self) -> float | None:
        return self.regio_overgedragen / self.regio_gesprekken if self.regio_gesprekken else None


@dataclass(frozen=True)
class Regiorapport:
    periode: Periode
    regio_naam: str
    rijen: tuple[RegioRij, ...]  # most asked first


def maak_regiorapport(
    repo: Repository, gesprekken: Iterable[Gesprek], koppeling: Koppeling, periode: Periode
) -> Regiorapport:
    alle = [g for g in gesprekken if g.begin is not None and periode.bevat(g.begin)]
    gevraagd: dict[tuple[str, str], int] = {}
    overgedragen: dict[tuple[str, str], int] = {}
    for g in alle:
        escalatie = g.sleutel in koppeling.per_gesprek
        for paar in g.paren:
            gevraagd[paar] = gevraagd.get(paar, 0) + 1
            overgedragen[paar] = overgedragen.get(paar, 0) + int(escalatie)

    regelingen = repo.gemeentelijke_regelingen
    rijen_matrix = matrix(repo)
    volgers: dict[str, list[str]] = {r: [] for r in regelingen}  # gemeenten equal to the region
    for gemeente, cellen in rijen_matrix:
        for regeling, cel in zip(regelingen, cellen, strict=True):
            if cel.status == GELIJK:
                volgers[regeling].append(gemeente.id)

    rijen = []
    for gemeente, cellen in rijen_matrix:
        for regeling, cel in zip(regelingen, cellen, strict=True):
            if cel.status == GELIJK:
                continue
            paar = (regeling, gemeente.id)
            rijen.append(
                RegioRij(
                    gemeente=gemeente.id,
                    gemeente_naam=gemeente.naam,
                    regeling=regeling,
                    regeling_naam=repo.regeling(regeling).naam,
                    status=cel.status,
                    status_label=LABELS[cel.status],
                    details=cel.details,
                    gesprekken=gevraagd.get(paar, 0),
                    overgedragen=overgedragen.get(paar, 0),
                    regio_gesprekken=sum(gevraagd.get((regeling, v), 0) for v in volgers[regeling]),
                    regio_overgedragen=sum(
                        overgedragen.get((regeling, v), 0) for v in volgers[regeling]
                    ),
                )
            )
    rijen.sort(key=lambda r: (-r.gesprekken, -r.overgedragen, r.gemeente_naam, r.regeling_naam))
    return Regiorapport(periode, repo.regio_naam, tuple(rijen))


def _pct(waarde: float | None) -> str:
    return "–" if waarde is None else f"{100 * waarde:.0f}%"


def als_tekst(r: Regiorapport) -> str:
    regels = [
        f"Regionale verschillen en vragen van werkgevers — {r.regio_naam}, {r.periode.tekst}",
        "",
        "Per afwijking van de regionale afspraak: hoe vaak werkgevers naar die regeling in die gemeente",
        "vroegen, hoe vaak dat gesprek bij een accountmanager eindigde, en ter vergelijking dezelfde",
        "regeling in de gemeenten die de regionale afspraak volgen.",
        "",
    ]
    if not r.rijen:
        regels.append("Alle gemeenten volgen de regionale afspraken; er zijn geen afwijkingen.")
    for rij in r.rijen:
        regels.append(
            f"{rij.gemeente_naam} — {rij.regeling_naam} ({rij.status_label}): "
            f"{rij.gesprekken} gesprek(ken), {rij.overgedragen} overgedragen ({_pct(rij.escalatiegraad)}); "
            f"gemeenten volgens regio: {rij.regio_gesprekken} gesprek(ken), "
            f"{rij.regio_overgedragen} overgedragen ({_pct(rij.regio_escalatiegraad)})"
        )
        regels += [f"    - {d}" for d in rij.details]
    return "\n".join(regels) + "\n"
