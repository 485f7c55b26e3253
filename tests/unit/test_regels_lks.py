"""The indicative LKS calculation: figures from knowledge/bedragen.yml, checked by hand."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from tests.support.regels import echte_repo
from wsp.regels import InvoerFout
from wsp.regels.berekening import lks_indicatie


def test_32_hours_60_percent_january_2026():
    # by hand: 14.71 x 32 x 52 / 12 = 2039.786.. -> 2039.79; 8% holiday pay 163.18 -> 2202.97;
    # loonwaarde 60% = 1321.78; difference 881.19; cap 70% = 1542.08 (not reached);
    # employer costs 23.5% of 881.19 = 207.08; total 1088.27
    b = echte_repo().lks_indicatie(32, 60, 2026, 1)
    assert b.wml.per_uur == Decimal("14.71")
    assert b.wml_per_maand == Decimal("2039.79")
    assert b.vakantiebijslag == Decimal("163.18")
    assert b.grondslag == Decimal("2202.97")
    assert b.loonwaarde_bedrag == Decimal("1321.78")
    assert b.verschil == Decimal("881.19")
    assert b.maximum == Decimal("1542.08") and not b.begrensd
    assert b.lks == Decimal("881.19")
    assert b.werkgeverslasten == Decimal("207.08")
    assert b.totaal == Decimal("1088.27")
    assert [s.bedrag for s in b.stappen][-1] == Decimal("1088.27")
    assert "€ 14,71 per uur × 32 uur per week × 52 weken ÷ 12 maanden" in b.stappen[0].omschrijving
    assert b.waarschuwingen == ()


def test_low_loonwaarde_is_capped_at_70_percent():
    # 14.06 x 36 x 52 / 12 = 2193.36; +8% 175.47 -> 2368.83; loonwaarde 20% = 473.77;
    # difference 1895.06 > cap 70% = 1658.18; employer costs 389.67; total 2047.85
    b = echte_repo().lks_indicatie(36, 20, 2025, 3)
    assert (b.grondslag, b.verschil, b.maximum) == (Decimal("2368.83"), Decimal("1895.06"), Decimal("1658.18"))
    assert b.begrensd and b.lks == Decimal("1658.18")
    assert (b.werkgeverslasten, b.totaal) == (Decimal("389.67"), Decimal("2047.85"))
    assert "hier geldt het maximum" in b.stappen[-3].omschrijving


def test_first_half_of_2024_uses_the_first_hourly_wage():
    # 13.27 x 20 x 52 / 12 = 1150.07; +92.01 = 1242.08; 50% = 621.04; costs 145.94; total 766.98
    b = echte_repo().lks_indicatie(20, 50, 2024, 3)
    assert b.wml.per_uur == Decimal("13.27") and b.wml.ingangsdatum == dt.date(2024, 1, 1)
    assert (b.grondslag, b.lks, b.werkgeverslasten, b.totaal) == (Decimal("1242.08"), Decimal("621.04"), Decimal("145.94"), Decimal("766.98"))


def test_july_changes_the_wage():
    repo = echte_repo()
    assert repo.lks_indicatie(32, 60, 2025, 6).wml.per_uur == Decimal("14.06")
    assert repo.lks_indicatie(32, 60, 2025, 7).wml.per_uur == Decimal("14.40")
    assert repo.lks_indicatie(32, 60, 2025).wml.per_uur == Decimal("14.40")  # past year: latest period


def test_full_loonwaarde_means_no_subsidy():
    b = echte_repo().lks_indicatie(38, 100, 2026, 2)
    assert b.lks == 0 and b.totaal == 0


def test_dutch_number_input_is_accepted():
    b = echte_repo().lks_indicatie("32,5", "60%", "2026", "1")
    assert b.uren_per_week == Decimal("32.5") and b.loonwaarde_pct == Decimal(60)


def test_missing_newer_wage_is_said_not_hidden():
    bedragen = echte_repo().bedragen
    zonder_juli = replace(bedragen, perioden=tuple(p for p in bedragen.perioden if p.ingangsdatum < dt.date(2026, 7, 1)))
    b = lks_indicatie(zonder_juli, 32, 60, 2026, 10)
    assert b.wml.ingangsdatum == dt.date(2026, 1, 1)
    assert any("1 juli 2026" in w and "nog niet" in w for w in b.waarschuwingen)


def test_current_year_without_month_uses_this_month():
    b = lks_indicatie(echte_repo().bedragen, 32, 60, 2025, vandaag=dt.date(2025, 3, 15))
    assert b.peildatum == dt.date(2025, 3, 1) and b.wml.per_uur == Decimal("14.06")


@pytest.mark.parametrize(
    ("uren", "loonwaarde", "jaar", "maand", "tekst"),
    [
        (0, 60, 2026, None, "van 1 tot en met 40"),
        (41, 60, 2026, None, "van 1 tot en met 40"),
        ("veel", 60, 2026, None, "Ik begrijp het aantal uren 'veel' niet"),
        (32, 101, 2026, None, "percentage van 0 tot en met 100"),
        (32, -5, 2026, None, "percentage van 0 tot en met 100"),
        (32, 60, 2023, None, "Kies een jaar van 2024 tot en met 2026"),
        (32, 60, 2031, None, "Kies een jaar van 2024 tot en met 2026"),
        (32, 60, 2026, 13, "De maand is een getal van 1 tot en met 12"),
        (True, 60, 2026, None, "Vul een getal in"),
    ],
)
def test_invalid_input_gives_a_dutch_message(uren, loonwaarde, jaar, maand, tekst):
    with pytest.raises(InvoerFout) as fout:
        echte_repo().lks_indicatie(uren, loonwaarde, jaar, maand)
    assert tekst in str(fout.value)
