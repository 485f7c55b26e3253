"""The accountmanager's case view in a real headless Chromium, at 1366x768 and on a phone (375x812):
she finds the handover by its question, sees both municipalities, the facts, the question the
assistant got stuck on and the rules; records an unanswered call (not "contact"), mails the employer
(delivered by the real outbox worker to a real SMTP server, Reply-To her own address), sets "wacht op
werkgever" with a reminder; the actions stay in view at the end of a long conversation.

Screenshots: docs/screenshots/inbox-zaak-1366x768.png, inbox-zaak-acties-1366x768.png,
inbox-zaak-375x812.png and inbox-lijst-1366x768.png, written when missing or with WSP_SCREENSHOTS=1.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.browser import inbox_pages as inbox
from tests.support.inbox import ANNA, maak_accounts, schrijf_rooster
from tests.support.screenshots import screenshot_path
from wsp import teksten
from wsp.db import session_factory, session_scope
from wsp.inbox import create_app
from wsp.inbox.handelingen import voorstel_herinnering
from wsp.inbox.voorbeelden import maak_overdracht
from wsp.overdracht.instellingen import Instellingen
from wsp.overdracht.models import Overdracht, utcnow
from wsp.overdracht.outbox import bezorg_wachtende
from wsp.overdracht.toewijzing import vandaag_lokaal

pytestmark = pytest.mark.browser

TELEFOON = (375, 812)
VRAAG = "Hoe lang krijg ik loonkostensubsidie voor een medewerker uit Arnhem, en wie meet de loonwaarde?"
VASTGELOPEN = "Mag hij zijn eigen werktijden kiezen vanwege de reistijd?"


def gesprek(begin) -> list[dict]:  # noqa: ANN001 - datetime
    def t(minuten: int) -> str:
        return (begin + timedelta(minutes=minuten)).isoformat(timespec="seconds") + "Z"

    regels = [
        ("werkgever", "Goedendag, ons bedrijf zit in Velp. Wij willen iemand uit de bijstand aannemen."),
        ("assistent", "Dan is loonkostensubsidie misschien iets voor u. In welke gemeente woont uw werknemer?"),
        ("werkgever", "Hij woont in Arnhem en staat in het doelgroepregister."),
        ("assistent", "Loonkostensubsidie vraagt u aan bij de gemeente Arnhem.\n"
                      "Bron: Participatiewet, artikel 10d (gecontroleerd op 3 november 2026)"),
        ("werkgever", "Hij komt 24 uur per week en begint op 1 februari."),
        ("assistent", "Dank u. Wilt u weten hoe u het aanvraagt?"),
        ("werkgever", VASTGELOPEN),
        ("assistent", teksten.ONBEGREPEN_1),
    ]
    regels += [
        ("werkgever" if i % 2 == 0 else "assistent",
         f"Nog een vraag over de aanvraag, deel {i}: hoe gaat de loonwaardemeting precies?"
         if i % 2 == 0 else f"Antwoord {i}: de gemeente meet de loonwaarde op de werkplek.")
        for i in range(14)
    ]
    regels += [("werkgever", VRAAG), ("assistent", "Ik geef uw vraag door aan uw vaste accountmanager.")]
    return [{"afzender": a, "tekst": tekst, "tijd": t(i)} for i, (a, tekst) in enumerate(regels)]


@pytest.fixture
def zaak(tmp_path):
    url = f"sqlite:///{tmp_path / 'inbox.sqlite'}"
    maak_accounts(url)
    begin = utcnow() - timedelta(hours=3)
    with session_scope(url) as db:
        maak_overdracht(db, "am-arnhem-1", vraag="Wie betaalt een jobcoach?", regelingen=["jobcoaching"],
                        aangemaakt_op=utcnow() - timedelta(days=60), melding=None)
        o = maak_overdracht(db, "am-arnhem-1", organisatie="Bakkerij De Korenaar", vraag=VRAAG,
                            gemeente="rheden", woongemeente="arnhem", regelingen=["loonkostensubsidie"],
                            transcript=gesprek(begin), aangemaakt_op=begin, melding=None)
        publieke_id = o.publieke_id
    app = create_app(url, {"SECRET_KEY": "browser-test", "INBOX_URL": "https://inbox.wsp-voorbeeld.nl",
                           "ROOSTER_PAD": str(schrijf_rooster(tmp_path / "rooster.yml"))})
    with inbox.serve_inbox(app) as base:
        yield base, url, publieke_id


def controleer_zaak(page: Page) -> None:
    samenvatting = inbox.summary(page)
    assert samenvatting["gemeente"] == "Rheden"
    assert samenvatting["woongemeente"] == "Arnhem"
    feiten = inbox.facts(page)
    assert feiten["Gemeente van het bedrijf"] == "Rheden"
    assert feiten["Woongemeente van de werknemer"] == "Arnhem"
    assert feiten["Regeling"] == "Loonkostensubsidie"
    assert feiten["Soort uitkering"] == "Participatiewet (bijstand)"
    assert feiten["Doelgroepregister"] == "staat erin"
    assert feiten["Uren per week"] == "24 uur per week"
    assert feiten["Startdatum"] == "op 1 februari"
    assert inbox.stuck_questions(page) == [VASTGELOPEN]
    gemarkeerd = page.locator(".chat .bericht.vastgelopen")
    expect(gemarkeerd).to_have_count(1)
    expect(gemarkeerd).to_contain_text("De assistent begreep deze vraag niet")
    assert inbox.rules_headings(page) == ["Loonkostensubsidie in Arnhem"]
    expect(page.locator("#regels table.regels tbody tr").first).to_be_visible()
    expect(page.locator("#eerdere")).to_contain_text("Wie betaalt een jobcoach?")


def test_accountmanager_werkt_een_zaak_af_op_de_laptop(make_page, zaak, smtp_server, tmp_path, axe_scan):
    base, url, publieke_id = zaak
    page = make_page(viewport=(inbox.LAPTOP["width"], inbox.LAPTOP["height"]), bypass_csp=True)
    inbox.sign_in(page, base, ANNA.email, ANNA.wachtwoord)

    # the list shows what the question is about
    rij = page.locator("table.overdrachten tbody tr").first
    expect(rij).to_contain_text("Bakkerij De Korenaar")
    expect(rij.locator(".vraagvoorbeeld")).to_contain_text("Hoe lang krijg ik loonkostensubsidie")
    page.screenshot(path=str(screenshot_path("inbox-lijst-1366x768.png", tmp_path)))

    inbox.open_from_list(page, "Bakkerij De Korenaar")
    controleer_zaak(page)
    onderkant = page.locator(".samenvatting").bounding_box()
    assert onderkant["y"] + onderkant["height"] <= inbox.LAPTOP["height"]  # call without scrolling
    page.screenshot(path=str(screenshot_path("inbox-zaak-1366x768.png", tmp_path)))
    assert axe_scan(page) == []

    # "In behandeling nemen" is not contact; an unanswered call is recorded apart from it
    inbox.set_in_behandeling(page)
    inbox.record_contact(page, "Niet bereikt, voicemail ingesproken", toelichting="Voicemail ingesproken")
    expect(page.locator(".samenvatting [data-veld=contact]")).to_have_text("nog niet · 1 poging")
    expect(page.locator("#geschiedenis")).to_contain_text("Gebeld: niet bereikt, voicemail ingesproken")

    # the actions stay in view at the end of the long conversation
    page.locator(".chat .bericht").last.scroll_into_view_if_needed()
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    expect(page.locator(".chat .bericht").last).to_be_in_viewport()
    for actie in ("Contact vastleggen", "E-mail aan de werkgever", "Wacht op werkgever", "Afronden"):
        expect(page.locator("details.actie > summary", has_text=actie)).to_be_in_viewport()
    page.screenshot(path=str(screenshot_path("inbox-zaak-acties-1366x768.png", tmp_path)))

    # a reply by mail: through the outbox, Reply-To the accountmanager, in the history
    inbox.send_reply(page, "Ik bel u donderdag over de loonwaardemeting in Arnhem.",
                     onderwerp="Uw vraag over loonkostensubsidie")
    expect(page.locator("#geschiedenis")).to_contain_text("E-mail aan de werkgever gestuurd")
    expect(page.locator("#geschiedenis")).to_contain_text("Ik bel u donderdag")
    inst = Instellingen(smtp_host=smtp_server.host, smtp_port=smtp_server.port)
    assert bezorg_wachtende(session_factory(url), inst) == 1
    [mail] = smtp_server.mails
    assert mail.rcpt_tos == ["jan@korenaar-voorbeeld.nl"]
    assert mail.bericht["Reply-To"] == "Anna de Vries <anna@wsp-voorbeeld.nl>"
    assert mail.bericht["Subject"] == "Uw vraag over loonkostensubsidie"
    tekst = mail.tekst().replace("\r\n", "\n")  # CRLF on the wire
    assert tekst.startswith("Beste Jan Jansen,")
    assert "Ik bel u donderdag over de loonwaardemeting in Arnhem." in tekst
    assert "Met vriendelijke groet,\nAnna de Vries" in tekst and "026 000 00 01" in tekst

    # waiting for the employer, with a reminder
    dag = voorstel_herinnering(vandaag_lokaal())
    inbox.wait_for_employer(page, dag.isoformat(), "Loonstrook en contract")
    expect(page.locator(".samenvatting [data-veld=herinnering]")).to_contain_text("Herinnering:")
    expect(page.locator("#melding")).to_contain_text("gepland voor")
    with session_scope(url) as db:
        o = db.execute(select(Overdracht).where(Overdracht.publieke_id == publieke_id)).scalar_one()
        assert (o.status, o.herinnering_op) == ("wacht_op_werkgever", dag)
        assert o.eerste_contact_op is not None  # the reply mail was the first contact
    page.goto(base + "/")
    rij = page.locator("table.overdrachten tbody tr", has_text="Hoe lang krijg ik loonkostensubsidie")
    expect(rij).to_contain_text("Wacht op werkgever")
    expect(rij).to_contain_text("Herinnering:")
    assert page.problems.console_errors == [] and page.problems.page_errors == []  # type: ignore[attr-defined]
    assert page.problems.dialogs == []  # type: ignore[attr-defined]


def test_zaak_op_de_telefoon(make_page, zaak, tmp_path, axe_scan):
    base, _url, publieke_id = zaak
    page = make_page(viewport=TELEFOON, bypass_csp=True)
    inbox.sign_in(page, base, ANNA.email, ANNA.wachtwoord)
    inbox.assert_no_horizontal_scroll(page)
    inbox.open_handover(page, publieke_id)
    controleer_zaak(page)
    inbox.assert_no_horizontal_scroll(page)
    page.screenshot(path=str(screenshot_path("inbox-zaak-375x812.png", tmp_path)), full_page=True)
    assert axe_scan(page) == []

    # on a phone the page menu stays at the top; "Acties" brings the actions back
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    menu = page.get_by_role("navigation", name="Op deze pagina")
    expect(menu).to_be_in_viewport()
    menu.get_by_role("link", name="Acties").click()
    expect(page.get_by_role("heading", name=re.compile("^Status: Nieuw"))).to_be_in_viewport()
    # the stuck question is one tap away as well
    menu.get_by_role("link", name=re.compile("^Vastgelopen")).click()
    page.locator("#vastgelopen a").first.click()
    expect(page.locator(".chat .bericht.vastgelopen")).to_be_in_viewport()
    # an action opens from its link and works at this width
    inbox.record_contact(page, "Gesproken", toelichting="LKS-aanvraag besproken")
    expect(page.locator(".samenvatting [data-veld=contact]")).to_contain_text("gehad op")
    assert page.problems.page_errors == []  # type: ignore[attr-defined]
