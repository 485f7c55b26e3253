"""What the accountmanager receives: the Dutch e-mail and the signed webhook payload.

Both are composed once, when the handover is stored, and kept in the outbox as they are, so a
retry sends exactly the same bytes (same Message-ID, same idempotency key).
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import re
from datetime import date, datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from typing import Any

from wsp.overdracht.instellingen import mail_afzender
from wsp.overdracht.models import Overdracht
from wsp.overdracht.toewijzing import TIJDZONE, Accountmanager
from wsp.regels import regeling_namen
from wsp.teksten import DAGEN, MAANDEN

REDEN_TEKSTEN = {
    "gevraagd": "De werkgever vroeg zelf om contact met een medewerker.",
    "onbegrepen": "De assistent begreep de vraag twee keer niet.",
    "buiten_bereik": "De vraag valt buiten wat de assistent beantwoordt.",
    "maatwerk": "Volgens de regels van de gemeente is dit maatwerk.",
    "geen_regel": "Voor deze gemeente is hierover (nog) geen regel vastgelegd.",
    "niet_geholpen": "De werkgever gaf aan dat de antwoorden niet hielpen.",
}
# the same reasons as short labels (the inbox's list, the insights)
REDEN_LABELS = {
    "gevraagd": "Werkgever vroeg om een persoon",
    "onbegrepen": "Assistent begreep de vraag niet",
    "buiten_bereik": "Vraag buiten het onderwerp",
    "maatwerk": "Maatwerk nodig",
    "geen_regel": "Geen regel voor deze gemeente",
    "niet_geholpen": "Werkgever voelde zich niet geholpen",
}
AFZENDER_LABEL = {"werkgever": "Werkgever", "assistent": "Assistent"}
SIGNATURE_HEADER = "X-WSP-Signature"
IDEMPOTENCY_HEADER = "X-WSP-Idempotency-Key"


# ---- formatting helpers ----------------------------------------------------------------------

def _lokaal(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(TIJDZONE)


def datum_nl(dag: date) -> str:
    """"dinsdag 25 november 2026"."""
    return f"{DAGEN[dag.weekday()]} {dag.day} {MAANDEN[dag.month - 1]} {dag.year}"


def moment_nl(moment: datetime) -> str:
    """"23 november 2026 om 10:15" in Dutch time (``moment`` naive UTC or aware)."""
    local = _lokaal(moment)
    return f"{local.day} {MAANDEN[local.month - 1]} {local.year} om {local:%H:%M}"


def gemeente_naam(gemeente: str | None) -> str:
    if not gemeente:
        return "gemeente onbekend"
    return " ".join(part.capitalize() for part in gemeente.replace("_", " ").split())


def regeling_naam(regeling: str) -> str:
    return regeling_namen().get(regeling, regeling.replace("_", " ").capitalize())


def inbox_link(inbox_base_url: str, publieke_id: str) -> str:
    return f"{inbox_base_url.rstrip('/')}/overdrachten/{publieke_id}"


def _tijd_kort(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        return _lokaal(datetime.fromisoformat(iso.replace("Z", "+00:00"))).strftime("%H:%M")
    except ValueError:
        return ""


def onderwerp(overdracht: Overdracht) -> str:
    wie = " ".join((overdracht.organisatie or overdracht.naam or "").split()) or "een werkgever"
    return f"Nieuwe vraag van {wie} via de chatassistent ({gemeente_naam(overdracht.gemeente)})"


def _adres(naam: str, email: str) -> str:
    """A safe address header value: quoted display name, one line."""
    return formataddr((" ".join((naam or "").split()), (email or "").strip()))


_ADRES = re.compile(r"^[^@\s<>\"(),;:]+@[^@\s<>\"(),;:]+\.[^@\s<>\"(),;:]+$")


def geldig_adres(email: str | None) -> bool:
    """A plain e-mail address that is safe in a header (one line, no display-name tricks)."""
    return bool(email) and len(email) <= 254 and _ADRES.match(email.strip()) is not None


def message_id(idempotentie_sleutel: str, afzender: str) -> str:
    domain = afzender.rsplit("@", 1)[-1] if "@" in afzender else "wsp.invalid"
    return f"<{idempotentie_sleutel}@{domain}>"


# ---- the e-mail ------------------------------------------------------------------------------

def _samenvatting(o: Overdracht, am: Accountmanager, vaste: Accountmanager | None,
                  uiterlijk: date, servicenorm: int) -> list[tuple[str, str]]:
    organisatie = o.organisatie or "niet opgegeven"
    if o.kvk:
        organisatie += f" (KvK {o.kvk})"
    bereikbaar = []
    if o.telefoon:
        bereikbaar.append(f"telefoon {o.telefoon}")
    if o.email:
        bereikbaar.append(f"e-mail {o.email}")
    bereik = ", ".join(bereikbaar) or "geen contactgegevens opgegeven"
    if o.contactvoorkeur:
        bereik += f"; voorkeur: {o.contactvoorkeur}"
    regelingen = ", ".join(regeling_naam(r) for r in (o.regelingen or [])) or "niet herkend"
    rows = [
        *([("Kenmerk", o.kenmerk)] if o.kenmerk else []),
        ("Wie", o.naam or "niet opgegeven"),
        ("Organisatie", organisatie),
        ("Bereikbaar", bereik),
        ("Gemeente", gemeente_naam(o.gemeente)),
        ("Regeling(en)", regelingen),
        ("Open vraag", o.vraag or "niet opgegeven"),
        ("Reden van overdracht", REDEN_TEKSTEN.get(o.reden, o.reden)),
    ]
    if o.toestemming_op:
        rows.append(("Toestemming gegeven", moment_nl(o.toestemming_op)))
    rows.append(("Uiterlijk contact",
                 f"vóór het einde van {datum_nl(uiterlijk)} (servicenorm {servicenorm} werkdagen)"))
    if vaste is not None and vaste.id != am.id:
        rows.append(("Vaste accountmanager", f"{vaste.naam} (afwezig; u neemt waar)"))
    return [(label, " ".join(value.split())) for label, value in rows]  # one line each


def _transcript_regels(transcript: list[dict]) -> list[tuple[str, str, str]]:
    lines = []
    for line in transcript or []:
        label = AFZENDER_LABEL.get(line.get("afzender", ""), str(line.get("afzender", "")))
        tekst = str(line.get("tekst") or "")
        if line.get("knoppen"):
            tekst += "\n    [knoppen: " + " | ".join(line["knoppen"]) + "]"
        lines.append((_tijd_kort(line.get("tijd")), label, tekst))
    return lines


def stel_mail_op(overdracht: Overdracht, accountmanager: Accountmanager,
                 vaste_accountmanager: Accountmanager | None, uiterlijk: date,
                 inbox_base_url: str, idempotentie_sleutel: str,
                 afzender: str | None = None) -> EmailMessage:
    """The notification to the accountmanager: summary first, then the inbox link, then the
    (already redacted) conversation. Plain text with an HTML alternative, ASCII-safe on the wire."""
    afzender = afzender or mail_afzender()
    link = inbox_link(inbox_base_url, overdracht.publieke_id)
    servicenorm = overdracht.servicenorm_werkdagen
    rows = _samenvatting(overdracht, accountmanager, vaste_accountmanager, uiterlijk, servicenorm)
    gesprek = _transcript_regels(overdracht.transcript)
    voornaam = accountmanager.naam.split()[0] if accountmanager.naam else ""

    text = [f"Beste {voornaam},", ""]
    if vaste_accountmanager is not None and vaste_accountmanager.id != accountmanager.id:
        text.append(f"Een werkgever van {vaste_accountmanager.naam} vroeg via de chatassistent om "
                    f"contact. {vaste_accountmanager.naam} is afwezig; u neemt deze vraag waar.")
    else:
        text.append("Een werkgever vroeg via de chatassistent om contact. U bent de vaste "
                    "accountmanager van deze werkgever.")
    text += ["", "Samenvatting", "------------"]
    text += [f"{label}: {value}" for label, value in rows]
    text += ["", "Bekijk en behandel de vraag in de inbox:", link, "",
             "Gesprek met de chatassistent (bijzondere persoonsgegevens zijn verwijderd)",
             "---------------------------------------------------------------------------"]
    for tijd, label, tekst in gesprek:
        text.append(f"[{tijd}] {label}: {tekst}" if tijd else f"{label}: {tekst}")
    text += ["", "Dit bericht is automatisch verstuurd door de chatassistent van "
             "het WerkgeversServicepunt."]

    e = html.escape
    parts = [f"<p>Beste {e(voornaam)},</p>", f"<p>{e(text[2])}</p>", "<h2>Samenvatting</h2>",
             "<ul>"]
    parts += [f"<li><strong>{e(label)}:</strong> {e(value)}</li>" for label, value in rows]
    parts += ["</ul>", f'<p><a href="{e(link, quote=True)}">Bekijk de vraag in de inbox</a></p>',
              "<h2>Gesprek met de chatassistent</h2>",
              "<p><em>Bijzondere persoonsgegevens zijn verwijderd.</em></p>"]
    for tijd, label, tekst in gesprek:
        body = e(tekst).replace("\n", "<br>")
        parts.append(f"<p><small>{e(tijd)}</small> <strong>{e(label)}:</strong> {body}</p>")
    html_body = ("<!DOCTYPE html><html lang=\"nl\"><body>" + "\n".join(parts) + "</body></html>")

    msg = EmailMessage()
    msg["Subject"] = onderwerp(overdracht)
    msg["From"] = _adres("Chatassistent WSP", afzender)
    msg["To"] = _adres(accountmanager.naam, accountmanager.email)
    if geldig_adres(overdracht.email):
        # "Beantwoorden" in the mail program writes straight to the employer
        msg["Reply-To"] = _adres(overdracht.naam or overdracht.organisatie or "", overdracht.email)
    msg["Date"] = format_datetime(_lokaal(overdracht.aangemaakt_op))
    msg["Message-ID"] = message_id(idempotentie_sleutel, afzender)
    msg[IDEMPOTENCY_HEADER] = idempotentie_sleutel
    msg["X-WSP-Overdracht"] = overdracht.publieke_id
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content("\n".join(text) + "\n", charset="utf-8", cte="quoted-printable")
    msg.add_alternative(html_body, subtype="html", charset="utf-8", cte="quoted-printable")
    return msg


# ---- mails from the inbox ----------------------------------------------------------------------

VOETTEKST = "Dit bericht is verstuurd vanuit de inbox van het WerkgeversServicepunt."


def _platte_mail(onderwerp_tekst: str, van_naam: str, afzender: str, aan_naam: str, aan: str,
                 tekst: str, idempotentie_sleutel: str, publieke_id: str, moment: datetime,
                 antwoord_aan: tuple[str, str] | None = None) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = " ".join(onderwerp_tekst.split())[:250]
    msg["From"] = _adres(van_naam, afzender)
    msg["To"] = _adres(aan_naam, aan)
    if antwoord_aan and geldig_adres(antwoord_aan[1]):
        msg["Reply-To"] = _adres(*antwoord_aan)
    msg["Date"] = format_datetime(_lokaal(moment))
    msg["Message-ID"] = message_id(idempotentie_sleutel, afzender)
    msg[IDEMPOTENCY_HEADER] = idempotentie_sleutel
    msg["X-WSP-Overdracht"] = publieke_id
    msg.set_content(tekst.rstrip() + "\n", charset="utf-8", cte="quoted-printable")
    return msg


def stel_antwoord_op(overdracht: Overdracht, accountmanager: Accountmanager, onderwerp_tekst: str,
                     tekst: str, idempotentie_sleutel: str, moment: datetime,
                     organisatie: str = "WerkgeversServicepunt",
                     afzender: str | None = None) -> EmailMessage:
    """The accountmanager's reply to the employer, sent from the inbox. It leaves from the
    system's address (the SMTP relay only sends for that one) under the accountmanager's name, with
    Reply-To set to the accountmanager, so the employer's answer reaches her directly."""
    afzender = afzender or mail_afzender()
    o = overdracht
    vraag_op = moment_nl(o.aangemaakt_op) if o.aangemaakt_op else ""
    voet = [
        "",
        "--",
        f"Dit is een antwoord op uw vraag aan de chatassistent van {organisatie}"
        + (f" van {vraag_op}." if vraag_op else "."),
        f"Reageren? Beantwoord deze e-mail. Uw antwoord gaat naar {accountmanager.naam}"
        + (f" ({accountmanager.email})" if accountmanager.email else "") + ".",
    ]
    if accountmanager.telefoon:
        voet.append(f"Bellen kan ook: {accountmanager.telefoon}.")
    return _platte_mail(
        onderwerp_tekst, f"{accountmanager.naam} ({organisatie})", afzender,
        o.naam or o.organisatie or "", o.email or "", tekst.rstrip() + "\n" + "\n".join(voet),
        idempotentie_sleutel, o.publieke_id, moment,
        antwoord_aan=(accountmanager.naam, accountmanager.email or ""),
    )


def stel_toewijzingsmail_op(overdracht: Overdracht, accountmanager: Accountmanager,
                            door_naam: str, toelichting: str | None, uiterlijk: date,
                            inbox_base_url: str, idempotentie_sleutel: str, moment: datetime,
                            afzender: str | None = None) -> EmailMessage:
    """To the accountmanager a team lead gave the handover to: who, why, the summary, the link."""
    afzender = afzender or mail_afzender()
    o = overdracht
    rows = _samenvatting(o, accountmanager, None, uiterlijk, o.servicenorm_werkdagen)
    voornaam = accountmanager.naam.split()[0] if accountmanager.naam else ""
    wie = " ".join((o.organisatie or o.naam or "").split()) or "een werkgever"
    text = [f"Beste {voornaam},", "",
            f"{door_naam} heeft de vraag van {wie} aan u gegeven."]
    if toelichting:
        text.append(f"Toelichting: {' '.join(toelichting.split())}")
    text += ["", "Samenvatting", "------------"]
    text += [f"{label}: {value}" for label, value in rows]
    text += ["", "Bekijk en behandel de vraag in de inbox:", inbox_link(inbox_base_url, o.publieke_id),
             "", "Dit bericht is automatisch verstuurd door de inbox van het WerkgeversServicepunt."]
    antwoord_aan = (o.naam or o.organisatie or "", o.email or "") if o.email else None
    return _platte_mail(f"Aan u toegewezen: vraag van {wie} ({gemeente_naam(o.gemeente)})",
                        "Inbox WSP", afzender, accountmanager.naam, accountmanager.email,
                        "\n".join(text), idempotentie_sleutel, o.publieke_id, moment,
                        antwoord_aan=antwoord_aan)


def stel_herinnering_op(overdracht: Overdracht, accountmanager: Accountmanager, dag: date,
                        reden: str, inbox_base_url: str, idempotentie_sleutel: str,
                        moment: datetime, afzender: str | None = None) -> EmailMessage:
    """The reminder the accountmanager asked for, delivered by the outbox on the day itself."""
    afzender = afzender or mail_afzender()
    o = overdracht
    wie = " ".join((o.organisatie or o.naam or "").split()) or "een werkgever"
    voornaam = accountmanager.naam.split()[0] if accountmanager.naam else ""
    text = [f"Beste {voornaam},", "",
            f"U vroeg om een herinnering op {datum_nl(dag)}: {reden}",
            "", f"Werkgever: {wie}"]
    if o.telefoon:
        text.append(f"Telefoon: {o.telefoon}")
    if o.email:
        text.append(f"E-mail: {o.email}")
    text += ["", "Bekijk de vraag in de inbox:", inbox_link(inbox_base_url, o.publieke_id), "",
             "Dit bericht is automatisch verstuurd door de inbox van het WerkgeversServicepunt."]
    antwoord_aan = (o.naam or o.organisatie or "", o.email or "") if o.email else None
    return _platte_mail(f"Herinnering: {wie}", "Inbox WSP", afzender, accountmanager.naam,
                        accountmanager.email, "\n".join(text), idempotentie_sleutel,
                        o.publieke_id, moment, antwoord_aan=antwoord_aan)


# ---- the webhook -----------------------------------------------------------------------------

def _am_dict(am: Accountmanager | None) -> dict[str, Any] | None:
    if am is None:
        return None
    return {"id": am.id, "naam": am.naam, "rol": am.rol, "email": am.email,
            "telefoon": am.telefoon}


def webhook_payload(overdracht: Overdracht, accountmanager: Accountmanager,
                    vaste_accountmanager: Accountmanager | None, uiterlijk: date,
                    inbox_base_url: str, idempotentie_sleutel: str) -> dict[str, Any]:
    o = overdracht
    return {
        "soort": "overdracht.nieuw",
        "idempotentie_sleutel": idempotentie_sleutel,
        "publieke_id": o.publieke_id,
        "kenmerk": o.kenmerk,
        "url": inbox_link(inbox_base_url, o.publieke_id),
        "aangemaakt_op": o.aangemaakt_op.replace(tzinfo=timezone.utc).isoformat(),
        "uiterlijk_contact": uiterlijk.isoformat(),
        "servicenorm_werkdagen": o.servicenorm_werkdagen,
        "gemeente": o.gemeente,
        "regelingen": list(o.regelingen or []),
        "reden": o.reden,
        "vraag": o.vraag,
        "kanaal": o.kanaal,
        "contact": {"naam": o.naam, "organisatie": o.organisatie, "email": o.email,
                    "telefoon": o.telefoon, "kvk": o.kvk, "contactvoorkeur": o.contactvoorkeur},
        "toestemming_op": (o.toestemming_op.replace(tzinfo=timezone.utc).isoformat()
                           if o.toestemming_op else None),
        "accountmanager": _am_dict(accountmanager),
        "vaste_accountmanager": _am_dict(vaste_accountmanager),
        "is_vervanger": vaste_accountmanager is not None
        and vaste_accountmanager.id != accountmanager.id,
        "laatste_antwoorden": list(o.laatste_antwoorden or []),
        "transcript": list(o.transcript or []),
    }


def webhook_body(payload: dict[str, Any]) -> str:
    """The exact body that is stored, signed and sent (UTF-8 JSON)."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def onderteken(body: bytes, secret: str) -> str:
    """Value of ``X-WSP-Signature``: ``sha256=`` + HMAC-SHA256 of the raw body, hex."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def controleer_handtekening(body: bytes, secret: str, header: str | None) -> bool:
    """For receivers: constant-time check of ``X-WSP-Signature``."""
    return bool(header) and hmac.compare_digest(onderteken(body, secret), header.strip())


def stel_aanvullingsmail_op(overdracht: Overdracht, accountmanager: Accountmanager, tekst: str,
                            inbox_base_url: str, idempotentie_sleutel: str, moment: datetime,
                            afzender: str | None = None) -> EmailMessage:
    """To the accountmanager handling a handover: the employer added something in the chat."""
    afzender = afzender or mail_afzender()
    o = overdracht
    wie = " ".join((o.organisatie or o.naam or "").split()) or "een werkgever"
    voornaam = accountmanager.naam.split()[0] if accountmanager.naam else ""
    kenmerk = f" ({o.kenmerk})" if o.kenmerk else ""
    regels = [f"Beste {voornaam},", "",
              f"{wie} heeft in de chat iets aangevuld op de vraag{kenmerk}:", "",
              "  " + " ".join(tekst.split()), "",
              "Bekijk de vraag in de inbox:", inbox_link(inbox_base_url, o.publieke_id), "",
              "Dit bericht is automatisch verstuurd door de chatassistent van het "
              "WerkgeversServicepunt."]
    antwoord_aan = (o.naam or o.organisatie or "", o.email or "") if o.email else None
    return _platte_mail(f"Aanvulling op de vraag{kenmerk} van {wie}", "Chatassistent WSP",
                        afzender, accountmanager.naam, accountmanager.email, "\n".join(regels),
                        idempotentie_sleutel, o.publieke_id, moment, antwoord_aan=antwoord_aan)
