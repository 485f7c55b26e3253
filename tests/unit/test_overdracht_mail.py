"""wsp.overdracht.mail: the accountmanager's e-mail and the webhook signature."""

from __future__ import annotations

from datetime import date, datetime

from wsp.overdracht.mail import (
    controleer_handtekening,
    onderteken,
    stel_mail_op,
    webhook_body,
    webhook_payload,
)
from wsp.overdracht.models import Overdracht
from wsp.overdracht.toewijzing import Accountmanager

SANNE = Accountmanager(id="am-1", naam="Sanne de Vries", email="s.devries@wsp-voorbeeld.nl")


def overdracht(**anders) -> Overdracht:  # type: ignore[no-untyped-def]
    waarden = dict(
        publieke_id="0123456789abcdef0123456789abcdef", gesprek_id="g", accountmanager_id="am-1",
        reden="maatwerk", gemeente="rheden", regelingen=["jobcoaching", "no_risk_polis"],
        vraag="Wat kost één jobcoach?", naam="Zoë", organisatie="Café <Ümit>\r\nBcc: x@y.nl",
        email="zoe@cafe.nl", telefoon="026 123 45 67", kvk="12345678",
        contactvoorkeur="mail, 's middags", toestemming_op=datetime(2026, 11, 10, 9),
        transcript=[{"afzender": "werkgever", "tekst": "Hoi <b>daar</b>",
                     "tijd": "2026-11-10T09:00:01+00:00", "knoppen": []}],
        laatste_antwoorden=[], servicenorm_werkdagen=2, aangemaakt_op=datetime(2026, 11, 10, 9),
        kanaal="rest")
    waarden.update(anders)
    return Overdracht(**waarden)


def test_mail_is_veilig_en_ascii_op_de_lijn() -> None:
    bericht = stel_mail_op(overdracht(), SANNE, None, date(2026, 11, 12), "https://inbox/",
                           "sleutel-mail")
    ruw = bericht.as_string()
    ruw.encode("ascii")
    assert "Bcc" not in bericht.keys()  # a line break in a field cannot add a header
    assert "\nBcc:" not in ruw
    assert bericht["Subject"] == ("Nieuwe vraag van Café <Ümit> Bcc: x@y.nl via de "
                                  "chatassistent (Rheden)")
    html = bericht.get_body(preferencelist=("html",)).get_content()
    assert "Café &lt;Ümit&gt;" in html and "Hoi &lt;b&gt;daar&lt;/b&gt;" in html
    assert 'href="https://inbox/overdrachten/0123456789abcdef0123456789abcdef"' in html
    tekst = bericht.get_body(preferencelist=("plain",)).get_content()
    assert "Regeling(en): Jobcoaching, No-riskpolis" in tekst
    assert "[10:00] Werkgever: Hoi <b>daar</b>" in tekst  # 09:00 UTC is 10:00 in Arnhem


def test_zelfde_sleutel_zelfde_message_id() -> None:
    een = stel_mail_op(overdracht(), SANNE, None, date(2026, 11, 12), "https://inbox", "k-mail")
    twee = stel_mail_op(overdracht(), SANNE, None, date(2026, 11, 12), "https://inbox", "k-mail")
    assert een["Message-ID"] == twee["Message-ID"] == "<k-mail@wsp-voorbeeld.nl>"


def test_afzender_uit_omgeving(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WSP_MAIL_AFZENDER", "noreply@werkcentrum.example")
    bericht = stel_mail_op(overdracht(), SANNE, None, date(2026, 11, 12), "https://inbox", "k")
    assert "noreply@werkcentrum.example" in bericht["From"]
    assert bericht["Message-ID"] == "<k@werkcentrum.example>"


def test_webhook_handtekening() -> None:
    payload = webhook_payload(overdracht(), SANNE, None, date(2026, 11, 12), "https://inbox", "k")
    body = webhook_body(payload).encode("utf-8")
    handtekening = onderteken(body, "geheim")
    assert handtekening.startswith("sha256=") and len(handtekening) == 7 + 64
    assert controleer_handtekening(body, "geheim", handtekening)
    assert not controleer_handtekening(body + b" ", "geheim", handtekening)
    assert not controleer_handtekening(body, "ander", handtekening)
    assert not controleer_handtekening(body, "geheim", None)
