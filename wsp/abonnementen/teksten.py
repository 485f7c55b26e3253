"""Everything an employer reads about subscriptions, in plain Dutch (B1, "u").

``toestemmingstekst`` is what the chat shows before it asks for the e-mail address; the exact
text the employer saw is stored with the subscription (``TOESTEMMING_VERSIE`` names the wording).
"""

from __future__ import annotations

from typing import Iterable, Mapping

TOESTEMMING_VERSIE = "2026-11-30"
BEVESTIG_DAGEN = 7  # a confirmation link works this many days


def opsomming(delen: Iterable[str]) -> str:
    delen = [d for d in delen if d]
    if not delen:
        return ""
    if len(delen) == 1:
        return delen[0]
    return ", ".join(delen[:-1]) + " en " + delen[-1]


def klein(naam: str) -> str:
    """"Jobcoaching" -> "jobcoaching"; "LKV" stays "LKV"."""
    return naam[:1].lower() + naam[1:] if len(naam) > 1 and naam[1].islower() else naam


def wat(regelingen: Iterable[str], namen: Mapping[str, str]) -> str:
    regelingen = list(regelingen or [])
    if not regelingen:
        return "de regelingen voor werkgevers"
    return opsomming(klein(namen.get(r) or r.replace("_", " ")) for r in regelingen)


def waar(gemeente_naam: str | None) -> str:
    return f"gemeente {gemeente_naam}" if gemeente_naam else "de regio"


def toestemmingstekst(regelingen: Iterable[str], namen: Mapping[str, str],
                      gemeente_naam: str | None, bewaardagen: int) -> str:
    return (
        f"Ik kan u een e-mail sturen als er iets verandert aan {wat(regelingen, namen)} in "
        f"{waar(gemeente_naam)}. In die mail staat wat er verandert, vanaf wanneer, de bron en "
        "wie u kunt bellen. "
        "Wij gebruiken uw e-mailadres alleen hiervoor, en we tellen of onze mails worden geopend. "
        "U krijgt eerst een mail met een link. Pas als u op die link klikt, bent u aangemeld; "
        "zonder klik sturen wij niets meer. In elke mail kunt u zich met één klik afmelden. "
        f"Daarna bewaren wij uw adres hooguit {bewaardagen} dagen."
    )


VRAAG_EMAIL = "Op welk e-mailadres wilt u de berichten ontvangen? Typ 'stop' als u het toch niet wilt."
VRAAG_GEMEENTE = (
    "Over welke gemeente wilt u berichten krijgen? Noem de gemeente of plaats waar uw bedrijf zit."
)
GEEN_EMAIL = ("Dat lijkt geen e-mailadres. Een e-mailadres ziet eruit als naam@bedrijf.nl. "
              "Probeert u het nog eens, of typ 'stop'.")
GEEN_GEMEENTE = ("Die plaats ken ik niet. Noem een gemeente in Midden-Gelderland, bijvoorbeeld "
                 "Arnhem of Zevenaar, of typ 'stop'.")
GESTOPT = "Goed, ik heb u niet aangemeld. Waar kan ik u verder mee helpen?"
TE_VAAK_FOUT = ("Het lukt nu niet om u aan te melden. Ik heb u niet aangemeld. U kunt het later "
                "nog eens proberen, of uw accountmanager vragen u op de hoogte te houden.")


def buiten_regio(plaats: str, regio: str) -> str:
    return (f"{plaats} ligt niet in de regio {regio}. Ik stuur alleen berichten over de regels in "
            f"{regio}. Ik heb u niet aangemeld.")


def aangevraagd(email: str) -> str:
    return (
        f"Dank u. Ik stuur een mail naar {email}. Klik op de link in die mail om uw "
        "aanmelding te bevestigen. Pas daarna krijgt u berichten. Ziet u geen mail? Kijk dan ook "
        f"bij uw ongewenste e-mail. De link werkt {BEVESTIG_DAGEN} dagen. Was u al aangemeld? "
        "Dan krijgt u geen nieuwe mail en hoeft u niets te doen."
    )
DATABASE_WEG = ("Het aanmelden lukt op dit moment niet door een storing. Probeert u het later nog "
                "eens. Uw gegevens zijn niet bewaard.")
