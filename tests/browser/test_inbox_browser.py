"""The inbox in a real headless Chromium, served by werkzeug on a free port: an accountmanager signs in,
finds the handover, reads it, copies the contact details, adds a note, takes it on and closes it.

Uses the `make_page` fixture (system Chromium, collects console errors and dialogs) from conftest.py
and the page objects in inbox_pages.py.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.browser import inbox_pages as inbox
from tests.support.inbox import ANNA, TEAMLEIDER, maak_accounts, schrijf_rooster
from tests.support.screenshots import screenshot_path
from wsp.db import session_scope
from wsp.inbox import create_app
from wsp.inbox.voorbeelden import maak_overdracht, voorbeeldgesprek
from wsp.overdracht.models import Overdracht, utcnow

pytestmark = pytest.mark.browser



@pytest.fixture
def inbox_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'inbox.sqlite'}"
    maak_accounts(url)
    app = create_app(
        url, {"SECRET_KEY": "browser-test", "ROOSTER_PAD": str(schrijf_rooster(tmp_path / "rooster.yml"))}
    )
    with inbox.serve_inbox(app) as base:
        yield base, url


def _handover(url: str, **velden) -> str:
    with session_scope(url) as db:
        return maak_overdracht(db, "am-arnhem-1", **velden).publieke_id


def _page(make_page, base: str):
    page = make_page(viewport=(inbox.LAPTOP["width"], inbox.LAPTOP["height"]))
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    return page


def test_accountmanager_behandelt_een_overdracht(make_page, inbox_url, tmp_path):
    base, url = inbox_url
    publieke_id = _handover(
        url,
        organisatie="Bakkerij De Korenaar",
        contactvoorkeur="Bellen, liefst 's ochtends",
        vraag="Hoe lang krijg ik loonkostensubsidie, en wie meet de loonwaarde?",
    )
    _handover(url, organisatie="Hoveniersbedrijf Groen & Zo", gemeente="arnhem", melding="wachtend")
    page = _page(make_page, base)

    inbox.sign_in(page, base, ANNA.email, ANNA.wachtwoord)
    assert inbox.list_rows(page) == ["Hoveniersbedrijf Groen & Zo", "Bakkerij De Korenaar"]

    inbox.open_from_list(page, "Bakkerij De Korenaar")
    assert page.url.endswith(f"/overdrachten/{publieke_id}")
    samenvatting = inbox.summary(page)
    assert samenvatting["naam"] == "Jan Jansen"
    assert samenvatting["email"] == "jan@korenaar-voorbeeld.nl"
    assert samenvatting["telefoon"] == "026 123 45 67"
    assert samenvatting["kvk"] == "12345678"
    assert samenvatting["gemeente"] == "Rheden"
    assert samenvatting["regelingen"] == "Loonkostensubsidie"
    assert samenvatting["vraag"] == "Hoe lang krijg ik loonkostensubsidie, en wie meet de loonwaarde?"
    assert samenvatting["accountmanager"] == "Anna de Vries"

    # everything needed to call the employer is visible without scrolling on a laptop
    onderkant = page.locator(".samenvatting").bounding_box()
    assert onderkant["y"] + onderkant["height"] <= inbox.LAPTOP["height"]
    page.screenshot(path=str(screenshot_path("inbox-detail.png", tmp_path)))

    geplakt = inbox.copy_contact(page)
    assert "Naam: Jan Jansen" in geplakt and "E-mail: jan@korenaar-voorbeeld.nl" in geplakt
    assert "Telefoon: 026 123 45 67" in geplakt

    bubbels = inbox.chat_bubbles(page)
    assert [b["afzender"] for b in bubbels] == ["werkgever", "assistent"] * 3
    assert bubbels[1]["bron"].startswith("Bron: Participatiewet")
    assert "Bron:" not in bubbels[1]["tekst"]
    assert bubbels[1]["knoppen"] == "Hoe vraag ik het aan?|Wat geldt in mijn gemeente?|Ik wil iemand spreken"
    links = page.evaluate(
        "[...document.querySelectorAll('.chat .bericht')].map(b => b.getBoundingClientRect().left)"
    )
    assert links[0] > links[1]  # employer on the right, assistant on the left

    inbox.add_note(page, "Voicemail ingesproken, morgen opnieuw bellen.")
    assert "Uw notitie is opgeslagen." in inbox.flash(page)

    inbox.set_in_behandeling(page)
    # taking it on is not contact: the service norm keeps counting until someone is reached
    assert "Opgepakt" not in page.locator(".samenvatting .wachttijd").inner_text()
    inbox.record_contact(page, "Gesproken", toelichting="LKS-aanvraag besproken")
    assert "Opgepakt na 0 werkdagen" in page.locator(".samenvatting .wachttijd").inner_text()

    # the reason is required: the browser does not send the form without it
    inbox.open_action(page, "Afronden")
    page.get_by_role("button", name="Afronden").click()
    assert inbox.status(page) == "In behandeling"
    inbox.close(page, "Gebeld; LKS-aanvraag samen met de gemeente Rheden ingediend.")
    assert "Gebeld; LKS-aanvraag" in page.locator("#geschiedenis").inner_text()
    assert page.get_by_role("button", name="Heropenen").is_visible()

    with session_scope(url) as db:
        o = db.execute(select(Overdracht).where(Overdracht.publieke_id == publieke_id)).scalar_one()
        assert o.status == "afgerond" and o.eerste_contact_op is not None
        assert o.afsluitreden == "Gebeld; LKS-aanvraag samen met de gemeente Rheden ingediend."

    inbox.sign_out(page)
    assert page.problems.console_errors == [] and page.problems.page_errors == []  # type: ignore[attr-defined]
    assert page.problems.dialogs == []  # type: ignore[attr-defined]


def test_werkgeversinhoud_wordt_nooit_uitgevoerd(make_page, inbox_url):
    base, url = inbox_url
    xss = "<img src=x onerror=alert(1)><script>alert(2)</script>"
    gesprek = voorbeeldgesprek(utcnow(), xss)
    publieke_id = _handover(url, organisatie=f"Org {xss}", naam=xss, transcript=gesprek)
    page = _page(make_page, base)
    inbox.sign_in(page, base, ANNA.email, ANNA.wachtwoord)
    inbox.open_handover(page, publieke_id)
    assert inbox.chat_bubbles(page)[2]["tekst"] == xss
    assert page.locator(".samenvatting h1").inner_text() == f"Org {xss}"
    assert page.problems.dialogs == []  # type: ignore[attr-defined]


def test_teamleider_geeft_overdracht_aan_een_ander_op_een_tablet(make_page, inbox_url):
    base, url = inbox_url
    publieke_id = _handover(url, organisatie="Garage Van Dijk")
    page = make_page(viewport=(inbox.TABLET["width"], inbox.TABLET["height"]))
    inbox.sign_in(page, base, TEAMLEIDER.email, TEAMLEIDER.wachtwoord)
    # the list turns into cards on a tablet: no sideways scrolling
    inbox.assert_no_horizontal_scroll(page)
    inbox.open_handover(page, publieke_id)
    inbox.reassign(page, "Bert Jansen")
    assert inbox.summary(page)["accountmanager"] == "Bert Jansen"
    assert "Toegewezen" in page.locator("#geschiedenis").inner_text()
    inbox.assert_no_horizontal_scroll(page)


def test_lege_inbox(make_page, inbox_url):
    base, _ = inbox_url
    page = make_page()
    inbox.sign_in(page, base, ANNA.email, ANNA.wachtwoord)
    assert page.locator(".leeg").inner_text() == "Er zijn geen overdrachten."
