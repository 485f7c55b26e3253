"""The confirmation mail to the employer: who their contact person is and when they will call.

The chat never says which accountmanager an e-mail address or KvK number belongs to (anyone can
type any address). It confirms that the question was passed on; the name, phone number and
e-mail address of the fixed contact person go to the e-mail address the employer gave, so only
whoever reads that mailbox learns them. Composed once when the handover is stored and delivered
by the outbox worker like the mail to the accountmanager (same retries, same idempotency).
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from typing import Any

from wsp.overdracht.toewijzing import TIJDZONE, Accountmanager
from wsp.teksten import DAGEN, MAANDEN

SOORT_SLEUTEL = "bevestiging"
HEADER = "X-WSP-Bevestiging"


def _datum(dag: date) -> str:
    return f"{DAGEN[dag.weekday()]} {dag.day} {MAANDEN[dag.month - 1]} {dag.year}"


def _een_regel(tekst: str | None) -> str:
    return " ".join((tekst or "").split())


def stel_bevestiging_op(*, publieke_id: str, naam: str | None, email: str, vraag: str | None,
                        accountmanager: Accountmanager, vaste: Accountmanager | None,
                        uiterlijk: date, organisatie: dict[str, Any], afzender: str,
                        idempotentie_sleutel: str, moment: datetime,
                        kenmerk: str | None = None) -> EmailMessage:
    """Plain-text mail in Dutch (B1, "u"). ``email`` is already validated; ``vraag`` redacted."""
    org = _een_regel(organisatie.get("naam")) or "het WerkgeversServicepunt"
    am = accountmanager
    regels = [f"Beste {_een_regel(naam)}," if naam else "Beste heer, mevrouw,", ""]
    regels.append(f"U vroeg via de chatassistent van {org} om contact. Wij hebben uw vraag "
                  "doorgegeven aan uw contactpersoon:")
    regels += ["", f"  {_een_regel(am.naam)}, {_een_regel(am.rol).lower()}"]
    if am.telefoon:
        regels.append(f"  Telefoon: {_een_regel(am.telefoon)}")
    if am.email:
        regels.append(f"  E-mail: {_een_regel(am.email)}")
    regels.append("")
    if vaste is not None and vaste.id != am.id:
        regels.append(f"Uw vaste contactpersoon is {_een_regel(vaste.naam)}. Die is nu afwezig; "
                      f"{_een_regel(am.naam)} helpt u in die periode.")
    regels.append(f"{_een_regel(am.naam)} neemt uiterlijk {_datum(uiterlijk)} contact met u op.")
    if kenmerk:
        regels += ["", f"Uw kenmerk: {kenmerk}",
                   "Noem dit kenmerk als u zelf contact met ons opneemt over deze vraag."]
    if vraag:
        regels += ["", "Uw vraag:", f"  {_een_regel(vraag)}"]
    contact = [w for w in (_een_regel(organisatie.get("telefoon")),
                           _een_regel(organisatie.get("email"))) if w]
    regels += ["", "Heeft u deze vraag niet zelf gesteld? Dan kunt u deze e-mail negeren"
               + (f", of laat het ons weten via {' of '.join(contact)}." if contact else ".")]
    regels += ["", "Met vriendelijke groet,", org, "",
               "Dit bericht is automatisch verstuurd door de chatassistent."]

    msg = EmailMessage()
    nummer = f" (kenmerk {kenmerk})" if kenmerk else ""
    msg["Subject"] = f"Uw vraag is doorgegeven aan uw contactpersoon bij {org}{nummer}"[:250]
    msg["From"] = formataddr((org, afzender))
    msg["To"] = formataddr((_een_regel(naam), email))
    if am.email:
        msg["Reply-To"] = formataddr((_een_regel(am.naam), am.email))
    lokaal = (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(TIJDZONE)
    msg["Date"] = format_datetime(lokaal)
    domein = afzender.rsplit("@", 1)[-1] if "@" in afzender else "wsp.invalid"
    msg["Message-ID"] = f"<{idempotentie_sleutel}@{domein}>"
    msg["X-WSP-Idempotency-Key"] = idempotentie_sleutel
    msg[HEADER] = publieke_id
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content("\n".join(regels) + "\n", charset="utf-8", cte="quoted-printable")
    return msg
