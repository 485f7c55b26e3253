"""The two mails an employer gets: the confirmation request and the change message.

Both are composed once and stored in the outbox as they are, so a retry sends the same bytes
(same ``Message-ID``, derived from the idempotency key). Every mail carries a one-click unsubscribe:
a link in the text and the ``List-Unsubscribe``/``List-Unsubscribe-Post`` headers (RFC 8058) with
which mail programs unsubscribe with a single POST.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from typing import Mapping, Sequence

from wsp.abonnementen import teksten
from wsp.abonnementen.momentopname import Wijziging, datum_tekst
from wsp.overdracht.mail import message_id
from wsp.overdracht.toewijzing import TIJDZONE, Accountmanager

IDEMPOTENCY_HEADER = "X-WSP-Idempotency-Key"


def _adres(naam: str, email: str) -> str:
    return formataddr((" ".join((naam or "").split()), (email or "").strip()))


def _datum_header(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return format_datetime(moment.astimezone(TIJDZONE))


def publieke_link(basis: str, soort: str, token: str) -> str:
    """``<basis>/abonnement/<soort>?t=<token>``: the token travels in the query string, which
    the access logs of nginx and gunicorn leave out (they log the path only)."""
    return f"{basis.rstrip('/')}/abonnement/{soort}?t={token}"


def _bericht(onderwerp: str, aan: str, afzender: str, organisatie: str, sleutel: str,
             tekst: str, html_body: str, afmeld_url: str, moment: dt.datetime) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = onderwerp
    msg["From"] = _adres(organisatie, afzender)
    msg["To"] = aan
    msg["Date"] = _datum_header(moment)
    msg["Message-ID"] = message_id(sleutel, afzender)
    msg[IDEMPOTENCY_HEADER] = sleutel
    msg["List-Unsubscribe"] = f"<{afmeld_url}>"
    msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(tekst, charset="utf-8", cte="quoted-printable")
    msg.add_alternative(html_body, subtype="html", charset="utf-8", cte="quoted-printable")
    return msg


def _html(alineas: Sequence[str]) -> str:
    return "<!DOCTYPE html><html lang=\"nl\"><body>" + "\n".join(alineas) + "</body></html>"


def _link(url: str, tekst: str) -> str:
    e = html.escape
    return f'<a href="{e(url, quote=True)}">{e(tekst)}</a>'


# ---- confirmation ---------------------------------------------------------------------------------

def stel_bevestigingsmail_op(*, email: str, wat: str, waar: str, bevestig_url: str,
                             afmeld_url: str, verloopt_op: dt.date, organisatie: str,
                             afzender: str, sleutel: str, moment: dt.datetime) -> EmailMessage:
    tekst = [
        "Goedendag,", "",
        f"In de chat van {organisatie} is gevraagd om dit e-mailadres op de hoogte te houden "
        f"van wijzigingen in {wat} in {waar}.", "",
        "Wilt u deze berichten krijgen? Bevestig dan uw aanmelding via deze link:",
        bevestig_url,
        f"De link werkt tot en met {datum_tekst(verloopt_op)}.", "",
        "Heeft u dit niet zelf gevraagd? Dan hoeft u niets te doen. Zonder bevestiging sturen wij "
        f"u geen berichten, en na {teksten.BEVESTIG_DAGEN} dagen verwijderen wij uw adres.", "",
        "Wilt u de aanvraag nu al intrekken? Dat kan met één klik:",
        afmeld_url, "",
        "Met vriendelijke groet,", organisatie,
    ]
    e = html.escape
    delen = [
        "<p>Goedendag,</p>",
        f"<p>In de chat van {e(organisatie)} is gevraagd om dit e-mailadres op de hoogte te houden "
        f"van wijzigingen in {e(wat)} in {e(waar)}.</p>",
        f"<p>Wilt u deze berichten krijgen? {_link(bevestig_url, 'Bevestig uw aanmelding')}. "
        f"De link werkt tot en met {e(datum_tekst(verloopt_op))}.</p>",
        "<p>Heeft u dit niet zelf gevraagd? Dan hoeft u niets te doen. Zonder bevestiging sturen "
        f"wij u geen berichten, en na {teksten.BEVESTIG_DAGEN} dagen verwijderen wij uw adres.</p>",
        f"<p>{_link(afmeld_url, 'Aanvraag intrekken')} (één klik).</p>",
        f"<p>Met vriendelijke groet,<br>{e(organisatie)}</p>",
    ]
    return _bericht("Bevestig uw aanmelding voor berichten over regelingen", email, afzender,
                    organisatie, sleutel, "\n".join(tekst) + "\n", _html(delen), afmeld_url,
                    moment)


# ---- the change message ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Contactpersoon:
    vast: Accountmanager
    nu: Accountmanager  # who answers today (a substitute while the fixed one is away)
    afwezig_tot: dt.date | None = None


def titel(w: Wijziging, regeling_namen: Mapping[str, str],
          gemeente_namen: Mapping[str, str]) -> str:
    delen = []
    if w.regeling:
        delen.append(regeling_namen.get(w.regeling) or w.regeling)
    if w.gemeente:
        delen.append(f"in {gemeente_namen.get(w.gemeente) or w.gemeente}")
    kop = " ".join(delen)
    onderwerp = w.onderwerp + (" (toelichting)" if w.veld == "toelichting" else "")
    return f"{kop}: {onderwerp}" if kop else onderwerp


def regels_van(w: Wijziging, gepubliceerd: dt.date) -> list[tuple[str, str]]:
    """(label, text) lines of one change."""
    rijen: list[tuple[str, str]] = []
    if w.soort == "vervallen":
        rijen += [("Was", w.oud or ""), ("Wordt", "vervalt")]
    elif w.oud is None:
        rijen.append(("Nieuw", w.nieuw or ""))
    else:
        rijen += [("Was", w.oud), ("Wordt", w.nieuw or "")]
    if w.vanaf:
        rijen.append(("Vanaf", datum_tekst(w.vanaf)))
    else:
        rijen.append(("Vanaf", f"{datum_tekst(gepubliceerd)} (direct)"))
    if w.bron:
        bron = w.bron
        if w.geverifieerd_op:
            bron += f" (gecontroleerd op {datum_tekst(w.geverifieerd_op)})"
        rijen.append(("Bron", bron))
    return rijen


def onderwerp_wijzigingsmail(wijzigingen: Sequence[Wijziging], regeling_namen: Mapping[str, str],
                             gemeente_namen: Mapping[str, str]) -> str:
    if len(wijzigingen) == 1:
        w = wijzigingen[0]
        wat = teksten.klein(regeling_namen.get(w.regeling or "", "") or "de regels")
        waar = f" in {gemeente_namen.get(w.gemeente) or w.gemeente}" if w.gemeente else ""
        return f"Er verandert iets bij {wat}{waar}"
    return f"Er veranderen {len(wijzigingen)} dingen in de regelingen voor werkgevers"


def stel_wijzigingsmail_op(*, email: str, wijzigingen: Sequence[Wijziging], notitie: str | None,
                           gepubliceerd: dt.date, wat: str, waar: str,
                           contact: Contactpersoon, regeling_namen: Mapping[str, str],
                           gemeente_namen: Mapping[str, str], organisatie: str, afzender: str,
                           afmeld_url: str, open_url: str, sleutel: str,
                           moment: dt.datetime) -> EmailMessage:
    onderwerp = onderwerp_wijzigingsmail(wijzigingen, regeling_namen, gemeente_namen)
    am, nu = contact.vast, contact.nu
    bel = [f"Heeft u vragen? Uw vaste contactpersoon is {am.naam} ({am.rol})."]
    bereik = " of ".join(x for x in (f"bel {am.telefoon}" if am.telefoon else "",
                                     f"mail {am.email}" if am.email else "") if x)
    if bereik:
        bel.append(bereik[:1].upper() + bereik[1:] + ".")
    if nu.id != am.id:
        tot = f" tot en met {datum_tekst(contact.afwezig_tot)}" if contact.afwezig_tot else ""
        bel.append(f"{am.naam} is afwezig{tot}. Tot dan helpt {nu.naam} u graag"
                   + (f": bel {nu.telefoon}" if nu.telefoon else "")
                   + (f" of mail {nu.email}" if nu.email else "") + ".")

    tekst = ["Beste werkgever,", "",
             f"U vroeg ons om bericht als er iets verandert aan {wat} in {waar}. "
             + ("Dit verandert:" if len(wijzigingen) == 1 else "Dit verandert er:"), ""]
    if notitie:
        tekst += [notitie.strip(), ""]
    for nummer, w in enumerate(wijzigingen, 1):
        tekst.append(f"{nummer}. {titel(w, regeling_namen, gemeente_namen)}")
        tekst += [f"   {label}: {waarde}" for label, waarde in regels_van(w, gepubliceerd)]
        tekst.append("")
    tekst += [" ".join(bel), "", "Met vriendelijke groet,", organisatie, "",
              f"Wilt u deze berichten niet meer krijgen? Meld u af met één klik: {afmeld_url}"]

    e = html.escape
    delen = ["<p>Beste werkgever,</p>",
             f"<p>U vroeg ons om bericht als er iets verandert aan {e(wat)} in {e(waar)}.</p>"]
    if notitie:
        delen.append(f"<p>{e(notitie.strip())}</p>")
    delen.append("<ol>")
    for w in wijzigingen:
        rijen = "".join(
            f"<li><strong>{e(label)}:</strong> "
            + (_link(waarde, waarde) if label == "Bron" and waarde.startswith("https://")
               else e(waarde)) + "</li>"
            for label, waarde in regels_van(w, gepubliceerd))
        delen.append(f"<li><strong>{e(titel(w, regeling_namen, gemeente_namen))}</strong>"
                     f"<ul>{rijen}</ul></li>")
    delen.append("</ol>")
    delen += [f"<p>{e(' '.join(bel))}</p>",
              f"<p>Met vriendelijke groet,<br>{e(organisatie)}</p>",
              f"<p><small>Wilt u deze berichten niet meer krijgen? "
              f"{_link(afmeld_url, 'Meld u af met één klik')}.</small></p>",
              f'<img src="{e(open_url, quote=True)}" width="1" height="1" alt="">']
    return _bericht(onderwerp, email, afzender, organisatie, sleutel, "\n".join(tekst) + "\n",
                    _html(delen), afmeld_url, moment)
